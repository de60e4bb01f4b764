// User components and systems: columns carved from the user area of the scene region, and the slot lists a
// system runs over.

import { COL_FLAGS, COL_COMPONENTS, FLAG_ALIVE, FLAG_DIRTY, H_USER_TOP, H_USER_END } from './layout';
import { column, slotEndNow, slotCapacity } from './columns';
import { sys, alignUp } from './walloc';

/**
 * Places a user component's column of `components` four-byte numbers per slot, for every slot, and zeroes
 * it. Returns its address (256-byte aligned), or 0 when the user area is full. Called by TypeScript once per
 * component per scene, the first time a system or an element needs the component.
 */
export function userColumnAlloc(components: u32): u32 {
  if (components == 0 || components > 16) return 0;
  const at = alignUp(load<u32>(sys + H_USER_TOP), 256);
  const bytes = slotCapacity() * components * 4;
  if (at + bytes > load<u32>(sys + H_USER_END)) return 0;
  store<u32>(sys + H_USER_TOP, at + bytes);
  memory.fill(at, 0, bytes);
  return at;
}

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
  const flags = column(COL_FLAGS);
  for (let i: u32 = 0; i < count; i++) {
    const at = flags + load<u32>(list + i * 4) * 4;
    store<u32>(at, load<u32>(at) | FLAG_DIRTY);
  }
}
