// WALLOC: the region manager over the imported linear memory. All of its state lives in the system region
// (header, region table, block tables) so that a memory dump is the whole truth; only the system base is
// cached in a global.

import {
  PAGE_BYTES, MAX_PAGES, REGION_SYSTEM, REGION_SCENE, REGION_COMMAND, REGION_SCRATCH, REGION_MESH,
  REGION_TEXTURE, REGION_COUNT, MIN_RING_DEPTH, STATUS_OK, STATUS_BUDGET_TOO_SMALL, STATUS_CORRUPTED,
  STATUS_GROW_REFUSED, STATUS_BAD_LAYOUT, GUARD_WORD, GUARD_BYTES, SYS_END, SYS_REGIONS, REGION_ENTRY_BYTES,
  H_MAGIC, H_PAGES, H_FRAME, H_RING_DEPTH, H_RING_INDEX, H_SLICE_BYTES, R_BASE, R_CAPACITY, R_TOP, R_USED,
  R_HIGH_WATER, R_ALLOCATIONS, R_FAILURES, R_SLICE_BASE,
} from './layout';
import { layoutColumns, relocateColumns } from './columns';
import { resetBlocks, rebaseBlocks } from './blocks';

const MAGIC: u32 = 0x5759_414c; // "LAYW"

/** Base address of the system region; every other piece of state hangs off it. */
export let sys: u32 = 0;

/**
 * Points this instance at a memory another instance has laid out: `sys` is where wallocInit put it. Called
 * once by each worker that instantiates the core over a scene's shared memory.
 */
export function attachThread(): void {
  sys = alignUp(<u32>__heap_base, PAGE_BYTES);
}

/**
 * Where this instance's `sys` points: the system region wallocInit laid out. TypeScript compares it with the
 * feature kernels' own (assembly/features.ts) when it attaches them to a scene's memory.
 */
export function systemBase(): u32 {
  return sys;
}

/**
 * The end of this module's static data. Another module over the same memory (the feature kernels) places its
 * own static data above it and below the system region; TypeScript checks that when it attaches one.
 */
export function staticEnd(): u32 {
  return <u32>__heap_base;
}

@inline export function alignUp(value: u32, align: u32): u32 {
  return (value + align - 1) & ~(align - 1);
}

@inline export function regionField(region: u32, field: u32): u32 {
  return sys + SYS_REGIONS + region * REGION_ENTRY_BYTES + field;
}

@inline export function regionGet(region: u32, field: u32): u32 {
  return load<u32>(regionField(region, field));
}

@inline export function regionSet(region: u32, field: u32, value: u32): void {
  store<u32>(regionField(region, field), value);
}

@inline export function frameNumber(): u32 {
  return load<u32>(sys + H_FRAME);
}

function writeGuard(at: u32): void {
  store<u32>(at, GUARD_WORD);
  store<u32>(at, GUARD_WORD, 4);
  store<u32>(at, GUARD_WORD, 8);
  store<u32>(at, GUARD_WORD, 12);
}

function guardIntact(at: u32): bool {
  return load<u32>(at) == GUARD_WORD && load<u32>(at, 4) == GUARD_WORD
    && load<u32>(at, 8) == GUARD_WORD && load<u32>(at, 12) == GUARD_WORD;
}

function setRegion(region: u32, base: u32, bytes: u32): void {
  const capacity = bytes - GUARD_BYTES;
  regionSet(region, R_BASE, base);
  regionSet(region, R_CAPACITY, capacity);
  regionSet(region, R_TOP, base);
  regionSet(region, R_SLICE_BASE, base);
  writeGuard(base + capacity);
}

function sharePages(pages: u32, permille: u32): u32 {
  return <u32>((<u64>pages * <u64>permille) / 1000);
}

/**
 * Lays the six regions out over the whole memory, which the caller has already sized to `totalPages`.
 * Shares are per mille of the pages left after the system region; the texture region takes the rest.
 * Called once per memory by the TypeScript `Walloc` constructor. Returns a STATUS_* code.
 */
