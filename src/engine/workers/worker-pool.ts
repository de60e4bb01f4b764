import { LayerWError } from '../../errors.js';
import { CONTROL, JOB_QUIT, PART_FAILED, workerScriptUrl } from './worker-source.js';

/** How long workers may take to load and instantiate the core before the scene gives up on them. */
const START_TIMEOUT_MS = 10_000;
/** How long the main thread waits for a job before it takes the parts back and stops the workers. */
const JOB_TIMEOUT_MS = 1_000;
/** Spins between two looks at the clock while the main thread waits for a job. */
const SPINS_PER_CLOCK_READ = 4096;

/**
 * A scene's workers and the frame barrier they share with the main thread: a control block of Int32 words
 * in a SharedArrayBuffer (see CONTROL). A job is posted by writing its parameters and parts, then bumping the
 * generation word and notifying; the workers wake from Atomics.wait, run their part and count themselves done.
 * The main thread does its own part meanwhile, then spins on the done word: it may not block in Atomics.wait,
 * and a part lasts microseconds to a few milliseconds, shorter than an Atomics.waitAsync round through the
 * event loop. postMessage is used only at setup; a frame allocates nothing.
 */
export class WorkerPool {
  /** Workers running; 0 once the pool is stopped. */
  count = 0;
  readonly words: Int32Array;
  readonly floats: Float32Array;
  readonly #workers: Worker[] = [];
  readonly #control: SharedArrayBuffer;

  private constructor(workers: number) {
    this.#control = new SharedArrayBuffer((CONTROL.parts + (workers + 1) * CONTROL.partWords) * 4);
    this.words = new Int32Array(this.#control);
    this.floats = new Float32Array(this.#control);
  }

  /**
   * Starts `workers` workers over `memory` with the compiled threaded core. Rejects with `LOAD_FAILED` when a
   * worker cannot be made, its script does not load, the core does not instantiate there, or setup takes
   * longer than START_TIMEOUT_MS; the workers already started are stopped then.
   */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, workers: number): Promise<WorkerPool> {
    const pool = new WorkerPool(workers);
    const url = workerScriptUrl();
    try {
      const ready: Promise<void>[] = [];
      for (let index = 0; index < workers; index++) {
        const worker = new Worker(url, { name: `layerw-worker-${index}` });
        pool.#workers.push(worker);
        ready.push(workerReady(worker, index));
        worker.postMessage({ module, memory, control: pool.#control, index });
      }
      await Promise.all(ready);
    } catch (cause) {
      pool.stop();
      throw cause instanceof LayerWError ? cause : new LayerWError('LOAD_FAILED', `a worker could not start: ${String(cause)}`, { cause });
    } finally {
      URL.revokeObjectURL(url);
    }
    pool.count = workers;
    return pool;
  }

  /** The word index of worker `index`'s part (from, to, result); the main thread's own part follows the workers'. */
  part(index: number): number {
    return CONTROL.parts + index * CONTROL.partWords;
  }

  /** Wakes the workers for `job`, whose parameters and parts the caller has written. */
  post(job: number): void {
    const words = this.words;
    words[CONTROL.job] = job;
    Atomics.store(words, CONTROL.done, 0);
    Atomics.add(words, CONTROL.generation, 1);
    Atomics.notify(words, CONTROL.generation);
  }

  /**
   * Waits until every worker has finished the job posted last. Returns false when one did not answer within
   * JOB_TIMEOUT_MS or its kernel failed: the pool is stopped then, and the parts whose result is PART_FAILED
   * (every unfinished one is marked so) are for the caller to redo.
   */
  finish(): boolean {
    const words = this.words;
    const count = this.count;
    let deadline = 0;
    for (let spins = 0; Atomics.load(words, CONTROL.done) < count; spins++) {
      if (spins % SPINS_PER_CLOCK_READ !== SPINS_PER_CLOCK_READ - 1) continue;
      const now = performance.now();
      if (deadline === 0) deadline = now + JOB_TIMEOUT_MS;
      else if (now > deadline) {
        this.stop();
        for (let i = 0; i < count; i++) words[this.part(i) + 2] = PART_FAILED;
        return false;
      }
    }
    for (let i = 0; i < count; i++) {
      if (words[this.part(i) + 2] === PART_FAILED) {
        this.stop();
        return false;
      }
    }
    return true;
  }

  /** Tells the workers to quit and terminates them; the pool runs nothing after this. */
  stop(): void {
    if (this.#workers.length > 0) this.post(JOB_QUIT);
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
    this.count = 0;
  }
}

function workerReady(worker: Worker, index: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new LayerWError('LOAD_FAILED', `worker ${index} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<{ ready?: boolean; error?: string }>) => {
      clearTimeout(timer);
      if (event.data.ready) resolve();
      else reject(new LayerWError('LOAD_FAILED', `worker ${index} could not instantiate the core: ${event.data.error}`));
    };
    worker.onerror = (event: ErrorEvent) => {
      clearTimeout(timer);
      event.preventDefault();
      reject(new LayerWError('LOAD_FAILED', `worker ${index} failed to load: ${event.message || 'its script did not load'}`));
    };
  });
}
