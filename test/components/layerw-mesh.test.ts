import { assert, assertEqual, assertDeepEqual } from '../assert.js';
import { capture, collectErrors, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';

// One unlit-looking view: a big box in front of the camera against a black background, lit head-on (and by no
// environment) so its colour shows in the middle of the image.
const SCENE = `<layerw-scene background="#000000" camera-position="0 0 4" camera-target="0 0 0" quality="low" environment="none">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-light type="directional" direction="0 0 -1" intensity="2" cast-shadow="false"></layerw-light>
  <layerw-mesh geometry="box" scale="2" color="#ff0000" roughness="1"></layerw-mesh>
</layerw-scene>`;

function meshOf(scene: Element): LayerWMesh {
  return scene.querySelector('layerw-mesh')!;
}

/** Which channel dominates the centre of the image, or 'background' when it is black. */
function centre(scene: Parameters<typeof capture>[0]): string {
  const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
  if (r + g + b < 30) return 'background';
  if (r > g * 2 && r > b * 2) return 'red';
  if (b > r * 2 && b > g * 2) return 'blue';
  if (g > r * 2 && g > b * 2) return 'green';
  return `rgb(${r}, ${g}, ${b})`;
}

describe('<layerw-mesh> attributes reach the pixels', () => {
  afterEach(unmountAll);

  it('draws its colour, and a new colour on the next frame', async () => {
    const scene = await mountScene(SCENE);
    assertEqual(centre(scene), 'red');
    meshOf(scene).setAttribute('color', 'blue');
    assertEqual(centre(scene), 'blue');
    meshOf(scene).color = 'rgb(0 255 0)';
    assertEqual(centre(scene), 'green');
  });

  it('moves with position and disappears with visible="false"', async () => {
    const scene = await mountScene(SCENE);
    const mesh = meshOf(scene);
    mesh.setAttribute('position', '5 0 0');
    assertEqual(centre(scene), 'background', 'moved out of the view');
    mesh.removeAttribute('position');
    assertEqual(centre(scene), 'red', 'removing the attribute restores 0 0 0');
    mesh.setAttribute('visible', 'false');
    assertEqual(centre(scene), 'background', 'hidden');
    mesh.visible = true;
    assertEqual(centre(scene), 'red', 'shown again');
  });

  it('keeps the old image and reports BAD_ATTRIBUTE for bad values', async () => {
    const scene = await mountScene(SCENE);
    const mesh = meshOf(scene);
    const errors = collectErrors(scene);
    const before = capture(scene);
    for (const [name, value] of [['position', '1 2'], ['position', 'NaN 0 0'], ['position', '1e39 0 0'], ['color', 'not-a-colour'],
      ['scale', 'Infinity'], ['geometry', 'teapot'], ['opacity', '2'], ['visible', 'maybe'], ['rotation', 'x'.repeat(100_000)]] as const) {
      mesh.setAttribute(name, value);
    }
    const after = capture(scene);
    assertEqual(errors.length, 9, `one error per bad value: ${errors.map((e) => e.message).join(' | ')}`);
    assert(errors.every((e) => e.code === 'BAD_ATTRIBUTE'), 'all BAD_ATTRIBUTE');
    assert(errors[0]!.message.includes('layerw-mesh: position="1 2"'), errors[0]!.message);
    assert(errors[8]!.message.length < 300, 'a 100 kB value is shortened in the message');
    assertDeepEqual(Array.from(after.data), Array.from(before.data), 'the image did not change');
    assertDeepEqual(mesh.position, [0, 0, 0]);
    assertEqual(mesh.color, '#ff0000');
  });

  it('writes parsed values straight into the column slot, and nothing non-finite', async () => {
    const scene = await mountScene(SCENE);
    const mesh = meshOf(scene);
    mesh.setAttribute('position', '1 -2 3.5');
    mesh.setAttribute('position', '1 Infinity 3');
    const walloc = scene.runtime!.walloc!;
    const slots = walloc.core.slotEnd() >>> 0;
    const positions = walloc.columns.float.position.subarray(0, slots * 3);
    assert(Array.from(positions).includes(3.5), `3.5 written: ${Array.from(positions)}`);
    assert(Array.from(walloc.columns.float.position.subarray(0, slots * 3)).every(Number.isFinite), 'all finite');
    const regions = scene.stats.regions!;
    assertEqual(regions.scene.used, walloc.regionStats('scene').used, 'scene.stats reads the region figures');
    assert(regions.scene.used > 0 && regions.command.capacity > 0, JSON.stringify(regions.scene));
  });
});

describe('<layerw-mesh> properties before upgrade', () => {
  afterEach(unmountAll);

  it('keeps properties set on an element before it was upgraded', async () => {
    // An element made in a document without the registry is not upgraded until adopted into this one.
    const foreign = document.implementation.createHTMLDocument('').createElement('layerw-mesh') as LayerWMesh & Record<string, unknown>;
    foreign['color'] = 'blue';
    foreign['scale'] = 2;
    const scene = await mountScene(SCENE.replace('<layerw-mesh geometry="box" scale="2" color="#ff0000" roughness="1"></layerw-mesh>', ''));
    scene.append(document.adoptNode(foreign));
    await new Promise((resolve) => setTimeout(resolve, 0));
    assertEqual(centre(scene), 'blue');
    assertDeepEqual((foreign as LayerWMesh).scale, [2, 2, 2]);
  });
});
