// The blended pass's share of the visible list: split out and sorted back to front.

import { REGION_SCRATCH, COL_FLAGS, COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, FLAG_TRANSPARENT } from './layout';
import { frameAlloc } from './walloc';
import { column } from './columns';

/**
 * Moves the transparent slots of the `count` slots at `list` to `out` (in list order) and compacts the
 * opaque ones to the front of `list` (in list order). Returns the number of transparent slots.
 * Called once per frame per scene, after culling.
 */
export function splitTransparent(list: u32, count: u32, out: u32): u32 {
  const flagsCol = column(COL_FLAGS);
  let opaque: u32 = 0;
  let transparent: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const s = load<u32>(list + i * 4);
    if ((load<u32>(flagsCol + s * 4) & FLAG_TRANSPARENT) != 0) {
      store<u32>(out + transparent * 4, s);
      transparent++;
    } else {
      store<u32>(list + opaque * 4, s);
      opaque++;
    }
  }
  return transparent;
}

/**
 * Sorts the `count` slots at `list` by the squared distance of their world sphere centre from the eye,
 * farthest first; ties keep list order (a stable bottom-up merge sort, O(n log n), using scratch).
 * Called once per frame per scene on the transparent slots. Returns false when scratch is too small.
 */
export function sortBackToFront(list: u32, count: u32, eyeX: f32, eyeY: f32, eyeZ: f32): bool {
  if (count < 2) return true;
  // Entries of (distance f32, slot u32), ping-ponged between two scratch arrays.
  let from = frameAlloc(REGION_SCRATCH, count * 8, 16);
  let to = frameAlloc(REGION_SCRATCH, count * 8, 16);
  if (from == 0 || to == 0) return false;
  const xs = column(COL_BOUNDS_X), ys = column(COL_BOUNDS_Y), zs = column(COL_BOUNDS_Z);
  for (let i: u32 = 0; i < count; i++) {
    const s = load<u32>(list + i * 4);
    const dx = load<f32>(xs + s * 4) - eyeX, dy = load<f32>(ys + s * 4) - eyeY, dz = load<f32>(zs + s * 4) - eyeZ;
    store<f32>(from + i * 8, dx * dx + dy * dy + dz * dz);
    store<u32>(from + i * 8, s, 4);
  }
  for (let width: u32 = 1; width < count; width <<= 1) {
    for (let left: u32 = 0; left < count; left += width << 1) {
      const middle = min<u32>(left + width, count);
      const right = min<u32>(left + (width << 1), count);
      let a = left, b = middle, k = left;
      while (a < middle && b < right) {
        // Farther first; on equal distance the left run wins, which keeps the sort stable.
        if (load<f32>(from + b * 8) > load<f32>(from + a * 8)) {
          store<u64>(to + k * 8, load<u64>(from + b * 8));
          b++;
        } else {
          store<u64>(to + k * 8, load<u64>(from + a * 8));
          a++;
        }
        k++;
      }
      while (a < middle) { store<u64>(to + k * 8, load<u64>(from + a * 8)); a++; k++; }
      while (b < right) { store<u64>(to + k * 8, load<u64>(from + b * 8)); b++; k++; }
    }
    const swap = from;
    from = to;
    to = swap;
  }
  for (let i: u32 = 0; i < count; i++) store<u32>(list + i * 4, load<u32>(from + i * 8, 4));
  return true;
}

