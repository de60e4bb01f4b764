// Component columns: the scene region as structure-of-arrays, one slot per object. Every column is laid out
// once for the region's whole slot capacity, so a column never moves and a view over it stays valid until
// the memory itself grows. Released slots go on a free stack and are handed out again first.

import {
  REGION_SCENE, REGION_SCRATCH, COLUMN_COUNT, SYS_COLUMNS, H_SLICE_BYTES, H_SLOT_CAPACITY, H_SLOT_END, H_FREE_COUNT, H_HIERARCHY_DIRTY,
  H_LIVE_SLOTS, H_BYTES_PER_SLOT, R_BASE, R_CAPACITY, R_USED, R_HIGH_WATER, R_ALLOCATIONS, R_FAILURES,
  COL_POSITION, COL_ROTATION, COL_SCALE, COL_WORLD, COL_LOCAL_BOUNDS, COL_COLOR, COL_MATERIAL, COL_FLAGS,
  COL_PARENT, COL_BATCH, COL_FREE, COL_LOD_KEYS, COL_LOD_COVERAGE, COL_COMPONENTS, COL_DIRTY_BITS, COL_MOVING_LIST,
  COL_MOVING_INDEX, FLAG_ALIVE, FLAG_VISIBLE, FLAG_DIRTY, FLAG_LOOK, FLAG_MOVING, NO_SLOT, USER_BYTES_PER_SLOT, H_USER_BASE, H_USER_TOP,
  H_USER_END, TWEEN_BYTES, SLOTS_PER_TWEEN, H_USER_COUNT, SYS_USER_COLUMNS, MAX_USER_COLUMNS, H_ROOT_COUNT,
  H_CHANGED_COUNT, H_MOVING_COUNT,
} from './layout';
import { layoutTweens, relocateTweens } from './tween-table';
import { sys, alignUp, regionGet, regionSet } from './walloc';

/** Components (4-byte each) per slot of every column, in COL_* order. */
const COMPONENTS = memory.data<u8>([3, 4, 3, 16, 4, 1, 1, 1, 1, 4, 4, 4, 3, 3, 1, 1, 1, 1, 1, 4, 4, 1, 1, 1, 1, 1, 20]);
const COLUMN_ALIGN: u32 = 256;
/**
 * Scratch bytes one slot can need in a frame: hierarchy depths and counts (8), the visible and transparent
 * lists (8), the back-to-front sort's two entry arrays (16).
 */
const SCRATCH_BYTES_PER_SLOT: u32 = 32;
/** Bytes of a command slice per slot: a visible-list entry (4) and a share of the range records. */
const COMMAND_BYTES_PER_SLOT: u32 = 8;

/** Address of column `col`'s slot 0. */
@inline export function column(col: u32): u32 {
  return load<u32>(sys + SYS_COLUMNS + col * 4);
}

@inline export function flagsOf(slot: u32): u32 {
  return load<u32>(column(COL_FLAGS) + slot * 4);
}

@inline export function slotEndNow(): u32 {
  return load<u32>(sys + H_SLOT_END);
}

/**
 * Flags `slot` DIRTY and LOOK and sets its bit in the dirty bitset, which is what the transform pass visits:
 * every writer of a slot's transform or instance data comes here (or does the same stores from TypeScript),
 * except the movement kernel, which calls markMoved.
 */
@inline export function markDirty(slot: u32): void {
  markFlags(slot, FLAG_DIRTY | FLAG_LOOK);
}

/** markDirty for a slot whose position or rotation alone changed: its colour and material need no packing. */
@inline export function markMoved(slot: u32): void {
  markFlags(slot, FLAG_DIRTY);
}

/**
 * Sets `bits` in `slot`'s flags and its bit in the dirty bitset. A bitset word holds 32 slots that threads
 * moving different slots may share, so the threaded core sets the bit with an atomic or; the flags word is the
 * slot's own.
 */
