import type { Walloc } from '../../memory/walloc.js';
import type { CoreExports } from '../../wasm/exports.js';
import type { StepKernels } from '../builtin-steps.js';
import { CONTROL, JOB_CULL, JOB_MOVE, JOB_TRANSFORM, PART_FAILED } from './worker-source.js';
import type { WorkerPool } from './worker-pool.js';

/** What the threaded core (build/layerw-threads.wasm, assembly/threads.ts) exports beside the plain core. */
export interface ThreadedCoreExports extends CoreExports {
  moveSlots(dt: number, from: number, to: number): number;
  transformOrder(force: number, from: number, to: number): number;
  hierarchyRoots(): number;
  orderCount(): number;
  cullSlots(planes: number, out: number, from: number, to: number): number;
}

/**
 * Below this many slots (or roots) a step runs on the main thread alone: waking the workers costs tens of
 * microseconds, more than the kernels take over a few thousand slots.
 */
export const DEFAULT_MIN_PARALLEL = 4096;
const NO_ROOTS = 0xffffffff;

/**
 * Movement, transforms and frustum culling split across a scene's workers and its main thread. Each step
 * cuts its range into one part per thread (multiples of four slots, so culling's whole-group stores stay in
 * their part), posts the job, runs the main thread's part, and waits at the barrier. Results are the same as
 * the plain kernels': slots are independent within a step, transforms split only the roots (children run after
 * the barrier, parents first), and culled parts are moved together in slot order.
 */
export class ParallelKernels implements StepKernels {
  /** Steps below this many slots stay on the main thread; tests lower it to make small scenes split. */
  minParallel = DEFAULT_MIN_PARALLEL;
  /** Steps that ran split across the workers since the scene started. */
  parallelSteps = 0;
  readonly #walloc: Walloc;
  readonly #core: ThreadedCoreExports;
  readonly #pool: WorkerPool;
  readonly #failed: (error: unknown) => void;
  #stepItems = -1;
  #stepWorkers = 0;
  #stepSize = 0;

  constructor(walloc: Walloc, pool: WorkerPool, failed: (error: unknown) => void) {
    this.#walloc = walloc;
    this.#core = walloc.core as ThreadedCoreExports;
    this.#pool = pool;
    this.#failed = failed;
  }

  /** Workers still running (0 after a failure stopped them). */
  get workers(): number {
    return this.#pool.count;
  }

  move(dt: number): number {
    const core = this.#core;
    const end = core.slotEnd() >>> 0;
    if (!this.#splits(end)) return core.moveObjects(dt) >>> 0;
    this.#pool.floats[CONTROL.dt] = dt;
    const mine = this.#cut(0, end);
    this.#pool.post(JOB_MOVE);
    let moved = core.moveSlots(dt, mine, end) >>> 0;
    moved += this.#finish(JOB_MOVE, dt);
    return moved;
  }

  transform(): void {
    const core = this.#core;
    const roots = core.hierarchyRoots() >>> 0;
    if (roots === NO_ROOTS) return;
    const count = core.orderCount() >>> 0;
    if (!this.#splits(roots)) {
      core.transformOrder(0, 0, count);
      return;
    }
    const mine = this.#cut(0, roots);
    this.#pool.post(JOB_TRANSFORM);
    core.transformOrder(0, mine, roots);
    this.#finish(JOB_TRANSFORM, 0);
    core.transformOrder(0, roots, count);
  }

  cull(planes: number, list: number): number {
    const core = this.#core;
    const end = core.slotEnd() >>> 0;
    if (!this.#splits(end)) return core.cullSimd(planes, list) >>> 0;
    const words = this.#pool.words;
    words[CONTROL.planes] = planes;
    words[CONTROL.list] = list;
    const workers = this.#pool.count;
    const mine = this.#cut(0, end);
    this.#pool.post(JOB_CULL);
    const own = core.cullSlots(planes, list + mine * 4, mine, end) >>> 0;
    this.#finish(JOB_CULL, planes);
    // Move each part down to where the one before it ended; parts are in slot order, so the list is ascending.
    const u32 = this.#walloc.u32;
    const base = list >>> 2;
    let visible = 0;
    for (let i = 0; i < workers; i++) visible = this.#append(u32, base, visible, this.#pool.part(i));
    u32.copyWithin(base + visible, base + mine, base + mine + own);
    return visible + own;
  }

  /** Stops the workers; the kernels then run on the main thread only. */
  stop(): void {
    this.#pool.stop();
  }

  #splits(items: number): boolean {
    return this.#pool.count > 0 && items >= this.minParallel;
  }

  /** Writes each worker's part of [from, to) and returns where the main thread's own (last) part starts. */
  #cut(from: number, to: number): number {
    const words = this.#pool.words;
    const step = this.#step(to - from);
    let at = from;
    for (let i = 0; i < this.#pool.count; i++) {
      const part = this.#pool.part(i);
      const end = Math.min(at + step, to);
      words[part] = at;
      words[part + 1] = end;
      at = end;
    }
    this.parallelSteps++;
    return at;
  }

  /**
   * Slots per worker for `items`: a whole number of groups of four, the threads' shares as equal as that allows.
   * Kept for the last `items` and worker count, so a steady frame does no division (whose fractional result
   * unoptimised code would box on the heap).
   */
  #step(items: number): number {
    if (items !== this.#stepItems || this.#pool.count !== this.#stepWorkers) {
      this.#stepItems = items;
      this.#stepWorkers = this.#pool.count;
      this.#stepSize = Math.ceil(items / (this.#pool.count + 1) / 4) * 4;
    }
    return this.#stepSize;
  }

  /** Waits at the barrier; parts a failed or silent worker left are run here. Returns the workers' result sum. */
  #finish(job: number, parameter: number): number {
    const pool = this.#pool;
    const count = pool.count;
    const healthy = pool.finish();
    const words = pool.words;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const part = pool.part(i);
      if (words[part + 2] === PART_FAILED) words[part + 2] = this.#redo(job, parameter, words[part]!, words[part + 1]!);
      if (job === JOB_MOVE) sum += words[part + 2]!;
    }
    if (!healthy) this.#failed(new Error('a worker failed or stopped answering; the scene runs on one thread'));
    return sum;
  }

  #redo(job: number, parameter: number, from: number, to: number): number {
    const core = this.#core;
    if (job === JOB_MOVE) return core.moveSlots(parameter, from, to) >>> 0;
    if (job === JOB_TRANSFORM) return core.transformOrder(0, from, to) >>> 0;
    return core.cullSlots(parameter, this.#pool.words[CONTROL.list]! + from * 4, from, to) >>> 0;
  }

  /** Moves the culled part at `part` to follow the `visible` entries already in place; returns the new count. */
  #append(u32: Uint32Array, base: number, visible: number, part: number): number {
    const words = this.#pool.words;
    const from = words[part]!;
    const found = words[part + 2]!;
    if (from !== visible) u32.copyWithin(base + visible, base + from, base + from + found);
    return visible + found;
  }
}
