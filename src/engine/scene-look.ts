// One scene's look on the engine side: the parsed look settings turned into the frame's LookInput, and the
// environments (lighting and skybox) held from the device's EnvironmentStore. The store and the skybox live in
// the environment chunk, imported on first use; a URL that fails is reported and the neutral room lights the
// scene instead.

import { LayerWError } from '../errors.js';
import { absoluteUrl } from '../assets/url.js';
import type { AssetHandle } from '../assets/asset-cache.js';
import type { RenderQuality } from '../gpu/frame-input.js';
import {
  LOOK_ENVIRONMENT_INTENSITY, LOOK_ENVIRONMENT_ROTATION, LOOK_EXPOSURE, LOOK_PARAM_COUNT, LOOK_SHADOW_INTENSITY,
  LOOK_SKYBOX_BLUR, LOOK_TONE_MAPPING, TONE_MAPPINGS, type LookInput, type ToneMapping,
} from '../gpu/look.js';
import type { SkyboxPass, StoredEnvironment } from '../gpu/ibl/index.js';

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
  shadowIntensity: number;
}

/** The defaults: the neutral studio, Khronos PBR Neutral, exposure 1, no skybox, no contact shadow. */
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

type Chunk = typeof import('../gpu/ibl/index.js');

/** One environment the scene wants (`key`, null for none) and the hold that is ready for drawing. */
interface Held {
  key: string | null;
  pending: Promise<StoredEnvironment> | null;
  handle: AssetHandle<StoredEnvironment> | null;
  ready: StoredEnvironment | null;
}

function held(): Held {
  return { key: null, pending: null, handle: null, ready: null };
}

/** Owned by a SceneRuntime; `frame` is called once per drawn frame, the rest on changes. */
export class SceneLook {
  /** What the renderer reads; filled in place. */
  readonly input: LookInput = { params: new Float32Array(LOOK_PARAM_COUNT), environment: null, passes: [], passCount: 0 };
  readonly #settings: LookSettings;
  readonly #report: (error: LayerWError) => void;
  readonly #changed: () => void;
  readonly #lighting = held();
  readonly #sky = held();
  readonly #waiters: (() => void)[] = [];
  #chunk: Chunk | undefined;
  #chunkLoad: Promise<void> | undefined;
  #device: GPUDevice | null = null;
  #format: GPUTextureFormat = 'rgba8unorm';
  #quality = { size: 0, samples: 0 };
  #skybox: SkyboxPass | null = null;
  /** A lighting URL that failed, and its key: while the setting names it, the neutral room stands in. */
  #failed: string | null = null;
  #failedSky: string | null = null;
  #destroyed = false;

  /** `report` puts errors on the scene; `changed` asks for a frame. */
  constructor(settings: LookSettings, report: (error: LayerWError) => void, changed: () => void) {
    this.#settings = settings;
    this.#report = report;
    this.#changed = changed;
  }

  /** True when every environment the settings ask for is ready or has failed. */
  get settled(): boolean {
    return this.#lighting.pending === null && this.#sky.pending === null && this.#chunkLoad === undefined;
  }

  /** Resolves once `settled` (at once if it is). For tests and tools. */
  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The lighting environment's prefilter time in milliseconds (0 while none is ready). */
  get prefilterMs(): number {
    return this.#lighting.ready?.prefilterMs ?? 0;
  }

