// chaff-scrubber: the chaff WebAssembly component in Node, with the Rust
// host's guarantees.
//
//   import { Plugin, removedText } from 'chaff-scrubber';
//   const plugin = await Plugin.load();                 // the bundled component, default limits
//   const scrubber = await plugin.scrubber();           // built-in rules (or a rule file's text, or { profile: 'page' })
//   const { text, removals } = await scrubber.clean(document);   // or clean(document, { url, skipCategories, skipRules, profile })
//   removals.map((r) => removedText(document, r));      // offsets are UTF-8 bytes; this slices the JS string
//   scrubber.ruleTable();                               // [{ id, category, kind, description }]
//   plugin.close();
//
// It speaks `chaff:scrubber/scrub@0.1.x`: a 0.1.1 (or newer 0.1.x)
// component makes scrubbers with `compile` / `fromBuiltin`, gives the rule
// table once per scrubber, and cleans through `scanDocuments` (spans name
// their rule by index in that table; per-call options). A component that
// implements only 0.1.0 is driven through `fromRules` / `scanBatch`, and
// per-call options are refused (OptionsError, kind 'unsupported'). Which
// one is read from what the component exports (`plugin.contract`).
//
// What it enforces, whatever the component does:
//
// * a deadline on every call: the component runs in a worker thread, which
//   is terminated when the call is late (this interrupts wasm loops too);
// * a memory cap: each core module's linear memory gets a maximum
//   (wasm-memory.js), so V8 refuses growth past it; the worker's own
//   JavaScript heap is bounded with `resourceLimits`;
// * documents over `maxInputBytes` are refused before the call;
// * the component only reports spans; they are checked (rule index inside
//   the rule table, in bounds, sorted, not overlapping, on UTF-8 character
//   boundaries) and the text is cut here, so the output is always the input
//   minus the reported spans;
// * after any failure (a trap, a deadline, an outcome that does not add up)
//   the worker and its instance are thrown away, and the next call gets a
//   fresh one, so one bad document cannot poison the next.
//
// Calls are asynchronous (they cross to the worker). Offsets are byte
// offsets into the UTF-8 encoding of the input, as in every runtime
// (offsets.js turns them into string slices).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export { byteSlice, removedText, stringRanges } from './offsets.js';

/** The jco bindings of the component this package bundles (made by `npm run build`). */
const BUNDLED = new URL('./gen/chaff.js', import.meta.url);

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
/** The component does not implement `chaff:scrubber/scrub@0.1.x`. */
export class IncompatibleError extends ChaffError {}
export class RuleError extends ChaffError {
  constructor(payload) {
    const { rule, field, line, column, message } = payload;
    const where = [line && `line ${line}`, column && `column ${column}`, rule && `rule \`${rule}\``,
      field && `field \`${field}\``].filter(Boolean).join(', ');
    super(where ? `${where}: ${message}` : message);
    Object.assign(this, { rule, field, line, column, payload });
  }
}

const OPTIONS_MESSAGES = {
  'unknown-rule': (v) => `no rule has the id \`${v}\``,
  'unknown-category': (v) => `no rule has the category \`${v}\``,
  'profile-unavailable': (v) => `the rules cannot be read on that profile: ${v}`,
  unsupported: (v) => `the component implements chaff:scrubber/scrub@${v}, which has no per-call options (they need 0.1.1)`,
};

/**
 * A call's options were refused; nothing was cleaned. `kind` is
 * 'unknown-rule' or 'unknown-category' (`value`: the id or category no rule
 * has), 'profile-unavailable' (`value`: why the rules cannot be read on that
 * profile) or 'unsupported' (`value`: the contract version of a component
 * without per-call options, '0.1.0').
 */
export class OptionsError extends ChaffError {
  constructor(kind, value) {
    super((OPTIONS_MESSAGES[kind] ?? ((v) => `${kind}: ${v}`))(value));
    Object.assign(this, { kind, value });
  }
}

/** The built-in rule sets (the contract's `profile` enum). */
export const PROFILES = Object.freeze(['extractor', 'page']);

function checkProfile(profile) {
  if (!PROFILES.includes(profile)) {
    throw new TypeError(`unknown profile ${JSON.stringify(profile)} (known: ${PROFILES.join(', ')})`);
  }
  return profile;
}

const OPTION_NAMES = ['url', 'skipCategories', 'skipRules', 'profile'];

/**
 * A call's options, checked and in the contract's shape; throws TypeError
 * for anything else (an unknown key is refused, not ignored).
 */
