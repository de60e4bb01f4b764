// CSS easing functions (CSS Easing 1), used by the tweens.

import { JUMP_START, JUMP_NONE, JUMP_BOTH } from './layout';

/** CSS steps(): the step-easing algorithm of CSS Easing 1, including its before flag. */
export function steps(x: f64, count: f64, position: u32, before: bool): f64 {
  let step = Math.floor(x * count);
  if (position == JUMP_START || position == JUMP_BOTH) step += 1;
  if (before && Math.floor(x * count) == x * count) step -= 1;
  if (x >= 0 && step < 0) step = 0;
  const jumps = position == JUMP_NONE ? count - 1 : position == JUMP_BOTH ? count + 1 : count;
  if (x <= 1 && step > jumps) step = jumps;
  return step / jumps;
}

/**
 * CSS cubic-bezier(x1, y1, x2, y2) at `x`: solves the curve's x(t) = x (Newton's method, then bisection where
 * it stalls) and returns y(t). Outside [0, 1] the curve continues along its end tangents, as CSS says.
 */
export function cubicBezier(x: f64, x1: f64, y1: f64, x2: f64, y2: f64): f64 {
  if (x <= 0) {
    const slope = x1 > 0 ? y1 / x1 : y1 == 0 && x2 > 0 ? y2 / x2 : 0;
    return slope * x;
  }
  if (x >= 1) {
    const slope = x2 < 1 ? (y2 - 1) / (x2 - 1) : y2 == 1 && x1 < 1 ? (y1 - 1) / (x1 - 1) : 0;
    return 1 + slope * (x - 1);
  }
  const cx = 3 * x1, bx = 3 * (x2 - x1) - cx, ax = 1 - cx - bx;
  const cy = 3 * y1, by = 3 * (y2 - y1) - cy, ay = 1 - cy - by;
  let t = x;
  for (let i = 0; i < 8; i++) {
    const error = ((ax * t + bx) * t + cx) * t - x;
    if (Math.abs(error) < 1e-9) return ((ay * t + by) * t + cy) * t;
    const slope = (3 * ax * t + 2 * bx) * t + cx;
    if (Math.abs(slope) < 1e-6) break;
    t -= error / slope;
  }
  let low: f64 = 0, high: f64 = 1;
  t = x;
  for (let i = 0; i < 64; i++) {
    const value = ((ax * t + bx) * t + cx) * t;
    if (Math.abs(value - x) < 1e-9) break;
    if (value < x) low = t;
    else high = t;
    t = (low + high) / 2;
  }
  return ((ay * t + by) * t + cy) * t;
}
