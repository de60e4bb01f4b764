import { fetchBytes, platformFetch, type FetchLike } from './fetch-bytes.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { ModelData } from './model-data.js';
import { parseGltf, toAssetError, type ParseOptions } from './gltf-parse.js';

export { absoluteUrl } from './url.js';

/** Options of `loadGltf`: those of `parseGltf` without the URL, plus download progress. */
export interface LoadOptions extends Omit<ParseOptions, 'url'> {
  /** Bytes of the model file received so far, and its size when the server says. */
  onProgress?: (loaded: number, total: number | null) => void;
}

/**
 * Downloads the glTF or GLB at `url` (absolute) and parses it with `parseGltf`. Called by the asset cache,
 * once per URL however many elements show the model.
 */
export async function loadGltf(url: string, options: LoadOptions = {}): Promise<ModelData> {
  const signal = options.signal ?? new AbortController().signal;
  const fetch: FetchLike = options.fetch ?? platformFetch();
  let bytes: Uint8Array;
  try {
    bytes = await fetchBytes(url, {
      fetch,
      signal,
      crossOrigin: options.crossOrigin ?? null,
      maxBytes: options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
      modelUrl: url,
      what: 'the model',
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } catch (error) {
    throw toAssetError(error, url, signal);
  }
  return parseGltf(bytes, { ...options, url, signal, fetch });
}
