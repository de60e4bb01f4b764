import { executeServerCommand } from '@web/test-runner-commands';
import { assert } from '../assert.js';
import { frames, mountScene, unmountAll } from '../helpers/scene.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import { boxNumbers, type HeapSite } from '../helpers/heap-sites.js';
import { Engine } from '../../src/engine/engine.js';

// A steady frame makes nothing on the JavaScript heap of LayerW's own: the sampling heap profiler (a sample
// every 16 bytes on average, objects already collected counted too) runs over FRAMES frames of a warm scene of
// moving boxes, and every sample whose nearest sourced function is LayerW's (src/ or components/) is sorted by
// its size, calibrated in the same window:
// - heap numbers (doubles V8 boxes): `boxNumbers` (test/helpers/heap-sites.ts) makes only those;
// - the WebGPU floor, the objects the API hands back every frame by design (the canvas's current texture, its
//   view, the command encoder, each pass, the command buffer): `floorObjects` below makes only those. Each
//   frame's count is known (the API's methods are counted while sampling), so the floor-sized bytes in LayerW's
//   code may be no more than that count's share: an object of LayerW's own that happens to have the floor's size
//   shows as an excess;
// - anything else is an object, array, closure or string of LayerW's own: no site may make one per frame (a few
//   samples of a size at a site are allowed for what the VM makes now and then while it optimises or
//   deoptimises a function).
// "Warm" is optimised: before sampling the scene draws WARM_TICKS frames in a tight loop and WARM_FRAMES on the
// page's own clock, as a page's first minute would. Heap numbers are printed as a figure, not refused: V8 boxes
// every double in code it runs unoptimised, and which of the frame's functions it has optimised after a given
// number of frames is its own affair.

const LAYERW_CODE = /\/(src|components)\//;
const SAMPLING_INTERVAL = 16;
const FRAMES = 300;
const WARM_TICKS = 3000;
const WARM_FRAMES = 200;
/**
 * Samples per frame of objects of LayerW's own allowed at one site and size: what the VM makes there now and then
 * while it optimises or deoptimises the function (its feedback and code, spread over several sizes; seen: up to
 * 0.09 a frame of one size). An object made every frame, even a 12-byte one, is sampled in about half the frames,
 * all of one size.
 */
const ONE_OFF_SAMPLES_PER_FRAME = 0.2;
/**
 * How far the floor-sized bytes in LayerW's code may stray above the floor's: sampling noise, and the canvas's
 * texture, which the calibration does not make, weighing a little differently. So this catches two or more
 * objects of that size per frame (each adds about a fifth), not a single one.
 */
const FLOOR_TOLERANCE = 1.25;

/**
 * Makes the WebGPU floor's objects and nothing else, FLOOR_CALLS of each kind that a frame makes, so the
 * profile shows their sample size and the bytes one of them weighs in samples.
 */
const FLOOR_CALLS = 1000;
/** Keeps the last command buffer reachable, so the calls are not optimised away. */
const floorSink: unknown[] = [null];
function floorObjects(device: GPUDevice, texture: GPUTexture, pass: GPURenderPassDescriptor): void {
  const attachment = (pass.colorAttachments as GPURenderPassColorAttachment[])[0]!;
  for (let i = 0; i < FLOOR_CALLS; i++) {
    attachment.view = texture.createView();
    const encoder = device.createCommandEncoder();
    encoder.beginRenderPass(pass).end();
    floorSink[0] = encoder.finish();
  }
}
/** Objects one round of `floorObjects` makes: view, encoder, pass, command buffer. */
const FLOOR_OBJECTS_PER_CALL = 4;

/** The WebGPU methods that return a new object every call by the API's design, counted while sampling. */
const FLOOR_METHODS: [object, string][] = [
  [GPUCanvasContext.prototype, 'getCurrentTexture'],
  [GPUTexture.prototype, 'createView'],
  [GPUDevice.prototype, 'createCommandEncoder'],
  [GPUCommandEncoder.prototype, 'beginRenderPass'],
  [GPUCommandEncoder.prototype, 'beginComputePass'],
  [GPUCommandEncoder.prototype, 'finish'],
];

