// The visible slots grouped by batch key, and the instance record every recomputed slot is packed into.

import { REGION_SCRATCH, COL_BATCH, BATCH_RECORD_BYTES } from './layout';
import { frameAlloc } from './walloc';
import { column } from './columns';
import { toHalf4 } from './half';

/**
 * Groups the `count` slots listed at `visible` by batch key, in ascending key order and, inside a batch, in list
 * order, writing each slot's number (u32) to `out`: the GPU keeps every slot's instance record resident (see
 * changedRanges) and draws through this list. Writes one record per non-empty batch to `batches` (key, first
 * instance, instance count; u32 each). Slots whose key is not below `keyLimit` are left out. Counting sort: two
 * passes over the list, histogram in scratch. Called once per frame per scene. Returns the number of batches,
 * or 0xffffffff when scratch is full.
 */
export function groupVisible(visible: u32, count: u32, keyLimit: u32, out: u32, batches: u32): u32 {
  const histogram = frameAlloc(REGION_SCRATCH, max<u32>(keyLimit, 1) * 4, 16);
  if (histogram == 0) return 0xffff_ffff;
  memory.fill(histogram, 0, keyLimit * 4);
  const keys = column(COL_BATCH);
  for (let i: u32 = 0; i < count; i++) {
    const key = load<u32>(keys + load<u32>(visible + i * 4) * 4);
    if (key < keyLimit) store<u32>(histogram + key * 4, load<u32>(histogram + key * 4) + 1);
  }
  // Histogram -> first instance of each batch; one record per non-empty batch.
  let first: u32 = 0;
  let batchCount: u32 = 0;
  for (let key: u32 = 0; key < keyLimit; key++) {
    const n = load<u32>(histogram + key * 4);
    if (n == 0) continue;
    const record = batches + batchCount * BATCH_RECORD_BYTES;
    store<u32>(record, key);
    store<u32>(record, first, 4);
    store<u32>(record, n, 8);
    store<u32>(histogram + key * 4, first);
    first += n;
    batchCount++;
  }
  for (let i: u32 = 0; i < count; i++) {
    const s = load<u32>(visible + i * 4);
    const key = load<u32>(keys + s * 4);
    if (key >= keyLimit) continue;
    const index = load<u32>(histogram + key * 4);
    store<u32>(histogram + key * 4, index + 1);
    store<u32>(out + index * 4, s);
  }
  return batchCount;
}

/**
 * Writes the matrix part of an instance record (INSTANCE_BYTES, the layout described there) to `dst`: the first
 * three rows of the world matrix whose columns are `c0`..`c3`. Called by the transform pass for every slot it
 * recomputes, with the matrix it has just computed still in registers, so it is not read back to be packed.
 */
@inline export function packRows(dst: u32, c0: v128, c1: v128, c2: v128, c3: v128): void {
  // The matrix is stored by columns; the bottom row of an affine matrix is (0, 0, 0, 1) and is not sent.
  const xy01 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5), xy23 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
  const zw01 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7), zw23 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(xy01, xy23, 0, 1, 4, 5));
  v128.store(dst, v128.shuffle<f32>(xy01, xy23, 2, 3, 6, 7), 16);
  v128.store(dst, v128.shuffle<f32>(zw01, zw23, 0, 1, 4, 5), 32);
}

/**
 * Writes the rest of slot `s`'s instance record to `dst` from the columns at `colors`, `materials` and
 * `emissives`: the colour as is, emissive as half floats, metalness and roughness as 16-bit unorm, the shadow
 * flags and the palette base. Called by the transform pass for a recomputed slot flagged LOOK (anything but
 * movement wrote it), so a slot that only moved keeps the look it was packed with.
 */
@inline export function packLook(dst: u32, s: u32, colors: u32, materials: u32, emissives: u32): void {
  v128.store(dst, v128.load(colors + s * 16), 48);
  const material = v128.load(materials + s * 16); // metalness, roughness, receive 0|1, cast 0|1
  const emissive = v128.load(emissives + s * 16); // r, g, b, palette base
  // Clamped to 65535 before the narrowing below, which reads its lanes as signed.
  const unorm = i32x4.min_u(i32x4.trunc_sat_f32x4_u(f32x4.add(f32x4.mul(material, f32x4.splat(65535)), f32x4.splat(0.5))),
    i32x4.splat(65535));
  // 16-bit lanes: emissive r, g, b, (overwritten), metalness, roughness, (overwritten twice).
  const halves = i16x8.narrow_i32x4_u(toHalf4(emissive), unorm);
  v128.store(dst, halves, 64);
  const shadows = (<u32>i32x4.bitmask(f32x4.ne(material, f32x4.splat(0))) >> 2) & 3;
  store<u32>(dst, <u32>i16x8.extract_lane_u(halves, 2) | shadows << 16, 68);
  store<u32>(dst, i32x4.extract_lane(emissive, 3), 76);
}
