// Local TRS -> world matrices, world bounding spheres and instance records, parents before children.

import {
  REGION_SCRATCH, H_HIERARCHY_DIRTY, H_ORDER_COUNT, COL_POSITION, COL_ROTATION, COL_SCALE, COL_WORLD,
  COL_LOCAL_BOUNDS, COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_FLAGS, COL_PARENT, COL_ORDER,
  COL_DIRTY_BITS, COL_CHANGED_LIST, H_ROOT_COUNT, H_CHANGED_COUNT, FLAG_ALIVE, FLAG_DIRTY, FLAG_CHANGED, NO_SLOT,
  COL_COLOR, COL_MATERIAL, COL_EMISSIVE, COL_INSTANCE, INSTANCE_BYTES, FLAG_LOOK,
} from './layout';
import { sys, frameAlloc } from './walloc';
import { column, slotEndNow, isLive } from './columns';
import { packRows, packLook } from './pack';

const UNKNOWN: u32 = 0xffff_ffff;

/**
 * Rebuilds the ORDER column: every live slot, sorted by depth in the hierarchy so each parent comes before
 * its children. A parent that is not live counts as no parent. Uses the scratch region for depths.
 * Called by transformBegin when slots or parents changed. Returns false when scratch is too small.
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
  store<u32>(sys + H_ROOT_COUNT, live > 0 ? load<u32>(counts) : 0);
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

/** Column `b` of a product a * b, with a's columns a0..a3: a0 b.x + a1 b.y + a2 b.z + a3 b.w in that order. */
@inline function productColumn(a0: v128, a1: v128, a2: v128, a3: v128, b: v128): v128 {
  let column = f32x4.mul(a0, v128.shuffle<f32>(b, b, 0, 0, 0, 0));
  column = f32x4.add(column, f32x4.mul(a1, v128.shuffle<f32>(b, b, 1, 1, 1, 1)));
  column = f32x4.add(column, f32x4.mul(a2, v128.shuffle<f32>(b, b, 2, 2, 2, 2)));
  return f32x4.add(column, f32x4.mul(a3, v128.shuffle<f32>(b, b, 3, 3, 3, 3)));
}

/** Squared length of the first three lanes, summed x, y, z in that order. */
@inline function squaredLength3(v: v128): f32 {
  const squares = f32x4.mul(v, v);
  return f32x4.extract_lane(squares, 0) + f32x4.extract_lane(squares, 1) + f32x4.extract_lane(squares, 2);
}

/**
 * max(a, max(b, c)) for squared lengths, without the branches an engine emits for f32.max (which must order
 * -0 below +0 and let NaN through): a squared length is +0, positive, +inf or NaN, never -0 or negative, and
 * on those bit patterns read as u32 keep float order with any NaN above the rest, so an integer max (a
 * conditional move) picks the same number.
 */
@inline function largestSquare(a: f32, b: f32, c: f32): f32 {
  return reinterpret<f32>(max<u32>(reinterpret<u32>(a), max<u32>(reinterpret<u32>(b), reinterpret<u32>(c))));
}

/**
 * Writes slot `s`'s world matrix, column-major, its world sphere and its instance record (COL_INSTANCE, which
 * the GPU's copy is uploaded from): the matrix rows always, the rest when `look` is set. The local matrix is
 * gl-matrix's fromRotationTranslationScale of the slot's position, unit quaternion and scale; the world matrix
 * is that, times the parent's world matrix at `parentWorld` on the left when it is not 0. The four columns stay
 * in registers from the quaternion to the sphere and the record, so no packing pass reads the matrix again.
 */
