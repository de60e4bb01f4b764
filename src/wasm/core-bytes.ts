import { LayerWError } from '../errors.js';

/**
 * The bytes of the WebAssembly core, for loadCoreModule. Run from source (dev server, tests) it fetches
 * build/layerw.wasm relative to this module. The library build (vite.config.ts, `inlineWasmCore`) replaces this
 * module with one that holds the bytes inline, so dist/layerw.js loads from any URL with no second request and
 * no `connect-src` permission.
 */
export async function coreBytes(): Promise<BufferSource> {
  const url = new URL('../../build/layerw.wasm', import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new LayerWError('WASM_UNAVAILABLE', `could not fetch ${url.href}`, { cause });
  }
  if (!response.ok) {
    throw new LayerWError('WASM_UNAVAILABLE', `fetching ${url.href} answered ${response.status}`);
  }
  return response.arrayBuffer();
}