/** Counts calls of the floor's methods until the returned function is called (which restores them). */
function countFloorCalls(): { count: () => number; restore: () => void } {
  let calls = 0;
  const originals = FLOOR_METHODS.map(([proto, name]) => {
    const original = Reflect.get(proto, name) as (...args: unknown[]) => unknown;
    Reflect.set(proto, name, function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    });
    return original;
  });
  return {
    count: () => calls,
    restore: () => FLOOR_METHODS.forEach(([proto, name], i) => Reflect.set(proto, name, originals[i])),
  };
}

interface Calibration {
  device: GPUDevice;
  texture: GPUTexture;
  pass: GPURenderPassDescriptor;
}

async function calibration(): Promise<Calibration> {
  const adapter = await navigator.gpu.requestAdapter();
  assert(adapter, 'no WebGPU adapter');
  const device = await adapter.requestDevice();
  const texture = device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
  const pass: GPURenderPassDescriptor = { colorAttachments: [{ view: texture.createView(), loadOp: 'clear', storeOp: 'store' }] };
  return { device, texture, pass };
}

/** The modal sample size of a site, leaving `except` out. */
function modalSize(site: HeapSite | undefined, except = ''): string {
  assert(site, 'the calibration site is in the profile');
  return Object.entries(site.sizes).filter(([size]) => size !== except).sort((a, b) => b[1] - a[1])[0]![0];
}

interface FrameHeap {
  frames: number;
  numberBytesPerFrame: number;
  floorBytes: number;
  /** Bytes the floor's objects of these frames weigh in samples (their count times a calibrated object's). */
  expectedFloorBytes: number;
  /** LayerW's own samples (neither heap numbers nor the floor's size), as `function url:line {size: count}`. */
  own: string[];
  /** The most samples of LayerW's own objects at one site and of one size. */
  ownSamples: number;
}

/**
 * Warms `scene`, then samples FRAMES frames of it. The floor's methods are counted from before the warm-up on:
 * replacing a prototype's method later would send the scene's optimised code back to the interpreter.
 */
async function sampleFrames(scene: LayerWScene): Promise<FrameHeap> {
  const runtime = scene.runtime!;
  const calibrate = await calibration();
  const counted = countFloorCalls();
  let floorCalls = 0;
  let drawn = 0;
  let sites: HeapSite[];
  try {
    await frames(10);
    let now = performance.now();
    for (let i = 0; i < WARM_TICKS; i++) {
      now += 1000 / 60;
      runtime.requestDraw();
      runtime.tick(now);
      if (i % 100 === 99) await Engine.get().device!.queue.onSubmittedWorkDone();
    }
    await frames(WARM_FRAMES);
    const before = scene.stats.frames;
    await executeServerCommand('layerw-heap-start', { samplingInterval: SAMPLING_INTERVAL });
    const callsBefore = counted.count();
    await frames(FRAMES);
    floorCalls = counted.count() - callsBefore;
    drawn = scene.stats.frames - before;
    boxNumbers(20_000);
    counted.restore();
    floorObjects(calibrate.device, calibrate.texture, calibrate.pass);
    sites = (await executeServerCommand('layerw-heap-stop')) as HeapSite[];
  } finally {
    counted.restore();
    calibrate.device.destroy();
  }
  assert(drawn >= FRAMES * 0.9, `the scene drew its frames: ${drawn}`);
  const numberSize = modalSize(sites.find((site) => site.functionName === 'boxNumbers'));
  const floorSite = sites.find((site) => site.functionName === 'floorObjects');
  const floorSize = modalSize(floorSite, numberSize);
  const floorBytesPerObject = (Number(floorSize) * floorSite!.sizes[floorSize]!) / (FLOOR_CALLS * FLOOR_OBJECTS_PER_CALL);
  let numberBytes = 0;
  let floorBytes = 0;
  let ownSamples = 0;
  const own: string[] = [];
  for (const site of sites.filter((candidate) => LAYERW_CODE.test(candidate.url))) {
    numberBytes += Number(numberSize) * (site.sizes[numberSize] ?? 0);
    floorBytes += Number(floorSize) * (site.sizes[floorSize] ?? 0);
    const rest = Object.entries(site.sizes).filter(([size]) => size !== numberSize && size !== floorSize);
    for (const [, samples] of rest) ownSamples = Math.max(ownSamples, samples);
    if (rest.length > 0) own.push(`${site.functionName} ${site.url.replace(/\?.*/, '')}:${site.line} ${JSON.stringify(Object.fromEntries(rest))}`);
  }
  const result = {
    frames: drawn, numberBytesPerFrame: numberBytes / drawn, floorBytes, expectedFloorBytes: floorCalls * floorBytesPerObject, own, ownSamples,
  };
  console.log(`${drawn} frames: heap numbers ${result.numberBytesPerFrame.toFixed(1)} B/frame; floor-sized ${floorBytes} B against ${result.expectedFloorBytes.toFixed(0)} B for ${floorCalls} floor objects; own samples (most at one site and size) ${ownSamples}: ${own.join(' | ') || 'none'}`);
  return result;
}

