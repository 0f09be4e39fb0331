// The project-wide deterministic input (`--random-input SEED`); must match
// compiler/io/random_input.h byte for byte.

// Project-wide deterministic byte stream: x0 = seed;
// x = (1103515245 x + 12345) mod 2^31; byte = (x >> 16) & 0xFF.
export function* randomBytes(seed) {
  let x = seed >>> 0;
  for (;;) {
    // Only the low 31 bits matter, so 32-bit wrapping arithmetic is exact.
    x = (Math.imul(1103515245, x) + 12345) & 0x7fffffff;
    yield (x >>> 16) & 0xff;
  }
}

// One buffer per input, consecutive bytes of one stream: int8/uint8 take the
// bytes in element order; float32 one byte per element as (int8)byte / 128;
// every other type takes its little-endian bytes straight from the stream.
export function randomInputs(specs, seed) {
  const gen = randomBytes(seed);
  const next = () => gen.next().value;
  return specs.map(({ dtype, bytes }) => {
    const buf = new Uint8Array(bytes);
    if (dtype === 'float32') {
      const f = new Float32Array(buf.buffer);
      for (let i = 0; i < f.length; i++) f[i] = ((next() << 24) >> 24) / 128.0;
    } else {
      for (let i = 0; i < buf.length; i++) buf[i] = next();
    }
    return buf;
  });
}
