// How a scene's `memory-budget` is shared between its WebAssembly memory (WALLOC) and the GPU bytes of its
// content (model buffers and textures).

/** A scene's budget: a hard cap in bytes, or `auto`. */
export type MemoryBudget = number | 'auto';

/**
 * The WebAssembly memory an `auto` scene starts with: about 2,000 slots, a megabyte of staged geometry and one
 * of texture passage. It grows from there as content needs.
 */
export const AUTO_MEMORY_BYTES = 4 * 1024 * 1024;
/** An explicit budget gives at least this much (or all of itself, when smaller) to the WebAssembly memory. */
const MIN_MEMORY_BYTES = 4 * 1024 * 1024;
/** The share of the device's memory an `auto` scene lets its content take on the GPU, and its bounds. */
const AUTO_GPU_SHARE = 1 / 4;
const AUTO_GPU_MIN = 256 * 1024 * 1024;
const AUTO_GPU_MAX = 2 * 1024 * 1024 * 1024;
/** The same for an `auto` scene's WebAssembly memory, which it reaches only by growing into it. */
const AUTO_MEMORY_SHARE = 1 / 8;
const AUTO_MEMORY_MIN = 256 * 1024 * 1024;
const AUTO_MEMORY_MAX = 1024 * 1024 * 1024;
/** Device memory assumed where the browser does not say (navigator.deviceMemory is Chromium-only). */
const ASSUMED_DEVICE_BYTES = 4 * 1024 ** 3;

/**
 * The parts of a budget: bytes the WebAssembly memory starts with and may grow to, bytes allowed for GPU
 * content.
 */
export interface BudgetSplit {
  memory: number;
  memoryLimit: number;
  gpu: number;
}

/**
 * Splits a budget. An explicit one is a hard cap on both parts together: half goes to the WebAssembly memory
 * (at least 4 MiB, or all of a smaller budget), reserved at once and never grown, and the rest to GPU content.
 * `auto` starts the WebAssembly memory at 4 MiB and lets it grow as content needs up to an eighth of the
 * device's memory (256 MiB to 1 GiB), and GPU content up to a quarter (256 MiB to 2 GiB).
 */
export function splitBudget(budget: MemoryBudget): BudgetSplit {
  if (budget === 'auto') {
    return {
      memory: AUTO_MEMORY_BYTES,
      memoryLimit: deviceShare(AUTO_MEMORY_SHARE, AUTO_MEMORY_MIN, AUTO_MEMORY_MAX),
      gpu: deviceShare(AUTO_GPU_SHARE, AUTO_GPU_MIN, AUTO_GPU_MAX),
    };
  }
  const memory = Math.max(budget / 2, Math.min(budget, MIN_MEMORY_BYTES));
  return { memory, memoryLimit: memory, gpu: budget - memory };
}

function deviceShare(share: number, min: number, max: number): number {
  const gigabytes = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  const device = typeof gigabytes === 'number' && gigabytes > 0 ? gigabytes * 1024 ** 3 : ASSUMED_DEVICE_BYTES;
  return Math.min(max, Math.max(min, device * share));
}
