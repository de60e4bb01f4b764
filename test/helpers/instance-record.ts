// The packed instance record (INSTANCE_BYTES; assembly/layout.ts describes it) written the plain way, for tests
// that build frames by hand and as the reference the WebAssembly packing is checked against.

import { INSTANCE_BYTES } from '../../src/gpu/frame-input.js';

/** Rounds to the nearest integer, ties to even. */
function roundEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return rest > 0.5 ? floor + 1 : floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The IEEE 754 half float nearest to `value` (as an f32), ties to even, as its 16 bits. */
export function halfBits(value: number): number {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 0x7e00;
  const sign = f < 0 || Object.is(f, -0) ? 0x8000 : 0;
  const a = Math.abs(f);
  // 65520 is halfway between the largest half (65504) and the next power of two: it and all above round up.
  if (a >= 65520) return sign | 0x7c00;
  // Below the smallest normal half, halves count in steps of 2^-24 (rounding up to it is the right bits too).
  if (a < 2 ** -14) return sign | roundEven(a / 2 ** -24);
  let exponent = Math.floor(Math.log2(a));
  if (2 ** exponent > a) exponent--;
  if (2 ** (exponent + 1) <= a) exponent++;
  // A mantissa that rounds up to 1024 carries into the exponent, as the bits should.
  return sign | (((exponent + 15) << 10) + roundEven((a / 2 ** exponent - 1) * 1024));
}

/** `value` in [0, 1] as a 16-bit unorm, rounded half up in f32 arithmetic; outside the range (and NaN) clamped. */
export function unorm16(value: number): number {
  const scaled = Math.fround(Math.fround(Math.fround(value) * 65535) + 0.5);
  return Number.isNaN(scaled) ? 0 : Math.min(Math.max(Math.trunc(scaled), 0), 65535);
}

/**
 * Writes one instance record at byte `at` of `view`: `world` a column-major 4×4 matrix (its bottom row is not
 * sent), `color` linear rgba, `material` metalness, roughness, receive-shadow, cast-shadow, `emissive` linear rgb
 * and the palette base.
 */
export function writeInstanceRecord(view: DataView, at: number, world: ArrayLike<number>, color: ArrayLike<number>,
  material: ArrayLike<number>, emissive: ArrayLike<number>): void {
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 4; col++) view.setFloat32(at + (row * 4 + col) * 4, world[col * 4 + row]!, true);
  }
  for (let i = 0; i < 4; i++) view.setFloat32(at + 48 + i * 4, color[i]!, true);
  view.setUint32(at + 64, (halfBits(emissive[0]!) | (halfBits(emissive[1]!) << 16)) >>> 0, true);
  const shadows = (material[2] !== 0 ? 1 : 0) | (material[3] !== 0 ? 2 : 0);
  view.setUint32(at + 68, (halfBits(emissive[2]!) | (shadows << 16)) >>> 0, true);
  view.setUint32(at + 72, (unorm16(material[0]!) | (unorm16(material[1]!) << 16)) >>> 0, true);
  view.setFloat32(at + 76, emissive[3]!, true);
}

/** The bytes of one record, as `writeInstanceRecord` writes them. */
export function instanceRecord(world: ArrayLike<number>, color: ArrayLike<number>, material: ArrayLike<number>,
  emissive: ArrayLike<number>): number[] {
  const bytes = new Uint8Array(INSTANCE_BYTES);
  writeInstanceRecord(new DataView(bytes.buffer), 0, world, color, material, emissive);
  return Array.from(bytes);
}
