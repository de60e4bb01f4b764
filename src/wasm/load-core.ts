import { LayerWError } from '../errors.js';
import { coreBytes } from './core-bytes.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * Compiles the WebAssembly core once per page; every memory (one per scene) instantiates the same module.
 * The bytes come from coreBytes (fetched beside the sources, inline in the library build), so dev servers,
 * bundlers and a plain script tag find them without configuration. Throws a LayerWError: `CSP_WASM_BLOCKED`
 * when the page's Content Security Policy forbids WebAssembly (it needs `script-src 'wasm-unsafe-eval'`),
 * `WASM_UNAVAILABLE` when WebAssembly is missing, the bytes cannot be had, or compilation fails otherwise.
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
  let bytes: BufferSource;
  try {
    bytes = await coreBytes();
  } catch (cause) {
    if (cause instanceof LayerWError) throw cause;
    throw new LayerWError('WASM_UNAVAILABLE', `the WebAssembly core could not be read: ${String(cause)}`, { cause });
  }
  try {
    return await WebAssembly.compile(bytes);
  } catch (cause) {
    if (isCspRefusal(cause)) {
      throw new LayerWError(
        'CSP_WASM_BLOCKED',
        "the page's Content Security Policy forbids WebAssembly; add 'wasm-unsafe-eval' to script-src",
        { cause },
      );
    }
    throw new LayerWError('WASM_UNAVAILABLE', `the WebAssembly core did not compile: ${String(cause)}`, { cause });
  }
}

/**
 * True for the error a browser throws when a Content Security Policy refuses WebAssembly compilation
 * (Chromium: a CompileError "... disallowed by embedder" or naming 'unsafe-eval'; Firefox and Safari: an
 * EvalError or a CompileError naming the policy).
 */
function isCspRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (!(error instanceof WebAssembly.CompileError) && !(error instanceof EvalError)) return false;
  return /content[ -]security[ -]policy|unsafe-eval|disallowed by embedder/i.test(error.message);
}
