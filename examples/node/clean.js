// Clean a document with the chaff component, loaded in Node through jco.
//
//   npm start                  # cleans ../article.txt
//   node clean.js FILE [RULES] # after `npm run build`
import { readFileSync } from 'node:fs';
import { scrub } from './gen/chaff.js';

const [file = '../article.txt', rulesFile] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const rules = rulesFile ? readFileSync(rulesFile, 'utf8') : scrub.builtinRules();

let scrubber;
try {
  scrubber = scrub.Scrubber.fromRules(rules);
} catch (e) {
  // A WIT `result` error arrives as a thrown error whose payload is the
  // `rule-error` record.
  const { rule, field, line, column, message } = e.payload ?? {};
  console.error(`invalid rules: ${[line && `line ${line}`, column && `column ${column}`, rule && `rule \`${rule}\``, field && `field \`${field}\``].filter(Boolean).join(', ')}: ${message ?? e}`);
  process.exit(2);
}
const outcome = scrubber.clean(text);
process.stdout.write(outcome.text);
for (const r of outcome.removals) {
  console.error(JSON.stringify({ rule: r.rule, category: r.category, start: r.start, end: r.end }));
}
