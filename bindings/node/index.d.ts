// Types for chaff-scrubber (index.js). Offsets are UTF-8 byte offsets into
// the text that was cleaned; see byteSlice / removedText / stringRanges.

/** The built-in rule sets (the contract's `profile` enum). */
export type Profile = 'extractor' | 'page';

/** The built-in profiles, frozen: `['extractor', 'page']`. */
export const PROFILES: readonly Profile[];

/** Limits for every call of a plugin; each one optional (defaults in brackets). */
export interface Limits {
  /** A call that takes longer is stopped and rejects with TimeoutError [10 000]. */
  deadlineMs?: number;
  /** Maximum of each linear memory of the component, in bytes [1 GiB]. */
  memoryBytes?: number;
  /** Documents larger than this (UTF-8 bytes) are refused before the call [256 MiB]. */
  maxInputBytes?: number;
  /** The worker thread's JavaScript heap (`resourceLimits.maxOldGenerationSizeMb`) [1024]. */
  heapMb?: number;
}

/** One piece of a document that was cut out. */
export interface Removal {
  /** Id of the rule that removed it, as written in the rule file. */
  rule: string;
  /** The rule's category, e.g. `spam`, `read-more`, `related-list`. */
  category: string;
  /** First byte removed (UTF-8 byte offset into the input). */
  start: number;
  /** One past the last byte removed. */
  end: number;
}

/** A cleaned document. */
export interface Outcome {
  /** The input with every removal cut out: nothing added, line order kept. */
  text: string;
  /** The removals, sorted by `start`, never overlapping. */
  removals: Removal[];
}

/** One rule of a scrubber's rule table. */
export interface RuleInfo {
  readonly id: string;
  readonly category: string;
  /** e.g. `phrases`, `line-pattern`, `content-region`. */
  readonly kind: string;
  /** What it removes, for people; may be empty. */
  readonly description: string;
}

/** Per-call options; unknown keys are a TypeError. */
export interface CleanOptions {
  /** The documents' URL or host, for rules scoped to sites (`sites` in a rule file). */
  url?: string | null;
  /** Categories whose rules are skipped in this call, e.g. `['metadata']`. */
  skipCategories?: readonly string[];
  /** Ids of rules skipped in this call. */
  skipRules?: readonly string[];
  /** Read the rules on this built-in profile instead of their own. */
  profile?: Profile | null;
}

/** What the component implements. */
export interface Contract {
  /** e.g. `chaff:scrubber/scrub@0.1.1`. */
  readonly interface: string;
  /** The release it is driven as. */
  readonly version: '0.1.0' | '0.1.1';
}

/** Rules for `plugin.scrubber`: a rule file's text, or a built-in profile. */
export type RulesSource = string | { profile: Profile };

/** A compiled rule set; made by `plugin.scrubber`. */
export interface Scrubber {
  readonly id: number;
  /** The rule file text in force. */
  readonly rules: string;
  /** The built-in profile it was made from, or null for a rule file. */
  readonly profile: Profile | null;
  /** Every rule in force, in file order (empty for 0.1.0 components). */
  ruleTable(): readonly RuleInfo[];
  /** Cleans one document. Refused options reject with OptionsError. */
  clean(text: string, options?: CleanOptions): Promise<Outcome>;
  /** Cleans many documents in one call (one `url` for the batch). */
  cleanBatch(texts: readonly string[], options?: CleanOptions): Promise<Outcome[]>;
}

/** A chaff component running in a sandboxed worker thread. */
export class Plugin {
  private constructor();
  /**
   * Starts a worker with the component. `bindings`: a module from `jco
   * transpile --instantiation sync` (URL or path); the bundled component by
   * default. Rejects with IncompatibleError for a component that does not
   * implement `chaff:scrubber/scrub@0.1.x`.
   */
  static load(bindings?: URL | string | null, limits?: Limits): Promise<Plugin>;
  /** The limits in force, defaults filled in. */
  readonly limits: Readonly<Required<Limits>>;
  /** What the component implements (known once loaded). */
  get contract(): Contract;
  /** The built-in rule file (the extractor profile), as text. */
  builtinRules(): Promise<string>;
  /** A built-in profile's rule file, as text. */
  profileRules(profile: Profile): Promise<string>;
  /**
   * A scrubber for a rule file's text or `{ profile }`; the built-in
   * extractor rules by default. A refused rule file rejects with RuleError.
   */
  scrubber(rules?: RulesSource | null): Promise<Scrubber>;
  /** Terminates the worker(s); pending calls reject. */
  close(): void;
}

/**
 * The outcome that `removals` describe for `text`, checked (in bounds,
 * sorted, not overlapping, on character boundaries); throws
 * InvalidOutcomeError otherwise.
 */
export function verified(text: string, removals: readonly Removal[]): Outcome;

/**
 * The part of `text` between UTF-8 byte offsets `start` and `end` (default:
 * the end). Throws RangeError for offsets past the end or inside a character.
 */
export function byteSlice(text: string, start: number, end?: number): string;

/** What `removal` cut out of `text`, the document that was cleaned. */
export function removedText(text: string, removal: { start: number; end: number }): string;

/**
 * String indices (UTF-16 code units, for `text.slice`) for spans given in
 * UTF-8 byte offsets, all in one pass; same order as `spans`.
 */
export function stringRanges(
  text: string,
  spans: readonly { start: number; end: number }[],
): { start: number; end: number }[];

/** Every error this package throws on purpose. */
export class ChaffError extends Error {}
/** A call passed its deadline; the worker was terminated. */
export class TimeoutError extends ChaffError {}
/** The component needed more memory than `memoryBytes`. */
export class MemoryExceededError extends ChaffError {}
/** The component trapped (or its worker failed). */
export class TrapError extends ChaffError {}
/** The component reported spans that do not add up. */
export class InvalidOutcomeError extends ChaffError {}
/** A document over `maxInputBytes`; nothing was sent. */
export class InputTooLargeError extends ChaffError {}
/** The component does not implement `chaff:scrubber/scrub@0.1.x`. */
export class IncompatibleError extends ChaffError {}

/** A rule file was refused; where, when the component says. */
export class RuleError extends ChaffError {
  readonly rule?: string;
  readonly field?: string;
  /** 1-based, for syntax errors. */
  readonly line?: number;
  readonly column?: number;
  readonly payload: { rule?: string; field?: string; line?: number; column?: number; message: string };
}

/** A call's options were refused; nothing was cleaned. */
export class OptionsError extends ChaffError {
  readonly kind: 'unknown-rule' | 'unknown-category' | 'profile-unavailable' | 'unsupported';
  /** The id or category no rule has, why the profile is unavailable, or the contract version ('0.1.0'). */
  readonly value: string;
}
