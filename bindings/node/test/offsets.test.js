// The offsets helpers: UTF-8 byte offsets (what chaff reports) to JS string slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteSlice, removedText, stringRanges } from '../index.js';

const text = 'a é 中 😀 b\nLire aussi : après\n';
const bytes = Buffer.from(text, 'utf8');
/** Every offset on a character boundary, with the string index it maps to. */
function boundaries(s) {
  const out = [[0, 0]];
  let byte = 0;
  for (let i = 0; i < s.length;) {
    const c = s.codePointAt(i);
    byte += Buffer.byteLength(String.fromCodePoint(c), 'utf8');
    i += c > 0xffff ? 2 : 1;
    out.push([byte, i]);
  }
  return out;
}

test('byteSlice agrees with slicing the UTF-8 bytes, for every pair of boundaries', () => {
  const all = boundaries(text);
  assert.equal(all.at(-1)[0], bytes.length);
  for (const [start] of all) {
    for (const [end] of all.filter(([b]) => b >= start)) {
      assert.equal(byteSlice(text, start, end), bytes.subarray(start, end).toString('utf8'), `${start}..${end}`);
    }
  }
  assert.equal(byteSlice(text, 4), bytes.subarray(4).toString('utf8'));
});

test('stringRanges converts many spans in one pass, in any order', () => {
  const spans = [{ start: 14, end: 16 }, { start: 0, end: 1 }, { start: 2, end: 4 }, { start: 5, end: 8 }, { start: 9, end: 13 }];
  const ranges = stringRanges(text, spans);
  assert.deepEqual(ranges.map((r) => text.slice(r.start, r.end)), ['b\n', 'a', 'é', '中', '😀']);
  assert.deepEqual(stringRanges(text, []), []);
});

test('removedText takes a removal as chaff reports it', () => {
  const start = bytes.indexOf('Lire');
  const removal = { rule: 'read-more.prefix', category: 'read-more', start, end: bytes.length };
  assert.equal(removedText(text, removal), 'Lire aussi : après\n');
  assert.notEqual(text.slice(removal.start, removal.end), removedText(text, removal)); // why the helper exists
});

test('offsets inside a character, past the end, or reversed are refused', () => {
  assert.throws(() => byteSlice(text, 3, 4), /inside a character/); // the middle of é
  assert.throws(() => byteSlice(text, 0, 10), /inside a character/); // the middle of 😀
  assert.throws(() => byteSlice(text, 0, bytes.length + 1), /past the end/);
  assert.throws(() => byteSlice(text, 4, 2), /ends before it starts/);
  assert.throws(() => byteSlice(text, -1, 2), RangeError);
  assert.throws(() => byteSlice(text, 0.5, 2), RangeError);
});

test('a lone surrogate counts as the three bytes of U+FFFD, as when it is sent to the component', () => {
  const odd = 'x\ud800y';
  assert.equal(Buffer.byteLength(odd, 'utf8'), 5);
  assert.equal(byteSlice(odd, 4, 5), 'y');
  assert.equal(byteSlice(odd, 1, 4), '\ud800');
});
