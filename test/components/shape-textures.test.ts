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

/** Meshes that fired `load` (the first frame drawn with their images); heard from before any scene mounts. */
const drawnMeshes = new WeakSet<EventTarget>();
document.addEventListener('load', (event) => drawnMeshes.add(event.target!), true);

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

/** Waits until every mesh in `meshes` fired `load` (since it was last forgotten), drawing frames meanwhile. */
async function allLoaded(scene: LayerWScene, meshes: Element[]): Promise<void> {
  for (let i = 0; i < 600 && !meshes.every((mesh) => drawnMeshes.has(mesh)); i++) {
    capture(scene);
    await frames(1);
  }
  assert(meshes.every((mesh) => drawnMeshes.has(mesh)), 'every textured mesh fired load');
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
    assert(scene.stats.streaming.texture.resident > 0, 'the image counts as streamed model texture');
  });

  it('repeats the image with texture-repeat', async () => {
    const url = await checkerUrl(2);
    const { scene, meshes } = await mountTextured(`<layerw-mesh geometry="plane" texture="${url}" texture-repeat="3 2" scale="1.6" loading="eager"></layerw-mesh>`,
      'camera-position="0 1.6 0.01" camera-target="0 0 0"');
    await allLoaded(scene, meshes);
    const repeated = capture(scene);
    await expectGolden('shape-texture-repeat', repeated);
    assertEqual(meshes[0]!.textureRepeat.join(' '), '3 2');
    drawnMeshes.delete(meshes[0]!);
    meshes[0]!.textureRepeat = 1;
    await allLoaded(scene, meshes);
    assert(meanDifference(repeated, capture(scene)) > 5, 'repeat 1 is another picture');
  });

  it('shows a canvas of the page, copied again after textureNeedsUpdate()', async () => {
    const canvas = onPage(checkerCanvas(32, 2, '#e03030', '#30e030'), 'live-canvas');
    const { scene, meshes } = await mountTextured('<layerw-mesh geometry="plane" texture="#live-canvas" scale="1.6"></layerw-mesh>',
      'camera-position="0 1.6 0.01" camera-target="0 0 0"');
    await allLoaded(scene, meshes);
    const first = capture(scene);
    await expectGolden('shape-texture-canvas-1', first);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#3030e0';
    context.fillRect(0, 0, 32, 16);
    assertEqual(meanDifference(capture(scene), first), 0, 'a redrawn canvas is not copied until asked');
    meshes[0]!.textureNeedsUpdate();
    const second = capture(scene);
    await expectGolden('shape-texture-canvas-2', second);
    const [r, , b] = pixelAt(second, 0.5, 0.3);
    assert(b > r + 40, `the top half is blue now (r ${r}, b ${b})`);
  });

  it('shows a playing video, its frames changing the pixels', async () => {
    const video = onPage(document.createElement('video'), 'clip');
    video.muted = true;
    video.playsInline = true;
    video.src = await recordedClip();
    urls.push(video.src);
    await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
    const { scene, meshes } = await mountTextured('<layerw-mesh geometry="plane" texture="#clip" scale="1.6"></layerw-mesh>',
      'camera-position="0 1.6 0.01" camera-target="0 0 0"');
    await allLoaded(scene, meshes);
    // The clip is red for its first half and blue for the second: paused at the start it shows red; played, blue.
    const still = capture(scene);
    await expectGolden('shape-texture-video-red', still, { channel: 16, share: 0.01 });
    const [r0, , b0] = pixelAt(still, 0.5, 0.5);
    assert(r0 > b0 + 60, `the first frame is red (r ${r0}, b ${b0})`);
    await video.play();
    let blue = false;
    for (let i = 0; i < 400 && !blue; i++) {
      const [r, , b] = pixelAt(capture(scene), 0.5, 0.5);
      blue = b > r + 60;
      await frames(1);
    }
    assert(blue, `the plane turned blue as the video played (at ${video.currentTime} s of ${video.duration})`);
    video.pause();
  });

  it('shades with normal-texture', async () => {
    const url = await bumpsUrl();
    const markup = (extra: string): string => `<layerw-mesh geometry="plane" ${extra} scale="1.6" color="#5078a0" roughness="0.35" loading="eager"></layerw-mesh>`;
    const view = 'camera-position="0 1.4 1" camera-target="0 0 0"';
    const flat = capture((await mountTextured(markup(''), view)).scene);
    unmountAll();
    const { scene, meshes } = await mountTextured(markup(`normal-texture="${url}"`), view);
    await allLoaded(scene, meshes);
    const bumpy = capture(scene);
    await expectGolden('shape-normal-texture', bumpy);
    assert(meanDifference(bumpy, flat) > 3, 'the normal map changes the shading');
  });

  it('scales roughness by roughness-texture', async () => {
    const grey = await pngUrl(checkerCanvas(8, 1, '#808080', '#808080'));
    const markup = (extra: string): string => `<layerw-mesh geometry="sphere" ${extra} color="#5078a0" loading="eager"></layerw-mesh>`;
    const view = 'camera-position="0 0.4 1.3" camera-target="0 0 0"';
    const smooth = capture((await mountTextured(markup('roughness="0.3"'), view)).scene);
    unmountAll();
    const rough = capture((await mountTextured(markup('roughness="0.6"'), view)).scene);
    unmountAll();
    const { scene, meshes } = await mountTextured(markup(`roughness="0.6" roughness-texture="${grey}"`), view);
    await allLoaded(scene, meshes);
    const halved = capture(scene);
    assert(meanDifference(rough, smooth) > 1, 'the two roughnesses differ');
    assert(meanDifference(halved, smooth) < meanDifference(halved, rough) / 2,
      `a mid-grey map halves the roughness (${meanDifference(halved, smooth)} from 0.3, ${meanDifference(halved, rough)} from 0.6)`);
  });

  it('reports LOAD_FAILED for an image that does not load and draws the shape untextured', async () => {
    const plain = capture((await mountTextured('<layerw-mesh geometry="box" rotation="20 30 0"></layerw-mesh>')).scene);
    unmountAll();
    const { scene, meshes } = await mountTextured('<layerw-mesh geometry="box" rotation="20 30 0"></layerw-mesh>');
    const errors = collectErrors(meshes[0]!);
    meshes[0]!.loading = 'eager';
    meshes[0]!.texture = '/no/such/picture.png';
    for (let i = 0; i < 300 && errors.length === 0; i++) {
      capture(scene);
      await frames(1);
    }
    assertEqual(errors.map((e) => e.code).join(), 'LOAD_FAILED');
    assert(meanDifference(capture(scene), plain) < 1, 'drawn as the untextured box');
    meshes[0]!.texture = '#no-such-element';
    for (let i = 0; i < 300 && errors.length === 1; i++) {
      capture(scene);
      await frames(1);
    }
    assertEqual(errors.map((e) => e.code).join(), 'LOAD_FAILED,LOAD_FAILED', 'an id naming nothing');
    assert(meanDifference(capture(scene), plain) < 1, 'still the untextured box');
  });

  it('refuses a bad texture-repeat with BAD_ATTRIBUTE and keeps the previous value', async () => {
    const { meshes } = await mountTextured('<layerw-mesh geometry="plane" texture-repeat="2 2"></layerw-mesh>');
    const mesh = meshes[0]!;
    const errors = collectErrors(mesh);
    mesh.setAttribute('texture-repeat', 'x');
    mesh.setAttribute('texture-repeat', '1 2 3');
    mesh.setAttribute('texture-repeat', '0 1');
    assertEqual(errors.map((e) => e.code).join(), 'BAD_ATTRIBUTE,BAD_ATTRIBUTE,BAD_ATTRIBUTE');
    assertEqual(mesh.textureRepeat.join(' '), '2 2');
    mesh.removeAttribute('texture-repeat');
    assertEqual(mesh.textureRepeat.join(' '), '1 1', 'removing restores the default');
  });

  it('picks textured shapes by their triangles, URL images and page elements alike', async () => {
    onPage(checkerCanvas(16, 2, '#ffffff', '#000000'), 'pick-canvas');
    const url = await checkerUrl();
    const { scene, meshes } = await mountTextured(`
      <layerw-mesh geometry="sphere" texture="#pick-canvas" position="-0.6 0 0"></layerw-mesh>
      <layerw-mesh geometry="box" texture="${url}" position="0.6 0 0" scale="0.6" loading="eager"></layerw-mesh>`);
    await allLoaded(scene, meshes);
    await scene.loadPicking();
    const sphere = scene.raycast([-0.6, 0, 5], [0, 0, -1])[0];
    assert(sphere?.element === meshes[0], 'the ray hits the canvas-textured sphere');
    assert(Math.abs(sphere!.distance - 4.5) < 0.02, `at its surface, not its bounds (${sphere!.distance})`);
    // Beside the sphere's silhouette but inside its bounding sphere's square: the triangles decide.
    assertEqual(scene.raycast([-0.6 + 0.45, 0.45, 5], [0, 0, -1]).length, 0, 'a corner ray misses the sphere');
    assert(scene.raycast([0.6, 0, 5], [0, 0, -1])[0]?.element === meshes[1], 'the ray hits the URL-textured box');
  });

  it('frees a live texture when its mesh goes, and draws it again after a device loss', async () => {
    onPage(checkerCanvas(32, 4, '#e0c030', '#303030'), 'loss-canvas');
    const { scene, meshes } = await mountTextured('<layerw-mesh geometry="plane" texture="#loss-canvas" scale="1.6"></layerw-mesh>',
      'camera-position="0 1.6 0.01" camera-target="0 0 0"');
    await allLoaded(scene, meshes);
    const before = capture(scene);
    const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
    Engine.get().simulateDeviceLossForTests();
    await ready;
    for (let i = 0; i < 3; i++) capture(scene);
    assertEqual(meanDifference(capture(scene), before), 0, 'the same picture on the new device');
    const live = scene.runtime!.models!.live!;
    assert(live.gpuBytes > 0, 'the canvas texture is on the GPU');
    meshes[0]!.remove();
    assertEqual(live.gpuBytes, 0, 'nothing left on the GPU');
  });
});

/** A WebM made here with MediaRecorder from a canvas: red for about 0.4 s, then blue for about 0.4 s. */
async function recordedClip(): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const context = canvas.getContext('2d')!;
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start();
  for (const colour of ['#e02020', '#2020e0']) {
    const until = performance.now() + 400;
    while (performance.now() < until) {
      context.fillStyle = colour;
      context.fillRect(0, 0, 32, 32);
      await frames(1);
    }
  }
  recorder.stop();
  await stopped;
  return URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }));
}

/** A normal map of ridges along x: normals tilted left and right in bands. */
async function bumpsUrl(): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const context = canvas.getContext('2d')!;
  for (let x = 0; x < 64; x++) {
    const tilt = Math.sin((x / 64) * Math.PI * 8) * 0.7;
    const nz = Math.sqrt(1 - tilt * tilt);
    context.fillStyle = `rgb(${Math.round((tilt * 0.5 + 0.5) * 255)}, 128, ${Math.round((nz * 0.5 + 0.5) * 255)})`;
    context.fillRect(x, 0, 1, 64);
  }
  return pngUrl(canvas);
}
