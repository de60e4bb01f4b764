import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the frame kernels (assembly/frame-kernels.ts). Run from source it fetches build/layerw-frame.wasm
 * relative to this module; the library build (vite.config.ts, `inlineWasmCore`) replaces this module with one that
 * holds the bytes inline, in the renderer's chunk.
 */
export function frameBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw-frame.wasm', import.meta.url));
}
