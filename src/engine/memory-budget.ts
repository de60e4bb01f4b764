// How a scene's `memory-budget` is shared between its WebAssembly memory (WALLOC) and the GPU bytes of its
// content (model buffers and textures).

/** A scene's budget: a hard cap in bytes, or `auto`. */
export type MemoryBudget = number | 'auto';

/** The WebAssembly memory of an `auto` scene: what the default budget reserved before `auto` existed. */
export const AUTO_MEMORY_BYTES = 64e6;
/** An explicit budget gives at least this much (or all of itself, when smaller) to the WebAssembly memory. */
const MIN_MEMORY_BYTES = 4 * 1024 * 1024;
/** The share of the device's memory an `auto` scene lets its content take on the GPU, and its bounds. */
const AUTO_GPU_SHARE = 1 / 4;
const AUTO_GPU_MIN = 256 * 1024 * 1024;
const AUTO_GPU_MAX = 2 * 1024 * 1024 * 1024;
/** Device memory assumed where the browser does not say (navigator.deviceMemory is Chromium-only). */
const ASSUMED_DEVICE_BYTES = 4 * 1024 ** 3;

/** The two parts of a budget: bytes reserved for the WebAssembly memory, bytes allowed for GPU content. */
export interface BudgetSplit {
  memory: number;
  gpu: number;
}

/**
 * Splits a budget. An explicit one is a hard cap on both parts together: half goes to the WebAssembly memory
 * (at least 4 MiB, or all of a smaller budget) and the rest to GPU content. `auto` reserves 64 MB and lets
 * content grow on the GPU as it needs, up to a quarter of the device's memory (256 MiB to 2 GiB).
 */
export function splitBudget(budget: MemoryBudget): BudgetSplit {
  if (budget === 'auto') return { memory: AUTO_MEMORY_BYTES, gpu: autoGpuBytes() };
  const memory = Math.max(budget / 2, Math.min(budget, MIN_MEMORY_BYTES));
  return { memory, gpu: budget - memory };
}

function autoGpuBytes(): number {
  const gigabytes = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  const device = typeof gigabytes === 'number' && gigabytes > 0 ? gigabytes * 1024 ** 3 : ASSUMED_DEVICE_BYTES;
  return Math.min(AUTO_GPU_MAX, Math.max(AUTO_GPU_MIN, device * AUTO_GPU_SHARE));
}
