import { LayerWError } from '../errors.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * Compiles the WebAssembly core once per page; every memory (one per scene) instantiates the same module.
 * The binary is resolved relative to this module so that dev servers and bundlers find it without
 * configuration. Throws a `WASM_UNAVAILABLE` LayerWError when WebAssembly is missing, the file cannot be
 * fetched, or compilation is refused (for example by a Content Security Policy).
 */
export function loadCoreModule(): Promise<WebAssembly.Module> {
  compiled ??= compileCore().catch((error: unknown) => {
    compiled = undefined;
    throw error;
  });
  return compiled;
}

async function compileCore(): Promise<WebAssembly.Module> {
  if (typeof WebAssembly === 'undefined') {
    throw new LayerWError('WASM_UNAVAILABLE', 'this environment has no WebAssembly');
  }
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
  try {
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (cause) {
    throw new LayerWError('WASM_UNAVAILABLE', `the WebAssembly core did not compile: ${String(cause)}`, { cause });
  }
}
