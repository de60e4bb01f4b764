// Test server middleware: sends the pages under /test/workers/ with the headers that make a page cross-origin
// isolated (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp), so
// test/workers/workers.test.ts can run scenes with shared memory and workers. Every other page stays as it was.

/** @type {import('koa').Middleware} */
export async function isolationMiddleware(context, next) {
  await next();
  if (!context.path.startsWith('/test/workers/')) return;
  context.set('Cross-Origin-Opener-Policy', 'same-origin');
  context.set('Cross-Origin-Embedder-Policy', 'require-corp');
}
