// Frame cost when most of the scene stands still: 100k static boxes and 1k moving ones, then 1M static boxes.
// Subject: LayerW, whose instance data and culling inputs stay on the GPU and whose frames upload only what
// changed, culled on the GPU (a compute pass and indirect draws from render bundles) and, in the same scene and
// run, in WebAssembly (`culling="cpu"`) and, in the 100k case, on the GPU drawing each batch from an offset of
// its own into the visible list (what a device without `indirect-first-instance` does; forced here where the
// device has it). Peer: three.js with one InstancedMesh, the moving boxes' matrices recomposed each frame and the
// instance matrix buffer marked for upload (three.js uploads it whole). Floor, in the 100k case: a WebGPU page that
// does only what every WebGPU frame must (current texture and view, encoder, one render pass with one indexed
// instanced draw of all the boxes, submit; bench/pages/webgpu-floor-page.ts): how close LayerW is to it, and
// the most any renderer could gain over InstancedMesh on this machine.
// Main-thread CPU per frame and bytes written to the GPU per frame; the 1M case against a 2 ms budget.

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { compareRuns, log, median, pairRows, type BenchRow, type Settings } from './harness.js';

const STATIC = 100_000;
const MOVING = 1_000;
const WORLD = 1_000_000;
const GPU = 'layerw tick, gpu culling';
const OFFSETS = 'layerw tick, gpu culling, batch offsets';
const CPU = 'layerw tick, wasm culling';
const PEER = 'three.js InstancedMesh';
const FLOOR = 'webgpu floor (one instanced draw)';
const BUDGET = 'budget 2 ms';
/** The frame steps whose times are logged beside the ticks, to show where a frame's time goes. */
const STEPS = ['movement', 'transforms', 'frustum-cull', 'pack', 'draw'];

/**
 * Plays, skips the warm-up, records `frames` frames and the bytes each uploaded, pauses; checks that the
 * frames were culled as asked. Resolves with the median tick.
 */
async function record(frame: ContenderFrame, frames: number, bytes: number[], culling?: 'gpu' | 'cpu', offsets = false): Promise<number> {
  frame.front();
  if (culling) {
    need(frame, 'setCulling')(culling);
    need(frame, 'setBatchOffsets')(offsets);
  }
  // The steps are timed from the first call on.
  if (culling) need(frame, 'stepTimes')(STEPS);
  need(frame, 'play')();
  await need(frame, 'waitFrames')(2);
  const times = await need(frame, 'frameTimes')(frames);
  bytes.push(need(frame, 'uploadedBytes')());
  if (culling) {
    const asked = offsets ? `${culling}+offsets` : culling;
    const used = need(frame, 'culling')();
    if (used !== asked) throw new Error(`static-frame: asked for ${asked} culling, the frames were culled on the ${used} path`);
    log(`static-frame: ${asked} steps (median ms): ${JSON.stringify(need(frame, 'stepTimes')(STEPS))}`);
  }
  need(frame, 'pause')();
  await frame.page.idle?.();
  return median(times.external);
}

async function mixedCase(settings: Settings): Promise<BenchRow[]> {
  const count = STATIC + MOVING;
  const frames: ContenderFrame[] = [];
  const gpuBytes: number[] = [];
  const offsetsBytes: number[] = [];
  const cpuBytes: number[] = [];
  const threeBytes: number[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const three = await openContender('three', 'three-instanced');
    frames.push(three);
    const floor = await openContender('webgpu-floor');
    frames.push(floor);
    const floorBytes: number[] = [];
    for (const frame of frames) {
      frame.front();
      await need(frame, 'populate')(count, { moving: true, movingCount: MOVING, instanced: frame === three });
      const shown = frame.page.describe();
      if (shown.objects !== count) throw new Error(`static-frame: the ${frame.id} scene has ${shown.objects} objects, not ${count}`);
    }
    const label = '100k static + 1k moving';
    // No screenshots: SwiftShader draws these frames too slowly for the screenshot's wait (frame-cpu does the same).
    const rows = await compareRuns('static-frame', label, [
      { name: GPU, run: async () => ({ [GPU]: await record(layerw, 4, gpuBytes, 'gpu') }) },
      { name: OFFSETS, run: async () => ({ [OFFSETS]: await record(layerw, 4, offsetsBytes, 'gpu', true) }) },
      { name: CPU, run: async () => ({ [CPU]: await record(layerw, 4, cpuBytes, 'cpu') }) },
      { name: PEER, run: async () => ({ [PEER]: await record(three, 4, threeBytes) }) },
      { name: FLOOR, run: async () => ({ [FLOOR]: await record(floor, 4, floorBytes) }) },
    ], [
      { subject: GPU, peer: PEER, target: 10 },
      // Ratios below 1: the floor's share of LayerW's frame; and the most a renderer could be faster than InstancedMesh here.
      { subject: GPU, peer: FLOOR },
      { subject: FLOOR, peer: PEER },
      { subject: OFFSETS, peer: PEER, target: 10 },
      { subject: CPU, peer: PEER },
      { subject: GPU, peer: CPU },
      { subject: OFFSETS, peer: GPU },
    ], { warmups: 0, runs: settings.scenes.runs }, 250);
    const bytes = (subject: string, subjectBytes: number): BenchRow => ({
      benchmark: 'static-frame', case: `${label}: bytes uploaded per frame`, subject, peer: PEER,
      subjectMs: subjectBytes, peerMs: median(threeBytes), ratio: subjectBytes > 0 ? median(threeBytes) / subjectBytes : null,
      target: null, targetMet: null, unit: 'B',
    });
    log(`static-frame: bytes uploaded per frame: gpu culling ${median(gpuBytes)}, with batch offsets ${median(offsetsBytes)}, wasm culling ${median(cpuBytes)}, three.js ${median(threeBytes)}`);
    rows.push(bytes(GPU, median(gpuBytes)), bytes(OFFSETS, median(offsetsBytes)), bytes(CPU, median(cpuBytes)));
    return rows;
  } finally {
    for (const frame of frames) frame.close();
  }
}

async function worldCase(settings: Settings): Promise<BenchRow[]> {
  const frame = await openContender('layerw', 'layerw-world');
  const bytes: number[] = [];
  try {
    frame.front();
    const started = performance.now();
    await need(frame, 'populateWorld')(WORLD);
    log(`static-frame: 1M boxes made and drawn once in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const label = '1M static';
    // SwiftShader takes seconds to draw a frame of this view: few frames and runs.
    const runs = Math.min(settings.scenes.runs, 3);
    const rows = await compareRuns('static-frame', label, [
      { name: GPU, run: async () => ({ [GPU]: await record(frame, 3, bytes, 'gpu') }) },
      { name: CPU, run: async () => ({ [CPU]: await record(frame, 3, bytes, 'cpu') }) },
    ], [{ subject: GPU, peer: CPU }], { warmups: 0, runs }, 250);
    const gpuMs = rows[0]!.subjectMs;
    const cpuMs = rows[0]!.peerMs;
    const budget = new Map([[GPU, gpuMs], [CPU, cpuMs], [BUDGET, 2]]);
    rows.push(...pairRows('static-frame', label, budget, [{ subject: GPU, peer: BUDGET, target: 1 }, { subject: CPU, peer: BUDGET }]));
    return rows;
  } finally {
    frame.close();
  }
}

/** The static-frame rows. Called once by the bench page. */
export async function runStaticFrameBench(settings: Settings): Promise<BenchRow[]> {
  return [...(await mixedCase(settings)), ...(await worldCase(settings))];
}
