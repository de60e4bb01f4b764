// Server-side rendering: importing the built package in Node (no window, no customElements, no navigator.gpu) must
// not throw, must define no browser globals, and must give the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';

const BROWSER_GLOBALS = ['window', 'document', 'customElements', 'HTMLElement'];

test('imports dist/layerw.js in Node without defining browser globals, and the inlined core compiles', async () => {
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
});
