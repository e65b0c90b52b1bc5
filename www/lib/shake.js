// SHAKE256 (FIPS 202), small and unhurried: WebCrypto has no SHAKE, and the console computes
// ML-DSA's μ (FIPS 204) in the page for MessageType EXTERNAL_MU. Keccak-f[1600] on 32-bit lane
// halves; the state is read and written as bytes through a little-endian view (every browser
// the console runs in is little-endian). Depends on nothing.

/** Keccak's round constants, as [low, high] 32-bit halves. */
const RC = [
  [0x00000001, 0x00000000],
  [0x00008082, 0x00000000],
  [0x0000808a, 0x80000000],
  [0x80008000, 0x80000000],
  [0x0000808b, 0x00000000],
  [0x80000001, 0x00000000],
  [0x80008081, 0x80000000],
  [0x00008009, 0x80000000],
  [0x0000008a, 0x00000000],
  [0x00000088, 0x00000000],
  [0x80008009, 0x00000000],
  [0x8000000a, 0x00000000],
  [0x8000808b, 0x00000000],
  [0x0000008b, 0x80000000],
  [0x00008089, 0x80000000],
  [0x00008003, 0x80000000],
  [0x00008002, 0x80000000],
  [0x00000080, 0x80000000],
  [0x0000800a, 0x00000000],
  [0x8000000a, 0x80000000],
  [0x80008081, 0x80000000],
  [0x00008080, 0x80000000],
  [0x80000001, 0x00000000],
  [0x80008008, 0x80000000],
];
/** ρ's rotation of lane x + 5y. */
const ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

/** Lane `i` of `s` rotated left by `n`, written to lane `j` of `out`. */
function rotate(s, i, n, out, j) {
  const lo = s[2 * i];
  const hi = s[2 * i + 1];
  const m = n % 32;
  const [a, b] = n >= 32 ? [hi, lo] : [lo, hi];
  out[2 * j] = m ? (a << m) | (b >>> (32 - m)) : a;
  out[2 * j + 1] = m ? (b << m) | (a >>> (32 - m)) : b;
}

function keccakF(s) {
  const c = new Uint32Array(10);
  const d = new Uint32Array(2);
  const b = new Uint32Array(50);
  for (const [rcLo, rcHi] of RC) {
    for (let x = 0; x < 5; x++) {
      c[2 * x] = s[2 * x] ^ s[2 * x + 10] ^ s[2 * x + 20] ^ s[2 * x + 30] ^ s[2 * x + 40];
      c[2 * x + 1] = s[2 * x + 1] ^ s[2 * x + 11] ^ s[2 * x + 21] ^ s[2 * x + 31] ^ s[2 * x + 41];
    }
    for (let x = 0; x < 5; x++) {
      rotate(c, (x + 1) % 5, 1, d, 0);
      const prev = (x + 4) % 5;
      for (let y = 0; y < 25; y += 5) {
        s[2 * (x + y)] ^= c[2 * prev] ^ d[0];
        s[2 * (x + y) + 1] ^= c[2 * prev + 1] ^ d[1];
      }
    }
    for (let x = 0; x < 5; x++)
      for (let y = 0; y < 5; y++) rotate(s, x + 5 * y, ROT[x + 5 * y], b, y + 5 * ((2 * x + 3 * y) % 5));
    for (let y = 0; y < 25; y += 5)
      for (let x = 0; x < 5; x++) {
        const i = x + y;
        const i1 = ((x + 1) % 5) + y;
        const i2 = ((x + 2) % 5) + y;
        s[2 * i] = b[2 * i] ^ (~b[2 * i1] & b[2 * i2]);
        s[2 * i + 1] = b[2 * i + 1] ^ (~b[2 * i1 + 1] & b[2 * i2 + 1]);
      }
    s[0] ^= rcLo;
    s[1] ^= rcHi;
  }
}

const RATE = 136; // SHAKE256: 1600 − 2 × 256 bits of capacity, in bytes

/** SHAKE256 of the concatenated `parts` (Uint8Arrays), `outLength` bytes long. */
export function shake256(parts, outLength) {
  const s = new Uint32Array(50);
  const bytes = new Uint8Array(s.buffer);
  let at = 0;
  for (const part of parts)
    for (const byte of part) {
      bytes[at++] ^= byte;
      if (at === RATE) {
        keccakF(s);
        at = 0;
      }
    }
  bytes[at] ^= 0x1f; // SHAKE's domain bits and the first padding bit
  bytes[RATE - 1] ^= 0x80;
  keccakF(s);
  const out = new Uint8Array(outLength);
  for (let i = 0; i < outLength; i++) {
    if (i && i % RATE === 0) keccakF(s);
    out[i] = bytes[i % RATE];
  }
  return out;
}
