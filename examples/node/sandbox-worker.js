// The component's side of sandbox.js: runs in a worker thread, so the main
// thread can stop it at a deadline (worker.terminate() interrupts even a
// wasm loop) and throw it away after any failure.
//
// The core modules are compiled with a maximum on their linear memory, so
// V8 refuses growth past the cap: a component that allocates without bound
// fails inside its own memory instead of taking the process's.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { capMemory } from './wasm-memory.js';

const { bindings, maxPages } = workerData;
const { instantiate } = await import(bindings);

const memories = [];
const getCoreModule = (name) =>
  new WebAssembly.Module(capMemory(readFileSync(new URL(name, bindings)), maxPages));
const instantiateCore = (module, imports) => {
  const instance = new WebAssembly.Instance(module, imports);
  for (const value of Object.values(instance.exports)) {
    if (value instanceof WebAssembly.Memory) memories.push(value);
  }
  return instance;
};
// The component imports nothing.
const { scrub } = instantiate(getCoreModule, {}, instantiateCore);
const scrubbers = new Map();

class RuleRefused extends Error {
  constructor(payload) {
    super(payload.message);
    this.payload = payload;
  }
}

/** The scrubber `sid`, compiled from `rules` the first time it is used. */
function scrubber(sid, rules) {
  if (!scrubbers.has(sid)) {
    try {
      scrubbers.set(sid, scrub.Scrubber.fromRules(rules));
    } catch (e) {
      // A WIT `result` error arrives as a thrown error whose payload is the
      // `rule-error` record.
      if (e.payload) throw new RuleRefused({ ...e.payload });
      throw e;
    }
  }
  return scrubbers.get(sid);
}

/** Whether a memory reached its cap: the usual cause of a trap after it. */
function atMemoryCap() {
  const pageBytes = 65536;
  // A failed growth leaves the memory within one request of the cap; the
  // allocator asks in steps far below 16 MiB.
  return memories.some((m) => m.buffer.byteLength + (16 << 20) > maxPages * pageBytes);
}

parentPort.on('message', ({ id, op, args }) => {
  try {
    let value;
    switch (op) {
      case 'builtinRules':
        value = scrub.builtinRules();
        break;
      case 'scrubber':
        scrubber(args.sid, args.rules);
        value = true;
        break;
      case 'scan':
        value = scrubber(args.sid, args.rules).scan(args.text);
        break;
      case 'scanBatch':
        value = scrubber(args.sid, args.rules).scanBatch(args.texts);
        break;
      default:
        throw new Error(`unknown operation ${op}`);
    }
    parentPort.postMessage({ id, value });
  } catch (e) {
    if (e instanceof RuleRefused) {
      parentPort.postMessage({ id, ruleError: e.payload });
      return;
    }
    parentPort.postMessage({
      id,
      failure: { memory: atMemoryCap(), message: String(e?.message ?? e) },
    });
  }
});
parentPort.postMessage({ ready: true });
