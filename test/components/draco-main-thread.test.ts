// Where a Draco model's work runs: the page starts the Draco worker and never fetches the decoder chunk itself (the
// worker does), and the main thread's long tasks while a 98,304-triangle Draco model loads are logged (median of
// five loads), beside what decoding the same primitive costs when run on the main thread. The figures are
// measurements for the report, not pass marks; what is checked is where the decoder runs.
import { assert, assertEqual } from '../assert.js';
import { unmountAll } from '../helpers/scene.js';
import { loadWatchingLongTasks, type LoadLongTasks } from '../helpers/long-tasks.js';
import { makeModel } from '../helpers/models.js';
import { splitGlb } from '../assets/glb-builder.js';
import { decodeDracoPrimitive, type DracoRequest } from '../../src/assets/draco-decode.js';
import { ModelStore } from '../../src/engine/model-store.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

describe('Draco decoding off the main thread', function () {
  this.timeout(300_000);

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('runs the Draco decoder only in its worker, one worker for every model; logs the main thread\'s long tasks', async () => {
    const glb = await makeModel({ shape: 'sphere', segments: [256, 192], draco: true });
    const runs: LoadLongTasks[] = [];
    for (let run = 0; run < 5; run++) {
      runs.push(await loadWatchingLongTasks(glb));
      unmountAll();
      ModelStore.resetForTests();
    }
    console.log(`main thread while a Draco model (${256 * 192 * 2} triangles) loads, median of ${runs.length}: `
      + `${median(runs.map((r) => r.ms)).toFixed(0)} ms to load, ${median(runs.map((r) => r.count))} long tasks, `
      + `longest ${median(runs.map((r) => r.longestMs)).toFixed(0)} ms, ${median(runs.map((r) => r.blockingMs)).toFixed(0)} ms blocking `
      + `(runs: ${runs.map((r) => `${r.count}/${r.longestMs.toFixed(0)}/${r.blockingMs.toFixed(0)}`).join(', ')})`);
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    const workers = fetched.filter((name) => name.includes('draco-worker'));
    assertEqual(workers.length, 1, `the page started one Draco worker for five models in five scenes: ${workers.join(', ')}`);
    assert(!fetched.some((name) => name.includes('draco-decoder')), `the page itself never fetched the decoder: ${fetched.filter((n) => n.includes('draco')).join(', ')}`);
    // What the worker spares the main thread: the same primitive decoded here, as it was before the worker.
    const { default: create } = await import('../../build/draco-decoder.js');
    const draco = await create();
    const { json, bin } = splitGlb(glb);
    const ext = (json['meshes'] as { primitives: { extensions: Record<string, { bufferView: number; attributes: Record<string, number> }> }[] }[])[0]!
      .primitives[0]!.extensions['KHR_draco_mesh_compression']!;
    const view = (json['bufferViews'] as { byteOffset?: number; byteLength: number }[])[ext.bufferView]!;
    const request: DracoRequest = {
      id: 0, path: 'main thread', bytes: bin!.subarray(view.byteOffset ?? 0, (view.byteOffset ?? 0) + view.byteLength), indexType: 5125,
      attributes: [['POSITION', 3], ['NORMAL', 3], ['TEXCOORD_0', 2]].map(([name, components]) => ({ name: name as string, id: ext.attributes[name as string]!, componentType: 5126, components: components as number })),
      maxBytes: 2 ** 30,
    };
    const inline: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const { faces } = decodeDracoPrimitive(draco, request);
      // Draco drops the sphere's degenerate pole triangles.
      assert(faces > 0.99 * 256 * 192 * 2, `decoded ${faces} triangles`);
      inline.push(performance.now() - started);
    }
    console.log(`the same primitive decoded on the main thread: median ${median(inline).toFixed(0)} ms in one task (runs ${inline.map((ms) => ms.toFixed(0)).join(', ')})`);
  });
});