@inline function writeWorld(s: u32, parentWorld: u32, look: bool): void {
  const q = rotations + s * 16, sc = scales + s * 12, p = positions + s * 12;
  const x = load<f32>(q), y = load<f32>(q, 4), z = load<f32>(q, 8), w = load<f32>(q, 12);
  const sx = load<f32>(sc), sy = load<f32>(sc, 4), sz = load<f32>(sc, 8);
  const x2 = x + x, y2 = y + y, z2 = z + z;
  const xx = x * x2, xy = x * y2, xz = x * z2;
  const yy = y * y2, yz = y * z2, zz = z * z2;
  const wx = w * x2, wy = w * y2, wz = w * z2;
  const one: f32 = 1;
  let c0 = f32x4((one - (yy + zz)) * sx, (xy + wz) * sx, (xz - wy) * sx, 0);
  let c1 = f32x4((xy - wz) * sy, (one - (xx + zz)) * sy, (yz + wx) * sy, 0);
  let c2 = f32x4((xz + wy) * sz, (yz - wx) * sz, (one - (xx + yy)) * sz, 0);
  let c3 = f32x4(load<f32>(p), load<f32>(p, 4), load<f32>(p, 8), 1);
  if (parentWorld != 0) {
    const a0 = v128.load(parentWorld), a1 = v128.load(parentWorld, 16);
    const a2 = v128.load(parentWorld, 32), a3 = v128.load(parentWorld, 48);
    c0 = productColumn(a0, a1, a2, a3, c0);
    c1 = productColumn(a0, a1, a2, a3, c1);
    c2 = productColumn(a0, a1, a2, a3, c2);
    c3 = productColumn(a0, a1, a2, a3, c3);
  }
  const world = worlds + s * 64;
  v128.store(world, c0);
  v128.store(world, c1, 16);
  v128.store(world, c2, 32);
  v128.store(world, c3, 48);
  // Sphere: centre through the matrix (m0 cx + m4 cy + m8 cz + m12 per lane), radius by the largest axis scale.
  const b = localBounds + s * 16;
  let centre = f32x4.add(f32x4.mul(c0, v128.load32_splat(b)), f32x4.mul(c1, v128.load32_splat(b, 4)));
  centre = f32x4.add(f32x4.add(centre, f32x4.mul(c2, v128.load32_splat(b, 8))), c3);
  store<f32>(xs + s * 4, f32x4.extract_lane(centre, 0));
  store<f32>(ys + s * 4, f32x4.extract_lane(centre, 1));
  store<f32>(zs + s * 4, f32x4.extract_lane(centre, 2));
  const scale2 = largestSquare(squaredLength3(c0), squaredLength3(c1), squaredLength3(c2));
  store<f32>(rs + s * 4, load<f32>(b, 12) * Mathf.sqrt(scale2));
  const record = records + s * INSTANCE_BYTES;
  packRows(record, c0, c1, c2, c3);
  if (look) packLook(record, s, colors, materials, emissives);
}

// The column addresses one transform pass reads and writes, fetched at its start (columns move only between
// frames, on a re-layout).
let flagsCol: u32 = 0, parents: u32 = 0, positions: u32 = 0, rotations: u32 = 0, scales: u32 = 0, worlds: u32 = 0;
let localBounds: u32 = 0, xs: u32 = 0, ys: u32 = 0, zs: u32 = 0, rs: u32 = 0, changedList: u32 = 0;
let colors: u32 = 0, materials: u32 = 0, emissives: u32 = 0, records: u32 = 0;

function fetchColumns(): void {
  flagsCol = column(COL_FLAGS);
  parents = column(COL_PARENT);
  positions = column(COL_POSITION);
  rotations = column(COL_ROTATION);
  scales = column(COL_SCALE);
  worlds = column(COL_WORLD);
  localBounds = column(COL_LOCAL_BOUNDS);
  xs = column(COL_BOUNDS_X);
  ys = column(COL_BOUNDS_Y);
  zs = column(COL_BOUNDS_Z);
  rs = column(COL_BOUNDS_R);
  changedList = column(COL_CHANGED_LIST);
  colors = column(COL_COLOR);
  materials = column(COL_MATERIAL);
  emissives = column(COL_EMISSIVE);
  records = column(COL_INSTANCE);
}

/**
 * Recomputes slot `s` (with the parent's world at `parentWorld`, or none when 0), flags it CHANGED and neither
 * DIRTY nor LOOK, and lists it so the next pass can take the CHANGED flag off again. Returns the new changed count.
 */
@inline function recompute(s: u32, flags: u32, parentWorld: u32, changedCount: u32): u32 {
  writeWorld(s, parentWorld, (flags & FLAG_LOOK) != 0);
  store<u32>(flagsCol + s * 4, (flags & ~(FLAG_DIRTY | FLAG_LOOK)) | FLAG_CHANGED);
  store<u32>(changedList + changedCount * 4, s);
  return changedCount + 1;
}

/** The live parent of `s`, or NO_SLOT when it has none (a parent that is not live counts as none). */
@inline function liveParent(s: u32): u32 {
  const parent = load<u32>(parents + s * 4);
  return parent != NO_SLOT && isLive(parent) ? parent : NO_SLOT;
}

/**
 * Recomputes world matrices, world bounding spheres and instance records of every slot whose local transform is
 * dirty or whose parent's world changed in this same pass (all of them, records whole, when `force`). Parents are visited first. The cost
 * follows what changed, not the slot count: the slots the last pass flagged CHANGED are listed, so only they
 * lose the flag; dirty roots are found through the dirty bitset, 128 slots per SIMD test and one count of
 * trailing zeros per dirty slot; only slots with a parent (the ORDER column after its roots) are walked in
 * order, to follow parents that changed. Called once per frame per scene, after movement and before culling.
 * Returns the number recomputed, or 0xffffffff when the hierarchy could not be sorted (scratch too small).
 */
