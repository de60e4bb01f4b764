// Local TRS -> world matrices and world bounding spheres, parents before children.

import {
  REGION_SCRATCH, H_HIERARCHY_DIRTY, H_ORDER_COUNT, COL_POSITION, COL_ROTATION, COL_SCALE, COL_WORLD,
  COL_LOCAL_BOUNDS, COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_FLAGS, COL_PARENT, COL_ORDER,
  FLAG_ALIVE, FLAG_DIRTY, FLAG_CHANGED, NO_SLOT,
} from './layout';
import { sys, frameAlloc } from './walloc';
import { column, flagsOf, slotEndNow, isLive } from './columns';

const UNKNOWN: u32 = 0xffff_ffff;

/**
 * Rebuilds the ORDER column: every live slot, sorted by depth in the hierarchy so each parent comes before
 * its children. A parent that is not live counts as no parent. Uses the scratch region for depths.
 * Called by updateTransforms when slots or parents changed. Returns false when scratch is too small.
 */
export function sortHierarchy(): bool {
  const end = slotEndNow();
  const depth = frameAlloc(REGION_SCRATCH, max<u32>(end, 1) * 4, 16);
  const counts = frameAlloc(REGION_SCRATCH, (max<u32>(end, 1) + 1) * 4, 16);
  if (depth == 0 || counts == 0) return false;
  memory.fill(depth, 0xff, end * 4);
  memory.fill(counts, 0, (end + 1) * 4);
  const parents = column(COL_PARENT);
  let deepest: u32 = 0;
  for (let s: u32 = 0; s < end; s++) {
    if (!isLive(s) || load<u32>(depth + s * 4) != UNKNOWN) continue;
    // First walk: up to the nearest ancestor of known depth, or past the root.
    let steps: u32 = 0;
    let at = s;
    let base: u32 = 0;
    while (true) {
      const p = load<u32>(parents + at * 4);
      // The step bound keeps a parent loop written straight into the column from hanging the kernel.
      if (p == NO_SLOT || !isLive(p) || steps >= end) break;
      steps++;
      const known = load<u32>(depth + p * 4);
      if (known != UNKNOWN) { base = known; break; }
      at = p;
    }
    // Second walk: assign depths from `s` upwards, each slot once.
    at = s;
    let d = base + steps;
    for (let k: u32 = 0; k <= steps; k++) {
      if (load<u32>(depth + at * 4) != UNKNOWN) break;
      store<u32>(depth + at * 4, d);
      if (d > deepest) deepest = d;
      at = load<u32>(parents + at * 4);
      d--;
    }
  }
  // Counting sort by depth into the ORDER column.
  let live: u32 = 0;
  for (let s: u32 = 0; s < end; s++) {
    const d = load<u32>(depth + s * 4);
    if (d == UNKNOWN) continue;
    store<u32>(counts + d * 4, load<u32>(counts + d * 4) + 1);
    live++;
  }
  let running: u32 = 0;
  for (let d: u32 = 0; d <= deepest; d++) {
    const n = load<u32>(counts + d * 4);
    store<u32>(counts + d * 4, running);
    running += n;
  }
  const orderCol = column(COL_ORDER);
  for (let s: u32 = 0; s < end; s++) {
    const d = load<u32>(depth + s * 4);
    if (d == UNKNOWN) continue;
    const at = load<u32>(counts + d * 4);
    store<u32>(orderCol + at * 4, s);
    store<u32>(counts + d * 4, at + 1);
  }
  store<u32>(sys + H_ORDER_COUNT, live);
  store<u32>(sys + H_HIERARCHY_DIRTY, 0);
  return true;
}

/** Writes the column-major matrix of translation p, unit quaternion q and scale s (gl-matrix's layout). */
@inline function composeTRS(out: u32, p: u32, q: u32, s: u32): void {
  const x = load<f32>(q), y = load<f32>(q, 4), z = load<f32>(q, 8), w = load<f32>(q, 12);
  const sx = load<f32>(s), sy = load<f32>(s, 4), sz = load<f32>(s, 8);
  const x2 = x + x, y2 = y + y, z2 = z + z;
  const xx = x * x2, xy = x * y2, xz = x * z2;
  const yy = y * y2, yz = y * z2, zz = z * z2;
  const wx = w * x2, wy = w * y2, wz = w * z2;
  store<f32>(out, (1 - (yy + zz)) * sx, 0);
  store<f32>(out, (xy + wz) * sx, 4);
  store<f32>(out, (xz - wy) * sx, 8);
  store<f32>(out, 0, 12);
  store<f32>(out, (xy - wz) * sy, 16);
  store<f32>(out, (1 - (xx + zz)) * sy, 20);
  store<f32>(out, (yz + wx) * sy, 24);
  store<f32>(out, 0, 28);
  store<f32>(out, (xz + wy) * sz, 32);
  store<f32>(out, (yz - wx) * sz, 36);
  store<f32>(out, (1 - (xx + yy)) * sz, 40);
  store<f32>(out, 0, 44);
  store<f32>(out, load<f32>(p), 48);
  store<f32>(out, load<f32>(p, 4), 52);
  store<f32>(out, load<f32>(p, 8), 56);
  store<f32>(out, 1, 60);
}

