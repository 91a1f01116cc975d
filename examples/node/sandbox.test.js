// The Node wrapper gives the Rust host's guarantees against a hostile
// component (tests/hostile-guest): a deadline, a memory cap, verified spans,
// and a fresh instance after every failure.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  InputTooLargeError, InvalidOutcomeError, MemoryExceededError, Plugin, TimeoutError, TrapError, verified,
} from './sandbox.js';

const limits = { deadlineMs: 500, memoryBytes: 64 << 20, maxInputBytes: 1 << 20 };
const plugin = await Plugin.load(new URL('./gen-hostile/hostile.js', import.meta.url), limits);
after(() => plugin.close());
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
