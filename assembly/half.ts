// f32 to IEEE 754 half float, four lanes at a time: WebAssembly has no half-float instructions, and the packed
// instance record (pack.ts) keeps its emissive colour as halves.

/**
 * Converts the four f32 lanes of `v` to half floats, rounding to nearest even; each half sits in the low 16 bits
 * of its 32-bit lane, the high 16 bits are zero. Values beyond the half range become infinity, NaN stays a NaN,
 * values below the smallest normal half become subnormal halves or zero. Called by packOne for every packed
 * instance.
 */
@inline export function toHalf4(v: v128): v128 {
  const sign = v128.and(v, i32x4.splat(0x8000_0000));
  const bits = v128.xor(v, sign);
  // Normal halves: move the exponent to half's bias and round the 13 dropped mantissa bits to nearest even
  // (adding 0xfff plus the lowest kept bit carries exactly when the dropped part is above one half, or one half
  // with an odd kept part).
  const odd = v128.and(i32x4.shr_u(bits, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(i32x4.add(bits, i32x4.splat(((15 - 127) << 23) + 0xfff)), odd), 13);
  // Subnormal halves: adding 0.5 makes the float adder shift and round the mantissa into the low bits.
  const half = i32x4.splat(126 << 23);
  const subnormal = i32x4.sub(f32x4.add(bits, half), half);
  const huge = v128.bitselect(i32x4.splat(0x7e00), i32x4.splat(0x7c00), i32x4.gt_s(bits, i32x4.splat(0x7f80_0000)));
  let out = v128.bitselect(subnormal, normal, i32x4.lt_s(bits, i32x4.splat(113 << 23)));
  out = v128.bitselect(huge, out, i32x4.ge_s(bits, i32x4.splat(143 << 23)));
  return v128.or(out, i32x4.shr_u(sign, 16));
}
