// Packing the visible objects' per-instance data, grouped by batch key, for one upload.

import {
  REGION_SCRATCH, COL_WORLD, COL_COLOR, COL_MATERIAL, COL_EMISSIVE, COL_BATCH, INSTANCE_BYTES, BATCH_RECORD_BYTES,
} from './layout';
import { frameAlloc } from './walloc';
import { column } from './columns';

/**
 * Packs the `count` slots listed at `visible` into `instances` (INSTANCE_BYTES each: world matrix, colour,
 * material, emissive), grouped by batch key in ascending key order and, inside a batch, in list order. Writes
 * one record per non-empty batch to `batches` (key, first instance, instance count; u32 each). Slots whose key
 * is not below `keyLimit` are left out. Counting sort: two passes over the list, histogram in scratch.
 * Called once per frame per scene and pass. Returns the number of batches, or 0xffffffff when scratch is full.
 */
export function packInstances(visible: u32, count: u32, keyLimit: u32, instances: u32, batches: u32): u32 {
  return groupByBatch(visible, count, keyLimit, instances, batches, true);
}

/**
 * Like packInstances, but writes each visible slot's number (u32) to `out` instead of its instance data: the
 * GPU keeps every slot's instance data resident (see packChanged) and draws through this list. Called once per
 * frame per scene. Returns the number of batches, or 0xffffffff when scratch is full.
 */
export function groupVisible(visible: u32, count: u32, keyLimit: u32, out: u32, batches: u32): u32 {
  return groupByBatch(visible, count, keyLimit, out, batches, false);
}

function groupByBatch(visible: u32, count: u32, keyLimit: u32, out: u32, batches: u32, packData: bool): u32 {
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
    if (packData) packOne(s, out, index);
    else store<u32>(out + index * 4, s);
  }
  return batchCount;
}

/** Copies slot `s`'s instance data (world, colour, material, emissive) to instance `index` at `instances`. */
@inline export function packOne(s: u32, instances: u32, index: u32): void {
  const dst = instances + index * INSTANCE_BYTES;
  const world = column(COL_WORLD) + s * 64;
  v128.store(dst, v128.load(world));
  v128.store(dst, v128.load(world, 16), 16);
  v128.store(dst, v128.load(world, 32), 32);
  v128.store(dst, v128.load(world, 48), 48);
  v128.store(dst, v128.load(column(COL_COLOR) + s * 16), 64);
  v128.store(dst, v128.load(column(COL_MATERIAL) + s * 16), 80);
  v128.store(dst, v128.load(column(COL_EMISSIVE) + s * 16), 96);
}
