// Sine and cosine of angles in degrees, for the core's spin. The standard library's Math.sin and Math.cos reduce
// radians of any size (a table of 2/π's bits and two long paths: about 1.5 KB of the deflated core, which every
// page loads); an angle in degrees reduces by whole turns with plain arithmetic instead.

const RADIANS_PER_DEGREE: f64 = Math.PI / 180;

/** The cosine from the last `sinCosDegrees` call. */
export let cosDegrees: f64 = 0;

/**
 * Returns the sine of `degrees` and leaves its cosine in `cosDegrees`. Called by the movement kernel three times
 * per spinning object per frame. Off by less than 1e-11 for any finite angle: far below the f32 its callers
 * store.
 */
export function sinCosDegrees(degrees: f64): f64 {
  let d = degrees;
  let quadrant = 0;
  // A frame's turn is almost always within ±45°, which needs no reduction.
  if (!(Math.abs(d) <= 45)) {
    // Each pass takes whole turns off; a huge angle keeps only its rounding error (about 2^-45 of itself), so a
    // few passes bring any finite angle into [0, 360).
    while (!(d >= 0 && d < 360)) {
      if (!isFinite<f64>(d)) {
        cosDegrees = NaN;
        return NaN;
      }
      d -= 360 * Math.floor(d * (1.0 / 360));
    }
    quadrant = <i32>Math.floor(d * (1.0 / 90) + 0.5);
    d -= 90 * <f64>quadrant;
  }
  const r = d * RADIANS_PER_DEGREE;
  const r2 = r * r;
  // Taylor series on |r| <= π/4 (a hair more where rounding puts d just past 45°): the first terms left out,
  // r^13/13! and r^14/14!, are below 1e-11 there.
  const s = r * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880 + r2 * (-1.0 / 39916800))))));
  const c = 1 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (-1.0 / 3628800 + r2 * (1.0 / 479001600))))));
  const q = quadrant & 3;
  if (q == 0) {
    cosDegrees = c;
    return s;
  }
  if (q == 1) {
    cosDegrees = -s;
    return c;
  }
  if (q == 2) {
    cosDegrees = -c;
    return -s;
  }
  cosDegrees = s;
  return -c;
}
