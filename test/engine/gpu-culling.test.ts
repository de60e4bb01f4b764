import { assert, assertEqual } from '../assert.js';
import { capture, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { Engine } from '../../src/engine/engine.js';
import { gpuCullTesting } from '../../src/gpu/gpu-cull.js';
import { compareImages, DEFAULT_TOLERANCE, expectGolden, type Image } from '../helpers/golden.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const SHAPES = ['box', 'sphere', 'cylinder', 'cone', 'torus', 'plane'];
const COLOURS = ['tomato', 'gold', 'seagreen', 'steelblue', 'orchid', 'white'];

/** A 6×4 grid of every built-in shape in view, plus objects beside, above and behind the camera. */
function shapes(culling: string): string {
  let meshes = '';
  for (let i = 0; i < 24; i++) {
    const x = ((i % 6) - 2.5) * 1.1;
    const y = (Math.floor(i / 6) - 1.5) * 1.1;
    const k = i % SHAPES.length;
    meshes += `<layerw-mesh geometry="${SHAPES[k]}" color="${COLOURS[(k + Math.floor(i / 6)) % 6]}" scale="0.8" rotation="30 ${i * 15} 0" position="${x} ${y} 0"></layerw-mesh>`;
  }
  // Outside the view: far to each side, above, and behind the camera.
  for (const p of ['40 0 0', '-40 0 0', '0 40 0', '0 0 30']) meshes += `<layerw-mesh geometry="sphere" color="red" position="${p}"></layerw-mesh>`;
  return `<layerw-scene culling="${culling}" background="#202830" camera-position="0 0 9" camera-target="0 0 0" quality="medium">
    <layerw-light type="ambient" intensity="0.5"></layerw-light>
    <layerw-light type="directional" direction="-1 -2 -1.5" intensity="2" cast-shadow="true"></layerw-light>
    <layerw-mesh geometry="plane" color="#8899aa" scale="14" rotation="90 0 0" position="0 0 -1.5"></layerw-mesh>
    ${meshes}</layerw-scene>`;
}

/** Draws frames until the GPU cull's chunk has arrived and a frame was culled `culling`; returns that frame. */
async function frameCulled(scene: LayerWScene, culling: 'gpu' | 'cpu'): Promise<Image> {
  for (let i = 0; i < 200; i++) {
    const image = capture(scene);
    if (scene.stats.culling === culling) return image;
    await frames(1);
  }
  throw new Error(`no frame was culled on the ${culling} path (the last: ${scene.stats.culling})`);
}

function sameImage(gpu: Image, cpu: Image): void {
  const { differing } = compareImages(gpu, cpu, DEFAULT_TOLERANCE.channel);
  assert(differing <= DEFAULT_TOLERANCE.share * gpu.width * gpu.height,
    `${differing} of ${gpu.width * gpu.height} pixels differ between the GPU-culled and the WebAssembly-culled frame`);
}

/**
 * Moves, recolours, removes and hides objects on the GPU path and compares each state with the WebAssembly
 * path's frame and the goldens; `batchOffsets` is what stats must say of the GPU-culled frames.
 */
async function drawsAsWebAssembly(batchOffsets: boolean): Promise<LayerWScene> {
  const scene = await mountScene(shapes('gpu'), 200, 150);
  await frameCulled(scene, 'gpu');
  const meshes = [...scene.querySelectorAll<LayerWMesh>('layerw-mesh')];
  // Motion through the movement kernel for a few frames, then stopped, so both paths see one state.
  meshes[3]!.setAttribute('velocity', '0 0.8 0');
  meshes[9]!.setAttribute('spin', '0 90 0');
  for (let i = 0; i < 4; i++) {
    await frames(1);
    capture(scene);
    assertEqual(scene.stats.culling, 'gpu', 'moving objects stay on the GPU path');
  }
  meshes[3]!.setAttribute('velocity', '0 0 0');
  meshes[9]!.setAttribute('spin', '0 0 0');
  // How far they went depends on the frames' times; placed again, the goldens do not.
  meshes[3]!.setAttribute('position', '-0.55 -1.2 0');
  meshes[9]!.setAttribute('rotation', '30 150 0');
  // An object moved into view from outside, one moved out, one recoloured.
  meshes[25]!.setAttribute('position', '2.2 2.2 1');
  meshes[26]!.setAttribute('scale', '0.5');
  meshes[12]!.setAttribute('position', '0 -60 0');
  meshes[7]!.setAttribute('color', 'black');
  const gpu = capture(scene);
  assertEqual(scene.stats.culling, 'gpu', 'the frame was culled on the GPU');
  assertEqual(scene.stats.batchOffsets, batchOffsets, 'the draws found their batches as the device allows');
  assert(scene.stats.uploadedBytes > 0, 'the changes were uploaded');

  scene.culling = 'cpu';
  const cpu = await frameCulled(scene, 'cpu');
  sameImage(gpu, cpu);
  await expectGolden('gpu-culling-shapes', gpu);

  // Back on the GPU path: its copy of the columns is refreshed whole, and the picture stays.
  scene.culling = 'gpu';
  sameImage(await frameCulled(scene, 'gpu'), cpu);

  // Removing and hiding change no instance data: only the flags the GPU keeps tell it.
  meshes[14]!.remove();
  meshes[20]!.setAttribute('visible', 'false');
  const gpuAfter = capture(scene);
  assertEqual(scene.stats.culling, 'gpu');
  scene.culling = 'cpu';
  const cpuAfter = await frameCulled(scene, 'cpu');
  sameImage(gpuAfter, cpuAfter);
  const { differing } = compareImages(gpuAfter, gpu, DEFAULT_TOLERANCE.channel);
  assert(differing > 20, `the removed and the hidden object are gone from the GPU-culled frame (${differing} pixels changed)`);
  await expectGolden('gpu-culling-removed', gpuAfter);
  return scene;
}

/** Checks that a still frame uploads nothing and that the visible count is read back. */
async function stillFrame(batchOffsets: boolean): Promise<void> {
  const scene = await mountScene(shapes('gpu'), 96, 72);
  await frameCulled(scene, 'gpu');
  capture(scene);
  assertEqual(scene.stats.uploadedBytes, 0, 'a still frame writes no bytes');
  assertEqual(scene.stats.batchOffsets, batchOffsets);
  assertEqual(scene.stats.drawCalls, 12, 'one indirect draw per built-in shape, in the shadow and colour passes');
  for (let i = 0; i < 60 && scene.stats.visible !== 25; i++) {
    capture(scene);
    await frames(1);
  }
  assertEqual(scene.stats.visible, 25, 'the wall and 24 shapes pass; the 4 outside the view do not');
}

describe('GPU culling with indirect draws', () => {
  afterEach(unmountAll);

  it('draws the same picture as the WebAssembly path after moves, a removal, a hidden object and motion', async () => {
    await drawsAsWebAssembly(false);
  });

  it('uploads nothing when nothing changed, and reads the visible count back', async () => {
    await stillFrame(false);
  });

  it('switches to an offset per batch and back on a device with the feature, drawing the same picture', async () => {
    const scene = await mountScene(shapes('gpu'), 96, 72);
    const first = await frameCulled(scene, 'gpu');
    assertEqual(scene.stats.batchOffsets, false);
    gpuCullTesting.batchOffsets = true;
    try {
      sameImage(capture(scene), first);
      assertEqual(scene.stats.batchOffsets, true);
      capture(scene);
      assertEqual(scene.stats.uploadedBytes, 0, 'a still frame writes no bytes');
    } finally {
      gpuCullTesting.batchOffsets = false;
    }
    sameImage(capture(scene), first);
    assertEqual(scene.stats.batchOffsets, false);
  });

  it('culls in WebAssembly when the scene has a blended object, and with auto below 16,384 objects', async () => {
    const scene = await mountScene(shapes('gpu'), 64, 48);
    await frameCulled(scene, 'gpu');
    const mesh = scene.querySelector<LayerWMesh>('layerw-mesh:nth-of-type(3)')!;
    mesh.setAttribute('opacity', '0.5');
    capture(scene);
    assertEqual(scene.stats.culling, 'cpu', 'blended objects are sorted on the CPU');
    mesh.setAttribute('opacity', '1');
    capture(scene);
    assertEqual(scene.stats.culling, 'gpu', 'and the GPU path returns when it is opaque again');
    scene.culling = 'auto';
    capture(scene);
    assertEqual(scene.stats.culling, 'cpu');
  });

  it('rejects an unknown culling keyword and keeps the previous one', async () => {
    const scene = await mountScene(shapes('cpu'), 32, 32);
    const codes: string[] = [];
    scene.addEventListener('layerw-error', (event) => codes.push((event as CustomEvent<{ code: string }>).detail.code));
    scene.setAttribute('culling', 'fast');
    assertEqual(scene.culling, 'cpu');
    assertEqual(codes.join(), 'BAD_ATTRIBUTE');
  });
});

describe('GPU culling on a device without indirect-first-instance', () => {
  const requestDevice = GPUAdapter.prototype.requestDevice;

  beforeEach(() => {
    Engine.resetForTests();
    // The engine asks for the feature wherever the adapter has it; this adapter's device is made without it.
    GPUAdapter.prototype.requestDevice = function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      const requiredFeatures = [...(descriptor?.requiredFeatures ?? [])].filter((feature) => feature !== 'indirect-first-instance');
      return requestDevice.call(this, { ...descriptor, requiredFeatures });
    };
  });

  afterEach(() => {
    unmountAll();
    GPUAdapter.prototype.requestDevice = requestDevice;
  });

  it('draws the same picture as the WebAssembly path with an offset per batch', async () => {
    const scene = await drawsAsWebAssembly(true);
    assertEqual(Engine.get().device!.features.has('indirect-first-instance'), false, 'the device lacks the feature');
    // More boxes than one range of the list holds at first: the ranges are laid out again.
    let boxes = '';
    for (let i = 0; i < 70; i++) {
      boxes += `<layerw-mesh geometry="box" color="${COLOURS[i % 6]}" scale="0.25" position="${(i % 10) * 0.6 - 2.7} ${Math.floor(i / 10) * 0.5 - 1.5} 1.5"></layerw-mesh>`;
    }
    scene.insertAdjacentHTML('beforeend', boxes);
    scene.culling = 'gpu';
    const gpu = await frameCulled(scene, 'gpu');
    assertEqual(scene.stats.batchOffsets, true);
    scene.culling = 'cpu';
    sameImage(gpu, await frameCulled(scene, 'cpu'));
  });

  it('uploads nothing when nothing changed, and reads the visible count back', async () => {
    await stillFrame(true);
  });
});
