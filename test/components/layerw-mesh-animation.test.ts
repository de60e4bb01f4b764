import { assert, assertClose, assertEqual } from '../assert.js';
import { capture, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import { serve } from '../helpers/models.js';
import { makeMorphedModel, makeSkinnedModel } from '../helpers/animated-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const LIGHTS = `<layerw-light type="ambient" intensity="0.4"></layerw-light>
  <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2.5"></layerw-light>`;

/** Resolves when `mesh` reports `load`; fails on its first error. */
function loaded(mesh: Element, timeoutMs = 20000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no load event within ${timeoutMs} ms`)), timeoutMs);
    mesh.addEventListener('load', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
    mesh.addEventListener('layerw-error', (event) => {
      clearTimeout(timer);
      reject(new Error(`layerw-error: ${JSON.stringify((event as CustomEvent).detail.message)}`));
    }, { once: true });
  });
}

async function show(glb: Uint8Array, attributes: Record<string, string>, camera = 'camera-position="0 1 3.4" camera-target="0 1 0"', size: [number, number] = [96, 96]): Promise<{ scene: LayerWScene; mesh: LayerWMesh }> {
  const scene = await mountScene(`<layerw-scene background="#202830" ${camera} quality="high">${LIGHTS}</layerw-scene>`, size[0], size[1]);
  const mesh = document.createElement('layerw-mesh');
  for (const [name, value] of Object.entries(attributes)) mesh.setAttribute(name, value);
  const done = loaded(mesh);
  mesh.setAttribute('src', serve(glb));
  scene.append(mesh);
  await done;
  return { scene, mesh };
}

/** The box around the model's pixels (red well above the background's): left, top, right, bottom. */
function litBox(image: Image): [number, number, number, number] {
  const box: [number, number, number, number] = [image.width, image.height, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[(y * image.width + x) * 4]! <= 90) continue;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

describe('<layerw-mesh src> animation', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws a skinned model bent by its animation at two times', async () => {
    const { scene, mesh } = await show(await makeSkinnedModel(), { animation: 'bend' });
    assertEqual(mesh.paused, true, 'without autoplay the clock waits');
    assertEqual(mesh.animations.join(','), 'bend,sway', 'clip names');
    assertClose(mesh.duration, 2, 1e-6, 'duration of bend');
    const rest = capture(scene);
    await expectGolden('animation-skinned-0s', rest);
    mesh.currentTime = 1;
    await frames(1);
    const bent = capture(scene);
    await expectGolden('animation-skinned-1s', bent);
    // At rest the column is upright; bent by 90° about z its upper half lies along -x, left of the base.
    const [restLeft, restTop, restRight, restBottom] = litBox(rest);
    const [bentLeft, bentTop, bentRight, bentBottom] = litBox(bent);
    assert(restBottom - restTop > 3 * (restRight - restLeft), `upright: ${restRight - restLeft} wide, ${restBottom - restTop} tall`);
    assert(bentTop > restTop + 10, `bent, the top comes down: ${bentTop} vs ${restTop}`);
    assert(bentLeft < restLeft - 10 && Math.abs(bentRight - restRight) <= 2, `bent, it reaches left only: ${bentLeft}…${bentRight} vs ${restLeft}…${restRight}`);
    assertEqual(bentBottom, restBottom, 'the lower half stays where it was');
  });

  it('draws a morphed model with weights from the mesh, the animation and morphWeights', async () => {
    const { scene, mesh } = await show(await makeMorphedModel(), { animation: 'breathe' }, 'camera-position="0 1 4" camera-target="0 0.3 0"');
    const flat = capture(scene);
    await expectGolden('animation-morphed-0s', flat);
    mesh.currentTime = 1;
    const lifted = capture(scene);
    await expectGolden('animation-morphed-1s', lifted);
    const litRows = (image: Image, fx: number): number => {
      let rows = 0;
      for (let y = 0; y < image.height; y++) if (pixelAt(image, fx, (y + 0.5) / image.height)[2] > 120) rows++;
      return rows;
    };
    assert(litRows(lifted, 0.8) > litRows(flat, 0.8) + 5, `the right half rises: ${litRows(lifted, 0.8)} vs ${litRows(flat, 0.8)} rows`);
    mesh.morphWeights = [0, 0];
    const overridden = capture(scene);
    assertEqual(litRows(overridden, 0.8), litRows(flat, 0.8), 'morphWeights [0, 0] flattens it again');
    mesh.morphWeights = null;
    assertEqual(litRows(capture(scene), 0.8), litRows(lifted, 0.8), 'null hands the weights back to the animation');
  });
});