/** `count` boxes moving and spinning, lit as the heap benchmark's scene is (no shadow). */
function movingBoxes(count: number, culling: string): string {
  let meshes = '';
  const side = Math.ceil(Math.sqrt(count));
  for (let i = 0; i < count; i++) {
    const x = ((i % side) - side / 2) * 0.5;
    const y = (Math.floor(i / side) - side / 2) * 0.5;
    meshes += `<layerw-mesh geometry="box" scale="0.2" color="#8090a0" position="${x} ${y} 0" velocity="0.01 0 0" spin="0 10 0"></layerw-mesh>`;
  }
  return `<layerw-scene culling="${culling}" quality="medium" camera-position="0 0 30">
    <layerw-light type="ambient" intensity="0.4"></layerw-light>
    <layerw-light type="directional" direction="-1 -2 -1" intensity="2" cast-shadow="false"></layerw-light>${meshes}</layerw-scene>`;
}

function assertNoGarbage(heap: FrameHeap): void {
  assert(heap.ownSamples <= heap.frames * ONE_OFF_SAMPLES_PER_FRAME, `objects of LayerW's own in steady frames: ${heap.own.join(' | ')}`);
  assert(heap.floorBytes <= heap.expectedFloorBytes * FLOOR_TOLERANCE,
    `floor-sized bytes in LayerW's code ${heap.floorBytes} exceed the WebGPU floor's ${heap.expectedFloorBytes.toFixed(0)}: objects of its own of that size`);
}

describe('a steady frame on the JavaScript heap', () => {
  afterEach(unmountAll);

  it('makes nothing of its own while moving boxes are culled in WebAssembly', async () => {
    const scene = await mountScene(movingBoxes(100, 'cpu'), 96, 96);
    const heap = await sampleFrames(scene);
    assert(scene.stats.culling === 'cpu', `culled ${scene.stats.culling}`);
    assertNoGarbage(heap);
  });

  it('makes nothing of its own while moving boxes are culled on the GPU', async () => {
    const scene = await mountScene(movingBoxes(100, 'gpu'), 96, 96);
    for (let i = 0; i < 100 && scene.stats.culling !== 'gpu'; i++) await frames(1);
    assert(scene.stats.culling === 'gpu', `culled ${scene.stats.culling}`);
    const heap = await sampleFrames(scene);
    assert(scene.stats.culling === 'gpu', `culled ${scene.stats.culling}`);
    assertNoGarbage(heap);
  });
});
