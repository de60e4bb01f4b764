import { AssetCache } from '../assets/asset-cache.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import type { ModelData, ModelOutline } from '../assets/model-data.js';
import { SHAPE_SCHEME } from './shape-model-key.js';

/** Download progress of one model file: bytes so far and the total when the server says. */
export type ProgressListener = (loaded: number, total: number | null) => void;

/** What a holder hears of a load while it runs: its download's progress, and the model's outline once read. */
export interface LoadListener {
  progress: ProgressListener;
  /** See ParseOptions.onOutline; heard only by those holding the model while it is parsed. */
  outline?: (outline: ModelOutline) => void;
}

/** One hold on a model: its parsed data when ready, and how to give the hold back. */
export interface ModelHold {
  readonly promise: Promise<ModelData>;
  release(): void;
}

/**
 * The page's parsed models, shared by every scene: one fetch and one parse per URL and cross-origin mode (textured
 * built-in shapes too, under their shapeModelKey),
 * however many meshes show the model; the last holder's release aborts a load still running. Progress of a
 * load goes to every holder's listener.
 */
export class ModelStore {
  static #instance: ModelStore | undefined;

  static get(): ModelStore {
    return (ModelStore.#instance ??= new ModelStore());
  }

  /** Forgets the store (loads in flight keep their holders). For tests. */
  static resetForTests(): void {
    ModelStore.#instance = undefined;
  }

  /** Loads started so far (one per distinct URL and mode that was not cached). For tests and stats. */
  loadsStarted = 0;
  readonly #listeners = new Map<string, Set<LoadListener>>();
  readonly #cache = new AssetCache<ModelData>(
    async (key, signal) => {
      this.loadsStarted++;
      const [crossOrigin, url] = splitKey(key);
      if (url.startsWith(SHAPE_SCHEME)) {
        const { loadShapeModel } = await import('./shape-model.js');
        return loadShapeModel(url, signal, crossOrigin);
      }
      // The glTF reader is its own chunk in the package build: pages without models never load it.
      const { loadGltf } = await import('../assets/gltf-load.js');
      return loadGltf(url, {
        signal,
        crossOrigin,
        onProgress: (loaded, total) => {
          const listeners = this.#listeners.get(key);
          if (listeners) for (const listener of listeners) listener.progress(loaded, total);
        },
        onOutline: (outline) => {
          const listeners = this.#listeners.get(key);
          if (listeners) for (const listener of listeners) listener.outline?.(outline);
        },
      });
    },
    () => undefined, // parsed data is plain memory: garbage collection frees it once no scene holds it
  );

  /** Holds the model at absolute `url`; `listener` hears its load until the hold is released. */
  acquire(url: string, crossOrigin: CrossOrigin, listener: LoadListener): ModelHold {
    const key = `${crossOrigin ?? 'anonymous'} ${url}`;
    const handle = this.#cache.acquire(key);
    let listeners = this.#listeners.get(key);
    if (!listeners) this.#listeners.set(key, (listeners = new Set()));
    listeners.add(listener);
    return {
      promise: handle.promise,
      release: () => {
        listeners.delete(listener);
        if (listeners.size === 0 && this.#listeners.get(key) === listeners) this.#listeners.delete(key);
        handle.release();
      },
    };
  }

  /** Holds on `url` right now, summed over modes. */
  holds(url: string): number {
    return this.#cache.refCount(`anonymous ${url}`) + this.#cache.refCount(`use-credentials ${url}`);
  }
}

function splitKey(key: string): [CrossOrigin, string] {
  const space = key.indexOf(' ');
  return [key.slice(0, space) as CrossOrigin, key.slice(space + 1)];
}