@inline function markFlags(slot: u32, bits: u32): void {
  const at = column(COL_FLAGS) + slot * 4;
  store<u32>(at, load<u32>(at) | bits);
  const word = column(COL_DIRTY_BITS) + (slot >> 5) * 4;
  if (ASC_FEATURE_THREADS) atomic.or<u32>(word, 1 << (slot & 31));
  else store<u32>(word, load<u32>(word) | (1 << (slot & 31)));
}

/**
 * Puts `slot` in the moving list (flagged MOVING) when `moving`, or takes it out; the movement kernel visits
 * only that list. Constant time either way: the list is unordered and each slot knows its place.
 */
export function setMoving(slot: u32, moving: bool): void {
  const flagsAt = column(COL_FLAGS) + slot * 4;
  const indexAt = column(COL_MOVING_INDEX) + slot * 4;
  const place = load<u32>(indexAt);
  const count = load<u32>(sys + H_MOVING_COUNT);
  const list = column(COL_MOVING_LIST);
  if (moving) {
    store<u32>(flagsAt, load<u32>(flagsAt) | FLAG_MOVING);
    if (place != 0) return;
    store<u32>(list + count * 4, slot);
    store<u32>(indexAt, count + 1);
    store<u32>(sys + H_MOVING_COUNT, count + 1);
    return;
  }
  store<u32>(flagsAt, load<u32>(flagsAt) & ~FLAG_MOVING);
  if (place == 0) return;
  // The last entry takes the leaving slot's place.
  const last = load<u32>(list + (count - 1) * 4);
  store<u32>(list + (place - 1) * 4, last);
  store<u32>(column(COL_MOVING_INDEX) + last * 4, place);
  store<u32>(indexAt, 0);
  store<u32>(sys + H_MOVING_COUNT, count - 1);
}

function bytesPerSlot(): u32 {
  let bytes: u32 = 0;
  for (let c: u32 = 0; c < COLUMN_COUNT; c++) bytes += <u32>load<u8>(COMPONENTS + c) * 4;
  return bytes + USER_BYTES_PER_SLOT;
}

/**
 * As many slots as every region a frame uses can serve: the columns (beside a tween table of one entry per
 * SLOTS_PER_TWEEN slots), one command slice and the scratch lists. A slot the frame could not pack is refused
 * at slotAlloc instead. A multiple of 16 slots, so SIMD kernels may read whole v128 groups past the last live
 * slot. A frame's command slice holds, per slot, its entry in the visible list and a share of the range records
 * (under a byte each, RANGE_GAP apart at the least): COMMAND_BYTES_PER_SLOT leaves room to spare. The instance
 * records themselves live in the instance column.
 */
function capacityForRegions(): u32 {
  // Each column and each user component column may lose up to COLUMN_ALIGN bytes to alignment.
  const room = regionGet(REGION_SCENE, R_CAPACITY) - (COLUMN_COUNT + USER_BYTES_PER_SLOT / 4) * COLUMN_ALIGN;
  const tweenShare = (TWEEN_BYTES + 8) / SLOTS_PER_TWEEN;
  const bySlice = load<u32>(sys + H_SLICE_BYTES) / COMMAND_BYTES_PER_SLOT;
  const byScratch = regionGet(REGION_SCRATCH, R_CAPACITY) / SCRATCH_BYTES_PER_SLOT;
  return min<u32>(room / (bytesPerSlot() + tweenShare), min<u32>(bySlice, byScratch)) & ~15;
}

/** The end of the user area of `capacity` slots starting at `userBase`. */
@inline function userEnd(userBase: u32, capacity: u32): u32 {
  return userBase + capacity * USER_BYTES_PER_SLOT + (USER_BYTES_PER_SLOT / 4) * COLUMN_ALIGN;
}

/**
 * Places every column, the user-component area and the tween table in the scene region for as many slots as
 * the regions serve: a re-layout from no slots at all. Called by wallocInit.
 */
