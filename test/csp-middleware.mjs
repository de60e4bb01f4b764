// Test server middleware: serves the pages under /test/csp/ with a Content-Security-Policy header, so tests can
// load LayerW in strict pages through an iframe (test/package/csp.test.ts). Wired into web-test-runner.config.mjs.

/** The policy of each page, by path. */
export const CSP_PAGES = {
  // What a strict site allows LayerW: its own scripts and WebAssembly, nothing inline, no eval, no blob:.
  '/test/csp/strict.html': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  // The strict policy, with a meshopt-compressed model: the lazy chunks and the decoder load under it too.
  '/test/csp/model.html': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  // The strict policy, with a QuickJS system: its lazy chunks and its embedded WebAssembly load under it.
  '/test/csp/sandbox.html': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  // The same with a Draco-compressed model: its decoder chunk loads under the strict policy too.
  '/test/csp/model-draco.html': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  // The same with a model of KTX2 textures: the Basis worker and its transcoder chunk load under the strict policy.
  '/test/csp/model-ktx2.html': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  // The same without WebAssembly.
  '/test/csp/no-wasm.html': "default-src 'self'; script-src 'self'",
};

/** @type {import('koa').Middleware} */
export async function cspMiddleware(context, next) {
  await next();
  const policy = CSP_PAGES[context.path];
  if (policy) context.set('Content-Security-Policy', policy);
}
