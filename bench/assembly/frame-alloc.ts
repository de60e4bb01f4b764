// Bench-only driver for the frame-alloc benchmark: the real WALLOC bump allocator (the same source as the
// core, built with the same options) called from a loop inside WebAssembly, so the JavaScript call boundary
// is not part of what is measured. Never shipped.

import { REGION_SCRATCH } from '../../assembly/layout';
import { frameBegin, frameAlloc } from '../../assembly/walloc';

export { wallocInit, regionStat } from '../../assembly/walloc';
export { REGION_SCRATCH, R_FAILURES, STATUS_OK } from '../../assembly/layout';

/** Most allocations one run may ask for. */
export const MAX_COUNT: u32 = 16384;

const SIZES = memory.data(MAX_COUNT * 4, 16);

/** Where the benchmark page writes the sizes (u32 each) before the first run. */
export function sizesAddress(): u32 {
  return <u32>SIZES;
}

/**
 * One frame of allocations: ventilates the per-frame regions, then bump-allocates `count` scratch blocks of
 * the sizes at `sizes`. Returns the xor of every address (so no allocation can be optimised away), or 0 when
 * one of them did not fit. Called by the benchmark page once per repetition.
 */
export function runFrameAllocs(sizes: u32, count: u32): u32 {
  frameBegin();
  let mix: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const at = frameAlloc(REGION_SCRATCH, load<u32>(sizes + i * 4), 16);
    if (at == 0) return 0;
    mix ^= at;
  }
  return mix;
}