export function layoutColumns(): void {
  const base = regionGet(REGION_SCENE, R_BASE);
  for (let c: u32 = 0; c < COLUMN_COUNT; c++) store<u32>(sys + SYS_COLUMNS + c * 4, base);
  store<u32>(sys + H_USER_BASE, base);
  store<u32>(sys + H_USER_COUNT, 0);
  store<u32>(sys + H_SLOT_CAPACITY, 0);
  store<u32>(sys + H_SLOT_END, 0);
  store<u32>(sys + H_FREE_COUNT, 0);
  store<u32>(sys + H_LIVE_SLOTS, 0);
  store<u32>(sys + H_BYTES_PER_SLOT, bytesPerSlot());
  store<u32>(sys + H_HIERARCHY_DIRTY, 1);
  store<u32>(sys + H_ROOT_COUNT, 0);
  store<u32>(sys + H_CHANGED_COUNT, 0);
  store<u32>(sys + H_MOVING_COUNT, 0);
  layoutTweens(base, base);
  relocateColumns();
}

// New addresses of the built-in columns while relocateColumns moves them.
const NEW_COLUMNS = memory.data(COLUMN_COUNT * 4, 16);

/** Moves `bytes` from `from` to `to` (not lower) and zeroes the rest of the `room` bytes at `to`. */
function moveUp(to: u32, from: u32, bytes: u32, room: u32): void {
  memory.copy(to, from, bytes);
  memory.fill(to + bytes, 0, room - bytes);
}

/**
 * Lays the columns, the user columns and the tween table out again for the slot capacity the grown regions
 * serve, moving every live byte: slots keep their numbers and values, the slots past the old capacity are
 * zero. Each piece moves to an address no lower than before, so moving the highest first never overwrites
 * what is still to move. Returns false (and changes nothing) when the regions would serve fewer slots or
 * tweens. Called by wallocResize after the scene, command and scratch regions have their new sizes.
 */
export function relocateColumns(): bool {
  const old = slotCapacity();
  const capacity = capacityForRegions();
  if (capacity < old) return false;
  const base = regionGet(REGION_SCENE, R_BASE);
  let at = base;
  for (let c: u32 = 0; c < COLUMN_COUNT; c++) {
    store<u32>(NEW_COLUMNS + c * 4, at);
    at = alignUp(at + capacity * <u32>load<u8>(COMPONENTS + c) * 4, COLUMN_ALIGN);
  }
  const userBase = at;
  const end = userEnd(userBase, capacity);
  if (!relocateTweens(end, base + regionGet(REGION_SCENE, R_CAPACITY))) return false;
  const users = load<u32>(sys + H_USER_COUNT);
  for (let j = <i32>users - 1; j >= 0; j--) {
    const words = load<u32>(sys + SYS_USER_COLUMNS + <u32>j * 4);
    moveUp(userColumnAt(userBase, capacity, <u32>j), userColumnAt(load<u32>(sys + H_USER_BASE), old, <u32>j),
      old * words * 4, capacity * words * 4);
  }
  for (let c = <i32>COLUMN_COUNT - 1; c >= 0; c--) {
    const bytes = <u32>load<u8>(COMPONENTS + <u32>c) * 4;
    moveUp(load<u32>(NEW_COLUMNS + <u32>c * 4), column(<u32>c), old * bytes, capacity * bytes);
    store<u32>(sys + SYS_COLUMNS + <u32>c * 4, load<u32>(NEW_COLUMNS + <u32>c * 4));
  }
  store<u32>(sys + H_USER_TOP, users == 0 ? userBase : userColumnAt(userBase, capacity, users - 1)
    + capacity * load<u32>(sys + SYS_USER_COLUMNS + (users - 1) * 4) * 4);
  store<u32>(sys + H_USER_BASE, userBase);
  store<u32>(sys + H_USER_END, end);
  store<u32>(sys + H_SLOT_CAPACITY, capacity);
  return true;
}

/** Address of user column `index` when the user area starts at `userBase` and holds `capacity` slots. */
function userColumnAt(userBase: u32, capacity: u32, index: u32): u32 {
  let at = userBase;
  for (let j: u32 = 0; j < index; j++) {
    at = alignUp(at, COLUMN_ALIGN) + capacity * load<u32>(sys + SYS_USER_COLUMNS + j * 4) * 4;
  }
  return alignUp(at, COLUMN_ALIGN);
}

