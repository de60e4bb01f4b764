// Priority blocks: the allocator of the mesh and texture regions. Each live block has an address, a size, a
// distance to the camera and the last frame it was seen. When a request does not fit, blocks are overwritten
// farthest first (ties: least recently visible first); a block seen in the current frame is never taken,
// because its bytes may be on their way to the GPU. Handles carry a generation, so a handle to an evicted or
// freed block is recognised as stale instead of reading whoever lives there now.
//
// Handle layout: bits 0-10 entry index, bit 11 region (0 mesh, 1 texture), bits 12-31 generation (never 0).

import {
  REGION_MESH, REGION_TEXTURE, MAX_BLOCKS, SYS_BLOCKS, SYS_BLOCK_ORDER, BLOCK_ENTRY_BYTES, H_BLOCK_COUNT,
  B_OFFSET, B_SIZE, B_DISTANCE, B_LAST_VISIBLE, B_GENERATION, B_LIVE, R_BASE, R_CAPACITY, R_USED,
  R_HIGH_WATER, R_ALLOCATIONS, R_EVICTIONS, R_FAILURES,
} from './layout';
import { sys, alignUp, regionGet, regionSet, frameNumber } from './walloc';

const INDEX_MASK: u32 = 0x7ff;
const REGION_BIT: u32 = 0x800;
const GENERATION_SHIFT: u32 = 12;
const GENERATION_MASK: u32 = 0xfffff;

@inline function table(which: u32): u32 {
  return sys + SYS_BLOCKS + which * MAX_BLOCKS * BLOCK_ENTRY_BYTES;
}

@inline function entry(which: u32, index: u32): u32 {
  return table(which) + index * BLOCK_ENTRY_BYTES;
}

/** The address-ordered list of live entry indices of one region. */
@inline function order(which: u32): u32 {
  return sys + SYS_BLOCK_ORDER + which * MAX_BLOCKS * 4;
}

@inline function countField(which: u32): u32 {
  return sys + H_BLOCK_COUNT + which * 4;
}

@inline function regionOf(which: u32): u32 {
  return which == 0 ? REGION_MESH : REGION_TEXTURE;
}

/** Clears both block tables and starts every generation at 1. Called by wallocInit. */
export function resetBlocks(): void {
  for (let which: u32 = 0; which < 2; which++) {
    store<u32>(countField(which), 0);
    for (let i: u32 = 0; i < MAX_BLOCKS; i++) {
      const e = entry(which, i);
      store<u32>(e + B_LIVE, 0);
      store<u32>(e + B_GENERATION, 1);
    }
  }
}

/** Decodes a handle to its entry address, or 0 when the handle is malformed or stale. */
function live(handle: u32): u32 {
  const index = handle & INDEX_MASK;
  const which: u32 = (handle & REGION_BIT) != 0 ? 1 : 0;
  const e = entry(which, index);
  if (load<u32>(e + B_LIVE) == 0) return 0;
  if (load<u32>(e + B_GENERATION) != (handle >>> GENERATION_SHIFT)) return 0;
  return e;
}

function removeFromOrder(which: u32, index: u32): void {
  const list = order(which);
  const count = load<u32>(countField(which));
  for (let k: u32 = 0; k < count; k++) {
    if (load<u32>(list + k * 4) == index) {
      memory.copy(list + k * 4, list + (k + 1) * 4, (count - k - 1) * 4);
      store<u32>(countField(which), count - 1);
      return;
    }
  }
}

/** Returns the entry to its free state and bumps its generation so outstanding handles go stale. */
function retire(which: u32, index: u32): void {
  const e = entry(which, index);
  const region = regionOf(which);
  store<u32>(e + B_LIVE, 0);
  const next = (load<u32>(e + B_GENERATION) + 1) & GENERATION_MASK;
  store<u32>(e + B_GENERATION, next == 0 ? 1 : next);
  regionSet(region, R_USED, regionGet(region, R_USED) - load<u32>(e + B_SIZE));
  removeFromOrder(which, index);
}

// findGap's second result: AssemblyScript has no out-parameters.
let gapAddress: u32 = 0;

/**
 * Finds the first gap that holds `size` bytes at `align`. Returns the position in the order list to insert
 * at and leaves the address in `gapAddress`; returns 0xffffffff when nothing fits.
 */
function findGap(which: u32, size: u32, align: u32): u32 {
  const region = regionOf(which);
  const list = order(which);
  const count = load<u32>(countField(which));
  let cursor: u64 = <u64>regionGet(region, R_BASE);
  for (let k: u32 = 0; k <= count; k++) {
    const gapEnd: u64 = k < count
      ? <u64>load<u32>(entry(which, load<u32>(list + k * 4)) + B_OFFSET)
      : <u64>regionGet(region, R_BASE) + <u64>regionGet(region, R_CAPACITY);
    const start: u64 = (cursor + <u64>align - 1) & ~(<u64>align - 1);
    if (start + <u64>size <= gapEnd) {
      gapAddress = <u32>start;
      return k;
    }
    if (k < count) {
      const e = entry(which, load<u32>(list + k * 4));
      cursor = <u64>load<u32>(e + B_OFFSET) + <u64>load<u32>(e + B_SIZE);
    }
  }
  return 0xffff_ffff;
}

