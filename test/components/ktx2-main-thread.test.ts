// Where a KTX2 model's work runs: the Basis transcoder is loaded and runs only in the worker (the page itself never
// fetches its chunk), and the main thread's long tasks while such a model loads are logged beside what the same
// transcoding costs when run on the main thread, and beside a Draco model's load (decoded in the Draco worker).
// The figures are measurements for the report, not pass marks; what is checked is where the transcoder runs.
import { assert } from '../assert.js';
import { unmountAll } from '../helpers/scene.js';
import { loadWatchingLongTasks } from '../helpers/long-tasks.js';
import { checkerPng, ktx2Image, makeModel } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import { BASIS_FORMAT } from '../../src/gpu/ktx2-formats.js';

describe('KTX2 transcoding off the main thread', function () {
  this.timeout(300_000);

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('loads and runs the Basis transcoder only in its worker; logs the main thread\'s long tasks', async () => {
    const png = await checkerPng(1024, '#ffcc00', '#2040ff');
    const file = await ktx2Image(png, 'etc1s');
    const ktx2 = await loadWatchingLongTasks(await makeModel({ baseColorPng: file, baseColorType: 'image/ktx2', segments: [64, 48] }));
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
    const draco = await loadWatchingLongTasks(await makeModel({ shape: 'sphere', segments: [256, 192], draco: true }));
    console.log(`main thread: KTX2 (1024² ETC1S → BC7, worker) model load ${ktx2.ms.toFixed(0)} ms, ${ktx2.count} long tasks, `
      + `${ktx2.blockingMs.toFixed(0)} ms blocking; the same transcode on the main thread ${inline.toFixed(0)} ms in one task; `
      + `Draco (${256 * 192 * 2} triangles, decoded in its worker) model load ${draco.ms.toFixed(0)} ms, ${draco.count} long tasks, `
      + `${draco.blockingMs.toFixed(0)} ms blocking`);
  });
});