export function wallocInit(
  totalPages: u32, scenePermille: u32, commandPermille: u32, scratchPermille: u32, meshPermille: u32,
  ringDepth: u32,
): u32 {
  if (ringDepth < MIN_RING_DEPTH || ringDepth > 16) return STATUS_BAD_LAYOUT;
  if (scenePermille + commandPermille + scratchPermille + meshPermille >= 1000) return STATUS_BAD_LAYOUT;
  if (totalPages > MAX_PAGES || <u32>memory.size() < totalPages) return STATUS_BAD_LAYOUT;

  sys = alignUp(<u32>__heap_base, PAGE_BYTES);
  const systemPages = alignUp(SYS_END, PAGE_BYTES) / PAGE_BYTES;
  const firstPage = sys / PAGE_BYTES;
  if (totalPages < firstPage + systemPages + 5) return STATUS_BUDGET_TOO_SMALL;
  const freePages = totalPages - firstPage - systemPages;
  const scenePages = max<u32>(1, sharePages(freePages, scenePermille));
  const commandPages = max<u32>(ringDepth, sharePages(freePages, commandPermille));
  const scratchPages = max<u32>(1, sharePages(freePages, scratchPermille));
  const meshPages = max<u32>(1, sharePages(freePages, meshPermille));
  if (scenePages + commandPages + scratchPages + meshPages >= freePages) return STATUS_BUDGET_TOO_SMALL;
  const texturePages = freePages - scenePages - commandPages - scratchPages - meshPages;

  memory.fill(sys, 0, SYS_END);
  writeGuard(sys);
  writeGuard(sys + SYS_END - GUARD_BYTES);
  store<u32>(sys + H_MAGIC, MAGIC);
  store<u32>(sys + H_PAGES, totalPages);
  store<u32>(sys + H_FRAME, 0);
  store<u32>(sys + H_RING_DEPTH, ringDepth);
  store<u32>(sys + H_RING_INDEX, 0);

  regionSet(REGION_SYSTEM, R_BASE, sys);
  regionSet(REGION_SYSTEM, R_CAPACITY, systemPages * PAGE_BYTES);
  regionSet(REGION_SYSTEM, R_USED, SYS_END);
  regionSet(REGION_SYSTEM, R_HIGH_WATER, SYS_END);

  let base = sys + systemPages * PAGE_BYTES;
  setRegion(REGION_SCENE, base, scenePages * PAGE_BYTES);
  base += scenePages * PAGE_BYTES;
  setRegion(REGION_COMMAND, base, commandPages * PAGE_BYTES);
  // The command region is a ring of equal slices, one per frame in flight, each starting 256-aligned.
  store<u32>(sys + H_SLICE_BYTES, (regionGet(REGION_COMMAND, R_CAPACITY) / ringDepth) & ~255);
  base += commandPages * PAGE_BYTES;
  setRegion(REGION_SCRATCH, base, scratchPages * PAGE_BYTES);
  base += scratchPages * PAGE_BYTES;
  setRegion(REGION_MESH, base, meshPages * PAGE_BYTES);
  base += meshPages * PAGE_BYTES;
  setRegion(REGION_TEXTURE, base, texturePages * PAGE_BYTES);

  layoutColumns();
  resetBlocks();
  return STATUS_OK;
}

/**
 * Returns STATUS_OK, or STATUS_CORRUPTED | region for the first region whose guard words are broken.
 * Called by frameBegin, and by TypeScript in tests.
 */
export function checkGuards(): u32 {
  if (!guardIntact(sys) || !guardIntact(sys + SYS_END - GUARD_BYTES) || load<u32>(sys + H_MAGIC) != MAGIC) {
    return STATUS_CORRUPTED | REGION_SYSTEM;
  }
  for (let region: u32 = 1; region < REGION_COUNT; region++) {
    if (!guardIntact(regionGet(region, R_BASE) + regionGet(region, R_CAPACITY))) return STATUS_CORRUPTED | region;
  }
  return STATUS_OK;
}

/**
 * Starts a frame: checks every guard, then ventilates the per-frame regions. The scratch region's bump
 * pointer goes back to its base; the command region moves to the next slice of its ring, so the slices of
 * the previous ringDepth - 1 frames, which the GPU may still be reading, are left alone.
 * Called once per frame per memory, before any kernel. Returns a STATUS_* code; on corruption nothing is reset.
 */
