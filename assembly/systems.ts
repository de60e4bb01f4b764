// User systems: the slot lists a system runs over (its user columns are placed by columns.ts).

import { COL_FLAGS, COL_COMPONENTS, FLAG_ALIVE } from './layout';
import { column, markDirty, slotEndNow } from './columns';

/**
 * Writes to `out` (u32 each) every live slot whose component bits include all of `withMask` and none of
 * `withoutMask`, in slot order; returns how many. Called once per user system per frame.
 */
export function selectSlots(withMask: u32, withoutMask: u32, out: u32): u32 {
  const end = slotEndNow();
  const flags = column(COL_FLAGS);
  const bits = column(COL_COMPONENTS);
  let count: u32 = 0;
  for (let s: u32 = 0; s < end; s++) {
    if ((load<u32>(flags + s * 4) & FLAG_ALIVE) == 0) continue;
    const has = load<u32>(bits + s * 4);
    if ((has & withMask) != withMask || (has & withoutMask) != 0) continue;
    store<u32>(out + count * 4, s);
    count++;
  }
  return count;
}

/**
 * Marks the `count` slots listed at `list` dirty, so the transform step recomputes their world matrices.
 * Called after a system that writes position, rotation or scale.
 */
export function markSlotsDirty(list: u32, count: u32): void {
  for (let i: u32 = 0; i < count; i++) markDirty(load<u32>(list + i * 4));
}
