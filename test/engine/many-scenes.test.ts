import { assert, assertEqual } from '../assert.js';
import { capture, frames, unmountAll } from '../helpers/scene.js';
import { compareImages, DEFAULT_TOLERANCE, encodePng, type Image } from '../helpers/golden.js';
import { writeFile } from '@web/test-runner-commands';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const SCENES = 24;
const MiB = 1024 * 1024;

/** Scene `i` of a product-listing page: a box of its own colour, every fourth also the demo's knot model. */
function sceneMarkup(i: number, budget: string): string {
  const knot = i % 4 === 0 ? '<layerw-mesh src="/demo/models/knot.glb" position="0.8 0.5 0" scale="0.4"></layerw-mesh>' : '';
  return `<layerw-scene style="width: 130px; height: 100px" memory-budget="${budget}" camera-position="0 2 4" camera-target="0 0.5 0">
      <layerw-light type="directional" direction="-1 -2 -1" intensity="2"></layerw-light>
      <layerw-mesh geometry="box" position="-0.5 0.5 0" color="hsl(${i * 15}, 70%, 55%)"></layerw-mesh>${knot}
    </layerw-scene>`;
}

/** Puts scenes `indices` on the page and resolves when every model has loaded and every scene has drawn. */
async function showPage(indices: readonly number[], budget: string): Promise<{ page: HTMLElement; scenes: LayerWScene[] }> {
  const page = document.createElement('div');
  page.dataset['listing'] = '';
  page.style.cssText = 'position: fixed; left: 0; top: 0; width: 800px; display: flex; flex-wrap: wrap;';
  for (const i of indices) page.insertAdjacentHTML('beforeend', sceneMarkup(i, budget));
  const scenes = [...page.querySelectorAll<LayerWScene>('layerw-scene')];
  const loaded = scenes.flatMap((scene) => [...scene.querySelectorAll('layerw-mesh[src]')]).map((mesh) =>
    new Promise<void>((resolve, reject) => {
      mesh.addEventListener('load', () => resolve(), { once: true });
      mesh.addEventListener('layerw-error', (event) => reject(new Error((event as CustomEvent<{ message: string }>).detail.message)), { once: true });
    }));
  // `ready` comes with a scene's first frame, which waits for its environment.
  const drawn = scenes.map((scene) => new Promise<void>((resolve) => scene.addEventListener('ready', () => resolve(), { once: true })));
  document.body.append(page);
  await Promise.all([...loaded, ...drawn]);
  await frames(2);
  assertEqual(scenes.filter((scene) => scene.stats.frames > 0).length, indices.length, 'every scene drew');
  return { page, scenes };
}

async function expectSame(name: string, actual: Image, expected: Image): Promise<void> {
  assertEqual(`${actual.width}x${actual.height}`, `${expected.width}x${expected.height}`, `${name}: size`);
  const { differing, diff } = compareImages(actual, expected, DEFAULT_TOLERANCE.channel);
  if (differing <= DEFAULT_TOLERANCE.share * actual.width * actual.height) return;
  await writeFile({ path: `../output/${name}.actual.png`, content: await encodePng(actual), encoding: 'base64' });
  await writeFile({ path: `../output/${name}.expected.png`, content: await encodePng(expected), encoding: 'base64' });
  await writeFile({ path: `../output/${name}.diff.png`, content: await encodePng(diff), encoding: 'base64' });
  throw new Error(`${name}: ${differing} pixels differ from the scene drawn alone (images in test/output/)`);
}

describe('a page of many small scenes', () => {
  afterEach(() => {
    document.querySelectorAll('[data-listing]').forEach((page) => page.remove());
    unmountAll();
  });

  it('draws 24 scenes within 16 MiB of WebAssembly memory and 4 MiB of GPU memory each, the same as with fixed budgets and alone', async () => {
    const all = Array.from({ length: SCENES }, (_, i) => i);
    const { page, scenes } = await showPage(all, 'auto');
    const images = scenes.map((scene) => capture(scene));
    for (const [i, scene] of scenes.entries()) {
      const { data } = images[i]!;
      let lit = 0;
      for (let p = 0; p < data.length; p += 4) if (data[p]! + data[p + 1]! + data[p + 2]! > 120) lit++;
      assert(lit > 200, `scene ${i} shows its objects (${lit} bright pixels)`);
      const wasm = scene.stats.reservedBytes;
      const gpu = scene.stats.gpuBytes;
      assert(wasm > 0 && wasm < 16 * MiB, `scene ${i}: ${(wasm / MiB).toFixed(1)} MiB of WebAssembly memory`);
      assert(gpu > 0 && gpu < 4 * MiB, `scene ${i}: ${(gpu / MiB).toFixed(2)} MiB of GPU memory`);
    }
    assert(Engine.exists, 'one engine serves them all');
    page.remove();

    // The same listing with a fixed 64 MB budget per scene (each memory reserved up front, never grown).
    const fixed = await showPage(all, '64MB');
    for (const i of all) await expectSame(`many-scenes-${i}-fixed`, images[i]!, capture(fixed.scenes[i]!));
    fixed.page.remove();
    // A scene with the model and one without, each alone on the page: shadow and environment maps its own.
    for (const i of [0, 1]) {
      const alone = await showPage([i], '64MB');
      await expectSame(`many-scenes-${i}-alone`, images[i]!, capture(alone.scenes[0]!));
      alone.page.remove();
    }
  });
});
