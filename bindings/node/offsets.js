// chaff reports removals as UTF-8 byte offsets (half-open: `start`
// inclusive, `end` exclusive), the same in every runtime. JavaScript strings
// are indexed in UTF-16 code units, so `text.slice(r.start, r.end)` is wrong
// as soon as the text has a character outside ASCII. These helpers convert.

/** UTF-8 length of the code point at `text[i]` and how many code units it takes. */
function step(text, i) {
  const c = text.codePointAt(i);
  if (c < 0x80) return [1, 1];
  if (c < 0x800) return [2, 1];
  // A lone surrogate is encoded as U+FFFD (3 bytes), as Buffer and
  // TextEncoder do when the text crosses to the component.
  if (c < 0x10000) return [3, 1];
  return [4, 2];
}

/**
 * The string indices (UTF-16 code units, for `text.slice`) of each
 * `{ start, end }` given in UTF-8 byte offsets, in one pass over `text`;
 * the spans may come in any order. Throws RangeError for an offset past the
 * end, inside a character, or a span that ends before it starts.
 */
export function stringRanges(text, spans) {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const offsets = [];
  for (const { start, end } of spans) {
    for (const offset of [start, end]) {
      if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`byte offset ${offset} is not a non-negative integer`);
    }
    if (end < start) throw new RangeError(`span ${start}..${end} ends before it starts`);
    offsets.push(start, end);
  }
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const index = new Map();
  let byte = 0;
  let i = 0;
  for (const offset of wanted) {
    while (byte < offset && i < text.length) {
      const [bytes, units] = step(text, i);
      byte += bytes;
      i += units;
    }
    if (byte < offset) throw new RangeError(`byte offset ${offset} is past the end of the text (${byte} bytes)`);
    if (byte > offset) throw new RangeError(`byte offset ${offset} is inside a character`);
    index.set(offset, i);
  }
  return spans.map(({ start, end }) => ({ start: index.get(start), end: index.get(end) }));
}

/**
 * The part of `text` from UTF-8 byte offset `start` to `end` (default: the
 * end of the text), as a string. Throws RangeError for offsets past the end
 * or inside a character.
 */
export function byteSlice(text, start, end) {
  if (end === undefined) end = Buffer.byteLength(text, 'utf8');
  const [range] = stringRanges(text, [{ start, end }]);
  return text.slice(range.start, range.end);
}

/**
 * What `removal` (an element of `outcome.removals`) cut out of `text`, the
 * document that was cleaned. For many removals of one long document,
 * `stringRanges(text, removals)` converts them all in one pass.
 */
export function removedText(text, removal) {
  return byteSlice(text, removal.start, removal.end);
}
