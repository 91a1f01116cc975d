// Clean a document with the chaff component, loaded in Node through jco and
// run in a sandboxed worker (deadline, memory cap, checked spans).
//
//   npm start                  # cleans ../article.txt
//   node clean.js FILE [RULES] # after `npm run build`
import { readFileSync } from 'node:fs';
import { Plugin, RuleError } from 'chaff-scrubber';

const [file = '../article.txt', rulesFile] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const plugin = await Plugin.load();
try {
  let scrubber;
  try {
    scrubber = await plugin.scrubber(rulesFile ? readFileSync(rulesFile, 'utf8') : undefined);
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    console.error(`invalid rules: ${e.message}`);
    process.exitCode = 2;
  }
  if (scrubber) {
    const outcome = await scrubber.clean(text);
    process.stdout.write(outcome.text);
    for (const r of outcome.removals) console.error(JSON.stringify(r));
  }
} finally {
  plugin.close();
}
