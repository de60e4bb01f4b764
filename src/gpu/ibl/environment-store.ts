// The environments of one device: made once per source and quality, shared by every scene that uses them,
// destroyed when the last one lets go. A new device (after a loss) gets a new store; the sources it rebuilds
// from stay cached for the page, so nothing is downloaded again.

import { AssetCache, type AssetHandle } from '../../assets/asset-cache.js';
import { loadEnvironmentSource } from '../../assets/environment-image.js';
import { EnvironmentMaker, type MadeEnvironment, type PrefilterQuality } from './environment-maker.js';

/** The built-in studio's key. */
export const NEUTRAL = 'neutral';

const stores = new WeakMap<GPUDevice, EnvironmentStore>();

/** A made environment and how long its making took (submit to GPU completion), for measurement. */
export interface StoredEnvironment {
  environment: MadeEnvironment;
  prefilterMs: number;
}

/** Per-device environment cache, keyed by source (`neutral` or an absolute URL) and quality. */
export class EnvironmentStore {
  readonly #device: GPUDevice;
  readonly #cache: AssetCache<StoredEnvironment>;

  static for(device: GPUDevice): EnvironmentStore {
    let store = stores.get(device);
    if (!store) {
      store = new EnvironmentStore(device);
      stores.set(device, store);
    }
    return store;
  }

  private constructor(device: GPUDevice) {
    this.#device = device;
    this.#cache = new AssetCache<StoredEnvironment>(
      (key) => this.#make(key),
      (stored) => stored.environment.destroy(),
    );
  }

  /** Holds the environment `source` (NEUTRAL or an absolute URL) at `quality`. */
  acquire(source: string, quality: PrefilterQuality): AssetHandle<StoredEnvironment> {
    return this.#cache.acquire(`${quality.size}/${quality.samples} ${source}`);
  }

  /** Holds on the environment of cache key `key` (an AssetHandle's `url`) across every scene of the device. */
  holds(key: string): number {
    return this.#cache.refCount(key);
  }

  async #make(key: string): Promise<StoredEnvironment> {
    const space = key.indexOf(' ');
    const [size, samples] = key.slice(0, space).split('/').map(Number) as [number, number];
    const name = key.slice(space + 1);
    const source = name === NEUTRAL ? { kind: 'room' as const } : await loadEnvironmentSource(name);
    const maker = EnvironmentMaker.for(this.#device);
    const started = performance.now();
    const environment = maker.make(source, { size, samples }, `LayerW.environment(${name === NEUTRAL ? NEUTRAL : 'url'})`);
    await this.#device.queue.onSubmittedWorkDone();
    return { environment, prefilterMs: performance.now() - started };
  }
}
