// The worker's JavaScript heap (heapMb) with the real component: a batch
// that would not fit is refused before it is sent (V8 can abort the whole
// process when a worker passes its heap limit while receiving a large
// message, nodejs/node#47224), and a worker that runs out of heap while
// answering is reported as MemoryExceededError, the process survives and
// the next call gets a fresh worker. The hostile-component tests (deadline,
// wasm memory cap, lying spans, traps) are in examples/node/sandbox.test.js.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InputTooLargeError, MemoryExceededError, Plugin } from '../index.js';

const plugin = await Plugin.load(undefined, { heapMb: 16, deadlineMs: 60_000 });
after(() => plugin.close());
const scrubber = await plugin.scrubber();

async function assertHealthy() {
  assert.equal((await scrubber.clean('Read More: Another story\nThe article.\n')).text, 'The article.\n');
}

test('a batch over half the worker heap is refused before it is sent', async () => {
  const doc = 'The council met on Tuesday to discuss the bridge.\n'.repeat(60_000); // 3 MB
  assert.ok((await scrubber.cleanBatch([doc])).length === 1);
  await assert.rejects(scrubber.cleanBatch([doc, doc, doc]), (e) => e instanceof InputTooLargeError && /heapMb/.test(e.message));
  // Characters past U+00FF take two bytes each in V8's heap.
  await assert.rejects(scrubber.clean('Совет обсудил мост.\n'.repeat(250_000)), (e) => e instanceof InputTooLargeError && /heapMb/.test(e.message));
  await assertHealthy();
});

test('a worker out of heap is a MemoryExceededError and the next call works', async () => {
  // Under the batch limit, but 115 000 removals are more objects than 16 MiB holds.
  const doc = 'The council met on Tuesday to discuss the bridge over the river.\nView\n'.repeat(115_000);
  await assert.rejects(scrubber.clean(doc), (e) => e instanceof MemoryExceededError && /heapMb/.test(e.message));
  await assertHealthy();
});

test('unknown limits and values that are not positive numbers are refused; undefined keeps the default', async () => {
  await assert.rejects(Plugin.load(undefined, { deadline: 5 }), /unknown limit `deadline`/);
  for (const deadlineMs of [0, -1, '5000', NaN, Infinity, null]) {
    await assert.rejects(Plugin.load(undefined, { deadlineMs }), TypeError, String(deadlineMs));
  }
  const other = await Plugin.load(undefined, { deadlineMs: undefined, heapMb: 64 });
  try {
    assert.equal(other.limits.deadlineMs, 10_000);
    assert.equal(other.limits.heapMb, 64);
    assert.ok(Object.isFrozen(other.limits));
  } finally {
    other.close();
  }
});