/** Picks the live block to overwrite next: farthest first, then least recently visible; never this frame's. */
function pickVictim(which: u32): u32 {
  const list = order(which);
  const count = load<u32>(countField(which));
  const frame = frameNumber();
  let best: u32 = 0xffff_ffff;
  let bestDistance: f32 = -Infinity;
  let bestSeen: u32 = 0;
  for (let k: u32 = 0; k < count; k++) {
    const index = load<u32>(list + k * 4);
    const e = entry(which, index);
    const seen = load<u32>(e + B_LAST_VISIBLE);
    if (seen == frame && frame != 0) continue;
    const distance = load<f32>(e + B_DISTANCE);
    if (best == 0xffff_ffff || distance > bestDistance || (distance == bestDistance && seen < bestSeen)) {
      best = index;
      bestDistance = distance;
      bestSeen = seen;
    }
  }
  return best;
}

function freeEntry(which: u32): u32 {
  for (let i: u32 = 0; i < MAX_BLOCKS; i++) {
    if (load<u32>(entry(which, i) + B_LIVE) == 0) return i;
  }
  return 0xffff_ffff;
}

/**
 * Allocates a block of `size` bytes aligned to `align` (power of two, at least 16) in the mesh or texture
 * region, with the owner's distance to the camera. When it does not fit and `evict` is set, far blocks are
 * evicted until it does. Returns a handle, or 0 when it cannot fit (even after evicting every block it may
 * take). A memory that may still grow asks without evicting first, and grows before it evicts.
 * Called by the asset loader when geometry or pixels arrive; not per frame.
 */
export function blockAlloc(region: u32, size: u32, align: u32, distance: f32, evict: u32): u32 {
  if (region != REGION_MESH && region != REGION_TEXTURE) return 0;
  if (align < 16 || (align & (align - 1)) != 0 || size == 0) return 0;
  const which: u32 = region == REGION_MESH ? 0 : 1;
  const rounded = alignUp(size, 16);
  if (rounded > regionGet(region, R_CAPACITY) || rounded < size) {
    regionSet(region, R_FAILURES, regionGet(region, R_FAILURES) + 1);
    return 0;
  }
  let index = freeEntry(which);
  let at = findGap(which, rounded, align);
  while (at == 0xffff_ffff || index == 0xffff_ffff) {
    const victim = evict != 0 ? pickVictim(which) : 0xffff_ffff;
    if (victim == 0xffff_ffff) {
      // Without eviction this is a question asked before growing, not a refusal.
      if (evict != 0) regionSet(region, R_FAILURES, regionGet(region, R_FAILURES) + 1);
      return 0;
    }
    retire(which, victim);
    regionSet(region, R_EVICTIONS, regionGet(region, R_EVICTIONS) + 1);
    if (index == 0xffff_ffff) index = victim;
    at = findGap(which, rounded, align);
  }
  const address = gapAddress;
  const list = order(which);
  const count = load<u32>(countField(which));
  memory.copy(list + (at + 1) * 4, list + at * 4, (count - at) * 4);
  store<u32>(list + at * 4, index);
  store<u32>(countField(which), count + 1);

  const e = entry(which, index);
  store<u32>(e + B_OFFSET, address);
  store<u32>(e + B_SIZE, rounded);
  store<f32>(e + B_DISTANCE, distance);
  store<u32>(e + B_LAST_VISIBLE, frameNumber());
  store<u32>(e + B_LIVE, 1);
  const used = regionGet(region, R_USED) + rounded;
  regionSet(region, R_USED, used);
  if (used > regionGet(region, R_HIGH_WATER)) regionSet(region, R_HIGH_WATER, used);
  regionSet(region, R_ALLOCATIONS, regionGet(region, R_ALLOCATIONS) + 1);
  return (load<u32>(e + B_GENERATION) << GENERATION_SHIFT) | (which << 11) | index;
}

/** Address of a live block's bytes, or 0 when the handle is stale. Called by TypeScript before each read. */
export function blockAddress(handle: u32): u32 {
  const e = live(handle);
  return e == 0 ? 0 : load<u32>(e + B_OFFSET);
}

/** Size in bytes of a live block, or 0 when the handle is stale. */
export function blockSize(handle: u32): u32 {
  const e = live(handle);
  return e == 0 ? 0 : load<u32>(e + B_SIZE);
}

/**
 * Records that a block's owner was seen this frame at `distance`. Called per frame for each drawn asset.
 * Returns false when the handle is stale (the block was evicted and must be reloaded).
 */
export function blockTouch(handle: u32, distance: f32): bool {
  const e = live(handle);
  if (e == 0) return false;
  store<f32>(e + B_DISTANCE, distance);
  store<u32>(e + B_LAST_VISIBLE, frameNumber());
  return true;
}

/** Releases a block. Returns false when the handle was already stale. Called when an asset's last user leaves. */
export function blockFree(handle: u32): bool {
  const e = live(handle);
  if (e == 0) return false;
  retire((handle & REGION_BIT) != 0 ? 1 : 0, handle & INDEX_MASK);
  return true;
}

/** Live blocks in a priority region. Read by TypeScript for stats and tests. */
export function blockCount(region: u32): u32 {
  if (region != REGION_MESH && region != REGION_TEXTURE) return 0;
  return load<u32>(countField(region == REGION_MESH ? 0 : 1));
}

/**
 * Moves every live block of a priority region by `delta` bytes: the region's bytes were copied to a base
 * `delta` higher. Called by wallocResize.
 */
export function rebaseBlocks(region: u32, delta: u32): void {
  const which: u32 = region == REGION_MESH ? 0 : 1;
  for (let i: u32 = 0; i < MAX_BLOCKS; i++) {
    const e = entry(which, i);
    if (load<u32>(e + B_LIVE) != 0) store<u32>(e + B_OFFSET, load<u32>(e + B_OFFSET) + delta);
  }
}
