import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { FLOAT_COLUMNS, UINT_COLUMNS, type FloatColumn, type UintColumn } from '../memory/columns.js';
import type { FrameClock, FrameSchedule, FrameStep, Phase } from '../engine/frame-schedule.js';
import type { ColumnArray, SceneComponents } from './scene-components.js';
import { componentDefinition } from './component-registry.js';
import { bindSystemMemory } from './system-memory.js';
import type { SandboxColumn } from './quickjs-system.js';
import { checkSystemOptions, DEFAULT_SANDBOX_BUDGET_MS } from './system-checks.js';

/** The phases a user system may run in; the engine owns transform, cull and render. */
export type SystemPhase = Extract<Phase, 'input' | 'simulate' | 'animate'>;

/**
 * What a TypeScript system's `run` receives: each declared column as a typed array over the whole column (slot
 * `s` of a column with `k` numbers per object is `[s * k, s * k + k)`), and `slots`, the matching live slots.
 * Zero copy: writes go straight to the scene's memory.
 */
export interface SystemColumns {
  readonly slots: Uint32Array;
  readonly [column: string]: ColumnArray;
}

/**
 * A system compiled from a system file: JavaScript during development, WebAssembly in a production build
 * (`layerw/vite`, `npx layerw build-system`). Its `run(count, dt, slots, ...columns)` gets addresses: the slot
 * list's, then each declared column's slot 0, in the order of `columns` (or reads then writes).
 */
export type SystemKernel =
  | { readonly kind: 'js'; readonly id?: string; run(count: number, dt: number, slots: number, ...columns: number[]): void }
  | { readonly kind: 'wasm'; readonly id?: string; readonly bytes: BufferSource };

/** The most columns a kernel system takes (its arguments after count, dt and slots). */
export const MAX_KERNEL_COLUMNS = 8;

/** What `scene.addSystem` takes. */
export interface SystemOptions {
  readonly name: string;
  /** `simulate` when left out. */
  readonly phase?: SystemPhase;
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  /** User components a slot must have (set on it) to be visited. */
  readonly with?: readonly string[];
  /** User components a slot must not have. */
  readonly without?: readonly string[];
  readonly before?: readonly string[];
  readonly after?: readonly string[];
  /** A TypeScript system over zero-copy views. */
  readonly run?: (columns: SystemColumns, count: number, dt: number) => void;
  /** A system file's kernel (JavaScript or WebAssembly). */
  readonly kernel?: SystemKernel;
  /** The kernel's column arguments in order; reads then writes (each once) when left out. */
  readonly columns?: readonly string[];
  /**
   * Untrusted source text run in a sandbox, with `sandbox: 'quickjs'`. It defines `function run(columns, count,
   * dt)`; `columns` holds a copy of each declared column packed per matching slot (object `i` of a column with
   * `k` numbers per object is `[i * k, i * k + k)`) and `slots`; the written columns are copied back after the run.
   */
  readonly source?: string;
  readonly sandbox?: 'quickjs';
  /** Milliseconds a sandboxed system may run per frame before it is interrupted; 50 when left out. */
  readonly budgetMs?: number;
}

export { DEFAULT_SANDBOX_BUDGET_MS };
// The component columns come with this chunk: a scene makes them once a page defines a component or adds a system.
export { SceneComponents } from './scene-components.js';

/** What the systems of a scene need from it. */
export interface SystemsHost {
  readonly walloc: Walloc;
  readonly schedule: FrameSchedule;
  readonly components: SceneComponents;
  /** Reports an error (SYSTEM_FAILED, BUDGET_EXCEEDED, ...) on the scene. */
  report(error: LayerWError): void;
  /** The system `name` failed and was stopped. */
  stopped(name: string): void;
  /** Something changed: draw a frame. */
  requestDraw(): void;
}

/**
 * Columns whose change the frame must see: writing them marks the visited slots dirty, so transforms recompute
 * their world matrices and the GPU gets their instance data again.
 */