/** out = a * b for affine column-major matrices (bottom row 0 0 0 1); out may not alias a. */
@inline function multiplyAffine(out: u32, a: u32, b: u32): void {
  const a0 = v128.load(a), a1 = v128.load(a, 16), a2 = v128.load(a, 32), a3 = v128.load(a, 48);
  for (let c: u32 = 0; c < 4; c++) {
    const bc = b + c * 16;
    let col = f32x4.mul(a0, f32x4.splat(load<f32>(bc)));
    col = f32x4.add(col, f32x4.mul(a1, f32x4.splat(load<f32>(bc, 4))));
    col = f32x4.add(col, f32x4.mul(a2, f32x4.splat(load<f32>(bc, 8))));
    col = f32x4.add(col, f32x4.mul(a3, f32x4.splat(load<f32>(bc, 12))));
    v128.store(out + c * 16, col);
  }
}

/** World sphere of slot `s` from its world matrix and object-space sphere. */
@inline function writeWorldBounds(s: u32, m: u32): void {
  const b = column(COL_LOCAL_BOUNDS) + s * 16;
  const cx = load<f32>(b), cy = load<f32>(b, 4), cz = load<f32>(b, 8), r = load<f32>(b, 12);
  const m0 = load<f32>(m), m1 = load<f32>(m, 4), m2 = load<f32>(m, 8);
  const m4 = load<f32>(m, 16), m5 = load<f32>(m, 20), m6 = load<f32>(m, 24);
  const m8 = load<f32>(m, 32), m9 = load<f32>(m, 36), m10 = load<f32>(m, 40);
  store<f32>(column(COL_BOUNDS_X) + s * 4, m0 * cx + m4 * cy + m8 * cz + load<f32>(m, 48));
  store<f32>(column(COL_BOUNDS_Y) + s * 4, m1 * cx + m5 * cy + m9 * cz + load<f32>(m, 52));
  store<f32>(column(COL_BOUNDS_Z) + s * 4, m2 * cx + m6 * cy + m10 * cz + load<f32>(m, 56));
  const sx = m0 * m0 + m1 * m1 + m2 * m2;
  const sy = m4 * m4 + m5 * m5 + m6 * m6;
  const sz = m8 * m8 + m9 * m9 + m10 * m10;
  store<f32>(column(COL_BOUNDS_R) + s * 4, r * Mathf.sqrt(max(sx, max(sy, sz))));
}

/**
 * Recomputes world matrices and world bounding spheres of every slot whose local transform is dirty or whose
 * parent's world changed in this same pass (all of them when `force`). Parents are visited first.
 * Called once per frame per scene, after movement and before culling. Returns the number recomputed, or
 * 0xffffffff when the hierarchy could not be sorted (scratch too small).
 */
export function updateTransforms(force: bool): u32 {
  if (load<u32>(sys + H_HIERARCHY_DIRTY) != 0 && !sortHierarchy()) return 0xffff_ffff;
  const count = load<u32>(sys + H_ORDER_COUNT);
  const orderCol = column(COL_ORDER);
  const flagsCol = column(COL_FLAGS);
  const parents = column(COL_PARENT);
  const positions = column(COL_POSITION);
  const rotations = column(COL_ROTATION);
  const scales = column(COL_SCALE);
  const worlds = column(COL_WORLD);
  // The local matrix of a child is built here, then multiplied by its parent's world.
  const local = frameAlloc(REGION_SCRATCH, 64, 16);
  if (local == 0) return 0xffff_ffff;
  let updated: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const s = load<u32>(orderCol + i * 4);
    const flags = load<u32>(flagsCol + s * 4);
    if ((flags & FLAG_ALIVE) == 0) continue;
    const parent = load<u32>(parents + s * 4);
    const hasParent = parent != NO_SLOT && isLive(parent);
    const parentChanged = hasParent && (flagsOf(parent) & FLAG_CHANGED) != 0;
    if (!force && (flags & FLAG_DIRTY) == 0 && !parentChanged) {
      store<u32>(flagsCol + s * 4, flags & ~FLAG_CHANGED);
      continue;
    }
    const world = worlds + s * 64;
    if (hasParent) {
      composeTRS(local, positions + s * 12, rotations + s * 16, scales + s * 12);
      multiplyAffine(world, worlds + parent * 64, local);
    } else {
      composeTRS(world, positions + s * 12, rotations + s * 16, scales + s * 12);
    }
    writeWorldBounds(s, world);
    store<u32>(flagsCol + s * 4, (flags & ~FLAG_DIRTY) | FLAG_CHANGED);
    updated++;
  }
  return updated;
}