export function frameBegin(): u32 {
  const status = checkGuards();
  if (status != STATUS_OK) return status;
  const frame = load<u32>(sys + H_FRAME) + 1;
  store<u32>(sys + H_FRAME, frame);
  const ring = frame % load<u32>(sys + H_RING_DEPTH);
  store<u32>(sys + H_RING_INDEX, ring);
  const slice = regionGet(REGION_COMMAND, R_BASE) + ring * load<u32>(sys + H_SLICE_BYTES);
  regionSet(REGION_COMMAND, R_SLICE_BASE, slice);
  regionSet(REGION_COMMAND, R_TOP, slice);
  regionSet(REGION_COMMAND, R_USED, 0);
  regionSet(REGION_SCRATCH, R_TOP, regionGet(REGION_SCRATCH, R_BASE));
  regionSet(REGION_SCRATCH, R_USED, 0);
  return STATUS_OK;
}

/**
 * Bump-allocates `size` bytes aligned to `align` (a power of two, at least 16) in the command region (the
 * current frame's slice) or the scratch region. The bytes live until that region is ventilated.
 * Returns the address, or 0 when it does not fit (counted as a failure; nothing else changes).
 * Called by kernels and by TypeScript, many times per frame.
 */
export function frameAlloc(region: u32, size: u32, align: u32): u32 {
  if (region != REGION_COMMAND && region != REGION_SCRATCH) return 0;
  if (align < 16 || (align & (align - 1)) != 0) return 0;
  const base = regionGet(region, R_BASE);
  const limit: u64 = region == REGION_COMMAND
    ? <u64>regionGet(region, R_SLICE_BASE) + <u64>load<u32>(sys + H_SLICE_BYTES)
    : <u64>base + <u64>regionGet(region, R_CAPACITY);
  const start = alignUp(regionGet(region, R_TOP), align);
  const end = <u64>start + <u64>size;
  if (end > limit || start < regionGet(region, R_TOP)) {
    regionSet(region, R_FAILURES, regionGet(region, R_FAILURES) + 1);
    return 0;
  }
  regionSet(region, R_TOP, <u32>end);
  const used = <u32>end - (region == REGION_COMMAND ? regionGet(region, R_SLICE_BASE) : base);
  regionSet(region, R_USED, used);
  if (used > regionGet(region, R_HIGH_WATER)) regionSet(region, R_HIGH_WATER, used);
  regionSet(region, R_ALLOCATIONS, regionGet(region, R_ALLOCATIONS) + 1);
  return start;
}

/**
 * Grows the memory to `totalPages` and lays the regions out again with the scene, command, scratch and mesh
 * regions at the given page counts (the texture region takes the rest); no region may shrink. Live bytes
 * move with their region: blocks keep their handles (their offsets are rebased), slots their numbers and
 * values, tweens their indices. Only regions that grow or move change; when the scene, command and scratch
 * regions keep their size nothing before the mesh region moves, so this frame's command and scratch data
 * stay valid. A re-layout that moves them drops their contents: the caller does that between frames.
 * Typed-array views over the old buffer are detached afterwards; TypeScript re-derives its views and the
 * addresses of columns. Called by TypeScript when content needs more room. Returns a STATUS_* code.
 */
