import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, loaded, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { compareImages, DEFAULT_TOLERANCE, expectGolden, type Image } from '../helpers/golden.js';
import { serve } from '../helpers/models.js';
import { makeLitModel, pageLights, POINT_AND_SPOT, type TestLight } from '../helpers/light-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

/** Seen from above and in front; no environment and a faint ambient, so the punctual lights do the lighting. */
function sceneMarkup(children: string): string {
  return `<layerw-scene background="#101418" camera-position="0 3.4 2.6" camera-target="0 0 0" quality="high" environment="none">
    <layerw-light type="ambient" intensity="0.05"></layerw-light>${children}</layerw-scene>`;
}

/** Mounts `pageMarkup` and adds a mesh showing `glb` at `position`; resolves once the model is drawn. */
async function showModel(glb: Uint8Array, position: readonly number[], pageMarkup = ''): Promise<{ scene: LayerWScene; mesh: HTMLElement }> {
  const scene = await mountScene(sceneMarkup(pageMarkup), 96, 72);
  const mesh = document.createElement('layerw-mesh');
  mesh.setAttribute('position', position.join(' '));
  const done = loaded(mesh);
  mesh.setAttribute('src', serve(glb));
  scene.append(mesh);
  await done;
  return { scene, mesh };
}

function expectSimilar(actual: Image, expected: Image, what: string): void {
  const { differing } = compareImages(actual, expected, DEFAULT_TOLERANCE.channel);
  const allowed = DEFAULT_TOLERANCE.share * actual.width * actual.height;
  assert(differing <= allowed, `${what}: ${differing} pixels differ by more than ${DEFAULT_TOLERANCE.channel} (allowed ${allowed})`);
}

function brightness(image: Image): number {
  let sum = 0;
  for (let i = 0; i < image.data.length; i += 4) sum += image.data[i]! + image.data[i + 1]! + image.data[i + 2]!;
  return sum / (image.data.length / 4);
}

describe('<layerw-mesh src>: the model\'s own lights (KHR_lights_punctual)', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('lights the scene as the same <layerw-light>s would, and the lights follow the mesh', async () => {
    const first = [0.3, 0, -0.2];
    const second = [-0.4, 0, 0.3];
    const lit = await makeLitModel(POINT_AND_SPOT);
    const plain = await makeLitModel([]);

    const { scene, mesh } = await showModel(lit, first);
    const fromFile = capture(scene);
    await expectGolden('model-lights-punctual', fromFile);
    mesh.setAttribute('position', second.join(' '));
    const fromFileMoved = capture(scene);
    unmountAll();

    const { scene: reference } = await showModel(plain, first, pageLights(POINT_AND_SPOT, first));
    const fromPage = capture(reference);
    unmountAll();
    const { scene: movedReference } = await showModel(plain, second, pageLights(POINT_AND_SPOT, second));
    const fromPageMoved = capture(movedReference);

    expectSimilar(fromFile, fromPage, 'the file\'s lights against the same <layerw-light>s');
    expectSimilar(fromFileMoved, fromPageMoved, 'after moving the mesh');
    // Not a blank or ambient-only picture: the spot's cyan pool and the point's white one are both there.
    let cyan = 0;
    let white = 0;
    for (let i = 0; i < fromFile.data.length; i += 4) {
      const [r, g, b] = [fromFile.data[i]!, fromFile.data[i + 1]!, fromFile.data[i + 2]!];
      if (g > 90 && b > 90 && r < g / 2) cyan++;
      if (r > 90 && Math.abs(r - g) < 25 && Math.abs(r - b) < 25) white++;
    }
    assert(cyan > 40 && white > 40, `both lights show: ${cyan} cyan and ${white} white pixels`);
    const { differing } = compareImages(fromFile, fromFileMoved, DEFAULT_TOLERANCE.channel);
    assert(differing > 200, `moving the mesh moves its light: ${differing} pixels changed`);
  });

  it('takes its lights away when the mesh is hidden or removed', async () => {
    // A page plane at y = 0 above the model's small plane: only the model's lights reach it from above.
    const scene = await mountScene(sceneMarkup('<layerw-mesh geometry="plane" scale="3" color="#cccccc"></layerw-mesh>'), 96, 72);
    const unlit = capture(scene);
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('position', '0 -0.6 0');
    const done = loaded(mesh);
    mesh.setAttribute('src', serve(await makeLitModel(POINT_AND_SPOT, 0.5)));
    scene.append(mesh);
    await done;
    const lit = capture(scene);
    assert(brightness(lit) > brightness(unlit) + 5, `the model's lights light the page's plane: ${brightness(lit)} against ${brightness(unlit)}`);
    mesh.setAttribute('visible', 'false');
    expectSimilar(capture(scene), unlit, 'hidden');
    mesh.removeAttribute('visible');
    expectSimilar(capture(scene), lit, 'shown again');
    mesh.remove();
    expectSimilar(capture(scene), unlit, 'removed');
    const back = loaded(mesh);
    scene.append(mesh);
    await back;
    expectSimilar(capture(scene), lit, 'put back');
  });

  it('warns once, with the numbers, when the model brings more lights than the scene shades', async () => {
    const nine: TestLight[] = Array.from({ length: 9 }, (_, i) => ({
      type: 'point', translation: [i * 0.2 - 0.8, 0.5, 0], color: [1, 1, 1], intensity: 0.1,
    }));
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    };
    try {
      const { scene, mesh } = await showModel(await makeLitModel(nine), [0, 0, 0]);
      const errors = collectErrors(scene);
      capture(scene);
      const about = warnings.filter((w) => w.includes('KHR_lights_punctual'));
      assertEqual(about.length, 1, warnings.join(' | '));
      assert(about[0]!.includes('brings 9 lights') && about[0]!.includes('at most 8') && about[0]!.includes('7 of them light the scene and 2 do not'), about[0]!);
      assertEqual(errors.length, 0, 'a warning, not an error');
      assert(pixelAt(capture(scene), 0.5, 0.5)[0] > 20, 'the first lights still light the plane');
      mesh.remove();
    } finally {
      console.warn = original;
    }
  });
});