function callOptions(options) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError('options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new TypeError(`unknown option \`${key}\` (known: ${OPTION_NAMES.join(', ')})`);
    }
  }
  const { url, skipCategories = [], skipRules = [], profile } = options;
  if (url !== undefined && url !== null && typeof url !== 'string') throw new TypeError('url must be a string');
  const names = (key, list) => {
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
      throw new TypeError(`${key} must be an array of strings`);
    }
    return [...list];
  };
  return {
    url: url ?? undefined,
    skipCategories: names('skipCategories', skipCategories),
    skipRules: names('skipRules', skipRules),
    profile: profile === undefined || profile === null ? undefined : checkProfile(profile),
  };
}

// Plugin's methods that its scrubbers call; not part of the API.
const CALL = Symbol('call');
const CHECK_SIZE = Symbol('checkSize');

function isDefault(o) {
  return o.url === undefined && !o.skipCategories.length && !o.skipRules.length && o.profile === undefined;
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

/**
 * 0.1.1 spans ({ rule: index, start, end }) named from the rule table;
 * throws InvalidOutcomeError for a span naming a rule the table lacks.
 */
function resolved(spans, table) {
  return spans.map((span, i) => {
    const rule = table[span.rule];
    if (!Number.isInteger(span.rule) || span.rule < 0 || !rule) {
      throw new InvalidOutcomeError(`span ${i} names rule ${span.rule} of a table of ${table.length}`);
    }
    return { rule: rule.id, category: rule.category, start: span.start, end: span.end };
  });
}

export class Plugin {
  /**
   * `bindings`: the module `jco transpile --instantiation sync` made from a
   * chaff component (a file: URL or path; the component bundled with this
   * package by default); `limits`: any of deadlineMs, memoryBytes,
   * maxInputBytes, heapMb. Rejects with IncompatibleError for a component
   * that does not implement `chaff:scrubber/scrub@0.1.x`.
   */
  static async load(bindings = BUNDLED, limits = {}) {
    bindings = bindingsUrl(bindings ?? BUNDLED);
    if (bindings.protocol === 'file:' && !existsSync(fileURLToPath(bindings))) {
      throw new ChaffError(bindings.href === BUNDLED.href
        ? `${fileURLToPath(bindings)} is missing: this checkout of chaff-scrubber is not built `
          + '(run `npm install && npm run build` in bindings/node, after building target/guest/chaff.wasm)'
        : `no bindings at ${fileURLToPath(bindings)}`);
    }
    const plugin = new Plugin(bindings.href, checkedLimits(limits));
    try {
      await plugin.#live();
    } catch (e) {
      plugin.close();
      throw e;
    }
    return plugin;
  }

  #bindings;
  /** The worker new calls go to: { worker, ready, calls, dead, retired }. */
  #current = null;
  /** Every worker not yet terminated (the current one and retired ones still answering). */
  #workers = new Set();
  #nextId = 1;
  #nextScrubber = 1;
  #contract = null;

  constructor(bindings, limits) {
    this.#bindings = bindings;
    this.limits = limits;
  }

  /**
   * What the component implements: `{ interface, version }`, e.g.
   * `{ interface: 'chaff:scrubber/scrub@0.1.1', version: '0.1.1' }`;
   * version '0.1.0' for components without the 0.1.1 functions.
   */
  get contract() {
    return this.#contract;
  }

  #start() {
    if (this.#current) return this.#current;
    const maxPages = Math.max(1, Math.floor(this.limits.memoryBytes / 65536));
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { bindings: this.#bindings, maxPages },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
    });
    const state = { worker, calls: new Map(), dead: false, retired: false, ready: null };
    this.#current = state;
    this.#workers.add(state);
    state.ready = new Promise((resolve, reject) => {
      worker.once('message', (m) => {
        if (m.ready) {
          this.#contract ??= Object.freeze(m.contract);
          resolve();
        } else {
          const error = m.incompatible
            ? new IncompatibleError(`${this.#bindings}: ${m.incompatible}`)
            : new TrapError('the worker did not start');
          this.#fail(state, error);
          reject(error);
        }
      });
      worker.once('error', reject);
      worker.once('exit', () => reject(new TrapError('the worker exited before it was ready')));
    });
    state.ready.catch(() => {}); // the caller awaiting it sees the rejection
    worker.on('message', (m) => this.#answer(state, m));
    worker.on('error', (e) => this.#fail(state, e?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new MemoryExceededError(`the worker's JavaScript heap reached its ${this.limits.heapMb} MiB limit (heapMb): ${e.message}`)
      : new TrapError(`the worker failed: ${e.message}`)));
    worker.on('exit', () => this.#fail(state, new TrapError('the worker exited')));
    return state;
  }

  /** A started worker that takes calls. */
  async #live() {
    for (let attempt = 0; ; attempt++) {
      const state = this.#start();
      await state.ready;
      if (!state.dead && !state.retired) return state;
      if (attempt >= 2) throw new TrapError('the worker keeps failing as it starts');
    }
  }

  /** Throws the worker away at once; its pending calls fail with `error`. */
  #fail(state, error) {
    if (state.dead) return;
    state.dead = true;
    if (this.#current === state) this.#current = null;
    this.#workers.delete(state);
    state.worker.terminate();
    for (const call of state.calls.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    state.calls.clear();
  }

  /**
   * Sends no more calls to this worker (its instance answered with
   * something that does not add up); it is terminated once the calls
   * already sent to it are answered.
   */
  #retire(state) {
    state.retired = true;
    if (this.#current === state) this.#current = null;
    if (state.calls.size === 0) this.#fail(state, new ChaffError('the worker was retired'));
  }

  #answer(state, message) {
    const call = state.calls.get(message.id);
    if (!call) return;
    state.calls.delete(message.id);
    clearTimeout(call.timer);
    if (message.ruleError) {
      call.reject(new RuleError(message.ruleError));
    } else if (message.optionsError) {
      call.reject(new OptionsError(message.optionsError.kind, message.optionsError.value));
    } else if (message.failure) {
      // A trapped instance is never used again.
      const { memory, message: text } = message.failure;
      const error = memory
        ? new MemoryExceededError(`the component needed more than the ${this.limits.memoryBytes}-byte memory cap: ${text}`)
        : new TrapError(`the component trapped: ${text}`);
      this.#fail(state, error);
      call.reject(error);
    } else {
      let value;
      try {
        value = call.check ? call.check(message.value) : message.value;
      } catch (e) {
        // An instance that lied is not trusted with the next document.
        this.#retire(state);
        call.reject(e);
        return;
      }
      call.resolve(value);
    }
    if (state.retired && state.calls.size === 0) this.#fail(state, new ChaffError('the worker was retired'));
  }

  /**
   * One operation in the worker, under the deadline. `check` (optional)
   * turns the answer into the result; if it throws, the worker is retired.
   */
  async [CALL](op, args, check) {
    const state = await this.#live();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(state, new TimeoutError(`cleaning took longer than the ${this.limits.deadlineMs} ms deadline`));
      }, this.limits.deadlineMs);
      state.calls.set(id, { resolve, reject, timer, check });
      state.worker.postMessage({ id, op, args });
    });
  }

  /** The built-in rule file (the extractor profile), as text. */
  builtinRules() {
    return this[CALL]('builtinRules', {});
  }

  /** A built-in profile's rule file ('extractor' or 'page'), as text. */
  async profileRules(profile) {
    return this[CALL]('profileRules', { profile: checkProfile(profile) });
  }

  /**
   * A scrubber for `rules`: a rule file's text, or `{ profile }` for a
   * built-in profile ('extractor' or 'page', compiled inside the component
   * without rule text crossing); the built-in extractor rules by default.
   * A refused rule file rejects here with RuleError.
   */
  async scrubber(rules) {
    let source;
    if (rules === undefined || rules === null) {
      source = { profile: 'extractor' };
    } else if (typeof rules === 'string') {
      source = { text: rules };
    } else if (typeof rules === 'object' && Object.keys(rules).every((k) => k === 'profile')) {
      source = { profile: checkProfile(rules.profile) };
    } else {
      throw new TypeError("rules must be a rule file's text or { profile }");
    }
    const sid = this.#nextScrubber++;
    // Rule errors surface here, not on the first document. The rule table
    // comes back with the scrubber, once.
    const table = await this[CALL]('scrubber', { sid, source }, ruleTable);
    const text = source.text ?? (await this.profileRules(source.profile));
    return new Scrubber(this, sid, source, text, table);
  }

  /**
   * Refuses documents over `maxInputBytes`, and batches that would take
   * more than half the worker's heap (`heapMb`): the documents are copied
   * into that heap, and V8 may abort the whole process, not only the
   * worker, when an allocation there passes its limit (nodejs/node#47224).
   */
  [CHECK_SIZE](texts) {
    let heapBytes = 0;
    for (const text of texts) {
      if (typeof text !== 'string') throw new TypeError('documents must be strings');
      const size = Buffer.byteLength(text, 'utf8');
      if (size > this.limits.maxInputBytes) {
        throw new InputTooLargeError(`${size} bytes is over the input limit of ${this.limits.maxInputBytes} bytes`);
      }
      // V8 keeps a string in one byte per character if it can, else two.
      heapBytes += /[^\x00-\xff]/.test(text) ? 2 * text.length : text.length;
    }
    const budget = (this.limits.heapMb * 2 ** 20) / 2;
    if (heapBytes > budget) {
      throw new InputTooLargeError(`the batch takes ${heapBytes} bytes in the worker's heap, over half its `
        + `${this.limits.heapMb} MiB (heapMb): send smaller batches or raise heapMb`);
    }
  }

  close() {
    for (const state of [...this.#workers]) {
      state.worker.removeAllListeners('exit');
      this.#fail(state, new ChaffError('the plugin was closed'));
    }
  }
}

