import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { loadInFrame } from './frame-page.js';

// These pages load the built package (dist/layerw.js) with a plain script tag, inside an iframe, from a server
// that sends no COOP/COEP headers; the pages under test/csp/ get a Content-Security-Policy (test/csp-middleware.mjs).

describe('the built package', () => {
  it('draws in a page whose CSP allows only its own scripts and WebAssembly, with no violation', async () => {
    const report = await loadInFrame('/test/csp/strict.html');
    assertEqual(report.event, 'ready', `${report.code}: ${report.message}`);
    assertDeepEqual(report.violations, []);
    assertEqual(report.fallbackShown, false);
    const [r, g, b] = report.pixel!;
    assert(r > 150 && r > g + 100 && r > b + 100, `the red box is drawn at the centre, got ${report.pixel}`);
  });

  it('shows the fallback and reports CSP_WASM_BLOCKED where the CSP forbids WebAssembly', async () => {
    const report = await loadInFrame('/test/csp/no-wasm.html');
    assertEqual(report.event, 'layerw-error');
    assertEqual(report.code, 'CSP_WASM_BLOCKED', report.message);
    assertEqual(report.fallbackShown, true);
  });

  it('loads a meshopt-compressed model under the strict CSP: the lazy chunks and the decoder are found', async () => {
    const report = await loadInFrame('/test/csp/model.html');
    assertEqual(report.event, 'load', `${report.code}: ${report.message}`);
    assertDeepEqual(report.violations, []);
    const [r, g, b] = report.pixel!;
    assert(r + g + b > 60, `the model is drawn at the centre, got ${report.pixel}`);
  });

  it('runs a QuickJS system under the strict CSP: its chunks and its WebAssembly load', async () => {
    const report = await loadInFrame('/test/csp/sandbox.html');
    assertEqual(report.event, 'sandbox-ran', `${report.code}: ${report.message}`);
    assertDeepEqual(report.violations, []);
    const [r, g, b] = report.pixel!;
    assert(r > 150 && r > g + 100 && r > b + 100, `the sandbox brought the red box to the centre, got ${report.pixel}`);
  });

  it('loads a Draco-compressed model under the strict CSP: the Draco worker and decoder chunk are found and run', async () => {
    const report = await loadInFrame('/test/csp/model-draco.html');
    assertEqual(report.event, 'load', `${report.code}: ${report.message}`);
    assertDeepEqual(report.violations, []);
    const draco = report.resources.filter((url) => url.includes('draco'));
    assert(draco.some((url) => url.endsWith('/dist/layerw-draco-worker.js')), `the page started the Draco worker: ${draco.join(', ')}`);
    assert(!draco.some((url) => url.includes('draco-decoder')), `the decoder chunk was loaded by the worker, not the page: ${draco.join(', ')}`);
    const [r, g, b] = report.pixel!;
    assert(r + g + b > 60, `the model is drawn at the centre, got ${report.pixel}`);
  });

  it('loads a model with KTX2 textures under the strict CSP: the Basis worker and transcoder are found and run', async () => {
    const report = await loadInFrame('/test/csp/model-ktx2.html');
    assertEqual(report.event, 'load', `${report.code}: ${report.message}`);
    assertDeepEqual(report.violations, []);
    const [r, g, b] = report.pixel!;
    assert(r + g + b > 60, `the model is drawn at the centre, got ${report.pixel}`);
  });

  it('works in an iframe without cross-origin isolation', async () => {
    const report = await loadInFrame('/test/csp/strict.html');
    assertEqual(report.crossOriginIsolated, false);
    assertEqual(report.event, 'ready');
  });

  it('keeps the first copy when a second copy is loaded from another URL, warning once per element', async () => {
    const report = await loadInFrame('/test/package/two-copies.html');
    assertEqual(report.distinctCopies, true, 'two module instances were loaded');
    assertEqual(report.firstOwnsElements, true, 'the first copy defines every element');
    const names = ['layerw-scene', 'layerw-group', 'layerw-mesh', 'layerw-light', 'layerw-camera', 'layerw-animate', 'layerw-label'];
    assertEqual(report.warnings!.length, names.length, report.warnings!.join(' | '));
    for (const name of names) assert(report.warnings!.some((w) => w.startsWith(name)), `a warning names ${name}`);
    assertEqual(report.event, 'ready', `${report.code}: ${report.message}`);
    const [r, g, b] = report.pixel!;
    assert(r > 150 && r > g + 100 && r > b + 100, `the red box is drawn at the centre, got ${report.pixel}`);
  });
});