const INSTANCE_COLUMNS = new Set(['position', 'rotation', 'scale', 'color', 'material', 'emissive']);

/** The user systems of one scene, each a step in the scene's frame schedule. */
export class SceneSystems {
  readonly #host: SystemsHost;
  readonly #systems = new Map<string, SystemStep>();

  constructor(host: SystemsHost) {
    this.#host = host;
  }

  /**
   * Adds a system; throws a LayerWError (BAD_ATTRIBUTE for bad options, SYSTEM_FAILED for a schedule cycle)
   * and changes nothing when the options cannot be used.
   */
  add(options: SystemOptions): void {
    const step = new SystemStep(this.#host, options, () => {
      this.remove(options.name);
      this.#host.stopped(options.name);
    });
    this.#host.schedule.add(step);
    try {
      step.start();
    } catch (error) {
      this.#host.schedule.remove(step.name);
      throw error;
    }
    this.#systems.set(options.name, step);
    this.#host.requestDraw();
  }

  /** Stops and removes the system named `name`; returns whether there was one. */
  remove(name: string): boolean {
    const step = this.#systems.get(name);
    if (!step) return false;
    this.#systems.delete(name);
    this.#host.schedule.remove(name);
    step.dispose();
    return true;
  }

  /** Replaces the kernel of every system built from `id` (a system file swapped in by hot reload). */
  swapKernel(id: string, kernel: SystemKernel): number {
    let swapped = 0;
    for (const step of this.#systems.values()) if (step.swap(id, kernel)) swapped++;
    return swapped;
  }

  /** Names of the running systems. */
  get names(): string[] {
    return [...this.#systems.keys()];
  }

  /** Milliseconds the system `name` took in its last frame, for tools and demos. */
  lastTime(name: string): number {
    return this.#systems.get(name)?.lastTime ?? 0;
  }

  dispose(): void {
    for (const name of [...this.#systems.keys()]) this.remove(name);
  }
}

/** The runner that carries out one system each frame over the slot list. */
export interface SystemRunner {
  /** Whether it reaches memory by address (a system file's kernel), not through views bounded to columns. */
  readonly addressesMemory: boolean;
  run(count: number, dt: number, list: number): void;
  /** Takes the columns' new addresses (in the order it was given them) after the memory was laid out again. */
  relocate?(addresses: readonly number[]): void;
  dispose?(): void;
}

/** One user system as a frame step. */
class SystemStep implements FrameStep {
  readonly name: string;
  readonly phase: Phase;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly before?: readonly string[];
  readonly after?: readonly string[];
  lastTime = 0;
  readonly #host: SystemsHost;
  readonly #options: SystemOptions;
  readonly #stop: () => void;
  readonly #withMask: number;
  readonly #withoutMask: number;
  readonly #marksDirty: boolean;
  #runner: SystemRunner | null = null;
  /** The memory's layout count the runner's addresses were taken at. */
  #layout = -1;
  #stopped = false;

  constructor(host: SystemsHost, options: SystemOptions, stop: () => void) {
    const checked = checkSystemOptions(options);
    this.name = options.name;
    this.phase = checked.phase;
    this.reads = options.reads ?? [];
    this.writes = options.writes ?? [];
    this.before = options.before;
    this.after = options.after;
    this.#host = host;
    this.#options = options;
    this.#stop = stop;
    this.#withMask = checked.withMask;
    this.#withoutMask = checked.withoutMask;
    this.#marksDirty = this.writes.some((column) => INSTANCE_COLUMNS.has(column));
  }

  /** Makes the runner: at once for TypeScript and JavaScript, after loading for WebAssembly and QuickJS. */
  start(): void {
    const options = this.#options;
    const columns = options.columns ?? [...new Set([...this.reads, ...this.writes])];
    if (options.run) {
      this.#runner = new ViewRunner(this.#host, options.run, columns);
    } else if (options.kernel) {
      this.#startKernel(options.kernel, columns);
    } else {
      this.#startSandbox(options.source!, columns);
    }
  }

  /** Takes `kernel` instead of the current one if this system was built from the file `id`. */
  swap(id: string, kernel: SystemKernel): boolean {
    if (this.#options.kernel?.id !== id || this.#stopped) return false;
    this.#startKernel(kernel, this.#options.columns ?? [...new Set([...this.reads, ...this.writes])]);
    return true;
  }

  dispose(): void {
    this.#stopped = true;
    this.#runner?.dispose?.();
    this.#runner = null;
  }

  run(clock: FrameClock): boolean {
    const runner = this.#runner;
    if (!runner || this.#stopped) return false;
    const walloc = this.#host.walloc;
    const core = walloc.core;
    if (walloc.layout !== this.#layout) this.#relocate(runner);
    const list = walloc.frameAlloc('scratch', Math.max(core.slotEnd() >>> 0, 1) * 4);
    if (list === 0) {
      this.#fail(new LayerWError('BUDGET_EXCEEDED', `system "${this.name}": this frame's slot list does not fit the scratch region`));
      return false;
    }
    const count = core.selectSlots(this.#withMask, this.#withoutMask, list) >>> 0;
    const started = performance.now();
    try {
      runner.run(count, clock.dt, list);
      // A kernel addresses the whole memory: a write past its columns is caught here, and named, before any
      // other step reads what it overwrote.
      if (runner.addressesMemory) walloc.checkGuards();
    } catch (error) {
      this.#fail(error);
      return false;
    }
    this.lastTime = performance.now() - started;
    if (this.#marksDirty && count > 0) core.markSlotsDirty(list, count);
    return count > 0;
  }

  /** Hands a runner that keeps addresses the columns' places in the memory as laid out now. */
  #relocate(runner: SystemRunner): void {
    this.#layout = this.#host.walloc.layout;
    if (!runner.relocate) return;
    const columns = this.#options.columns ?? [...new Set([...this.reads, ...this.writes])];
    runner.relocate(columns.map((column) => columnAddress(this.#host, column)));
  }

  #startKernel(kernel: SystemKernel, columns: readonly string[]): void {
    if (columns.length > MAX_KERNEL_COLUMNS) {
      throw new LayerWError('BAD_ATTRIBUTE', `system "${this.name}": a kernel takes at most ${MAX_KERNEL_COLUMNS} columns`);
    }
    const addresses = columns.map((column) => columnAddress(this.#host, column));
    if (kernel.kind === 'js') {
      this.#ready(new KernelRunner(this.#host.walloc.memory, kernel.run, addresses));
      return;
    }
    const memory = this.#host.walloc.memory;
    void WebAssembly.instantiate(kernel.bytes, { env: { memory, abort: wasmAbort } }).then(({ instance }) => {
      const run = instance.exports['run'];
      if (typeof run !== 'function') throw new LayerWError('SYSTEM_FAILED', `system "${this.name}": the WebAssembly module exports no run function`);
      this.#ready(new KernelRunner(null, run as KernelRunner['kernel'], addresses));
    }).catch((error: unknown) => this.#fail(error));
  }

  #startSandbox(source: string, names: readonly string[]): void {
    const host = this.#host;
    const columns: SandboxColumn[] = names.map((column) => {
      const builtin = builtinView(host.walloc.columns, column);
      const definition = componentDefinition(column);
      return {
        name: column,
        address: columnAddress(host, column),
        size: builtin ? host.walloc.columns.components[column as FloatColumn | UintColumn] : definition!.size,
        type: builtin ? (builtin instanceof Float32Array ? 'f32' : 'u32') : definition!.type,
        written: this.writes.includes(column),
      };
    });
    const budget = this.#options.budgetMs ?? DEFAULT_SANDBOX_BUDGET_MS;
    void import('./quickjs-system.js')
      .then(({ createQuickJsRunner }) => createQuickJsRunner(host.walloc, this.name, source, columns, budget))
      .then((runner) => this.#ready(runner))
      .catch((error: unknown) => this.#fail(error));
  }

  #ready(runner: SystemRunner): void {
    if (this.#stopped) {
      runner.dispose?.();
      return;
    }
    this.#runner?.dispose?.();
    this.#runner = runner;
    this.#layout = -1;
    this.#host.requestDraw();
  }

  /**
   * Stops this system and reports SYSTEM_FAILED on the scene, or MEMORY_CORRUPTED when it wrote over a guard
   * word; the frame goes on.
   */
  #fail(error: unknown): void {
    if (this.#stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof LayerWError && error.code === 'MEMORY_CORRUPTED' ? 'MEMORY_CORRUPTED' : 'SYSTEM_FAILED';
    this.#host.report(new LayerWError(code, `system "${this.name}" stopped: ${message}`, { cause: error }));
    this.#stop();
  }
}

/** A TypeScript system over views: the same views object every frame, re-derived when the memory grows. */
class ViewRunner implements SystemRunner {
  readonly addressesMemory = false;
  readonly #host: SystemsHost;
  readonly #run: NonNullable<SystemOptions['run']>;
  readonly #names: readonly string[];
  readonly #views: Record<string, ColumnArray> = {};
  #growth = -1;
  #list = -1;

  constructor(host: SystemsHost, run: NonNullable<SystemOptions['run']>, names: readonly string[]) {
    this.#host = host;
    this.#run = run;
    this.#names = names;
  }

  run(count: number, dt: number, list: number): void {
    const walloc = this.#host.walloc;
    if (walloc.growth !== this.#growth || list !== this.#list) this.#refresh(list);
    this.#run(this.#views as unknown as SystemColumns, count, dt);
  }

  #refresh(list: number): void {
    const walloc = this.#host.walloc;
    this.#growth = walloc.growth;
    this.#list = list;
    const columns = walloc.columns;
    for (const name of this.#names) this.#views[name] = builtinView(columns, name) ?? this.#host.components.column(name);
    this.#views['slots'] = new Uint32Array(walloc.memory.buffer, list, columns.capacity);
  }
}

/** A system file's kernel; `memory` is bound for the JavaScript form so its accessors reach the scene. */
class KernelRunner implements SystemRunner {
  readonly addressesMemory = true;
  readonly #memory: WebAssembly.Memory | null;
  readonly kernel: (count: number, dt: number, slots: number, ...columns: number[]) => void;
  readonly #a: number[];

  constructor(memory: WebAssembly.Memory | null, kernel: KernelRunner['kernel'], addresses: readonly number[]) {
    this.#memory = memory;
    this.kernel = kernel;
    this.#a = [...addresses, ...new Array<number>(MAX_KERNEL_COLUMNS - addresses.length).fill(0)];
  }

  relocate(addresses: readonly number[]): void {
    for (let i = 0; i < addresses.length; i++) this.#a[i] = addresses[i]!;
  }

  run(count: number, dt: number, list: number): void {
    if (this.#memory) bindSystemMemory(this.#memory);
    const a = this.#a;
    // Fixed arity, no spread: a call per frame allocates nothing.
    this.kernel(count, dt, list, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!);
  }
}

function builtinView(columns: Walloc['columns'], name: string): ColumnArray | undefined {
  if ((FLOAT_COLUMNS as readonly string[]).includes(name)) return columns.float[name as FloatColumn];
  if ((UINT_COLUMNS as readonly string[]).includes(name)) return columns.uint[name as UintColumn];
  return undefined;
}

/** The address of slot 0 of a built-in or user column. */
export function columnAddress(host: SystemsHost, name: string): number {
  const view = builtinView(host.walloc.columns, name);
  return view ? view.byteOffset : host.components.address(name);
}

function wasmAbort(): never {
  throw new LayerWError('SYSTEM_FAILED', 'a WebAssembly system aborted');
}
