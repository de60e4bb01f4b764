import { LayerWError } from '../errors.js';
import { Walloc, type WallocOptions } from '../memory/walloc.js';
import type { BuiltinSteps } from './builtin-steps.js';
import { workerCount, type WorkerSetting } from './workers/worker-setting.js';
import type { SceneWorkers } from './workers/scene-workers.js';

/** A scene's memory, and the workers that share it when it has them. */
export interface SceneMemory {
  readonly walloc: Walloc;
  readonly workers?: SceneWorkers;
}

/**
 * The scene's memory: shared with workers when the page is cross-origin isolated and `workers` allows (their
 * code is its own chunk), otherwise the plain core's. When the threaded core cannot be had, the scene says so
 * once through `report` and goes on without workers.
 */
export async function createSceneMemory(options: WallocOptions, setting: WorkerSetting, builtins: BuiltinSteps,
  report: (error: LayerWError) => void): Promise<SceneMemory> {
  const count = workerCount(setting);
  if (count > 0) {
    try {
      const { SceneWorkers } = await import('./workers/scene-workers.js');
      const workers = await SceneWorkers.create((core) => Walloc.create({ ...options, ...core }), count, builtins, report);
      return { walloc: workers.walloc, workers };
    } catch (error) {
      if (error instanceof LayerWError && error.code !== 'WASM_UNAVAILABLE') throw error;
      report(new LayerWError('LOAD_FAILED', `workers are off, the scene runs on one thread: ${String(error)}`, { cause: error }));
    }
  }
  return { walloc: await Walloc.create(options) };
}
