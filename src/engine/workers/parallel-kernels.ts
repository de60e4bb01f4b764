import type { Walloc } from '../../memory/walloc.js';
import type { CoreExports, FrameKernels } from '../../wasm/exports.js';
import type { StepKernels } from '../builtin-steps.js';
import { CONTROL, JOB_CULL, JOB_MOVE, JOB_TRANSFORM, PART_FAILED } from './worker-source.js';
import type { WorkerPool } from './worker-pool.js';

/** What the threaded core (build/layerw-threads.wasm, assembly/threads.ts) exports beside the plain core. */
export interface ThreadedCoreExports extends CoreExports, FrameKernels {
  moveSlots(dt: number, from: number, to: number): number;
  movingCount(): number;
  transformBegin(): number;
  transformRoots(from: number, to: number): number;
  transformChildren(listed: number): number;
  /** The changed list column's id, for columnAddress. */
  COL_CHANGED_LIST: WebAssembly.Global;
  cullSlots(planes: number, out: number, from: number, to: number): number;
}

/**
 * Below this many slots (moving slots for movement) a step runs on the main thread alone: waking the workers costs tens of
 * microseconds, more than the kernels take over a few thousand slots.
 */
export const DEFAULT_MIN_PARALLEL = 4096;
const NOT_SORTED = 0xffffffff;
/** Slots in one group of the dirty bitset, the unit transformRoots' ranges count in. */
const GROUP_SLOTS = 128;

/**
 * Movement, transforms and frustum culling split across a scene's workers and its main thread. Each step
 * cuts its range into one part per thread (multiples of four, so culling's whole-group stores stay in their
 * part), posts the job, runs the main thread's part, and waits at the barrier. Results are the same as the
 * plain kernels': movement cuts the moving list, whose slots are independent; transforms cut the dirty bitset
 * into ranges of 128-slot groups whose dirty roots each thread recomputes (children run after the barrier,
 * parents first, on the main thread); culling cuts slots. Each part of the changed and visible lists is moved
 * down after the barrier so the lists come out in slot order, as the plain kernels leave them.
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
  readonly #changedList: number;
  #stepItems = -1;
  #stepWorkers = 0;
  #stepSize = 0;

  constructor(walloc: Walloc, pool: WorkerPool, failed: (error: unknown) => void) {
    this.#walloc = walloc;
    this.#core = walloc.core as ThreadedCoreExports;
    this.#pool = pool;
    this.#failed = failed;
    this.#changedList = this.#core.COL_CHANGED_LIST.value >>> 0;
  }

  /** Workers still running (0 after a failure stopped them). */
  get workers(): number {
    return this.#pool.count;
  }

  move(dt: number): number {
    const core = this.#core;
    const end = core.movingCount() >>> 0;
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
    const groups = core.transformBegin() >>> 0;
    if (groups === NOT_SORTED) return;
    if (!this.#splits(groups * GROUP_SLOTS)) {
      core.transformChildren(core.transformRoots(0, groups));
      return;
    }
    const workers = this.#pool.count;
    const mine = this.#cut(0, groups);
    this.#pool.post(JOB_TRANSFORM);
    const own = core.transformRoots(mine, groups) >>> 0;
    this.#finish(JOB_TRANSFORM, 0);
    // Each part listed its roots from entry from * 128 on; moved together they lead the list in slot order.
    const u32 = this.#walloc.u32;
    const base = core.columnAddress(this.#changedList) >>> 2;
    let listed = 0;
    for (let i = 0; i < workers; i++) listed = this.#append(u32, base, listed, this.#pool.part(i), GROUP_SLOTS);
    u32.copyWithin(base + listed, base + mine * GROUP_SLOTS, base + mine * GROUP_SLOTS + own);
    core.transformChildren(listed + own);
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
    for (let i = 0; i < workers; i++) visible = this.#append(u32, base, visible, this.#pool.part(i), 1);
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
    if (job === JOB_TRANSFORM) return core.transformRoots(from, to) >>> 0;
    return core.cullSlots(parameter, this.#pool.words[CONTROL.list]! + from * 4, from, to) >>> 0;
  }

  /**
   * Moves the list part of worker part `part` (written from entry from * `unit` on) to follow the `visible`
   * entries already in place; returns the new count.
   */
  #append(u32: Uint32Array, base: number, visible: number, part: number, unit: number): number {
    const words = this.#pool.words;
    const from = words[part]! * unit;
    const found = words[part + 2]!;
    if (from !== visible) u32.copyWithin(base + visible, base + from, base + from + found);
    return visible + found;
  }
}
