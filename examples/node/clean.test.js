// The component in Node gives byte-identical text and identical removals to
// the Rust host (the `chaff` CLI) on the project's fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrub } from './gen/chaff.js';

const root = new URL('../../', import.meta.url).pathname;
const chaffBin = join(root, 'target/release/chaff');
const fixtures = join(root, 'tests/fixtures');
const inputs = readdirSync(fixtures).filter((f) => f.endsWith('.txt') && !f.endsWith('.clean.txt'));

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

/** jco offsets are byte offsets into the UTF-8 input, as in every runtime. */
function plain(outcome) {
  return {
    text: outcome.text,
    removals: outcome.removals.map(({ rule, category, start, end }) => ({ rule, category, start, end })),
  };
}

test('fixtures exist', () => assert.ok(inputs.length >= 3, inputs.join(',')));

for (const name of inputs) {
  test(`${name}: same text and removals as the Rust host`, () => {
    const file = join(fixtures, name);
    const scrubber = scrub.Scrubber.fromRules(scrub.builtinRules());
    const ours = plain(scrubber.clean(readFileSync(file, 'utf8')));
    assert.deepEqual(ours, rustHost(file));
  });
}

test('clean-batch matches single calls', () => {
  const scrubber = scrub.Scrubber.fromRules(scrub.builtinRules());
  const docs = inputs.map((n) => readFileSync(join(fixtures, n), 'utf8'));
  assert.deepEqual(scrubber.cleanBatch(docs).map(plain), docs.map((d) => plain(scrubber.clean(d))));
  assert.deepEqual(plain(scrub.cleanBuiltin(docs[0])), plain(scrubber.clean(docs[0])));
});

test('a broken rule file throws a rule-error naming the rule and field', () => {
  const rules = 'version = 1\n[[rule]]\nid = "mine.bad"\ncategory = "spam"\nkind = "line-pattern"\npattern = "(unclosed"\n';
  assert.throws(() => scrub.Scrubber.fromRules(rules), (e) => {
    assert.equal(e.payload.rule, 'mine.bad');
    assert.equal(e.payload.field, 'pattern');
    assert.match(e.payload.message, /unclosed|parse/i);
    return true;
  });
});
