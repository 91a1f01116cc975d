// The chaff component in Node with the Rust host's guarantees.
//
//   import { Plugin } from './sandbox.js';
//   const plugin = await Plugin.load();                 // gen/chaff.js, default limits
//   const scrubber = await plugin.scrubber();           // built-in rules (or a rule file's text)
//   const { text, removals } = await scrubber.clean(document);
//   plugin.close();
//
// What it enforces, whatever the component does:
//
// * a deadline on every call: the component runs in a worker thread, which
//   is terminated when the call is late (this interrupts wasm loops too);
// * a memory cap: each core module's linear memory gets a maximum
//   (wasm-memory.js), so V8 refuses growth past it; the worker's own
//   JavaScript heap is bounded with `resourceLimits`;
// * documents over `maxInputBytes` are refused before the call;
// * the component only reports spans (`scan`); they are checked (in bounds,
//   sorted, not overlapping, on UTF-8 character boundaries) and the text is
//   cut here, so the output is always the input minus the reported spans;
// * after any failure the worker and its instance are thrown away, and the
//   next call gets a fresh one, so one bad document cannot poison the next.
//
// Calls are asynchronous (they cross to the worker). Offsets are byte
// offsets into the UTF-8 encoding of the input, as in every runtime.
import { Worker } from 'node:worker_threads';

const DEFAULTS = {
  deadlineMs: 10_000,
  memoryBytes: 1 << 30,
  maxInputBytes: 256 << 20,
  /** The worker's JavaScript heap (documents and spans as they cross). */
  heapMb: 1024,
};

export class ChaffError extends Error {
  constructor(message) {
    super(message);
    this.name = this.constructor.name;
  }
}
export class TimeoutError extends ChaffError {}
export class MemoryExceededError extends ChaffError {}
export class TrapError extends ChaffError {}
export class InvalidOutcomeError extends ChaffError {}
export class InputTooLargeError extends ChaffError {}
export class RuleError extends ChaffError {
  constructor(payload) {
    const { rule, field, line, column, message } = payload;
    const where = [line && `line ${line}`, column && `column ${column}`, rule && `rule \`${rule}\``,
      field && `field \`${field}\``].filter(Boolean).join(', ');
    super(where ? `${where}: ${message}` : message);
    Object.assign(this, { rule, field, line, column, payload });
  }
}

/**
 * The outcome the spans `raw` describe for `text`, checked as the Rust
 * host checks them; throws InvalidOutcomeError otherwise.
 */
export function verified(text, raw) {
  const bytes = Buffer.from(text, 'utf8');
  const boundary = (offset) => offset === bytes.length || (bytes[offset] & 0xc0) !== 0x80;
  const kept = [];
  const removals = [];
  let previousEnd = 0;
  raw.forEach((r, i) => {
    const { start, end } = r;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start >= end) {
      throw new InvalidOutcomeError(`removal ${i} (${start}..${end}) is empty or reversed`);
    }
    if (end > bytes.length) {
      throw new InvalidOutcomeError(`removal ${i} (${start}..${end}) ends past the input (${bytes.length} bytes)`);
    }
    if (start < previousEnd) {
      throw new InvalidOutcomeError(
        `removal ${i} (${start}..${end}) overlaps or precedes the one before (ending at ${previousEnd})`);
    }
    if (!boundary(start) || !boundary(end)) {
      throw new InvalidOutcomeError(`removal ${i} (${start}..${end}) splits a UTF-8 character`);
    }
    kept.push(bytes.subarray(previousEnd, start));
    previousEnd = end;
    removals.push({ rule: String(r.rule), category: String(r.category), start, end });
  });
  kept.push(bytes.subarray(previousEnd));
  return { text: Buffer.concat(kept).toString('utf8'), removals };
}

export class Plugin {
  /**
   * `bindings`: the module `jco transpile --instantiation sync` made from a
   * chaff component; `limits`: any of deadlineMs, memoryBytes,
   * maxInputBytes, heapMb.
   */
  static async load(bindings = new URL('./gen/chaff.js', import.meta.url), limits = {}) {
    const plugin = new Plugin(String(bindings), { ...DEFAULTS, ...limits });
    await plugin.#start();
    return plugin;
  }

