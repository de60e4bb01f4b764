import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the feature kernels built for a shared memory (build/layerw-features-threads.wasm: atomic dirty
 * bits, like the threaded core). Run from source it fetches the file relative to this module; the library build
 * inlines it in its own lazy chunk, which only cross-origin isolated pages whose scenes use a feature load.
 */
export function featuresThreadsBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw-features-threads.wasm', import.meta.url));
}
