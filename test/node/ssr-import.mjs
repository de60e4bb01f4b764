#!/usr/bin/env node
// Server-side rendering check, run by `npm test` before the browser tests: importing the built package in Node
// (no window, no customElements, no navigator.gpu) must not throw, must define no browser globals, and must give
// the API. Prints nothing when all is well; exits 1 with the reason otherwise.
import assert from 'node:assert/strict';

const BROWSER_GLOBALS = ['window', 'document', 'customElements', 'HTMLElement'];

async function main() {
  for (const name of BROWSER_GLOBALS) assert.equal(typeof globalThis[name], 'undefined', `Node already has ${name}`);
  const layerw = await import(new URL('../../dist/layerw.js', import.meta.url).href);
  for (const name of BROWSER_GLOBALS) assert.equal(typeof globalThis[name], 'undefined', `importing LayerW defined ${name}`);
  for (const name of ['defineElements', 'LayerWScene', 'LayerWMesh', 'LayerWLight', 'LayerWGroup', 'LayerWCamera', 'LayerWError', 'Walloc']) {
    assert.equal(typeof layerw[name], 'function', `the package exports ${name}`);
  }
  layerw.defineElements();
  const error = new layerw.LayerWError('CSP_WASM_BLOCKED', 'a test');
  assert.equal(error.code, 'CSP_WASM_BLOCKED');
  // The WebAssembly core is inline in the bundle: it compiles here too, with no file beside it.
  const walloc = await layerw.Walloc.create({ budget: '4MB' });
  assert.ok(walloc.reservedBytes > 0, 'the inlined core reserves memory');
}

main().catch((error) => {
  console.error(`layerw: importing dist/layerw.js in Node failed: ${error?.stack ?? error}`);
  process.exit(1);
});
