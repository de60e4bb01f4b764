/** A scene's `workers` setting: `auto`, or how many workers to start (0 for none). */
export type WorkerSetting = 'auto' | number;

/** The most workers a scene starts. */
export const MAX_WORKERS = 16;
/** `auto` starts at most this many. */
const AUTO_WORKERS = 4;

/**
 * How many workers a scene starts: none unless the page is cross-origin isolated (shared memory needs it); the
 * count `setting` asks for; with `auto`, one per core beyond two (the main thread's and one for the browser's
 * own threads: compositor, GPU process), at most AUTO_WORKERS. On two cores `auto` starts none: measured there,
 * a worker competing with them made the frame's kernels slower, not faster (bench/workers.bench.ts).
 */
export function workerCount(setting: WorkerSetting): number {
  if (!globalThis.crossOriginIsolated) return 0;
  return setting === 'auto' ? Math.min(Math.max((navigator.hardwareConcurrency || 2) - 2, 0), AUTO_WORKERS) : setting;
}