export function updateTransforms(force: bool): u32 {
  const groups = transformBegin();
  if (groups == UNKNOWN) return UNKNOWN;
  if (!force) return transformChildren(transformRoots(0, groups));
  const count = load<u32>(sys + H_ORDER_COUNT);
  const orderCol = column(COL_ORDER);
  let changed: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const s = load<u32>(orderCol + i * 4);
    const flags = load<u32>(flagsCol + s * 4);
    if ((flags & FLAG_ALIVE) == 0) continue;
    const parent = liveParent(s);
    // A forced pass packs every record whole.
    changed = recompute(s, flags | FLAG_LOOK, parent == NO_SLOT ? 0 : worlds + parent * 64, changed);
  }
  memory.fill(column(COL_DIRTY_BITS), 0, groups * 16);
  store<u32>(sys + H_CHANGED_COUNT, changed);
  return changed;
}

/**
 * The first part of a transform pass: sorts the hierarchy when it is dirty and takes the CHANGED flag off the
 * slots the last pass listed. Returns the number of 128-slot groups of the dirty bitset that transformRoots
 * scans, or 0xffffffff when the hierarchy could not be sorted (scratch too small). Called on the main thread.
 */
export function transformBegin(): u32 {
  if (load<u32>(sys + H_HIERARCHY_DIRTY) != 0 && !sortHierarchy()) return UNKNOWN;
  fetchColumns();
  const before = load<u32>(sys + H_CHANGED_COUNT);
  for (let i: u32 = 0; i < before; i++) {
    const at = flagsCol + load<u32>(changedList + i * 4) * 4;
    store<u32>(at, load<u32>(at) & ~FLAG_CHANGED);
  }
  store<u32>(sys + H_CHANGED_COUNT, 0);
  return (slotEndNow() + 127) >> 7;
}

/**
 * Recomputes the dirty roots among the slots of bitset groups `from` up to `to` (128 slots each) and clears
 * those groups' bits; a dirty slot with a parent keeps its DIRTY flag for transformChildren. The recomputed
 * slots are listed in slot order in the changed list from entry from * 128 on, which no other group range
 * reaches, so threads taking disjoint group ranges write nothing in common. Returns how many it listed there.
 * Called after transformBegin, by each thread of a scene with workers or once over every group.
 */
export function transformRoots(from: u32, to: u32): u32 {
  fetchColumns();
  const bits = column(COL_DIRTY_BITS);
  const base = from << 7;
  let changed: u32 = 0;
  for (let w = from << 2; w < to << 2; w += 4) {
    if (!v128.any_true(v128.load(bits + w * 4))) continue;
    for (let k: u32 = w; k < w + 4; k++) {
      let word = load<u32>(bits + k * 4);
      if (word == 0) continue;
      store<u32>(bits + k * 4, 0);
      while (word != 0) {
        const s = (k << 5) + ctz<u32>(word);
        word &= word - 1;
        const flags = load<u32>(flagsCol + s * 4);
        if ((flags & (FLAG_ALIVE | FLAG_DIRTY)) != (FLAG_ALIVE | FLAG_DIRTY) || liveParent(s) != NO_SLOT) continue;
        changed = recompute(s, flags, 0, base + changed) - base;
      }
    }
  }
  return changed;
}

/**
 * The last part of a transform pass, on one thread: `listed` changed roots lead the changed list; recomputes
 * the slots with a parent, parents first, that are dirty or whose parent changed in this pass, and records the
 * changed count for the next pass. Returns the number recomputed in the whole pass.
 */
export function transformChildren(listed: u32): u32 {
  fetchColumns();
  const count = load<u32>(sys + H_ORDER_COUNT);
  const orderCol = column(COL_ORDER);
  let changed = listed;
  for (let i = load<u32>(sys + H_ROOT_COUNT); i < count; i++) {
    const s = load<u32>(orderCol + i * 4);
    const flags = load<u32>(flagsCol + s * 4);
    if ((flags & FLAG_ALIVE) == 0) continue;
    const parent = liveParent(s);
    if (parent == NO_SLOT) continue;
    if ((flags & FLAG_DIRTY) == 0 && (load<u32>(flagsCol + parent * 4) & FLAG_CHANGED) == 0) continue;
    changed = recompute(s, flags, worlds + parent * 64, changed);
  }
  store<u32>(sys + H_CHANGED_COUNT, changed);
  return changed;
}
