// GPU-resident instances: every slot's instance data lives on the GPU at slot * INSTANCE_BYTES, and a frame
// uploads only the slots whose data changed, as a few coalesced ranges of the instance column (COL_INSTANCE), which
// the transform pass keeps packed.

import { COL_FLAGS, COL_INSTANCE, FLAG_ALIVE, FLAG_CHANGED, INSTANCE_BYTES } from './layout';
import { column, slotEndNow } from './columns';

/** Bytes of one range record written by changedRanges: first slot, slot count, source byte address (u32 each). */
export const RANGE_RECORD_BYTES: u32 = 12;
/** Unchanged slots between two changed runs that are uploaded anyway, to make one range of the two. */
export const RANGE_GAP: u32 = 16;

/**
 * Finds the live slots whose world matrix was recomputed this frame (FLAG_CHANGED, which colour and material
 * writes also cause), or every slot below slotEnd when `all` is set (a new GPU buffer), and writes one range
 * record per run to `ranges`, its source the run's records in the instance column: the transform pass packed
 * them there as it recomputed them, so nothing is packed here. Runs closer than RANGE_GAP slots are merged (the
 * records between, unchanged, are uploaded again), so the upload is a few large writes.
 * Unless `traits` is 0, stores there the bitwise or of every slot's flags (freed slots have none): what kinds
 * of object the scene holds, for choosing how it is culled.
 * The flags are read four slots at a time, so a frame where little changed costs little more than reading them.
 * Reads whole groups of four past the last slot, which the column capacity (a multiple of 16) allows; those
 * slots were never handed out, so their flags are zero.
 * Returns the number of ranges. Called once per drawn frame per scene; `ranges` holds slotEnd / 16 + 1 records
 * at least.
 */
export function changedRanges(all: u32, ranges: u32, traits: u32): u32 {
  const end = slotEndNow();
  const flags = column(COL_FLAGS);
  const need = i32x4.splat(FLAG_ALIVE | FLAG_CHANGED);
  let seen = i32x4.splat(0);
  const records = column(COL_INSTANCE);
  let rangeCount: u32 = 0;
  let runStart: u32 = 0;
  let runEnd: u32 = 0; // one past the last changed slot of the open run; 0 = no open run
  for (let group: u32 = 0; group < end; group += 4) {
    const f = v128.load(flags + group * 4);
    seen = v128.or(seen, f);
    let bits = all != 0 ? 15 : i32x4.bitmask(i32x4.eq(v128.and(f, need), need));
    while (bits != 0) {
      const s = group + <u32>ctz(bits);
      bits &= bits - 1;
      if (s >= end) break;
      if (runEnd != 0 && s - runEnd <= RANGE_GAP) {
        runEnd = s + 1;
        continue;
      }
      if (runEnd != 0) {
        closeRun(runStart, runEnd, records, ranges + rangeCount * RANGE_RECORD_BYTES);
        rangeCount++;
      }
      runStart = s;
      runEnd = s + 1;
    }
  }
  if (runEnd != 0) {
    closeRun(runStart, runEnd, records, ranges + rangeCount * RANGE_RECORD_BYTES);
    rangeCount++;
  }
  if (traits != 0) {
    store<u32>(traits, i32x4.extract_lane(seen, 0) | i32x4.extract_lane(seen, 1) | i32x4.extract_lane(seen, 2)
      | i32x4.extract_lane(seen, 3));
  }
  return rangeCount;
}

@inline function closeRun(first: u32, end: u32, records: u32, record: u32): void {
  store<u32>(record, first);
  store<u32>(record, end - first, 4);
  store<u32>(record, records + first * INSTANCE_BYTES, 8);
}

/**
 * Compares this frame's list `a` (`aCount` u32) with last frame's `b` (`bCount`) and writes to `out` the first
 * index that differs and one past the last (two u32; equal lists give [0, 0)). Only that span of the list the
 * GPU draws through is uploaded. Called once per drawn frame per scene.
 */
export function diffRange(a: u32, aCount: u32, b: u32, bCount: u32, out: u32): void {
  const common = min<u32>(aCount, bCount);
  let first: u32 = 0;
  while (first < common && load<u32>(a + first * 4) == load<u32>(b + first * 4)) first++;
  if (first == common && aCount == bCount) {
    store<u32>(out, 0);
    store<u32>(out, 0, 4);
    return;
  }
  let end = aCount;
  if (aCount == bCount) {
    while (end > first && load<u32>(a + (end - 1) * 4) == load<u32>(b + (end - 1) * 4)) end--;
  }
  store<u32>(out, first);
  store<u32>(out, end, 4);
}
