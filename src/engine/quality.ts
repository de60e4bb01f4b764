import type { RenderQuality } from '../gpu/frame-input.js';
import type { AutoQuality, AutoRung } from './auto-quality.js';

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

/**
 * The quality in force: a fixed level, or with `auto` the rung AutoQuality picks to hold `fps-target` within
 * about 10%, applied over the `high` preset. The controller is a chunk loaded with the first `auto`; until it
 * is there, `auto` draws at `high`.
 */
export class QualityController {
  #setting: QualitySetting = 'auto';
  #level: QualityLevel = 'high';
  #started = false;
  /** The preset handed to the renderer; with `auto` it is this controller's own, rewritten at each step. */
  readonly #auto: RenderQuality = { ...QUALITY_PRESETS.high };
  #control: AutoQuality | undefined;
  #controlLoad: Promise<void> | undefined;
  #rungs: readonly AutoRung[] | undefined;

  /** The level in force now (with `auto`: the fixed level closest to the rung). */
  get level(): QualityLevel {
    return this.#level;
  }

  /** The rung `auto` stands on (0 = full quality); 0 for fixed levels. */
  get rung(): number {
    return this.#setting === 'auto' ? this.#control?.rung ?? 0 : 0;
  }

  get preset(): Readonly<RenderQuality> {
    return this.#setting === 'auto' ? this.#auto : QUALITY_PRESETS[this.#level];
  }

  /** Sets the `quality` attribute's value; the same value again keeps where `auto` stands. */
  set setting(setting: QualitySetting) {
    if (setting === this.#setting && this.#started) return;
    this.#started = true;
    this.#setting = setting;
    this.#control?.reset();
    if (setting === 'auto') {
      this.#apply();
      this.#controlLoad ??= import('./auto-quality.js').then(
        ({ AutoQuality, AUTO_RUNGS }) => {
          this.#control = new AutoQuality();
          this.#rungs = AUTO_RUNGS;
        },
        // Without its chunk, `auto` stays at `high`, as a fixed level would.
        () => undefined,
      );
    } else this.#level = setting;
  }

  /**
   * Records one drawn frame's interval and GPU time (NaN when not measured); returns true when the quality
   * changed. Called once per drawn frame.
   */
  record(frameMs: number, gpuMs: number, fpsTarget: number): boolean {
    if (this.#setting !== 'auto' || !this.#control?.record(frameMs, gpuMs, 1000 / fpsTarget)) return false;
    this.#apply();
    return true;
  }

  #apply(): void {
    const auto = this.#auto;
    Object.assign(auto, QUALITY_PRESETS.high);
    const index = this.#control?.rung ?? 0;
    const rung = this.#rungs?.[index];
    if (rung) {
      auto.renderScale = rung.renderScale;
      auto.msaa = rung.msaa;
      auto.shadowMapSize = rung.shadowMapSize;
    }
    this.#level = index === 0 ? 'high' : auto.renderScale >= 0.6 ? 'medium' : 'low';
  }
}
