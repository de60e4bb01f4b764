import { LayerWError } from '../errors.js';

/**
 * Fetches a WebAssembly file that build/ holds, for the `*-bytes.ts` modules when they run from source (dev
 * server, tests). Throws `WASM_UNAVAILABLE` when it cannot be had. The library build replaces those modules with
 * inlined bytes (vite.config.ts, `inlineWasmCore`), so the package never calls this.
 */
export async function fetchBuildWasm(url: URL): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new LayerWError('WASM_UNAVAILABLE', `could not fetch ${url.href}`, { cause });
  }
  if (!response.ok) throw new LayerWError('WASM_UNAVAILABLE', `fetching ${url.href} answered ${response.status}`);
  return response.arrayBuffer();
}
