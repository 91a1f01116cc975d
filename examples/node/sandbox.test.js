// The Node wrapper gives the Rust host's guarantees against a hostile
// component (tests/hostile-guest): a deadline, a memory cap, verified spans,
// and a fresh instance after every failure.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  InputTooLargeError, InvalidOutcomeError, MemoryExceededError, OptionsError, Plugin, RuleError, TimeoutError,
  TrapError, verified,
} from 'chaff-scrubber';

const limits = { deadlineMs: 500, memoryBytes: 64 << 20, maxInputBytes: 1 << 20 };
const plugin = await Plugin.load(new URL('./gen-hostile/hostile.js', import.meta.url), limits);
const old = await Plugin.load(new URL('./gen-hostile-0.1.0/hostile.js', import.meta.url), limits);
after(() => {
  plugin.close();
  old.close();
});
const hostile = await plugin.scrubber('anything');

async function assertHealthy() {
  const outcome = await hostile.clean('keep\nJUNK drop\nkeep too\n');
  assert.equal(outcome.text, 'keep\nkeep too\n');
  assert.deepEqual([outcome.removals[0].start, outcome.removals[0].end], [5, 15]);
}

test('a loop hits the deadline and the next call works', async () => {
  const started = Date.now();
  await assert.rejects(hostile.clean('LOOP forever'), TimeoutError);
  assert.ok(Date.now() - started < 5 * limits.deadlineMs + 2000, `took ${Date.now() - started} ms`);
  await assertHealthy();
});

test('unbounded allocation stops at the memory cap', async () => {
  const before = process.memoryUsage().rss;
  await assert.rejects(hostile.clean('GROW please'), MemoryExceededError);
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < 4 * limits.memoryBytes, `grew ${grown} bytes`);
  await assertHealthy();
});

test('a trap does not poison later calls', async () => {
  for (let i = 0; i < 3; i++) {
    await assert.rejects(hostile.clean('TRAP now'), TrapError);
    await assertHealthy();
  }
});

test('lying spans are refused and made-up text never returned', async () => {
  await assert.rejects(hostile.clean('BADSPAN here'), (e) => e instanceof InvalidOutcomeError && /past the input/.test(e.message));
  await assert.rejects(hostile.clean('OVERLAP here'), (e) => e instanceof InvalidOutcomeError && /overlaps/.test(e.message));
  assert.equal((await hostile.clean('ADDTEXT here')).text, 'ADDTEXT here');
  await assertHealthy();
});

test('spans inside a character are refused', () => {
  assert.throws(() => verified('é\n', [{ rule: 'r', category: 'c', start: 1, end: 3 }]), /splits a UTF-8 character/);
  assert.equal(verified('é\nx', [{ rule: 'r', category: 'c', start: 0, end: 3 }]).text, 'x');
});

test('oversized input is refused before the call', async () => {
  await assert.rejects(hostile.clean('x'.repeat((1 << 20) + 1)), InputTooLargeError);
});

test('a batch with a bad document fails and the next batch works', async () => {
  await assert.rejects(hostile.cleanBatch(['keep\n', 'TRAP']), TrapError);
  const outcomes = await hostile.cleanBatch(['keep\nJUNK x\n', 'also\n']);
  assert.deepEqual(outcomes.map((o) => o.text), ['keep\n', 'also\n']);
});

test('a span naming a rule the table lacks is refused and the next call works', async () => {
  assert.equal(hostile.ruleTable()[0].id, 'hostile.junk');
  for (let i = 0; i < 2; i++) {
    await assert.rejects(hostile.clean('BADRULE\n'),
      (e) => e instanceof InvalidOutcomeError && /rule 99 of a table of 2/.test(e.message));
    await assertHealthy();
  }
  await assert.rejects(hostile.cleanBatch(['keep\n', 'BADRULE\n']), InvalidOutcomeError);
  await assertHealthy();
});

test('calls already sent to a worker that lied still get their answers', async () => {
  const [bad, good] = await Promise.allSettled([hostile.clean('BADRULE\n'), hostile.clean('keep\nJUNK x\n')]);
  assert.ok(bad.status === 'rejected' && bad.reason instanceof InvalidOutcomeError, String(bad.reason));
  assert.equal(good.status, 'fulfilled', String(good.reason));
  assert.equal(good.value.text, 'keep\n');
  await assertHealthy();
});

test('compile errors arrive as rule errors', async () => {
  await assert.rejects(plugin.scrubber('refuse'), (e) => {
    assert.ok(e instanceof RuleError);
    assert.deepEqual([e.rule, e.field, e.payload.message], ['hostile.refuse', 'pattern', 'refused on request']);
    return true;
  });
});

test('a 0.1.0 component is driven through the 0.1.0 functions', async () => {
  assert.deepEqual(old.contract, { interface: 'chaff:scrubber/scrub@0.1.0', version: '0.1.0' });
  const scrubber = await old.scrubber('anything');
  assert.deepEqual(scrubber.ruleTable(), []);
  assert.deepEqual(await scrubber.clean('keep\nJUNK drop\n'),
    { text: 'keep\n', removals: [{ rule: 'hostile.junk', category: 'test', start: 5, end: 15 }] });
  assert.deepEqual((await scrubber.cleanBatch(['keep\nJUNK x\n', 'also\n'])).map((o) => o.text), ['keep\n', 'also\n']);
  // Built-in profiles fall back to a rule file that extends them.
  const page = await old.scrubber({ profile: 'page' });
  assert.match(page.rules, /extends = "builtin:page"/);
  assert.equal((await page.clean('keep\nJUNK x\n')).text, 'keep\n');
  await assert.rejects(old.scrubber('refuse'), (e) => e instanceof RuleError && /refused on request/.test(e.message));
  // Its limits hold as well.
  await assert.rejects(scrubber.clean('TRAP now'), TrapError);
  await assert.rejects(scrubber.clean('BADSPAN here'), (e) => e instanceof InvalidOutcomeError && /past the input/.test(e.message));
  assert.equal((await scrubber.clean('keep\nJUNK drop\n')).text, 'keep\n');
});

test('a 0.1.0 component refuses per-call options by name', async () => {
  const scrubber = await old.scrubber('anything');
  for (const options of [{ url: 'example.com' }, { skipCategories: ['test'] }, { skipRules: ['hostile.junk'] },
    { profile: 'extractor' }]) {
    for (const call of [scrubber.clean('keep\nJUNK drop\n', options), scrubber.cleanBatch(['keep\n'], options)]) {
      await assert.rejects(call, (e) => {
        assert.ok(e instanceof OptionsError, String(e));
        assert.deepEqual([e.kind, e.value], ['unsupported', '0.1.0']);
        assert.match(e.message, /0\.1\.1/);
        return true;
      });
    }
  }
  assert.equal((await scrubber.clean('keep\nJUNK drop\n', {})).text, 'keep\n');
});