export function wallocResize(totalPages: u32, scenePages: u32, commandPages: u32, scratchPages: u32, meshPages: u32): u32 {
  const sceneBase = regionGet(REGION_SCENE, R_BASE);
  const pagesBefore = sceneBase / PAGE_BYTES;
  const texturePages = <i64>totalPages - <i64>pagesBefore - <i64>(scenePages + commandPages + scratchPages + meshPages);
  if (totalPages > MAX_PAGES || texturePages < 1) return STATUS_BAD_LAYOUT;
  if (scenePages < regionPages(REGION_SCENE) || commandPages < regionPages(REGION_COMMAND)
    || scratchPages < regionPages(REGION_SCRATCH) || meshPages < regionPages(REGION_MESH)
    || <u32>texturePages < regionPages(REGION_TEXTURE)) return STATUS_BAD_LAYOUT;
  if (totalPages > <u32>memory.size() && memory.grow(<i32>(totalPages - <u32>memory.size())) < 0) return STATUS_GROW_REFUSED;

  const commandBase = sceneBase + scenePages * PAGE_BYTES;
  const scratchBase = commandBase + commandPages * PAGE_BYTES;
  const meshBase = scratchBase + scratchPages * PAGE_BYTES;
  const textureBase = meshBase + meshPages * PAGE_BYTES;
  // The highest region first: each moves up, over space the regions above it have already left.
  moveRegion(REGION_TEXTURE, textureBase, <u32>texturePages);
  moveRegion(REGION_MESH, meshBase, meshPages);
  const frameRegionsMove = regionGet(REGION_COMMAND, R_BASE) != commandBase || regionPages(REGION_COMMAND) != commandPages
    || regionGet(REGION_SCRATCH, R_BASE) != scratchBase || regionPages(REGION_SCRATCH) != scratchPages;
  if (frameRegionsMove) {
    setRegion(REGION_SCRATCH, scratchBase, scratchPages * PAGE_BYTES);
    setRegion(REGION_COMMAND, commandBase, commandPages * PAGE_BYTES);
    const ringDepth = load<u32>(sys + H_RING_DEPTH);
    store<u32>(sys + H_SLICE_BYTES, (regionGet(REGION_COMMAND, R_CAPACITY) / ringDepth) & ~255);
    const slice = commandBase + load<u32>(sys + H_RING_INDEX) * load<u32>(sys + H_SLICE_BYTES);
    regionSet(REGION_COMMAND, R_SLICE_BASE, slice);
    regionSet(REGION_COMMAND, R_TOP, slice);
    regionSet(REGION_COMMAND, R_USED, 0);
    regionSet(REGION_SCRATCH, R_USED, 0);
  }
  if (scenePages != regionPages(REGION_SCENE) || frameRegionsMove) {
    const oldCapacity = regionGet(REGION_SCENE, R_CAPACITY);
    // The guard of the grown scene region lands where nothing is left to move (the regions above have moved).
    memory.fill(sceneBase + oldCapacity, 0, GUARD_BYTES);
    setRegionCapacity(REGION_SCENE, scenePages * PAGE_BYTES - GUARD_BYTES);
    if (!relocateColumns()) {
      setRegionCapacity(REGION_SCENE, oldCapacity);
      store<u32>(sys + H_PAGES, totalPages);
      return STATUS_BAD_LAYOUT;
    }
  }
  store<u32>(sys + H_PAGES, totalPages);
  return STATUS_OK;
}

/** Whole pages a region spans, its trailing guard included. */
function regionPages(region: u32): u32 {
  return (regionGet(region, R_CAPACITY) + GUARD_BYTES) / PAGE_BYTES;
}

/**
 * Gives a priority region its new base (not lower) and size (not smaller), copying its bytes and rebasing its
 * blocks when the base moves.
 */
function moveRegion(region: u32, base: u32, pages: u32): void {
  const oldBase = regionGet(region, R_BASE);
  const oldCapacity = regionGet(region, R_CAPACITY);
  if (base != oldBase) {
    memory.copy(base, oldBase, oldCapacity);
    rebaseBlocks(region, base - oldBase);
    regionSet(region, R_BASE, base);
    regionSet(region, R_TOP, base);
    regionSet(region, R_SLICE_BASE, base);
  }
  setRegionCapacity(region, pages * PAGE_BYTES - GUARD_BYTES);
}

function setRegionCapacity(region: u32, capacity: u32): void {
  regionSet(region, R_CAPACITY, capacity);
  writeGuard(regionGet(region, R_BASE) + capacity);
}

/** Frames begun so far. Read by TypeScript for stats. */
export function currentFrame(): u32 {
  return frameNumber();
}

/** Pages the layout covers. Read by TypeScript after init and grow. */
export function totalPages(): u32 {
  return load<u32>(sys + H_PAGES);
}

/**
 * Reads one field of the region table (R_* offsets: base, capacity, used, high water, allocations, evictions,
 * failures). Called by TypeScript for stats, at most a few times per frame.
 */
export function regionStat(region: u32, field: u32): u32 {
  if (region >= REGION_COUNT || field >= REGION_ENTRY_BYTES) return 0;
  return regionGet(region, field & ~3);
}

/** Bytes per frame slice of the command ring. Read by TypeScript once after init. */
export function commandSliceBytes(): u32 {
  return load<u32>(sys + H_SLICE_BYTES);
}

/** Which slice of the command ring the current frame writes. Read by TypeScript per frame for stats. */
export function ringIndex(): u32 {
  return load<u32>(sys + H_RING_INDEX);
}
