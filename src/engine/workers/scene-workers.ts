// The workers of one scene: its own chunk in the package build, loaded only on cross-origin isolated pages
// whose scenes ask for workers. It brings the threaded core and the worker pool; nothing else loads it.

import { LayerWError } from '../../errors.js';
import type { Walloc, WallocOptions } from '../../memory/walloc.js';
import { threadsBytes } from '../../wasm/threads-bytes.js';
import type { BuiltinSteps } from '../builtin-steps.js';
import { ParallelKernels } from './parallel-kernels.js';
import { WorkerPool } from './worker-pool.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles the threaded core once per page; a failure is not kept, so a later scene tries again. */
export function threadedCore(): Promise<WebAssembly.Module> {
  compiled ??= threadsBytes().then((bytes) => WebAssembly.compile(bytes)).catch((cause: unknown) => {
    compiled = undefined;
    throw cause instanceof LayerWError ? cause : new LayerWError('WASM_UNAVAILABLE', `the threaded core did not compile: ${String(cause)}`, { cause });
  });
  return compiled;
}

/**
 * A scene's memory shared with its workers, and the workers once they have started. Frames run on the main
 * thread alone until then, and for good when they cannot start (with one `LOAD_FAILED` report); the results
 * are the same either way.
 */
export class SceneWorkers {
  readonly walloc: Walloc;
  /** The split kernels, once the workers are ready; undefined before and after a failure. */
  kernels: ParallelKernels | undefined;
  readonly #steps: BuiltinSteps;
  readonly #report: (error: LayerWError) => void;
  #stopped = false;

  private constructor(walloc: Walloc, steps: BuiltinSteps, report: (error: LayerWError) => void) {
    this.walloc = walloc;
    this.#steps = steps;
    this.#report = report;
  }

  /**
   * Reserves the scene's memory with `reserve` (Walloc.create, passed in so this chunk does not carry the
   * memory code the main bundle has) as a shared memory over the threaded core, and starts `workers` workers
   * over it in the background; they take over movement, transforms and culling in `steps` once all are ready.
   * Throws what `reserve` throws, and `WASM_UNAVAILABLE` when the threaded core cannot be had.
   */
  static async create(
    reserve: (core: Pick<WallocOptions, 'module' | 'shared'>) => Promise<Walloc>, workers: number, steps: BuiltinSteps,
    report: (error: LayerWError) => void,
  ): Promise<SceneWorkers> {
    const module = await threadedCore();
    const walloc = await reserve({ module, shared: true });
    const scene = new SceneWorkers(walloc, steps, report);
    void WorkerPool.start(module, walloc.memory, workers).then(
      (pool) => {
        if (scene.#stopped) {
          pool.stop();
          return;
        }
        scene.kernels = new ParallelKernels(walloc, pool, (error) => scene.#fail(error));
        steps.kernels = scene.kernels;
      },
      (error: unknown) => {
        if (!scene.#stopped) scene.#fail(error);
      },
    );
    return scene;
  }

  /** Stops the workers (the scene is going away). */
  stop(): void {
    this.#stopped = true;
    this.kernels?.stop();
    if (this.#steps.kernels === this.kernels) this.#steps.kernels = undefined;
    this.kernels = undefined;
  }

  /** The workers could not start or stopped answering: the scene goes on with one thread, having lost nothing. */
  #fail(error: unknown): void {
    this.kernels?.stop();
    if (this.#steps.kernels === this.kernels) this.#steps.kernels = undefined;
    this.kernels = undefined;
    const cause = error instanceof LayerWError ? error : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    this.#report(new LayerWError('LOAD_FAILED', `workers are off, the scene runs on one thread: ${reason}`, { cause: cause ?? error }));
  }
}
