import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the picking kernels (assembly/picking.ts). Run from source it fetches build/layerw-picking.wasm
 * relative to this module; the library build (vite.config.ts, `inlineWasmCore`) replaces this module with one that
 * holds the bytes inline, in the pointer chunk.
 */
export function pickingBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw-picking.wasm', import.meta.url));
}
