// Where a KTX2 model's work runs: the Basis transcoder is loaded and runs only in the worker (the page itself never
// fetches its chunk), and the main thread's long tasks while such a model loads are logged beside what the same
// transcoding costs when run on the main thread, and beside a Draco model's load (decoded in the Draco worker).
// The figures are measurements for the report, not pass marks; what is checked is where the transcoder runs.
import { assert, assertEqual } from '../assert.js';
import { collectErrors, mountScene, unmountAll } from '../helpers/scene.js';
import { checkerPng, ktx2Image, makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import { BASIS_FORMAT } from '../../src/gpu/ktx2-formats.js';

/** Long tasks of the main thread from now until `stop` is called: their count and blocking time (each over 50 ms). */
function watchLongTasks(): () => { count: number; blockingMs: number } {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  return () => {
    entries.push(...observer.takeRecords());
    observer.disconnect();
    return { count: entries.length, blockingMs: entries.reduce((sum, entry) => sum + Math.max(0, entry.duration - 50), 0) };
  };
}

async function load(glb: Uint8Array): Promise<{ count: number; blockingMs: number; ms: number }> {
  const scene = await mountScene(`<layerw-scene camera-position="1.6 1.4 2.2" environment="none">
    <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 256, 192);
  const mesh = document.createElement('layerw-mesh');
  const errors = collectErrors(mesh);
  const drawn = new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
  const stop = watchLongTasks();
  const started = performance.now();
  mesh.setAttribute('src', serve(glb));
  scene.append(mesh);
  await drawn;
  const ms = performance.now() - started;
  assertEqual(errors.length, 0, errors.map((e) => e.message).join(' | '));
  return { ...stop(), ms };
}

describe('KTX2 transcoding off the main thread', function () {
  this.timeout(300_000);

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('loads and runs the Basis transcoder only in its worker; logs the main thread\'s long tasks', async () => {
    const png = await checkerPng(1024, '#ffcc00', '#2040ff');
    const file = await ktx2Image(png, 'etc1s');
    const ktx2 = await load(await makeModel({ baseColorPng: file, baseColorType: 'image/ktx2', segments: [64, 48] }));
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    assert(fetched.some((name) => name.includes('basis-worker')), 'the page started the Basis worker');
    assert(!fetched.some((name) => name.includes('basis-transcoder.js')), `the page itself never fetched the transcoder: ${fetched.filter((n) => n.includes('basis')).join(', ')}`);
    unmountAll();
    ModelStore.resetForTests();
    // The same file transcoded to BC7 on the main thread, as it would be without the worker.
    const { default: create } = await import('../../build/basis-transcoder.js');
    const basis = await create();
    const started = performance.now();
    const ktx2File = new basis.KTX2File(file);
    ktx2File.startTranscoding();
    for (let level = 0; level < ktx2File.getLevels(); level++) {
      const out = new Uint8Array(ktx2File.getImageTranscodedSizeInBytes(level, 0, 0, BASIS_FORMAT.bc7Rgba));
      ktx2File.transcodeImage(out, level, 0, 0, BASIS_FORMAT.bc7Rgba, 0, -1, -1);
    }
    ktx2File.close();
    ktx2File.delete();
    const inline = performance.now() - started;
    const draco = await load(await makeModel({ shape: 'sphere', segments: [256, 192], draco: true }));
    console.log(`main thread: KTX2 (1024² ETC1S → BC7, worker) model load ${ktx2.ms.toFixed(0)} ms, ${ktx2.count} long tasks, `
      + `${ktx2.blockingMs.toFixed(0)} ms blocking; the same transcode on the main thread ${inline.toFixed(0)} ms in one task; `
      + `Draco (${256 * 192 * 2} triangles, decoded in its worker) model load ${draco.ms.toFixed(0)} ms, ${draco.count} long tasks, `
      + `${draco.blockingMs.toFixed(0)} ms blocking`);
  });
});
