// Stands in for Node's `module` built-in in the browser (see nodeBuiltinStubPlugin in web-test-runner.config.mjs).
export function createRequire() {
  throw new Error('require is not available in the browser');
}
