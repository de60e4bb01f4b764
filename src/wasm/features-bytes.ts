import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the feature kernels (assembly/features.ts: tweens and glTF animation). Run from source it fetches
 * build/layerw-features.wasm relative to this module; the library build (vite.config.ts, `inlineWasmCore`)
 * replaces this module with one that holds the bytes inline, in the feature kernels' lazy chunk.
 */
export function featuresBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw-features.wasm', import.meta.url));
}
