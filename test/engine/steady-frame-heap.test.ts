import { executeServerCommand, resetMouse, sendMouse } from '@web/test-runner-commands';
import { assert } from '../assert.js';
import { frames, mountScene, unmountAll } from '../helpers/scene.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

// A steady frame makes nothing on the JavaScript heap in LayerW's own code: no objects, arrays, closures, strings,
// promises, and no heap numbers (boxed doubles) either. The sampling heap profiler (a sample every 64 bytes on
// average, objects already collected counted too) runs over FRAMES real animation frames, and every sample whose
// allocating function (or, for a built-in, its nearest caller with a source) is in src/ or components/ counts:
// an object of 16 bytes made every frame would give about 30 samples, a heap number about 20. "Steady" means the
// scene has been drawn WARM_TICKS times first, so V8 has optimised the frame, as it has a few seconds into a page.
// What WebGPU hands out per frame by design (the current texture and its view, encoder, pass, command buffer) is
// made inside LayerW's functions too, so those calls are told apart by the samples of calibrating calls below.

interface Site {
  url: string;
  functionName: string;
  line: number;
  bytes: number;
  /** Samples by their (scaled) size. */
  sizes: Record<string, number>;
}

const OWN_CODE = /\/(src|components)\//;
const FRAMES = 120;
const WARM_TICKS = 3000;
/** Samples the VM may make once while it compiles or deoptimises code in the window. */
const ONE_OFF_SAMPLES = 4;
const CALIBRATION_CALLS = 2000;

/** Draws `scene` `times` times in this task (a still clock), so V8 optimises the frame's code. */
function warm(scene: LayerWScene, times = WARM_TICKS): void {
  const runtime = scene.runtime!;
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    runtime.requestDraw();
    runtime.tick(performance.now());
  }
  console.log(`warmed with ${times} frames in ${(performance.now() - started).toFixed(0)} ms`);
}

const sink: unknown[] = [{}, 'x'];

/** Makes heap numbers and nothing else, so the profile shows the sample size of one (found by function name). */
function boxNumbers(): void {
  for (let i = 0; i < 20 * CALIBRATION_CALLS; i++) sink[i & 1] = Math.random() + 0.5;
}

/** Makes the objects WebGPU returns every frame, so their sample sizes are known (found by function name). */
function webgpuFloorCalls(): void {
  const device = (globalThis as { layerwTestDevice?: GPUDevice }).layerwTestDevice!;
  const texture = device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
  const attachment: GPURenderPassColorAttachment = { view: texture.createView(), loadOp: 'clear', storeOp: 'store' };
  const pass: GPURenderPassDescriptor = { colorAttachments: [attachment] };
  for (let i = 0; i < CALIBRATION_CALLS; i++) {
    attachment.view = texture.createView();
    const encoder = device.createCommandEncoder();
    encoder.beginRenderPass(pass).end();
    sink[0] = encoder.finish();
  }
  texture.destroy();
}

/** The sample sizes of `name`'s site with at least `least` samples, most first. */
function sizesOf(sites: Site[], name: string, least: number): string[] {
  const site = sites.find((s) => s.functionName === name);
  assert(site, `the profile saw the calibrating calls of ${name}`);
  return Object.entries(site.sizes).filter(([, samples]) => samples >= least).sort((a, b) => b[1] - a[1]).map(([size]) => size);
}

interface Sampled {
  /** `function url:line {size: samples}` for every site of LayerW's own code, the WebGPU floor left out. */
  own: string[];
  ownSamples: number;
  drawn: number;
}

/** Samples the heap over `count` real frames of a warm `scene`. */
async function sampledDuring(scene: LayerWScene, count = FRAMES): Promise<Sampled> {
  await frames(10);
  warm(scene);
  await frames(10);
  const before = scene.stats.frames;
  await executeServerCommand('layerw-heap-start', { samplingInterval: 64 });
  await frames(count);
  const drawn = scene.stats.frames - before;
  boxNumbers();
  webgpuFloorCalls();
  const sites = (await executeServerCommand('layerw-heap-stop')) as Site[];
  assert(drawn >= count, `the scene drew every frame: ${drawn}`);
  const numberSize = sizesOf(sites, 'boxNumbers', 1)[0]!;
  // The floor's sizes: each call makes a few objects of its own sizes; a heap number is never one of them.
  const floorSizes = new Set(sizesOf(sites, 'webgpuFloorCalls', CALIBRATION_CALLS / 100).filter((size) => size !== numberSize));
  const own: string[] = [];
  let ownSamples = 0;
  for (const site of sites.filter((s) => OWN_CODE.test(s.url))) {
    const rest = Object.entries(site.sizes).filter(([size]) => !floorSizes.has(size));
    if (rest.length === 0) continue;
    for (const [, samples] of rest) ownSamples += samples;
    own.push(`${site.functionName} ${site.url.replace(/^.*?\/\/[^/]+/, '')}:${site.line} ${JSON.stringify(Object.fromEntries(rest))}`);
  }
  console.log(`${ownSamples} samples in LayerW's code over ${drawn} frames (heap number ${numberSize}, WebGPU floor ${[...floorSizes].join(', ')}): ${own.join(' | ') || 'none'}`);
  return { own, ownSamples, drawn };
}

