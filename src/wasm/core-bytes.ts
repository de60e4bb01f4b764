import { fetchBuildWasm } from './fetch-build.js';

/**
 * The bytes of the WebAssembly core, for loadCoreModule. Run from source (dev server, tests) it fetches
 * build/layerw.wasm relative to this module. The library build (vite.config.ts, `inlineWasmCore`) replaces this
 * module with one that holds the bytes inline, so dist/layerw.js loads from any URL with no second request and
 * no `connect-src` permission.
 */
export function coreBytes(): Promise<BufferSource> {
  return fetchBuildWasm(new URL('../../build/layerw.wasm', import.meta.url));
}
