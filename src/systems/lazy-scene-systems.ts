import { LayerWError } from '../errors.js';
import { onComponentDefined } from './component-registry.js';
import { checkSystemOptions } from './system-checks.js';
import type { SceneComponents } from './scene-components.js';
import type { SceneSystems, SystemKernel, SystemOptions, SystemsHost } from './scene-systems.js';

/** The systems chunk: SceneSystems and SceneComponents, fetched the first time they are wanted. */
type SystemsCode = typeof import('./scene-systems.js');

let loaded: SystemsCode | undefined;
let loading: Promise<SystemsCode> | undefined;
/** The scenes' systems that are waiting for the code, so each makes its component columns when it arrives. */
const live = new Set<LazySceneSystems>();

function loadSceneSystems(): Promise<SystemsCode> {
  loading ??= import('./scene-systems.js').then((module) => {
    loaded = module;
    for (const systems of live) systems.codeArrived(module);
    return module;
  }, (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

// A page that defines a component is about to set it and add systems over it: fetch their code now, so the
// first addSystem finds it and the component values reach the columns.
onComponentDefined(() => void loadSceneSystems().catch(() => undefined));

/** What a scene's systems need from it before their code has arrived: SystemsHost less the component columns. */
export interface LazySystemsHost extends Omit<SystemsHost, 'components'> {
  /** The component columns were made (the code arrived): the values elements hold can be written now. */
  componentsReady(): void;
}

/**
 * A scene's user systems and component columns, with the code that runs them (its own chunk) loaded on first
 * use: when a page defines a component or adds a system. `add` checks the options at once and throws as
 * SceneSystems would; a system added before the code has arrived waits for it and joins the schedule then (a
 * refusal at that point, such as a before/after cycle, is reported as SYSTEM_FAILED). Once the code is on the
 * page, every call goes straight to SceneSystems.
 */
export class LazySceneSystems {
  readonly #host: LazySystemsHost;
  #systems: SceneSystems | undefined;
  #components: SceneComponents | undefined;
  /** Systems added while the code was loading, in the order they were added. */
  readonly #waiting = new Map<string, SystemOptions>();
  #disposed = false;

  constructor(host: LazySystemsHost) {
    this.#host = host;
    if (loaded) this.#make(loaded);
    else live.add(this);
  }

  /** The scene's component columns, once the code has arrived. */
  get components(): SceneComponents | undefined {
    return this.#components;
  }

  /** See SceneSystems.add. */
  add(options: SystemOptions): void {
    if (this.#systems) {
      this.#systems.add(options);
      return;
    }
    checkSystemOptions(options);
    if (this.#waiting.has(options.name)) throw new LayerWError('BAD_ATTRIBUTE', `a system named "${options.name}" already exists`);
    this.#waiting.set(options.name, options);
    loadSceneSystems().then(() => this.#addWaiting(), (cause: unknown) => this.#failed(cause));
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
    live.delete(this);
    this.#waiting.clear();
    this.#systems?.dispose();
    this.#systems = undefined;
  }

  /** The code arrived: the columns and the systems are made, and the elements' component values written. */
  codeArrived(code: SystemsCode): void {
    live.delete(this);
    if (this.#disposed || this.#systems) return;
    this.#make(code);
    this.#host.componentsReady();
  }

  #make(code: SystemsCode): void {
    const components = (this.#components = new code.SceneComponents(this.#host.walloc));
    this.#systems = new code.SceneSystems({ ...this.#host, components });
  }

  #addWaiting(): void {
    if (this.#disposed || this.#waiting.size === 0 || !this.#systems) return;
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
