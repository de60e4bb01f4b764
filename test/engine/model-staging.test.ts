// The order of a model's load: its images start decoding (createImageBitmap, off the main thread) before its
// geometry is written into the mesh region, so the two overlap. Both phases are seen through what they call, the
// browser's decoder and the scene memory's block allocator, so the test reads their order without any timing.
import { assert, assertEqual } from '../assert.js';
import { capture, loaded, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { checkerPng, makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { Walloc } from '../../src/memory/walloc.js';

/** Records `decode` at each image decode the page starts and `stage` at each mesh-region block `walloc` gives; returns the undo. */
function tracePhases(walloc: Walloc, trace: string[]): () => void {
  const decode = window.createImageBitmap;
  const allocBlock = walloc.allocBlock;
  window.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) => {
    trace.push('decode');
    return decode.apply(window, args);
  }) as typeof createImageBitmap;
  walloc.allocBlock = (region, size, distance, align) => {
    if (region === 'mesh') trace.push('stage');
    return allocBlock.call(walloc, region, size, distance, align);
  };
  return () => {
    window.createImageBitmap = decode;
    walloc.allocBlock = allocBlock;
  };
}

describe('a model\'s load', function () {
  this.timeout(120_000);

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('starts decoding every image of the model before it stages the geometry', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 3" camera-target="0 0 0" environment="none">
      <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 64, 64);
    const glb = await makeModel({ baseColorPng: await checkerPng(64, '#ffcc00', '#2040ff'), normalPng: await checkerPng(32, '#8080ff', '#8080ff') });
    const trace: string[] = [];
    const undo = tracePhases(scene.runtime!.walloc!, trace);
    try {
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('src', serve(glb));
      const drawn = loaded(mesh);
      scene.append(mesh);
      await drawn;
    } finally {
      undo();
    }
    const staged = trace.indexOf('stage');
    assert(staged >= 0, `the geometry was staged: ${trace.join(' ')}`);
    assertEqual(trace.slice(0, staged).join(' '), 'decode decode', `both images were being decoded when the staging began: ${trace.join(' ')}`);
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r + g + b > 60, `the model is drawn: ${r} ${g} ${b}`);
  });
});
