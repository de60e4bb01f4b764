// KHR_materials_variants on <layerw-mesh src>: the `variant` attribute picks a variant by name, `variants` lists
// them, switching draws the other materials in the next frame without loading anything again, and an unknown
// name is refused with BAD_ATTRIBUTE keeping the previous variant.
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { capture, collectErrors, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import { serve } from '../helpers/models.js';
import { makeVariantModel, VARIANTS } from '../helpers/material-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const SCENE = `<layerw-scene quality="high" background="#000000" camera-position="0 0 3" fov="40">
  <layerw-light type="directional" direction="-0.3 -0.5 -1" intensity="2"></layerw-light></layerw-scene>`;

/** Resolves when `mesh` reports `load`; errors are left to the test, which expects some (unknown variants). */
function drawn(mesh: Element, timeoutMs = 30000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no load event within ${timeoutMs} ms`)), timeoutMs);
    mesh.addEventListener('load', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Adds meshes showing `url` at x positions `xs`, with `variant` attributes where given; resolves when all drew. */
async function addMeshes(scene: LayerWScene, url: string, meshes: { x: number; variant?: string }[]): Promise<LayerWMesh[]> {
  const elements = meshes.map(({ x, variant }) => {
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('position', `${x} 0 0`);
    if (variant !== undefined) mesh.setAttribute('variant', variant);
    mesh.setAttribute('src', url);
    return mesh;
  });
  const done = Promise.all(elements.map((mesh) => drawn(mesh)));
  scene.append(...elements);
  await done;
  return elements;
}

/** Which of red, green and blue dominates at (fx, fy), or 'white' when none does. */
function hue(image: Image, fx: number, fy: number): string {
  const [r, g, b] = pixelAt(image, fx, fy);
  if (r > g * 1.8 && r > b * 1.8) return 'red';
  if (g > r * 1.8 && g > b * 1.8) return 'green';
  if (b > r * 1.8 && b > g * 1.8) return 'blue';
  return Math.min(r, g, b) > 60 ? 'white' : `other (${r}, ${g}, ${b})`;
}

describe('<layerw-mesh variant>: KHR_materials_variants', function () {
  this.timeout(120_000);
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws each mesh of one model in its own variant, and lists the variants', async () => {
    const scene = await mountScene(SCENE, 160, 64);
    const url = serve(await makeVariantModel());
    const [plain, red, green, blue] = await addMeshes(scene, url, [{ x: -1.65 }, { x: -0.55, variant: 'red' }, { x: 0.55, variant: 'green' }, { x: 1.65, variant: 'blue' }]);
    const image = capture(scene);
    await expectGolden('model-variants', image);
    assertEqual(hue(image, 0.5 - 0.31, 0.5), 'white');
    assertEqual(hue(image, 0.5 - 0.1, 0.5), 'red');
    assertEqual(hue(image, 0.5 + 0.1, 0.5), 'green');
    assertEqual(hue(image, 0.5 + 0.31, 0.5), 'blue');
    assertDeepEqual([...plain!.variants], Object.keys(VARIANTS));
    assertEqual(red!.variant, 'red');
    assertEqual(green!.variants, blue!.variants, 'the same list for every mesh of a model');
  });

  it('switches materials in the next frame without loading again, and back to the file\'s own', async () => {
    const scene = await mountScene(SCENE, 64, 64);
    const url = serve(await makeVariantModel());
    const [mesh] = await addMeshes(scene, url, [{ x: 0, variant: 'red' }]);
    assertEqual(hue(capture(scene), 0.5, 0.5), 'red');
    let reloaded = false;
    mesh!.addEventListener('progress', () => (reloaded = true));
    mesh!.addEventListener('load', () => (reloaded = true));
    mesh!.setAttribute('variant', 'blue');
    assertEqual(hue(capture(scene), 0.5, 0.5), 'blue');
    mesh!.variant = 'green';
    assertEqual(hue(capture(scene), 0.5, 0.5), 'green');
    mesh!.removeAttribute('variant');
    assertEqual(mesh!.variant, null);
    assertEqual(hue(capture(scene), 0.5, 0.5), 'white');
    assert(!reloaded, 'no progress or load event: nothing was loaded again');
  });

  it('refuses an unknown name with BAD_ATTRIBUTE and keeps the previous variant', async () => {
    const scene = await mountScene(SCENE, 64, 64);
    const url = serve(await makeVariantModel());
    const [mesh] = await addMeshes(scene, url, [{ x: 0, variant: 'green' }]);
    const errors = collectErrors(mesh!);
    mesh!.setAttribute('variant', 'purple');
    assertEqual(errors.length, 1);
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
    assert(errors[0]!.message.includes('purple') && errors[0]!.message.includes('red, green, blue'), errors[0]!.message);
    assertEqual(mesh!.variant, 'green');
    assertEqual(hue(capture(scene), 0.5, 0.5), 'green');
  });

  it('checks a name given before the model is ready once it is: refused, the file\'s own materials are drawn', async () => {
    const scene = await mountScene(SCENE, 64, 64);
    const url = serve(await makeVariantModel());
    const mesh = document.createElement('layerw-mesh');
    const errors = collectErrors(mesh);
    mesh.setAttribute('variant', 'purple');
    mesh.setAttribute('src', url);
    const done = drawn(mesh);
    scene.append(mesh);
    await done;
    assertEqual(errors.map((e) => e.code).join(), 'BAD_ATTRIBUTE');
    assertEqual(mesh.variant, null);
    assertEqual(hue(capture(scene), 0.5, 0.5), 'white');
  });
});
