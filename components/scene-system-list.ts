import { LayerWError } from '../src/errors.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import type { SystemKernel, SystemOptions } from '../src/systems/scene-systems.js';

/** The lists of connected scenes, so a system file swapped in by hot reload reaches each scene that runs it. */
const lists = new Set<SceneSystemList>();

/**
 * The user systems a `<layerw-scene>` was given (`addSystem`), kept by the element so they survive a restart
 * of the scene's memory (a new budget) and are added to each new runtime once its memory is ready.
 */
export class SceneSystemList {
  readonly #options = new Map<string, SystemOptions>();
  readonly #runtime: () => SceneRuntime | null;

  constructor(runtime: () => SceneRuntime | null) {
    this.#runtime = runtime;
  }

  /** The scene connected (`true`) or disconnected: only connected scenes take hot swaps. */
  connected(connected: boolean): void {
    if (connected) lists.add(this);
    else lists.delete(this);
  }

  /** Adds to `runtime` now if its memory is ready; throws a LayerWError and keeps nothing when refused. */
  add(options: SystemOptions): void {
    const runtime = this.#runtime();
    if (this.#options.has(options?.name)) throw new LayerWError('BAD_ATTRIBUTE', `a system named "${options.name}" already exists`);
    runtime?.systems?.add(options);
    this.#options.set(options.name, options);
  }

  remove(name: string): boolean {
    this.#runtime()?.systems?.remove(name);
    return this.#options.delete(name);
  }

  /** A system that failed is stopped for good: it is not added again to a later runtime. */
  stopped(name: string): void {
    this.#options.delete(name);
  }

  /** Adds every kept system to a runtime whose memory just became ready; a refusal is reported, not thrown. */
  applyTo(runtime: SceneRuntime, report: (error: LayerWError) => void): void {
    for (const options of [...this.#options.values()]) {
      try {
        runtime.systems?.add(options);
      } catch (error) {
        this.#options.delete(options.name);
        report(error instanceof LayerWError ? error : new LayerWError('SYSTEM_FAILED', String(error), { cause: error }));
      }
    }
  }

  /** Replaces the kernel of systems built from `id` in this list and its runtime. */
  swap(id: string, kernel: SystemKernel): number {
    const runtime = this.#runtime();
    for (const [name, options] of this.#options) {
      if (options.kernel?.id === id) this.#options.set(name, { ...options, kernel });
    }
    return runtime?.systems?.swapKernel(id, kernel) ?? 0;
  }

  /** Replaces the kernel of systems built from the system file `id` in every connected scene. */
  static swapEverywhere(id: string, kernel: SystemKernel): number {
    let swapped = 0;
    for (const list of lists) swapped += list.swap(id, kernel);
    return swapped;
  }
}
