import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the threaded core (assembly/threads.ts: the core over a shared memory, with the kernels that split
 * a frame across workers). Run from source it fetches build/layerw-threads.wasm relative to this module; the library
 * build (vite.config.ts, `inlineWasmCore`) replaces this module with one that holds the bytes inline, in the lazy
 * chunk only cross-origin isolated pages load.
 */
export function threadsBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw-threads.wasm', import.meta.url));
}
