import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the picking kernels built for shared memories (assembly/picking.ts, target picking-threads), for
 * scenes with workers. Run from source it fetches build/layerw-picking-threads.wasm; the library build inlines them
 * in a chunk of their own (vite.config.ts, `inlineWasmCore`).
 */
export function pickingThreadsBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw-picking-threads.wasm', import.meta.url));
}
