// Bench-only peers written in WebAssembly. Never shipped.

/**
 * Copies `n` bytes from `src` to `dst` with one `memory.copy`: the memory-bandwidth floor of a kernel that
 * reads those bytes once. Called by the cull benchmark once per repetition.
 */
export function copyBytes(dst: u32, src: u32, n: u32): void {
  memory.copy(dst, src, n);
}
