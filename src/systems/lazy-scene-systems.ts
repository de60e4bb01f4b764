import { LayerWError } from '../errors.js';
import { onComponentDefined } from './component-registry.js';
import { checkSystemOptions } from './system-checks.js';
import type { SceneSystems, SystemKernel, SystemOptions, SystemsHost } from './scene-systems.js';

/** SceneSystems once its module is loaded: its own chunk in the package build, fetched the first time it is wanted. */
let loaded: typeof SceneSystems | undefined;
let loading: Promise<typeof SceneSystems> | undefined;

function loadSceneSystems(): Promise<typeof SceneSystems> {
  loading ??= import('./scene-systems.js').then((module) => (loaded = module.SceneSystems), (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

// A page that defines a component is about to add systems over it: fetch their code now, so the first
// addSystem finds it.
onComponentDefined(() => void loadSceneSystems().catch(() => undefined));

/**
 * A scene's user systems, with the code that runs them loaded on first use. `add` checks the options at once
 * and throws as SceneSystems would; a system added before the code has arrived waits for it and joins the
 * schedule then (a refusal at that point, such as a before/after cycle, is reported as SYSTEM_FAILED). Once the
 * code is on the page, every call goes straight to SceneSystems.
 */
export class LazySceneSystems {
  readonly #host: SystemsHost;
  #systems: SceneSystems | undefined;
  /** Systems added while the code was loading, in the order they were added. */
  readonly #waiting = new Map<string, SystemOptions>();
  #disposed = false;

  constructor(host: SystemsHost) {
    this.#host = host;
    if (loaded) this.#systems = new loaded(host);
  }

  /** See SceneSystems.add. */
  add(options: SystemOptions): void {
    if (this.#systems) {
      this.#systems.add(options);
      return;
    }
    checkSystemOptions(options, this.#host.components);
    if (this.#waiting.has(options.name)) throw new LayerWError('BAD_ATTRIBUTE', `a system named "${options.name}" already exists`);
    this.#waiting.set(options.name, options);
    loadSceneSystems().then((systems) => this.#arrived(systems), (cause: unknown) => this.#failed(cause));
  }

  /** Stops and removes the system named `name`; returns whether there was one. */
  remove(name: string): boolean {
    return this.#waiting.delete(name) || (this.#systems?.remove(name) ?? false);
  }

  /** See SceneSystems.swapKernel. */
  swapKernel(id: string, kernel: SystemKernel): number {
    let swapped = 0;
    for (const [name, options] of this.#waiting) {
      if (options.kernel?.id !== id) continue;
      this.#waiting.set(name, { ...options, kernel });
      swapped++;
    }
    return swapped + (this.#systems?.swapKernel(id, kernel) ?? 0);
  }

  /** Names of the systems, running or waiting for their code. */
  get names(): string[] {
    return [...(this.#systems?.names ?? []), ...this.#waiting.keys()];
  }

  /** See SceneSystems.lastTime. */
  lastTime(name: string): number {
    return this.#systems?.lastTime(name) ?? 0;
  }

  dispose(): void {
    this.#disposed = true;
    this.#waiting.clear();
    this.#systems?.dispose();
    this.#systems = undefined;
  }

  #arrived(systems: typeof SceneSystems): void {
    if (this.#disposed || this.#waiting.size === 0) return;
    this.#systems ??= new systems(this.#host);
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const options of waiting) {
      try {
        this.#systems.add(options);
      } catch (error) {
        this.#refuse(options.name, error);
      }
    }
  }

  #failed(cause: unknown): void {
    if (this.#disposed) return;
    const names = [...this.#waiting.keys()];
    this.#waiting.clear();
    for (const name of names) this.#refuse(name, new LayerWError('LOAD_FAILED', 'the systems code did not load', { cause }));
  }

  #refuse(name: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#host.report(new LayerWError('SYSTEM_FAILED', `system "${name}" stopped: ${message}`, { cause: error }));
    this.#host.stopped(name);
  }
}
