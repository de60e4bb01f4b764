// What a module loaded beside the core over the same memory (features.ts, picking.ts) exports so that
// TypeScript can place it (src/wasm/side-module.ts): where its static data starts and ends, and the call that
// points its `sys` at the system region the core laid out.

import { PAGE_BYTES } from './layout';
import { alignUp, sys } from './walloc';

export { staticEnd } from './walloc';

/** The first address of this module's static data: the `memoryBase` it was built with. */
export const STATIC_BASE: u32 = ASC_MEMORY_BASE;

/**
 * Points this instance at the memory the core laid out and returns where `sys` now is, which must equal the
 * core's systemBase(). Called once per scene memory, before any other call.
 */
export function attachSideModule(): u32 {
  sys = alignUp(<u32>__heap_base, PAGE_BYTES);
  return sys;
}