/** `limits` over the defaults, frozen; TypeError for unknown names or values that are not positive numbers. */
function checkedLimits(limits) {
  const merged = { ...DEFAULTS };
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (!(key in DEFAULTS)) throw new TypeError(`unknown limit \`${key}\` (known: ${Object.keys(DEFAULTS).join(', ')})`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`limit \`${key}\` must be a positive number, not ${String(value)}`);
    }
    merged[key] = value;
  }
  return Object.freeze(merged);
}

/** A bindings module's URL from a URL or a path. */
function bindingsUrl(bindings) {
  if (bindings instanceof URL) return bindings;
  if (typeof bindings !== 'string') throw new TypeError('bindings must be a URL or a path');
  return /^[a-z][a-z0-9+.-]+:/i.test(bindings) ? new URL(bindings) : pathToFileURL(bindings);
}

/** The rule table as the component sent it, checked and frozen. */
function ruleTable(rows) {
  if (!Array.isArray(rows)) throw new InvalidOutcomeError('the rule table is not a list');
  return Object.freeze(rows.map(({ id, category, kind, description }) =>
    Object.freeze({ id: String(id), category: String(category), kind: String(kind), description: String(description) })));
}

class Scrubber {
  #plugin;
  #source;
  #table;

  constructor(plugin, id, source, text, table) {
    this.#plugin = plugin;
    this.#source = source;
    this.#table = table;
    this.id = id;
    /** The rule file text in force. */
    this.rules = text;
    /** The built-in profile it was made from, or null for a rule file. */
    this.profile = source.profile ?? null;
  }

