// Images, canvases and videos on the built-in shapes: texture, texture-repeat, normal-texture, roughness-texture;
// failing and bad values. Goldens in test/golden/shape-*.png.
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';

const W = 128;
const H = 96;
const urls: string[] = [];
const pageElements: Element[] = [];

/** A `cells`×`cells` checkerboard of `a` and `b` on a `size`-pixel canvas. */
function checkerCanvas(size: number, cells: number, a: string, b: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d')!;
  const cell = size / cells;
  for (let y = 0; y < cells; y++) {
    for (let x = 0; x < cells; x++) {
      context.fillStyle = (x + y) % 2 === 0 ? a : b;
      context.fillRect(x * cell, y * cell, cell, cell);
    }
  }
  return canvas;
}

async function pngUrl(canvas: HTMLCanvasElement): Promise<string> {
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  const url = URL.createObjectURL(blob);
  urls.push(url);
  return url;
}

/** A checker PNG with a red top-left cell, so orientation shows in the picture. */
async function checkerUrl(cells = 4): Promise<string> {
  const canvas = checkerCanvas(64, cells, '#f0f0f0', '#2050c0');
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#e02020';
  context.fillRect(0, 0, 64 / cells, 64 / cells);
  return pngUrl(canvas);
}

/** Resolves with the mesh's `load` event (the first frame drawn with its images). */
function loaded(mesh: Element): Promise<void> {
  return new Promise((resolve) => mesh.addEventListener('load', () => resolve(), { once: true }));
}

async function mountTextured(meshes: string, camera = 'camera-position="0 1.6 1.6" camera-target="0 0 0"'): Promise<{ scene: LayerWScene; meshes: LayerWMesh[] }> {
  const template = document.createElement('template');
  template.innerHTML = meshes;
  const count = template.content.querySelectorAll('layerw-mesh').length;
  const scene = await mountScene(`<layerw-scene ${camera} background="#303030" quality="medium" environment="none">
    <layerw-light type="ambient" intensity="0.6"></layerw-light>
    <layerw-light type="directional" direction="-0.3 -1 -0.5" intensity="2.5"></layerw-light>
    ${meshes}
  </layerw-scene>`, W, H);
  const elements = [...scene.querySelectorAll('layerw-mesh')] as LayerWMesh[];
  assertEqual(elements.length, count);
  return { scene, meshes: elements };
}

/** Waits until every mesh in `meshes` fired `load`, drawing frames meanwhile. */
async function allLoaded(scene: LayerWScene, meshes: Element[]): Promise<void> {
  const all = Promise.all(meshes.map(loaded));
  let done = false;
  void all.then(() => (done = true));
  for (let i = 0; i < 600 && !done; i++) {
    capture(scene);
    await frames(1);
  }
  assert(done, 'every textured mesh fired load');
}

/** Mean absolute channel difference of two images of one size. */
function meanDifference(a: Image, b: Image): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
  return sum / ((a.data.length / 4) * 3);
}

/** Adds `element` to the page for the test (removed after it). */
function onPage<T extends HTMLElement>(element: T, id: string): T {
  element.id = id;
  element.style.cssText = 'position: fixed; right: 0; bottom: 0; width: 16px; height: 16px;';
  document.body.append(element);
  pageElements.push(element);
  return element;
}

describe('<layerw-mesh> textures', function () {
  this.timeout(120_000);
  afterEach(() => {
    unmountAll();
    for (const element of pageElements.splice(0)) element.remove();
  });
  after(() => urls.forEach((url) => URL.revokeObjectURL(url)));

  it('draws an image URL on a plane and on a box', async () => {
    const url = await checkerUrl();
    const { scene, meshes } = await mountTextured(`
      <layerw-mesh geometry="plane" texture="${url}" position="-0.6 0 0" loading="eager"></layerw-mesh>
      <layerw-mesh geometry="box" texture="${url}" position="0.6 0.3 0" scale="0.6" rotation="0 30 0" loading="eager"></layerw-mesh>`);
    await allLoaded(scene, meshes);
    const image = capture(scene);
    await expectGolden('shape-texture-plane-box', image);
    const plain = await mountTextured(`
      <layerw-mesh geometry="plane" position="-0.6 0 0"></layerw-mesh>
      <layerw-mesh geometry="box" position="0.6 0.3 0" scale="0.6" rotation="0 30 0"></layerw-mesh>`);
    assert(meanDifference(image, capture(plain.scene)) > 5, 'the texture changes the picture');
    assertEqual(scene.runtime!.models!.gpuBytes > 0, true, 'the shape model is on the GPU');
  });
});
