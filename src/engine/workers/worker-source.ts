// The body of a scene worker. It runs from a blob: URL made from this function's text, so the package needs no
// separate worker file, no bundler configuration and no second request: the compiled core and the shared
// memory arrive in the one setup message.

/** Word indices of the control block shared by a scene's main thread and its workers. */
export const CONTROL = {
  /** Bumped by the main thread for each job; workers sleep on it with Atomics.wait. */
  generation: 0,
  /** The job: one of JOB_*. */
  job: 1,
  /** Parts finished; the main thread waits until every worker has added one. */
  done: 2,
  /** Seconds to move by (as f32). */
  dt: 3,
  /** The address of the frustum planes, for culling. */
  planes: 4,
  /** The address of the visible list; each part writes from list + from * 4. */
  list: 5,
  /** Where the per-thread parts start: from, to, result, spare (four words each). */
  parts: 8,
  partWords: 4,
} as const;

/** Jobs a worker runs. */
export const JOB_MOVE = 1;
export const JOB_TRANSFORM = 2;
export const JOB_CULL = 3;
export const JOB_QUIT = 4;
/** A part's result when the kernel threw in the worker: the main thread redoes that part. */
export const PART_FAILED = -1;

/** The message that sets a worker up: the core compiled once per page and the scene's shared memory. */
export interface WorkerSetup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
}

/** What the worker uses of its global scope (the DOM library types `self` as a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerSetup>) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

interface ThreadKernels {
  attachThread(): void;
  moveSlots(dt: number, from: number, to: number): number;
  transformRoots(from: number, to: number): number;
  cullSlots(planes: number, out: number, from: number, to: number): number;
}

/**
 * Instantiates the core over the shared memory, answers `{ ready: true }` (or `{ error }`), then loops: sleeps
 * until the generation word moves, runs its part of the job, stores the result and counts itself done. Kept free
 * of references outside its own body: its text is the worker's whole script.
 */
function workerMain(control: typeof CONTROL, jobs: readonly [number, number, number, number], failed: number): void {
  const [MOVE, TRANSFORM, CULL, QUIT] = jobs;
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (event: MessageEvent<WorkerSetup>) => {
    const { module, memory, index } = event.data;
    let core: ThreadKernels;
    try {
      const abort = (): never => { throw new Error('the WebAssembly core hit an internal assertion'); };
      core = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as ThreadKernels;
      core.attachThread();
    } catch (error) {
      scope.postMessage({ error: String(error) });
      return;
    }
    const words = new Int32Array(event.data.control);
    const floats = new Float32Array(event.data.control);
    const part = control.parts + index * control.partWords;
    scope.postMessage({ ready: true });
    let seen = Atomics.load(words, control.generation);
    for (;;) {
      Atomics.wait(words, control.generation, seen);
      seen = Atomics.load(words, control.generation);
      const job = words[control.job];
      if (job === QUIT) break;
      const from = words[part]!, to = words[part + 1]!;
      let result = 0;
      try {
        if (job === MOVE) result = core.moveSlots(floats[control.dt]!, from, to);
        else if (job === TRANSFORM) result = core.transformRoots(from, to);
        else if (job === CULL) result = core.cullSlots(words[control.planes]!, words[control.list]! + from * 4, from, to);
      } catch {
        result = failed;
      }
      words[part + 2] = result;
      Atomics.add(words, control.done, 1);
    }
    scope.close();
  };
}

/** A blob: URL for the worker script; the caller revokes it once its workers have started. */
export function workerScriptUrl(): string {
  const args = [JSON.stringify(CONTROL), JSON.stringify([JOB_MOVE, JOB_TRANSFORM, JOB_CULL, JOB_QUIT]), PART_FAILED].join(',');
  const source = `(${workerMain.toString()})(${args});`;
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}