  /** GPU bytes of the environments and passes this scene holds. */
  get gpuBytes(): number {
    const lighting = this.#lighting.ready?.environment;
    const sky = this.#sky.ready?.environment;
    return (lighting?.gpuBytes ?? 0) + (sky && sky !== lighting ? sky.gpuBytes : 0) + (this.#skybox?.gpuBytes ?? 0);
  }

  /** A device to draw with (or none after a loss); `format` is the colour pass's view format. */
  setDevice(device: GPUDevice | null, format: GPUTextureFormat, quality: Readonly<RenderQuality>): void {
    this.#releaseAll();
    this.#device = device;
    this.#format = format;
    this.#quality = { size: quality.environmentSize, samples: quality.environmentSamples };
    this.#sync();
  }

  /** The settings or the quality changed. */
  settingsChanged(quality: Readonly<RenderQuality>): void {
    this.#quality = { size: quality.environmentSize, samples: quality.environmentSamples };
    this.#sync();
    this.#changed();
  }

  /** Writes this frame's look parameters. Allocates nothing. */
  frame(): void {
    const s = this.#settings;
    const params = this.input.params;
    params[LOOK_EXPOSURE] = s.exposure;
    params[LOOK_TONE_MAPPING] = TONE_MAPPINGS.indexOf(s.toneMapping);
    params[LOOK_ENVIRONMENT_INTENSITY] = s.environmentIntensity;
    params[LOOK_ENVIRONMENT_ROTATION] = (s.environmentRotation * Math.PI) / 180;
    params[LOOK_SKYBOX_BLUR] = s.skyboxBlur;
    params[LOOK_SHADOW_INTENSITY] = s.shadowIntensity;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#releaseAll();
    this.#device = null;
    this.#resolveWaiters();
  }

  /** The source key the lighting setting asks for: null, 'neutral' or an absolute URL. */
  #lightingSource(): string | null {
    const value = this.#settings.environment;
    if (value === 'none') return null;
    if (value === 'neutral') return 'neutral';
    const url = this.#resolve(value);
    if (url !== this.#failed) this.#failed = null;
    return url === null || url === this.#failed ? 'neutral' : url;
  }

  #skySource(lighting: string | null): string | null {
    const value = this.#settings.skybox;
    if (value === 'none') return null;
    if (value === 'environment') return lighting;
    const url = this.#resolve(value);
    if (url !== this.#failedSky) this.#failedSky = null;
    return url === null || url === this.#failedSky ? null : url;
  }

  #resolve(value: string): string | null {
    try {
      return absoluteUrl(value);
    } catch (error) {
      this.#report(error as LayerWError);
      return null;
    }
  }

  /** Brings the holds in line with the settings: acquires what is newly wanted, keeps the old until it is ready. */
  #sync(): void {
    if (this.#destroyed || !this.#device) return;
    const lighting = this.#lightingSource();
    const sky = this.#skySource(lighting);
    if ((lighting !== null || sky !== null) && !this.#chunk) {
      this.#chunkLoad ??= import('../gpu/ibl/index.js').then(
        (chunk) => {
          this.#chunk = chunk;
          this.#chunkLoad = undefined;
          this.#sync();
          this.#settle();
        },
        (cause: unknown) => {
          this.#chunkLoad = undefined;
          this.#report(new LayerWError('LOAD_FAILED', `the environment code could not be loaded: ${String(cause)}`, { cause }));
          this.#settle();
        },
      );
      return;
    }
    this.#want(this.#lighting, lighting, true);
    this.#want(this.#sky, sky, false);
    this.#updateSkybox();
  }

  #want(slot: Held, source: string | null, lighting: boolean): void {
    const quality = this.#quality;
    const key = source === null ? null : `${quality.size}/${quality.samples} ${source}`;
    if (key === slot.key) return;
    slot.key = key;
    if (source === null || !this.#chunk || !this.#device) {
      this.#drop(slot);
      return;
    }
    const handle = this.#chunk.EnvironmentStore.for(this.#device).acquire(source, quality);
    const promise = handle.promise;
    slot.pending = promise;
    promise.then(
      (stored) => {
        if (slot.pending !== promise) {
          handle.release();
          return;
        }
        slot.handle?.release();
        slot.handle = handle;
        slot.ready = stored;
        slot.pending = null;
        this.#updateSkybox();
        this.#changed();
        this.#settle();
      },
      (error: unknown) => {
        handle.release();
        if (slot.pending !== promise) return;
        slot.pending = null;
        this.#report(error instanceof LayerWError ? error : new LayerWError('LOAD_FAILED', String(error), { cause: error }));
        if (lighting) this.#failed = source;
        else this.#failedSky = source;
        this.#sync();
        this.#settle();
      },
    );
  }

  #drop(slot: Held): void {
    slot.pending = null;
    slot.handle?.release();
    slot.handle = null;
    slot.ready = null;
  }

  #updateSkybox(): void {
    const input = this.input;
    input.environment = this.#lighting.ready?.environment ?? null;
    const sky = this.#sky.ready?.environment ?? null;
    if (sky && this.#chunk && this.#device && !this.#skybox) {
      this.#skybox = new this.#chunk.SkyboxPass(this.#device, this.#format, 'LayerW.scene');
      input.passes[0] = this.#skybox;
    }
    this.#skybox?.setEnvironment(sky);
    input.passCount = sky && this.#skybox ? 1 : 0;
  }

  #releaseAll(): void {
    this.#drop(this.#lighting);
    this.#drop(this.#sky);
    this.#lighting.key = null;
    this.#sky.key = null;
    this.#skybox?.destroy();
    this.#skybox = null;
    this.input.passes.length = 0;
    this.input.passCount = 0;
    this.input.environment = null;
  }

  #settle(): void {
    if (this.settled) this.#resolveWaiters();
  }

  #resolveWaiters(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
