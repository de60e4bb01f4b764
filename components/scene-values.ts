import { parseSize } from '../src/parse/index.js';
import type { SceneSettings } from '../src/engine/scene-runtime.js';
import { QUALITY_LEVELS, type QualitySetting } from '../src/engine/quality.js';
import { MAX_WORKERS, type WorkerSetting } from '../src/engine/workers/worker-setting.js';
import { CONTROLS_KINDS, DEFAULT_AUTO_ROTATE_SPEED, DEFAULT_FLY_SPEED } from '../src/engine/controls/controls-host.js';
import type { LookSettings } from '../src/engine/scene-look.js';
import { flagOr, numberOr, readKeyword, readNumber, type Refuser } from './values.js';

export const DEFAULT_QUALITY: QualitySetting = 'auto';
export const DEFAULT_FPS_TARGET = 60;
export const DEFAULT_MEMORY_BUDGET = 'auto';
export const DEFAULT_CONTROLS = 'none';
export const DEFAULT_RENDER = 'on-demand';
export const DEFAULT_MAX_PIXEL_RATIO = 2;
/** `culling` when unset: the engine picks per scene. */
export const DEFAULT_CULLING = 'auto';

/** Keyword attributes: their kebab-case name, the words allowed and the default. */
const KEYWORDS = {
  quality: ['quality', [...QUALITY_LEVELS, 'auto'], DEFAULT_QUALITY],
  controls: ['controls', CONTROLS_KINDS, DEFAULT_CONTROLS],
  render: ['render', ['continuous', 'on-demand'], DEFAULT_RENDER],
  culling: ['culling', ['auto', 'gpu', 'cpu'], DEFAULT_CULLING],
} as const;

/** Numeric attributes kept in SceneSettings: their name, default and range. */
const NUMBERS = {
  fpsTarget: ['fps-target', DEFAULT_FPS_TARGET, 1, 1000],
  maxPixelRatio: ['max-pixel-ratio', DEFAULT_MAX_PIXEL_RATIO, 0.1, 8],
} as const;

/** Numeric attributes the controls read every frame (SceneSettings.input). */
const INPUT_NUMBERS = {
  autoRotateSpeed: ['auto-rotate-speed', DEFAULT_AUTO_ROTATE_SPEED, -3600, 3600],
  flySpeed: ['fly-speed', DEFAULT_FLY_SPEED, 1e-6, 1e6],
} as const;

/** The scene settings `SceneValues.set` reads, by property name. */
export type SettingProperty = keyof typeof KEYWORDS | keyof typeof NUMBERS | keyof typeof INPUT_NUMBERS | 'autoRotate' | 'memoryBudget' | 'workers';

/**
 * What a setting change asks of the scene: nothing (refused, or unchanged where that matters), `settings` (the
 * runtime reads them again), or `restart` (the memory is made again: `memory-budget`, `workers`).
 */
export type SettingEffect = 'none' | 'settings' | 'restart';

/**
 * The running settings of `<layerw-scene>`: `quality`, `fps-target`, `memory-budget`, `controls`, `auto-rotate`,
 * `auto-rotate-speed`, `fly-speed`, `render`, `culling`, `workers`, `max-pixel-ratio`, read with the usual rules
 * (a bad value is refused through the owner and the previous one kept; null restores the default) into the
 * SceneSettings the runtime reads.
 */
export class SceneValues {
  readonly settings: SceneSettings;
  /** `memory-budget` as written. */
  budgetText = DEFAULT_MEMORY_BUDGET;

  constructor(look: LookSettings) {
    this.settings = {
      budget: 'auto',
      quality: DEFAULT_QUALITY,
      fpsTarget: DEFAULT_FPS_TARGET,
      background: new Float32Array([0, 0, 0, 1]),
      controls: DEFAULT_CONTROLS,
      input: { autoRotate: false, autoRotateSpeed: DEFAULT_AUTO_ROTATE_SPEED, flySpeed: DEFAULT_FLY_SPEED },
      render: DEFAULT_RENDER,
      culling: DEFAULT_CULLING,
      maxPixelRatio: DEFAULT_MAX_PIXEL_RATIO,
      look,
      workers: 'auto',
    };
  }

  /** Reads `value` for `property`, or refuses it through `owner`; says what the scene must do. */
  set(property: SettingProperty, value: unknown, owner: Refuser): SettingEffect {
    const settings = this.settings;
    if (property === 'memoryBudget') return this.#setBudget(value, owner);
    if (property === 'workers') return this.#setWorkers(value, owner);
    if (property === 'autoRotate') {
      settings.input.autoRotate = flagOr(owner, 'auto-rotate', value, false, settings.input.autoRotate);
    } else if (property in INPUT_NUMBERS) {
      const key = property as keyof typeof INPUT_NUMBERS;
      const [attribute, fallback, min, max] = INPUT_NUMBERS[key];
      settings.input[key] = numberOr(owner, attribute, value, fallback, settings.input[key], min, max);
    } else if (property in NUMBERS) {
      const key = property as keyof typeof NUMBERS;
      const [attribute, fallback, min, max] = NUMBERS[key];
      settings[key] = numberOr(owner, attribute, value, fallback, settings[key], min, max);
    } else {
      const key = property as keyof typeof KEYWORDS;
      const [attribute, allowed, fallback] = KEYWORDS[key];
      if (value === null || value === undefined) (settings[key] as string) = fallback;
      else {
        const result = readKeyword<string>(value, allowed);
        if (!result.ok) {
          owner.reject(attribute, value, result.reason, settings[key]);
          return 'none';
        }
        (settings[key] as string) = result.value;
      }
    }
    return 'settings';
  }

  #setBudget(value: unknown, owner: Refuser): SettingEffect {
    const text = value === null || value === undefined ? DEFAULT_MEMORY_BUDGET : String(value);
    const auto = text.trim().toLowerCase() === 'auto';
    const result = auto ? null : parseSize(text);
    if (result && !result.ok) {
      owner.reject('memory-budget', value, result.reason, this.budgetText);
      return 'none';
    }
    const budget = result ? result.value : 'auto';
    const changed = budget !== this.settings.budget;
    this.budgetText = text;
    this.settings.budget = budget;
    return changed ? 'restart' : 'none';
  }

  /** `auto`, or a whole number of workers up to MAX_WORKERS. */
  #setWorkers(value: unknown, owner: Refuser): SettingEffect {
    const kept = this.settings.workers;
    let next: WorkerSetting = 'auto';
    if (value !== null && value !== undefined && String(value).trim().toLowerCase() !== 'auto') {
      const result = readNumber(value, 0, MAX_WORKERS);
      if (!result.ok || !Number.isInteger(result.value)) {
        owner.reject('workers', value, result.ok ? 'is not a whole number of workers' : result.reason, String(kept));
        return 'none';
      }
      next = result.value;
    }
    this.settings.workers = next;
    return next !== kept ? 'restart' : 'none';
  }
}
