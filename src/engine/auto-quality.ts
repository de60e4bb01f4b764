// The `quality="auto"` controller on its own: measured frame and GPU times in, a rung out. No DOM, no GPU.

/** One step of `auto`: what it changes from the `high` preset. */
export interface AutoRung {
  readonly renderScale: number;
  readonly msaa: 1 | 4;
  readonly shadowMapSize: number;
  /**
   * The GPU cost of a frame on this rung relative to rung 0, as a fill-bound frame scales: shaded pixels go
   * with the render scale squared; multisampling and the shadow map are rough shares of the rest.
   */
  readonly cost: number;
}

/**
 * The rungs `auto` climbs down when frames are slow, cheapest change first: render scale, then multisampling,
 * then the shadow map size, then shadows off.
 */
export const AUTO_RUNGS: readonly AutoRung[] = [
  { renderScale: 1, msaa: 4, shadowMapSize: 2048, cost: 1 },
  { renderScale: 0.79, msaa: 4, shadowMapSize: 2048, cost: 0.79 ** 2 },
  { renderScale: 0.62, msaa: 4, shadowMapSize: 2048, cost: 0.62 ** 2 },
  { renderScale: 0.5, msaa: 4, shadowMapSize: 2048, cost: 0.5 ** 2 },
  { renderScale: 0.4, msaa: 4, shadowMapSize: 2048, cost: 0.4 ** 2 },
  { renderScale: 0.4, msaa: 1, shadowMapSize: 2048, cost: 0.4 ** 2 * 0.75 },
  { renderScale: 0.4, msaa: 1, shadowMapSize: 1024, cost: 0.4 ** 2 * 0.65 },
  { renderScale: 0.4, msaa: 1, shadowMapSize: 0, cost: 0.4 ** 2 * 0.55 },
];

/** Frames averaged before `auto` judges. */
export const WINDOW_FRAMES = 30;
/** GPU times a window needs to be judged on them (the renderer times one frame in four). */
const MIN_GPU_TIMES = 4;
/** Slower than the budget by more than this factor: a rung down. */
const STEP_DOWN_FACTOR = 1.1;
/**
 * A rung up only when its predicted cost (this rung's measure times the cost ratio of the two rungs) stays
 * this far under the budget: the gap between this and STEP_DOWN_FACTOR is the hysteresis band.
 */
const STEP_UP_FACTOR = 0.85;
/**
 * A rung whose frames missed the target is not tried again for a wait (in windows) that doubles each time it
 * fails, so a wrong prediction costs one window now and then, not a swing every other window.
 */
const FIRST_RETRY_WINDOWS = 4;
const MAX_RETRY_WINDOWS = 256;

/**
 * Chooses the rung of AUTO_RUNGS that holds a frame budget. Fed one drawn frame at a time with its interval
 * and, where the device has timestamp queries, its GPU time; judges the median over WINDOW_FRAMES frames (a
 * stall or a shader compile is one outlier, not a step) and steps one rung at a time. With GPU times it judges the GPU time (the part a lower rung makes cheaper, and
 * one that can be measured below a display-synced frame interval); without them, the frame interval.
 */
export class AutoQuality {
  #rung = 0;
  /** This window's frame intervals and GPU times, sorted in place when judged. */
  readonly #frameTimes = new Float64Array(WINDOW_FRAMES);
  readonly #gpuTimes = new Float64Array(WINDOW_FRAMES);
  #gpuFrames = 0;
  #frames = 0;
  #windows = 0;
  #changes = 0;
  /** Per rung: the window count before which stepping up to it is not tried, and the current wait. */
  readonly #retryAt = new Float64Array(AUTO_RUNGS.length);
  readonly #wait = new Float64Array(AUTO_RUNGS.length).fill(FIRST_RETRY_WINDOWS);

  /** The rung in force (0 = full quality). */
  get rung(): number {
    return this.#rung;
  }

  /** Windows judged since the last reset. */
  get windows(): number {
    return this.#windows;
  }

  /** Rung changes since the last reset. */
  get changes(): number {
    return this.#changes;
  }

  /** Back to rung 0 with no history. */
  reset(): void {
    this.#rung = 0;
    this.#gpuFrames = 0;
    this.#frames = 0;
    this.#windows = 0;
    this.#changes = 0;
    this.#retryAt.fill(0);
    this.#wait.fill(FIRST_RETRY_WINDOWS);
  }

  /**
   * Records one drawn frame: `frameMs` since the last, `gpuMs` its GPU time (NaN when not measured) against
   * `budgetMs` (1000 / fps-target). Returns true when the rung changed. Called once per drawn frame.
   */
  record(frameMs: number, gpuMs: number, budgetMs: number): boolean {
    if (!(frameMs > 0) || !(budgetMs > 0)) return false;
    this.#frameTimes[this.#frames] = frameMs;
    if (gpuMs >= 0) this.#gpuTimes[this.#gpuFrames++] = gpuMs;
    if (++this.#frames < WINDOW_FRAMES) return false;
    const measure = this.#gpuFrames >= MIN_GPU_TIMES
      ? median(this.#gpuTimes, this.#gpuFrames)
      : median(this.#frameTimes, this.#frames);
    this.#gpuFrames = 0;
    this.#frames = 0;
    const window = ++this.#windows;
    const rung = this.#rung;
    if (measure > budgetMs * STEP_DOWN_FACTOR && rung < AUTO_RUNGS.length - 1) {
      this.#retryAt[rung] = window + this.#wait[rung]!;
      this.#wait[rung] = Math.min(this.#wait[rung]! * 2, MAX_RETRY_WINDOWS);
      return this.#step(rung + 1);
    }
    if (rung > 0 && window >= this.#retryAt[rung - 1]!) {
      const predicted = measure * AUTO_RUNGS[rung - 1]!.cost / AUTO_RUNGS[rung]!.cost;
      if (predicted < budgetMs * STEP_UP_FACTOR) return this.#step(rung - 1);
    }
    return false;
  }

  #step(rung: number): boolean {
    this.#rung = rung;
    this.#changes++;
    return true;
  }
}

/**
 * The median of the first `count` values. Sorts the whole array in place with the unused tail set to Infinity
 * (a typed array sorts numerically; a subarray would allocate a view).
 */
function median(values: Float64Array, count: number): number {
  values.fill(Infinity, count);
  values.sort();
  return count % 2 === 1 ? values[count >> 1]! : (values[count / 2 - 1]! + values[count / 2]!) / 2;
}
