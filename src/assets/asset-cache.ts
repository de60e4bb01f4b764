import { AssetAbortError } from './asset-error.js';

/** One user's hold on a cached asset. */
export interface AssetHandle<T> {
  readonly url: string;
  /** The shared load: every holder of the URL gets the same promise. */
  readonly promise: Promise<T>;
  /** Gives the hold back; idempotent. The last release frees the asset or aborts its load. */
  release(): void;
}

/** Loads the asset at an absolute URL; must stop work and reject once `signal` aborts. */
export type AssetLoader<T> = (url: string, signal: AbortSignal) => Promise<T>;

interface Entry<T> {
  refs: number;
  controller: AbortController;
  promise: Promise<T>;
  state: 'loading' | 'ready' | 'failed';
  value: T | undefined;
}

/**
 * Reference-counted assets keyed by absolute URL: N acquirers of one URL share one load (one fetch, one
 * parse); each releases its handle; the last release calls `dispose` on a loaded asset or aborts a load
 * still in flight. A load that failed is forgotten, so the next acquire tries again. Owned by the engine,
 * one per kind of asset (models); elements acquire on `src` and release on change or removal.
 */
export class AssetCache<T> {
  #entries = new Map<string, Entry<T>>();
  #load: AssetLoader<T>;
  #dispose: (value: T, url: string) => void;

  constructor(load: AssetLoader<T>, dispose: (value: T, url: string) => void) {
    this.#load = load;
    this.#dispose = dispose;
  }

  /** Takes a hold on `url` (absolute), starting its load unless one is running or done. */
  acquire(url: string): AssetHandle<T> {
    let entry = this.#entries.get(url);
    if (!entry || entry.state === 'failed') {
      entry = this.#start(url);
      this.#entries.set(url, entry);
    }
    entry.refs++;
    const held = entry;
    let released = false;
    return {
      url,
      promise: held.promise,
      release: () => {
        if (released) return;
        released = true;
        this.#release(url, held);
      },
    };
  }

  /** Number of live holds on `url` (0 when not cached). */
  refCount(url: string): number {
    return this.#entries.get(url)?.refs ?? 0;
  }

  /** Number of URLs cached or loading. */
  get size(): number {
    return this.#entries.size;
  }

  #start(url: string): Entry<T> {
    const controller = new AbortController();
    const entry: Entry<T> = { refs: 0, controller, state: 'loading', value: undefined, promise: undefined as unknown as Promise<T> };
    entry.promise = Promise.resolve()
      .then(() => this.#load(url, controller.signal))
      .then(
        (value) => {
          if (entry.refs === 0) {
            // Everyone released while the loader ignored the abort: free it at once.
            this.#dispose(value, url);
            throw new AssetAbortError(url, controller.signal.reason);
          }
          entry.state = 'ready';
          entry.value = value;
          return value;
        },
        (error: unknown) => {
          entry.state = 'failed';
          if (this.#entries.get(url) === entry) this.#entries.delete(url);
          throw error;
        },
      );
    // Holders see the rejection through their handle; this keeps a load nobody awaits anymore quiet.
    entry.promise.catch(() => undefined);
    return entry;
  }

  #release(url: string, entry: Entry<T>): void {
    entry.refs--;
    if (entry.refs > 0) return;
    if (this.#entries.get(url) === entry) this.#entries.delete(url);
    if (entry.state === 'ready') this.#dispose(entry.value as T, url);
    else if (entry.state === 'loading') entry.controller.abort(new DOMException('released by its last user', 'AbortError'));
  }
}