/**
 * Places a user component's column of `words` four-byte numbers per slot, for every slot, and zeroes it.
 * Returns its address (256-byte aligned), or 0 when the user area is full. Called by TypeScript once per
 * component per scene, the first time a system or an element needs the component.
 */
export function userColumnAlloc(words: u32): u32 {
  const index = load<u32>(sys + H_USER_COUNT);
  if (words == 0 || words > 16 || index >= MAX_USER_COLUMNS) return 0;
  const at = alignUp(load<u32>(sys + H_USER_TOP), COLUMN_ALIGN);
  const bytes = slotCapacity() * words * 4;
  if (at + bytes > load<u32>(sys + H_USER_END)) return 0;
  store<u32>(sys + H_USER_TOP, at + bytes);
  store<u32>(sys + SYS_USER_COLUMNS + index * 4, words);
  store<u32>(sys + H_USER_COUNT, index + 1);
  memory.fill(at, 0, bytes);
  return at;
}

/**
 * Address of the `index`-th user column placed (0 when there is none): it moves when the memory is laid out
 * again. Called by TypeScript after a re-layout.
 */
export function userColumnAddress(index: u32): u32 {
  if (index >= load<u32>(sys + H_USER_COUNT)) return 0;
  return userColumnAt(load<u32>(sys + H_USER_BASE), slotCapacity(), index);
}

/** Address of column `col`'s slot 0. Read by TypeScript once per memory to build its views. */
export function columnAddress(col: u32): u32 {
  return col < COLUMN_COUNT ? column(col) : 0;
}

/** Numbers (4 bytes each) per slot in column `col`. Read by TypeScript once per memory. */
export function columnComponents(col: u32): u32 {
  return col < COLUMN_COUNT ? <u32>load<u8>(COMPONENTS + col) : 0;
}

/** Slots the columns hold. */
export function slotCapacity(): u32 {
  return load<u32>(sys + H_SLOT_CAPACITY);
}

/** One past the highest slot ever handed out: kernels visit [0, slotEnd). */
export function slotEnd(): u32 {
  return slotEndNow();
}

/** Slots currently owned by an object. */
export function liveSlots(): u32 {
  return load<u32>(sys + H_LIVE_SLOTS);
}

function writeDefaults(slot: u32): void {
  const f = slot * 4;
  memory.fill(column(COL_POSITION) + f * 3, 0, 12);
  const rotation = column(COL_ROTATION) + f * 4;
  memory.fill(rotation, 0, 12);
  store<f32>(rotation, 1, 12);
  const scale = column(COL_SCALE) + f * 3;
  store<f32>(scale, 1);
  store<f32>(scale, 1, 4);
  store<f32>(scale, 1, 8);
  const world = column(COL_WORLD) + f * 16;
  memory.fill(world, 0, 64);
  store<f32>(world, 1, 0);
  store<f32>(world, 1, 20);
  store<f32>(world, 1, 40);
  store<f32>(world, 1, 60);
  const bounds = column(COL_LOCAL_BOUNDS) + f * 4;
  memory.fill(bounds, 0, 12);
  store<f32>(bounds, 1, 12);
  const color = column(COL_COLOR) + f * 4;
  store<f32>(color, 1);
  store<f32>(color, 1, 4);
  store<f32>(color, 1, 8);
  store<f32>(color, 1, 12);
  const material = column(COL_MATERIAL) + f * 4;
  memory.fill(material, 0, 16);
  store<f32>(material, 0.5, 4);
  // Emissive, velocity, spin, batch: zero.
  for (let c: u32 = COL_MATERIAL + 1; c < COL_FLAGS; c++) {
    const n = <u32>load<u8>(COMPONENTS + c) * 4;
    memory.fill(column(c) + slot * n, 0, n);
  }
  memory.fill(column(COL_LOD_KEYS) + slot * 16, 0, 16);
  memory.fill(column(COL_LOD_COVERAGE) + slot * 16, 0, 16);
  store<u32>(column(COL_COMPONENTS) + f, 0);
  store<u32>(column(COL_FLAGS) + f, FLAG_ALIVE | FLAG_VISIBLE);
  markDirty(slot);
  store<u32>(column(COL_PARENT) + f, NO_SLOT);
  store<u32>(column(COL_BATCH) + f, 0);
}

