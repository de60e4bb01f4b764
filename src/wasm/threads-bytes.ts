import { LayerWError } from '../errors.js';

/**
 * The bytes of the threaded core (assembly/threads.ts: the core over a shared memory, with the kernels that split
 * a frame across workers). Run from source it fetches build/layerw-threads.wasm relative to this module; the library
 * build (vite.config.ts, `inlineWasmCore`) replaces this module with one that holds the bytes inline, in the lazy
 * chunk only cross-origin isolated pages load.
 */
export async function threadsBytes(): Promise<BufferSource> {
  const url = new URL('../../build/layerw-threads.wasm', import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new LayerWError('WASM_UNAVAILABLE', `could not fetch ${url.href}`, { cause });
  }
  if (!response.ok) throw new LayerWError('WASM_UNAVAILABLE', `fetching ${url.href} answered ${response.status}`);
  return response.arrayBuffer();
}
