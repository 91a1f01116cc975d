// Give every linear memory a core wasm module defines a maximum size, by
// rewriting its memory section. V8 then refuses `memory.grow` past it, as
// wasmtime's memory cap does for the Rust host.

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** The module `bytes` with each defined 32-bit memory capped at `maxPages`. */
export function capMemory(bytes, maxPages) {
  const input = new Uint8Array(bytes);
  const parts = [input.subarray(0, 8)]; // magic and version
  let at = 8;
  while (at < input.length) {
    const id = input[at];
    const [size, start] = readLeb(input, at + 1);
    const end = start + size;
    if (id !== 5) {
      parts.push(input.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = readLeb(input, start);
    const body = leb(count);
    for (let i = 0; i < count; i++) {
      const flags = input[p++];
      if (flags & ~0x01) {
        // Shared or 64-bit memories: not what chaff components use.
        throw new Error(`memory ${i} has limits flags ${flags}; cannot cap it`);
      }
      let min;
      [min, p] = readLeb(input, p);
      let max = maxPages;
      if (flags & 0x01) {
        let declared;
        [declared, p] = readLeb(input, p);
        max = Math.min(declared, maxPages);
      }
      body.push(0x01, ...leb(min), ...leb(Math.max(min, max)));
    }
    parts.push(Uint8Array.from([5, ...leb(body.length), ...body]));
    at = end;
  }
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
