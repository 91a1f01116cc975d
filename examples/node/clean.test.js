// The component in Node gives byte-identical text and identical removals to
// the Rust host (the `chaff` CLI) on the project's fixtures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Plugin, RuleError } from './sandbox.js';

const root = new URL('../../', import.meta.url).pathname;
const chaffBin = join(root, 'target/release/chaff');
const fixtures = join(root, 'tests/fixtures');
const inputs = readdirSync(fixtures).filter((f) => f.endsWith('.txt') && !f.endsWith('.clean.txt'));
const plugin = await Plugin.load();
after(() => plugin.close());

/** What the Rust host says: cleaned text and the removals from --report. */
function rustHost(file) {
  const report = join(mkdtempSync(join(tmpdir(), 'chaff-node-')), 'report.jsonl');
  const text = execFileSync(chaffBin, ['clean', `--report=${report}`, file], { encoding: 'utf8' });
  const removals = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => {
    const { rule, category, start, end } = JSON.parse(l);
    return { rule, category, start, end };
  });
  return { text, removals };
}

test('fixtures exist', () => assert.ok(inputs.length >= 3, inputs.join(',')));

for (const name of inputs) {
  test(`${name}: same text and removals as the Rust host`, async () => {
    const file = join(fixtures, name);
    const scrubber = await plugin.scrubber();
    assert.deepEqual(await scrubber.clean(readFileSync(file, 'utf8')), rustHost(file));
  });
}

test('clean-batch matches single calls', async () => {
  const scrubber = await plugin.scrubber();
  const docs = inputs.map((n) => readFileSync(join(fixtures, n), 'utf8'));
  const singles = [];
  for (const d of docs) singles.push(await scrubber.clean(d));
  assert.deepEqual(await scrubber.cleanBatch(docs), singles);
});

test('a broken rule file throws a rule-error naming the rule and field', async () => {
  const rules = 'version = 1\n[[rule]]\nid = "mine.bad"\ncategory = "spam"\nkind = "line-pattern"\npattern = "(unclosed"\n';
  await assert.rejects(plugin.scrubber(rules), (e) => {
    assert.ok(e instanceof RuleError);
    assert.equal(e.rule, 'mine.bad');
    assert.equal(e.field, 'pattern');
    assert.match(e.payload.message, /unclosed|parse/i);
    return true;
  });
});
