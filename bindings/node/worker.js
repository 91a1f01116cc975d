// The component's side of index.js: runs in a worker thread, so the main
// thread can stop it at a deadline (worker.terminate() interrupts even a
// wasm loop) and throw it away after any failure.
//
// The core modules are compiled with a maximum on their linear memory, so
// V8 refuses growth past the cap: a component that allocates without bound
// fails inside its own memory instead of taking the process's.
//
// Which contract release the component implements is read from what it
// exports: a 0.1.1 (or newer 0.1.x) component is driven through `compile`,
// `fromBuiltin`, `rules` and `scanDocuments`; a 0.1.0 one through
// `fromRules` and `scanBatch`.
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
const root = instantiate(getCoreModule, {}, instantiateCore);

/**
 * The newest `chaff:scrubber/scrub@0.1.x` the component exports, and the
 * release to drive it as ('0.1.1' or '0.1.0'); `problem` when it has none.
 */
function contract() {
  const found = Object.keys(root)
    .map((name) => [name, /^chaff:scrubber\/scrub@0\.1\.(0|[1-9][0-9]*)$/.exec(name)])
    .filter(([, match]) => match)
    .map(([name, match]) => ({ name, patch: Number(match[1]) }))
    .sort((a, b) => b.patch - a.patch);
  if (!found.length) {
    return { problem: `it does not export chaff:scrubber/scrub@0.1.x (it exports: ${Object.keys(root).join(', ') || 'nothing'})` };
  }
  const { name } = found[0];
  const api = root[name];
  const has = (object, names) => names.every((n) => typeof object?.[n] === 'function');
  const proto = api.Scrubber?.prototype;
  if (!has(api, ['builtinRules', 'cleanBuiltin']) || !has(api.Scrubber, ['fromRules']) || !has(proto, ['scanBatch'])) {
    return { problem: `${name} lacks the 0.1.0 functions` };
  }
  const current = has(api, ['profileRules']) && has(api.Scrubber, ['compile', 'fromBuiltin'])
    && has(proto, ['rules', 'scanDocuments']);
  return { interface: name, version: current ? '0.1.1' : '0.1.0', api };
}

const found = contract();
const scrub = found.api;
const current = found.version === '0.1.1';
const scrubbers = new Map();

/** A refusal the component returned (a WIT `result` error), not a failure. */
class Refused extends Error {
  constructor(kind, payload) {
    super(kind);
    this.kind = kind;
    this.payload = payload;
  }
}

/** jco throws a WIT `result` error as an error carrying it as `payload`. */
function payloadOf(e) {
  return e !== null && typeof e === 'object' && 'payload' in e ? e.payload : undefined;
}

/** The 0.1.1 `rules-error` variant (or the 0.1.0 `rule-error` record) as one record. */
function ruleError(p) {
  switch (p?.tag) {
    case 'syntax': {
      const [position, message] = p.val;
      return { line: position.line, column: position.column, message };
    }
    case 'rule':
      return { rule: p.val.rule, field: p.val.field, message: p.val.message };
    case 'file':
      return { field: p.val.field, message: p.val.message };
    default: {
      const { rule, field, line, column, message } = p;
      return { rule, field, line, column, message };
    }
  }
}

/** A rule file that is exactly a built-in profile, for 0.1.0 components. */
function profileFile(profile) {
  return `version = 1\nextends = "${profile === 'page' ? 'builtin:page' : 'builtin'}"\n`;
}

/** The scrubber `sid`, made from `source` ({profile} or {text}) the first time it is used. */
function scrubber(sid, source) {
  if (!scrubbers.has(sid)) {
    let made;
    try {
      if (current) {
        made = source.profile ? scrub.Scrubber.fromBuiltin(source.profile) : scrub.Scrubber.compile(source.text);
      } else {
        made = scrub.Scrubber.fromRules(source.profile ? profileFile(source.profile) : source.text);
      }
    } catch (e) {
      const payload = payloadOf(e);
      if (payload !== undefined) throw new Refused('ruleError', ruleError(payload));
      throw e;
    }
    scrubbers.set(sid, made);
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
      case 'profileRules':
        value = current ? scrub.profileRules(args.profile)
          : args.profile === 'page' ? profileFile('page') : scrub.builtinRules();
        break;
      case 'scrubber': {
        // Made once per scrubber; its rule table comes back with it.
        const made = scrubber(args.sid, args.source);
        value = current ? made.rules() : [];
        break;
      }
      case 'scan': {
        const made = scrubber(args.sid, args.source);
        if (!current) {
          value = made.scanBatch(args.texts);
          break;
        }
        try {
          value = made.scanDocuments(args.texts, args.options);
        } catch (e) {
          const payload = payloadOf(e);
          if (payload !== undefined) throw new Refused('optionsError', { kind: payload.tag, value: payload.val });
          throw e;
        }
        break;
      }
      default:
        throw new Error(`unknown operation ${op}`);
    }
    parentPort.postMessage({ id, value });
  } catch (e) {
    if (e instanceof Refused) {
      parentPort.postMessage({ id, [e.kind]: e.payload });
      return;
    }
    parentPort.postMessage({
      id,
      failure: { memory: atMemoryCap(), message: String(e?.message ?? e) },
    });
  }
});
parentPort.postMessage(found.problem
  ? { ready: false, incompatible: found.problem }
  : { ready: true, contract: { interface: found.interface, version: found.version } });
