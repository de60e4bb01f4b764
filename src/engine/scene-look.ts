// One scene's look on the engine side: the parsed look settings turned into the frame's LookInput. The
// environments (lighting and skybox) are held by EnvironmentHolds, in the environment chunk, imported the first
// time the scene needs one.

import { LayerWError } from '../errors.js';
import type { RenderQuality } from '../gpu/frame-input.js';
import {
  LOOK_ENVIRONMENT_INTENSITY, LOOK_ENVIRONMENT_ROTATION, LOOK_EXPOSURE, LOOK_PARAM_COUNT, LOOK_SKYBOX_BLUR,
  LOOK_TONE_MAPPING, TONE_MAPPINGS, type LookInput, type ToneMapping,
} from '../gpu/look.js';
import type { EnvironmentHolds } from '../gpu/ibl/index.js';

/** The look attributes of `<layerw-scene>`, parsed. URLs are as written; they are resolved when used. */
export interface LookSettings {
  /** `neutral`, `none` or a URL. */
  environment: string;
  environmentIntensity: number;
  /** Degrees about y. */
  environmentRotation: number;
  /** `none`, `environment` or a URL. */
  skybox: string;
  skyboxBlur: number;
  exposure: number;
  toneMapping: ToneMapping;
  /** 0..1: the contact shadow under the scene. */
  shadowIntensity: number;
}

/** The defaults: the neutral studio, Khronos PBR Neutral, exposure 1, no skybox. */
export const DEFAULT_LOOK: Readonly<LookSettings> = {
  environment: 'neutral',
  environmentIntensity: 1,
  environmentRotation: 0,
  skybox: 'none',
  skyboxBlur: 0,
  exposure: 1,
  toneMapping: 'neutral',
  shadowIntensity: 0,
};

/** Owned by a SceneRuntime; `frame` is called once per drawn frame, the rest on changes. */
export class SceneLook {
  /** What the renderer reads; filled in place. */
  readonly input: LookInput = {
    params: new Float32Array(LOOK_PARAM_COUNT), environment: null, environmentWanted: false, passes: [], passCount: 0,
    contactShadow: { intensity: 0, bounds: new Float32Array(6), createPass: null },
  };
  readonly #settings: LookSettings;
  readonly #report: (error: LayerWError) => void;
  readonly #changed: () => void;
  #paramsStale = true;
  #holds: EnvironmentHolds | undefined;
  #load: Promise<void> | undefined;
  #device: GPUDevice | null = null;
  #format: GPUTextureFormat = 'rgba8unorm';
  #quality = { size: 0, samples: 0 };
  #destroyed = false;

  /** `report` puts errors on the scene; `changed` asks for a frame. */
  constructor(settings: LookSettings, report: (error: LayerWError) => void, changed: () => void) {
    this.#settings = settings;
    this.#report = report;
    this.#changed = changed;
  }

  /** True when every environment the settings ask for is ready or has failed. */
  get settled(): boolean {
    return this.#load === undefined && (this.#holds?.settled ?? true);
  }

  /** Resolves once `settled` (at once if it is). For tests and tools. */
  async whenSettled(): Promise<void> {
    await this.#load;
    await this.#holds?.whenSettled();
  }

  /** The lighting environment's prefilter time in milliseconds (0 while none is ready). */
  get prefilterMs(): number {
    return this.#holds?.prefilterMs ?? 0;
  }

  /** GPU bytes of the environments and passes this scene holds. */
  get gpuBytes(): number {
    return this.#holds?.gpuBytes ?? 0;
  }

  /** A device to draw with (or none after a loss); `format` is the colour pass's view format. */
  setDevice(device: GPUDevice | null, format: GPUTextureFormat, quality: Readonly<RenderQuality>): void {
    this.#device = device;
    this.#format = format;
    this.#quality = { size: quality.environmentSize, samples: quality.environmentSamples };
    this.#sync();
  }

  /** The settings or the quality changed. */
  settingsChanged(quality: Readonly<RenderQuality>): void {
    this.#paramsStale = true;
    this.#quality = { size: quality.environmentSize, samples: quality.environmentSamples };
    this.#sync();
    this.#changed();
  }

  /**
   * Writes the look parameters when the settings changed. Only then: before V8 optimises it, every number read
   * from the settings here would be a new heap number each frame.
   */
  frame(): void {
    if (!this.#paramsStale) return;
    this.#paramsStale = false;
    const s = this.#settings;
    const params = this.input.params;
    params[LOOK_EXPOSURE] = s.exposure;
    params[LOOK_TONE_MAPPING] = TONE_MAPPINGS.indexOf(s.toneMapping);
    params[LOOK_ENVIRONMENT_INTENSITY] = s.environmentIntensity;
    this.input.environmentWanted = s.environment !== 'none';
    params[LOOK_ENVIRONMENT_ROTATION] = (s.environmentRotation * Math.PI) / 180;
    params[LOOK_SKYBOX_BLUR] = s.skyboxBlur;
    this.input.contactShadow.intensity = s.shadowIntensity;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#holds?.destroy();
  }

  #sync(): void {
    if (this.#destroyed) return;
    if (this.#holds) {
      this.#holds.update(this.#device, this.#format, this.#quality);
      return;
    }
    const wanted = this.#settings.environment !== 'none' || this.#settings.skybox !== 'none';
    if (!wanted || !this.#device) return;
    this.#load ??= import('../gpu/ibl/index.js').then(
      ({ EnvironmentHolds }) => {
        this.#load = undefined;
        if (this.#destroyed) return;
        this.#holds = new EnvironmentHolds(this.#settings, this.input, this.#report, this.#changed);
        this.#sync();
      },
      (cause: unknown) => {
        this.#load = undefined;
        this.#report(new LayerWError('LOAD_FAILED', `the environment code could not be loaded: ${String(cause)}`, { cause }));
        this.#changed();
      },
    );
  }
}