const CAMERA = 'camera-position="0 6 22" camera-target="0 0 0"';

/** `count` boxes on a grid; the first `moving` of them move and spin. */
function boxes(count: number, moving: number, extra = ''): string {
  let markup = '';
  for (let i = 0; i < count; i++) {
    const x = (i % 20) - 10;
    const z = -Math.floor(i / 20);
    const motion = i < moving ? ` velocity="${((i % 7) - 3) * 0.01} 0 0" spin="0 ${0.2 + (i % 5) * 0.1} 0"` : '';
    markup += `<layerw-mesh geometry="box" position="${x} 0 ${z}" color="#${(0x404040 + i * 7919).toString(16).slice(-6)}"${motion}${extra}></layerw-mesh>`;
  }
  return markup;
}

describe('a steady frame on the JavaScript heap', function () {
  // Thousands of frames drawn by SwiftShader, on a machine shared with other work.
  this.timeout(600_000);

  before(async () => {
    const adapter = await navigator.gpu.requestAdapter();
    (globalThis as { layerwTestDevice?: GPUDevice }).layerwTestDevice = await adapter!.requestDevice();
  });

  afterEach(async () => {
    await resetMouse();
    unmountAll();
  });

  it('makes nothing of its own with moving meshes (WebAssembly culling)', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA} quality="medium">${boxes(120, 120)}</layerw-scene>`, 64, 48);
    const sampled = await sampledDuring(scene);
    assert(sampled.ownSamples <= ONE_OFF_SAMPLES, `LayerW allocated: ${sampled.own.join(' | ')}`);
  });

  it('makes nothing of its own with quality="auto" (GPU timer) and a stats listener', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA} quality="auto">${boxes(120, 120)}</layerw-scene>`, 64, 48);
    let events = 0;
    scene.addEventListener('stats', () => events++);
    const sampled = await sampledDuring(scene);
    assert(events > 0, 'stats events arrived');
    assert(sampled.ownSamples <= ONE_OFF_SAMPLES, `LayerW allocated: ${sampled.own.join(' | ')}`);
  });

  it('makes nothing of its own with GPU culling', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA} culling="gpu" quality="medium">${boxes(400, 20)}</layerw-scene>`, 64, 48);
    for (let i = 0; i < 100 && scene.stats.culling !== 'gpu'; i++) await frames(1);
    assert(scene.stats.culling === 'gpu', `culled on the GPU: ${scene.stats.culling}`);
    const sampled = await sampledDuring(scene);
    assert(sampled.ownSamples <= ONE_OFF_SAMPLES, `LayerW allocated: ${sampled.own.join(' | ')}`);
  });

  it('makes nothing of its own with hover listeners and a tween running', async () => {
    const tween = '<layerw-animate attribute="position" to="0 2 0" duration="900ms" repeat="infinite" direction="alternate"></layerw-animate>';
    const scene = await mountScene(`<layerw-scene ${CAMERA} quality="medium">${boxes(100, 0)}
      <layerw-mesh id="tweened" geometry="sphere" position="0 1 4">${tween}</layerw-mesh></layerw-scene>`, 64, 48);
    let entered = 0;
    for (const mesh of scene.querySelectorAll('layerw-mesh')) mesh.addEventListener('pointerenter', () => entered++);
    const rect = scene.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)] });
    await frames(5);
    const sampled = await sampledDuring(scene);
    assert(entered > 0, 'the pointer entered a mesh');
    assert(sampled.ownSamples <= ONE_OFF_SAMPLES, `LayerW allocated: ${sampled.own.join(' | ')}`);
  });
});
