// One scene's holds on environments (lighting and skybox) in its device's EnvironmentStore, kept in line with
// its look settings: a new environment is acquired while the old one keeps drawing, a URL that fails is
// reported and the neutral room lights the scene instead. Made by SceneLook once this chunk is loaded.

import { LayerWError } from '../../errors.js';
import { absoluteUrl } from '../../assets/url.js';
import type { AssetHandle } from '../../assets/asset-cache.js';
import type { LookSettings } from '../../engine/scene-look.js';
import type { LookInput } from '../look.js';
import type { PrefilterQuality } from './environment-maker.js';
import { EnvironmentStore, NEUTRAL, type StoredEnvironment } from './environment-store.js';
import { SkyboxPass } from './skybox-pass.js';

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

/** The environments of one scene; `update` after any change of settings, device or quality. */
export class EnvironmentHolds {
  readonly #settings: LookSettings;
  readonly #input: LookInput;
  readonly #report: (error: LayerWError) => void;
  readonly #changed: () => void;
  readonly #lighting = held();
  readonly #sky = held();
  readonly #waiters: (() => void)[] = [];
  #device: GPUDevice | null = null;
  #format: GPUTextureFormat = 'rgba8unorm';
  #quality: PrefilterQuality = { size: 0, samples: 0 };
  #skybox: SkyboxPass | null = null;
  /** A URL that failed: while the setting names it, the neutral room (or no skybox) stands in. */
  #failed: string | null = null;
  #failedSky: string | null = null;

  /** Writes the environment and the skybox pass into `input`; reports through `report`, asks frames of `changed`. */
  constructor(settings: LookSettings, input: LookInput, report: (error: LayerWError) => void, changed: () => void) {
    this.#settings = settings;
    this.#input = input;
    this.#report = report;
    this.#changed = changed;
  }

  /** True when every environment the settings ask for is ready or has failed. */
  get settled(): boolean {
    return this.#lighting.pending === null && this.#sky.pending === null;
  }

  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  get prefilterMs(): number {
    return this.#lighting.ready?.prefilterMs ?? 0;
  }

  /**
   * This scene's share of the environments it holds (each is made once per device and shared: a hold counts
   * its bytes divided by the device's holds on it, so the scenes' figures add up to what the device holds),
   * and its skybox pass.
   */
  get gpuBytes(): number {
    return this.#share(this.#lighting) + this.#share(this.#sky) + (this.#skybox?.gpuBytes ?? 0);
  }

  #share(slot: Held): number {
    if (!slot.ready || !slot.handle || !this.#device) return 0;
    return slot.ready.environment.gpuBytes / Math.max(1, EnvironmentStore.for(this.#device).holds(slot.handle.url));
  }

  /** Brings the holds in line with the settings, on `device` (null: none) at `quality`. */
  update(device: GPUDevice | null, format: GPUTextureFormat, quality: PrefilterQuality): void {
    if (device !== this.#device || format !== this.#format) this.#releaseAll();
    this.#device = device;
    this.#format = format;
    this.#quality = quality;
    if (!device) {
      this.#settle();
      return;
    }
    const lighting = this.#lightingSource();
    this.#want(this.#lighting, lighting, true);
    this.#want(this.#sky, this.#skySource(lighting), false);
    this.#updateInput();
    this.#settle();
  }

  destroy(): void {
    this.#releaseAll();
    this.#device = null;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** The source the lighting setting asks for: null, NEUTRAL or an absolute URL. */
  #lightingSource(): string | null {
    const value = this.#settings.environment;
    if (value === 'none') return null;
    if (value === 'neutral') return NEUTRAL;
    const url = this.#resolve(value);
    if (url !== this.#failed) this.#failed = null;
    return url === null || url === this.#failed ? NEUTRAL : url;
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

  #want(slot: Held, source: string | null, lighting: boolean): void {
    const quality = this.#quality;
    const key = source === null ? null : `${quality.size}/${quality.samples} ${source}`;
    if (key === slot.key) return;
    slot.key = key;
    if (source === null || !this.#device) {
      this.#drop(slot);
      return;
    }
    const handle = EnvironmentStore.for(this.#device).acquire(source, quality);
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
        this.#updateInput();
        this.#changed();
        this.#settle();
      },
      (error: unknown) => {
        handle.release();
        if (slot.pending !== promise) return;
        slot.pending = null;
        slot.key = null;
        this.#report(error instanceof LayerWError ? error : new LayerWError('LOAD_FAILED', String(error), { cause: error }));
        if (lighting) this.#failed = source;
        else this.#failedSky = source;
        this.update(this.#device, this.#format, this.#quality);
      },
    );
  }

  #drop(slot: Held): void {
    slot.pending = null;
    slot.handle?.release();
    slot.handle = null;
    slot.ready = null;
  }

  #updateInput(): void {
    const input = this.#input;
    input.environment = this.#lighting.ready?.environment ?? null;
    const sky = this.#sky.ready?.environment ?? null;
    if (sky && this.#device && !this.#skybox) {
      this.#skybox = new SkyboxPass(this.#device, this.#format, 'LayerW.scene');
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
    this.#input.passes.length = 0;
    this.#input.passCount = 0;
    this.#input.environment = null;
  }

  #settle(): void {
    if (this.settled) for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
