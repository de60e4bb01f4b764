/** A scene's `workers` setting: `auto`, or how many workers to start (0 for none). */
export type WorkerSetting = 'auto' | number;

/** The most workers a scene starts. */
export const MAX_WORKERS = 16;
/** `auto` starts one worker per core beyond the main thread's, at most this many. */
const AUTO_WORKERS = 4;

/**
 * How many workers a scene starts: none unless the page is cross-origin isolated (shared memory needs it); with
 * `auto`, one per core beyond the main thread's (at least one, at most AUTO_WORKERS).
 */
export function workerCount(setting: WorkerSetting): number {
  if (!globalThis.crossOriginIsolated || typeof Worker === 'undefined' || typeof SharedArrayBuffer === 'undefined') return 0;
  if (setting !== 'auto') return Math.min(Math.max(Math.floor(setting), 0), MAX_WORKERS);
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.min(Math.max(cores - 1, 1), AUTO_WORKERS);
}