  /**
   * Every rule in force, in file order: `{ id, category, kind,
   * description }`, as the component reported them (fetched once, frozen).
   * Empty for components that implement only 0.1.0.
   */
  ruleTable() {
    return this.#table;
  }

  /**
   * Cleans one document. `options`: `url` (the document's URL or host, for
   * rules scoped to sites), `skipCategories`, `skipRules` (not applied in
   * this call), `profile` ('extractor' | 'page': read the rules on that
   * built-in profile). Refused options reject with OptionsError.
   */
  async clean(text, options) {
    const [outcome] = await this.cleanBatch([text], options);
    return outcome;
  }

  /** Cleans many documents in one call, with the options of `clean` (one `url` per call). */
  async cleanBatch(texts, options) {
    const plugin = this.#plugin;
    const guestOptions = callOptions(options);
    if (!Array.isArray(texts)) throw new TypeError('texts must be an array of strings');
    plugin[CHECK_SIZE](texts);
    // The worker was started when the scrubber was made, so the contract is known.
    const { version } = plugin.contract;
    if (version === '0.1.0' && !isDefault(guestOptions)) throw new OptionsError('unsupported', version);
    const table = this.#table;
    // Each call carries the rule source, so a fresh worker (after a
    // failure) makes the scrubber again before cleaning.
    const args = { sid: this.id, source: this.#source, texts, options: guestOptions };
    return plugin[CALL]('scan', args, (raws) => {
      if (!Array.isArray(raws) || raws.length !== texts.length) {
        throw new InvalidOutcomeError(`${raws?.length} results for a batch of ${texts.length} documents`);
      }
      return texts.map((text, i) => verified(text, version === '0.1.0' ? raws[i] : resolved(raws[i], table)));
    });
  }
}
