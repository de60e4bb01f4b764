import { LayerWError, type LayerWErrorCode } from '../errors.js';

/**
 * A failed model load: `code` is `LOAD_FAILED` (network, HTTP status, abort) or `ASSET_INVALID` (the bytes
 * are not a glTF LayerW can use); `url` is the model's URL and `reason` a sentence naming the problem, also
 * part of `message`. Thrown by `parseGltf`, `loadGltf` and the asset cache; elements turn it into an error event.
 */
export class AssetError extends LayerWError {
  readonly url: string;
  readonly reason: string;

  constructor(code: LayerWErrorCode, url: string, reason: string, options?: { cause?: unknown }) {
    super(code, `${url}: ${reason}`, options);
    this.name = 'AssetError';
    this.url = url;
    this.reason = reason;
  }
}

/**
 * The load was aborted (its AbortSignal fired, or the last user of a cached asset released it). A
 * `LOAD_FAILED` AssetError whose `name` is `'AbortError'`, so both `error.code` checks and the usual
 * `error.name === 'AbortError'` check work; callers normally ignore it (a superseded load fires no events).
 */
export class AssetAbortError extends AssetError {
  constructor(url: string, cause?: unknown) {
    super('LOAD_FAILED', url, 'loading was aborted', { cause });
    this.name = 'AbortError';
  }
}

/** True for an aborted load (ours or a platform AbortError); the asset cache and elements skip those. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Bad content found while parsing. Thrown deep inside the parser with only a reason; `parseGltf` adds the
 * model URL and turns it into an `ASSET_INVALID` AssetError.
 */
export class InvalidContent extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidContent';
  }
}

/** Throws InvalidContent; written as a function so that checks read as one line: `if (bad) invalid('…')`. */
export function invalid(reason: string): never {
  throw new InvalidContent(reason);
}
