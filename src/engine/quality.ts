import type { RenderQuality } from '../gpu/frame-input.js';

export const QUALITY_LEVELS = ['low', 'medium', 'high', 'ultra'] as const;
export type QualityLevel = (typeof QUALITY_LEVELS)[number];
/** The `quality` attribute: a fixed level, or `auto` to hold the frame-rate target. */
export type QualitySetting = QualityLevel | 'auto';

/** What each level buys: render scale, multisampling, shadow-map edge and shaded lights. */
export const QUALITY_PRESETS: Readonly<Record<QualityLevel, Readonly<RenderQuality>>> = {
  low: { renderScale: 0.5, msaa: 1, shadowMapSize: 0, maxLights: 2 },
  medium: { renderScale: 0.75, msaa: 1, shadowMapSize: 1024, maxLights: 4 },
  high: { renderScale: 1, msaa: 4, shadowMapSize: 2048, maxLights: 8 },
  ultra: { renderScale: 1, msaa: 4, shadowMapSize: 4096, maxLights: 8 },
};

/**
 * The rungs `auto` climbs down when frames are slow, cheapest change first: render scale (pixels shaded fall
 * with its square), then multisampling, then the shadow map. Every rung starts from the `high` preset.
 */
export const AUTO_RUNGS: readonly Readonly<{ renderScale: number; msaa: 1 | 4; shadowMapSize: number }>[] = [
  { renderScale: 1, msaa: 4, shadowMapSize: 2048 },
  { renderScale: 0.79, msaa: 4, shadowMapSize: 2048 },
  { renderScale: 0.62, msaa: 4, shadowMapSize: 2048 },
  { renderScale: 0.5, msaa: 4, shadowMapSize: 2048 },
  { renderScale: 0.4, msaa: 4, shadowMapSize: 2048 },
  { renderScale: 0.4, msaa: 1, shadowMapSize: 2048 },
  { renderScale: 0.4, msaa: 1, shadowMapSize: 1024 },
  { renderScale: 0.4, msaa: 1, shadowMapSize: 0 },
];

/** Frames averaged before `auto` judges the frame rate. */
const WINDOW_FRAMES = 30;
/** Slower than the target's budget by more than this factor: a rung down. */
const STEP_DOWN_FACTOR = 1.1;
/**
 * Faster than the budget by this factor: a rung up, if that rung has not failed lately. A rung whose frames
 * missed the target is not tried again for a wait that doubles each time it fails, so `auto` settles on the
 * best rung that holds the target instead of swinging between two.
 */
const STEP_UP_FACTOR = 0.8;
const FIRST_RETRY_WINDOWS = 4;
const MAX_RETRY_WINDOWS = 256;

/**
 * The quality in force: a fixed level, or with `auto` a rung of AUTO_RUNGS chosen to hold `fps-target`
 * within about 10%. It judges the average frame interval over a window of frames, steps one rung at a time,
 * and backs off from rungs that failed (hysteresis). GPU timestamps are not used: the frame interval covers
 * CPU and GPU alike.
 */
export class QualityController {
  #setting: QualitySetting = 'auto';
  #level: QualityLevel = 'high';
  /** The preset handed to the renderer; with `auto` it is this controller's own, rewritten at each step. */
  readonly #auto: RenderQuality = { ...QUALITY_PRESETS.high };
  #rung = 0;
  #sum = 0;
  #frames = 0;
  #windows = 0;
  /** Per rung: the window count before which stepping up to it is not tried, and the current wait. */
  readonly #retryAt = new Float64Array(AUTO_RUNGS.length);
  readonly #wait = new Float64Array(AUTO_RUNGS.length).fill(FIRST_RETRY_WINDOWS);

  /** The level in force now (with `auto`: the fixed level closest to the rung). */
  get level(): QualityLevel {
    return this.#level;
  }

  /** The rung `auto` stands on (0 = full quality); 0 for fixed levels. */
  get rung(): number {
    return this.#setting === 'auto' ? this.#rung : 0;
  }

  get preset(): Readonly<RenderQuality> {
    return this.#setting === 'auto' ? this.#auto : QUALITY_PRESETS[this.#level];
  }

  /** Sets the `quality` attribute's value; the same value again keeps where `auto` stands. */
  set setting(setting: QualitySetting) {
    if (setting === this.#setting && this.#windows > 0) return;
    this.#setting = setting;
    this.#sum = 0;
    this.#frames = 0;
    this.#windows = 0;
    this.#retryAt.fill(0);
    this.#wait.fill(FIRST_RETRY_WINDOWS);
    if (setting === 'auto') this.#climb(0);
    else this.#level = setting;
  }

  /** Records one drawn frame's interval; returns true when the quality changed. Called once per drawn frame. */
  record(frameMs: number, fpsTarget: number): boolean {
    if (this.#setting !== 'auto' || !(frameMs > 0)) return false;
    this.#sum += frameMs;
    if (++this.#frames < WINDOW_FRAMES) return false;
    const average = this.#sum / this.#frames;
    this.#sum = 0;
    this.#frames = 0;
    const window = ++this.#windows;
    const budget = 1000 / fpsTarget;
    const rung = this.#rung;
    if (average > budget * STEP_DOWN_FACTOR && rung < AUTO_RUNGS.length - 1) {
      // This rung missed: wait longer before trying it again.
      this.#retryAt[rung] = window + this.#wait[rung]!;
      this.#wait[rung] = Math.min(this.#wait[rung]! * 2, MAX_RETRY_WINDOWS);
      this.#climb(rung + 1);
      return true;
    }
    if (average < budget * STEP_UP_FACTOR && rung > 0 && window >= this.#retryAt[rung - 1]!) {
      this.#climb(rung - 1);
      return true;
    }
    return false;
  }

  #climb(rung: number): void {
    this.#rung = rung;
    Object.assign(this.#auto, QUALITY_PRESETS.high, AUTO_RUNGS[rung]);
    const scale = AUTO_RUNGS[rung]!.renderScale;
    this.#level = rung === 0 ? 'high' : scale >= 0.6 ? 'medium' : 'low';
  }
}
