import type { RenderQuality } from '../gpu/frame-input.js';

export const QUALITY_LEVELS = ['low', 'medium', 'high', 'ultra'] as const;
export type QualityLevel = (typeof QUALITY_LEVELS)[number];
/** The `quality` attribute: a fixed level, or `auto` to hold the frame-rate target. */
export type QualitySetting = QualityLevel | 'auto';

/** What each level buys: render scale, multisampling, shadow-map edge, shaded lights, environment cube and samples. */
export const QUALITY_PRESETS: Readonly<Record<QualityLevel, Readonly<RenderQuality>>> = {
  low: { renderScale: 0.5, msaa: 1, shadowMapSize: 0, maxLights: 2, environmentSize: 64, environmentSamples: 32 },
  medium: { renderScale: 0.75, msaa: 1, shadowMapSize: 1024, maxLights: 4, environmentSize: 128, environmentSamples: 32 },
  high: { renderScale: 1, msaa: 4, shadowMapSize: 2048, maxLights: 8, environmentSize: 128, environmentSamples: 64 },
  ultra: { renderScale: 1, msaa: 4, shadowMapSize: 4096, maxLights: 8, environmentSize: 256, environmentSamples: 128 },
};

/** Frames averaged before `auto` judges the frame rate. */
const WINDOW_FRAMES = 60;
/** Slower than the target by this factor: step down. */
const STEP_DOWN_FACTOR = 1.2;
/** Faster than the target by this factor for a whole window: step up. */
const STEP_UP_FACTOR = 0.7;

/**
 * The `auto` quality controller: starts at `high`, steps down a level when the average frame interval over a
 * window is clearly over the target's budget, and back up when it is clearly under. A first controller:
 * frame interval only, one level per window, no GPU timing.
 */
export class QualityController {
  #setting: QualitySetting = 'auto';
  #level: QualityLevel = 'high';
  #sum = 0;
  #frames = 0;

  /** The level in force now. */
  get level(): QualityLevel {
    return this.#level;
  }

  get preset(): Readonly<RenderQuality> {
    return QUALITY_PRESETS[this.#level];
  }

  set setting(setting: QualitySetting) {
    this.#setting = setting;
    this.#level = setting === 'auto' ? 'high' : setting;
    this.#sum = 0;
    this.#frames = 0;
  }

  /** Records one drawn frame's interval; returns true when the level changed. Called once per drawn frame. */
  record(frameMs: number, fpsTarget: number): boolean {
    if (this.#setting !== 'auto' || !(frameMs > 0)) return false;
    this.#sum += frameMs;
    if (++this.#frames < WINDOW_FRAMES) return false;
    const average = this.#sum / this.#frames;
    this.#sum = 0;
    this.#frames = 0;
    const budget = 1000 / fpsTarget;
    const index = QUALITY_LEVELS.indexOf(this.#level);
    let next = index;
    if (average > budget * STEP_DOWN_FACTOR && index > 0) next = index - 1;
    else if (average < budget * STEP_UP_FACTOR && index < QUALITY_LEVELS.length - 2) next = index + 1;
    if (next === index) return false;
    this.#level = QUALITY_LEVELS[next]!;
    return true;
  }
}