  #bindings;
  #worker = null;
  #ready = null;
  #calls = new Map();
  #nextId = 1;
  #nextScrubber = 1;

  constructor(bindings, limits) {
    this.#bindings = bindings;
    this.limits = limits;
  }

  #start() {
    if (this.#ready) return this.#ready;
    const maxPages = Math.max(1, Math.floor(this.limits.memoryBytes / 65536));
    const worker = new Worker(new URL('./sandbox-worker.js', import.meta.url), {
      workerData: { bindings: this.#bindings, maxPages },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
    });
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      worker.once('message', (m) => (m.ready ? resolve() : reject(new TrapError('the worker did not start'))));
      worker.once('error', reject);
    });
    worker.on('message', (m) => this.#answer(m));
    worker.on('error', (e) => this.#fail(worker, new TrapError(`the worker failed: ${e.message}`)));
    worker.on('exit', () => this.#fail(worker, new TrapError('the worker exited')));
    return this.#ready;
  }

  /** Throws the worker away; pending calls fail with `error`. */
  #fail(worker, error) {
    if (worker !== this.#worker) return;
    this.#worker = null;
    this.#ready = null;
    worker.terminate();
    for (const call of this.#calls.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.#calls.clear();
  }

  #answer(message) {
    const call = this.#calls.get(message.id);
    if (!call) return;
    this.#calls.delete(message.id);
    clearTimeout(call.timer);
    if (message.ruleError) {
      call.reject(new RuleError(message.ruleError));
    } else if (message.failure) {
      // A trapped instance is never used again.
      const { memory, message: text } = message.failure;
      const error = memory
        ? new MemoryExceededError(`the component needed more than the ${this.limits.memoryBytes}-byte memory cap: ${text}`)
        : new TrapError(`the component trapped: ${text}`);
      this.#fail(this.#worker, error);
      call.reject(error);
    } else {
      call.resolve(message.value);
    }
  }

  /** One operation in the worker, under the deadline. */
  async call(op, args) {
    await this.#start();
    const worker = this.#worker;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(worker, new TimeoutError(`cleaning took longer than the ${this.limits.deadlineMs} ms deadline`));
      }, this.limits.deadlineMs);
      this.#calls.set(id, { resolve, reject, timer });
      worker.postMessage({ id, op, args });
    });
  }

  builtinRules() {
    return this.call('builtinRules', {});
  }

  /** A scrubber for `rules` (a rule file's text); built-in rules by default. */
  async scrubber(rules) {
    const text = rules ?? (await this.builtinRules());
    const scrubber = new Scrubber(this, this.#nextScrubber++, text);
    await scrubber.handle(); // rule errors surface here, not on the first document
    return scrubber;
  }

  checkSize(text) {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > this.limits.maxInputBytes) {
      throw new InputTooLargeError(`${size} bytes is over the input limit of ${this.limits.maxInputBytes} bytes`);
    }
  }

  close() {
    const worker = this.#worker;
    if (worker) {
      worker.removeAllListeners('exit');
      this.#fail(worker, new ChaffError('the plugin was closed'));
    }
  }
}

class Scrubber {
  #plugin;

  constructor(plugin, id, rules) {
    this.#plugin = plugin;
    this.id = id;
    this.rules = rules;
  }

  /** Compiles the rule set in the worker (which keeps it until it is replaced). */
  async handle() {
    await this.#plugin.call('scrubber', { sid: this.id, rules: this.rules });
  }

  // Each call carries the rules, so a fresh worker (after a failure)
  // compiles them again before cleaning.
  async clean(text) {
    this.#plugin.checkSize(text);
    const raw = await this.#plugin.call('scan', { sid: this.id, rules: this.rules, text });
    return verified(text, raw);
  }

  async cleanBatch(texts) {
    texts.forEach((t) => this.#plugin.checkSize(t));
    const raws = await this.#plugin.call('scanBatch', { sid: this.id, rules: this.rules, texts });
    if (raws.length !== texts.length) {
      throw new InvalidOutcomeError(`${raws.length} results for a batch of ${texts.length} documents`);
    }
    return texts.map((text, i) => verified(text, raws[i]));
  }
}