function updateSceneUsage(): void {
  const perSlot = load<u32>(sys + H_BYTES_PER_SLOT);
  regionSet(REGION_SCENE, R_USED, load<u32>(sys + H_LIVE_SLOTS) * perSlot);
  const high = slotEndNow() * perSlot;
  if (high > regionGet(REGION_SCENE, R_HIGH_WATER)) regionSet(REGION_SCENE, R_HIGH_WATER, high);
}

/**
 * Hands out a slot with default component values (identity transform, white, visible), reusing released
 * slots first. Returns NO_SLOT when the columns are full. Called by TypeScript when an element connects.
 */
export function slotAlloc(): u32 {
  let slot: u32;
  const free = load<u32>(sys + H_FREE_COUNT);
  if (free > 0) {
    slot = load<u32>(column(COL_FREE) + (free - 1) * 4);
    store<u32>(sys + H_FREE_COUNT, free - 1);
  } else {
    slot = slotEndNow();
    if (slot >= slotCapacity()) {
      regionSet(REGION_SCENE, R_FAILURES, regionGet(REGION_SCENE, R_FAILURES) + 1);
      return NO_SLOT;
    }
    store<u32>(sys + H_SLOT_END, slot + 1);
  }
  writeDefaults(slot);
  store<u32>(sys + H_LIVE_SLOTS, load<u32>(sys + H_LIVE_SLOTS) + 1);
  store<u32>(sys + H_HIERARCHY_DIRTY, 1);
  regionSet(REGION_SCENE, R_ALLOCATIONS, regionGet(REGION_SCENE, R_ALLOCATIONS) + 1);
  updateSceneUsage();
  return slot;
}

/**
 * Releases a slot: its flags go to zero (so every kernel skips it), it leaves the moving list and the dirty
 * bitset, and it joins the free stack. Children that still name it as parent are treated as roots. Returns false for a slot that is not live.
 * Called by TypeScript when an element disconnects.
 */
export function slotFree(slot: u32): bool {
  if (slot >= slotEndNow() || (flagsOf(slot) & FLAG_ALIVE) == 0) return false;
  setMoving(slot, false);
  store<u32>(column(COL_FLAGS) + slot * 4, 0);
  const word = column(COL_DIRTY_BITS) + (slot >> 5) * 4;
  store<u32>(word, load<u32>(word) & ~(1 << (slot & 31)));
  store<u32>(column(COL_PARENT) + slot * 4, NO_SLOT);
  const free = load<u32>(sys + H_FREE_COUNT);
  store<u32>(column(COL_FREE) + free * 4, slot);
  store<u32>(sys + H_FREE_COUNT, free + 1);
  store<u32>(sys + H_LIVE_SLOTS, load<u32>(sys + H_LIVE_SLOTS) - 1);
  store<u32>(sys + H_HIERARCHY_DIRTY, 1);
  updateSceneUsage();
  return true;
}

/** True when `slot` is handed out. */
@inline export function isLive(slot: u32): bool {
  return slot < slotEndNow() && (flagsOf(slot) & FLAG_ALIVE) != 0;
}

/**
 * Makes `parent` (or NO_SLOT) the parent of `slot`. Refuses, returning false, when either slot is not live or
 * the link would close a cycle. Called by TypeScript when an element moves in the DOM tree.
 */
export function setParent(slot: u32, parent: u32): bool {
  if (!isLive(slot)) return false;
  if (parent != NO_SLOT) {
    if (!isLive(parent)) return false;
    // Walk up from the new parent; meeting `slot` means the link would make a loop.
    let at = parent;
    let steps: u32 = 0;
    const limit = slotEndNow();
    while (at != NO_SLOT && steps <= limit) {
      if (at == slot) return false;
      at = load<u32>(column(COL_PARENT) + at * 4);
      steps++;
    }
  }
  store<u32>(column(COL_PARENT) + slot * 4, parent);
  markDirty(slot);
  store<u32>(sys + H_HIERARCHY_DIRTY, 1);
  return true;
}
