// Bench-only peer for the frame-alloc benchmark: AssemblyScript's general-purpose allocator (TLSF, the
// `minimal` runtime's heap) doing the same allocations as the WALLOC driver, then freeing each one, as a
// general heap must. Never shipped.

/** Most allocations one run may ask for. */
export const MAX_COUNT: u32 = 16384;

const SIZES = memory.data(MAX_COUNT * 4, 16);
const POINTERS = memory.data(MAX_COUNT * 4, 16);

/** Where the benchmark page writes the sizes (u32 each) before the first run. */
export function sizesAddress(): u32 {
  return <u32>SIZES;
}

/**
 * One frame's worth of heap traffic: `count` allocations of the sizes at `sizes`, pointers kept in a
 * preallocated table, then every one freed. Returns the xor of every address, or 0 when one failed.
 * Called by the benchmark page once per repetition.
 */
export function runHeapAllocs(sizes: u32, count: u32): u32 {
  let mix: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const at = <u32>heap.alloc(<usize>load<u32>(sizes + i * 4));
    if (at == 0) return 0;
    store<u32>(POINTERS + i * 4, at);
    mix ^= at;
  }
  for (let i: u32 = 0; i < count; i++) heap.free(<usize>load<u32>(POINTERS + i * 4));
  return mix;
}
