// A frame's movement, world transforms and frustum culling of 100k moving objects on a shared memory: split
// across workers and the main thread (src/engine/workers/), against the same kernels on the main thread alone
// (one thread), in the same memory, the same run. The time is the main thread's wall-clock time per frame,
// barrier included. The machine's cores are shared with the browser's own threads, so workers may not win.

import { mat4 } from 'gl-matrix';
import { Walloc } from '../src/memory/walloc.js';
import { threadedCore } from '../src/engine/workers/scene-workers.js';
import { ParallelKernels, type ThreadedCoreExports } from '../src/engine/workers/parallel-kernels.js';
import { WorkerPool } from '../src/engine/workers/worker-pool.js';
import type { StepKernels } from '../src/engine/builtin-steps.js';
import { Random } from '../test/helpers/random.js';
import { compare, log, type BenchRow, type Contender, type Settings } from './harness.js';
import { heapStart, heapStop, hostAvailable } from './host.js';

const COUNT = 100_000;
const SEED = 0x51ab_0c3d;
const DT = 1 / 60;
/** Frames whose JavaScript allocations are sampled, and the sampling interval in bytes (as the heap benchmark). */
const HEAP_FRAMES = 120;
/** Frames run first, so the measured ones run warm (optimised) code, as a page does a few seconds in. */
const HEAP_WARMUP_FRAMES = 200;
const SAMPLING_INTERVAL = 256;

/** The core's own kernels, as the built-in steps call them without workers. */
function singleThread(walloc: Walloc): StepKernels {
  const core = walloc.core as ThreadedCoreExports;
  return {
    move: (dt) => core.moveObjects(dt),
    transform: () => { core.updateTransforms(0); },
    cull: (planes, list) => core.cullSimd(planes, list),
  };
}

/**
 * Bytes per frame the sampling heap profiler saw LayerW's code allocate while `frame` ran (the barrier path should
 * allocate none); the rest of the sample is the protocol's own traffic and this measurement's.
 */
async function sampledBytes(frame: () => void, name: string): Promise<number> {
  for (let i = 0; i < HEAP_WARMUP_FRAMES; i++) frame();
  await heapStart(SAMPLING_INTERVAL);
  for (let i = 0; i < HEAP_FRAMES; i++) frame();
  const report = await heapStop(HEAP_FRAMES);
  log(`workers: ${name}: ${report.sampledBytes} B sampled over ${HEAP_FRAMES} frames`);
  for (const site of report.sites.slice(0, 3)) log(`workers: ${name}:   ${site.bytes} B  ${site.site}`);
  // What LayerW's code allocated: sites with a TypeScript source under src/ once mapped back; not V8's, nor the
  // protocol's, nor this measurement's own calls (host.ts, the awaits of this function).
  const own = report.sites.filter((site) => /\.ts:\d+/.test(site.site) && !/host\.ts|workers\.bench\.ts/.test(site.site));
  for (const site of own) log(`workers: ${name}: own site ${site.bytes} B  ${site.site}`);
  return own.reduce((sum, site) => sum + site.bytes, 0) / HEAP_FRAMES;
}

/** The workers case. Called once by the bench page. */
export async function runWorkersBench(settings: Settings): Promise<BenchRow[]> {
  if (!crossOriginIsolated) throw new Error('workers: the bench page is not cross-origin isolated');
  const module = await threadedCore();
  const walloc = await Walloc.create({ budget: '256MB', module, shared: true });
  const core = walloc.core as ThreadedCoreExports;
  const random = new Random(SEED);
  for (let i = 0; i < COUNT; i++) {
    if (core.slotAlloc() >>> 0 !== i) throw new Error(`workers: slot ${i} did not fit`);
  }
  const { position, rotation, scale, velocity, spin, localBounds } = walloc.columns.float;
  for (let i = 0; i < COUNT; i++) {
    position.set([random.range(-60, 60), random.range(-60, 60), random.range(-60, 60)], i * 3);
    rotation.set(random.quaternion(), i * 4);
    scale.set([random.range(0.5, 2), random.range(0.5, 2), random.range(0.5, 2)], i * 3);
    velocity.set([random.range(-1, 1), random.range(-1, 1), random.range(-1, 1)], i * 3);
    spin.set([random.range(-90, 90), random.range(-90, 90), random.range(-90, 90)], i * 3);
    localBounds.set([0, 0, 0, 0.9], i * 4);
    core.updateMoving(i);
  }
  // A camera inside the cloud, looking along -z: about a third of the objects are in view.
  const viewProjection = mat4.create();
  mat4.multiply(viewProjection, mat4.perspective(mat4.create(), Math.PI / 3, 16 / 9, 0.1, 200), mat4.lookAt(mat4.create(), [0, 0, 60], [0, 0, 0], [0, 1, 0]));
  const viewProjectionF32 = new Float32Array(viewProjection);

  let visible = 0;
  const frame = (kernels: StepKernels): void => {
    walloc.frameBegin();
    kernels.move(DT);
    kernels.transform();
    const matrix = walloc.frameAlloc('scratch', 64);
    const planes = walloc.frameAlloc('scratch', 96);
    const list = walloc.frameAlloc('scratch', COUNT * 4);
    walloc.f32.set(viewProjectionF32, matrix >>> 2);
    core.frustumPlanes(matrix, planes);
    visible = kernels.cull(planes, list) >>> 0;
    walloc.frameEnd();
  };

  const pools = [await WorkerPool.start(module, walloc.memory, 1), await WorkerPool.start(module, walloc.memory, 2)];
  try {
    const failed = (error: unknown): void => { throw error; };
    const one = new ParallelKernels(walloc, pools[0]!, failed);
    const two = new ParallelKernels(walloc, pools[1]!, failed);
    const plain = singleThread(walloc);
    const counts: number[] = [];
    for (const kernels of [plain, one, two]) {
      frame(kernels);
      counts.push(visible);
    }
    log(`workers: visible per frame ${counts.join(', ')} of ${COUNT}`);
    if (counts.some((count) => count === 0 || count === COUNT)) throw new Error(`workers: the camera should see part of the objects, saw ${counts.join(', ')}`);
    const contenders: Contender[] = [
      { name: 'layerw 2 workers + main thread', run: () => frame(two) },
      { name: 'layerw main thread only', run: () => frame(plain) },
      { name: 'layerw 1 worker + main thread', run: () => frame(one) },
    ];
    const rows = compare('workers', '100k moving: move + transforms + cull', contenders, [
      { subject: 'layerw 2 workers + main thread', peer: 'layerw main thread only' },
      { subject: 'layerw 1 worker + main thread', peer: 'layerw main thread only' },
    ], settings);
    if (one.workers !== 1 || two.workers !== 2) throw new Error('workers: a worker stopped during the benchmark');
    log(`workers: split steps ${one.parallelSteps} (1 worker), ${two.parallelSteps} (2 workers); ${navigator.hardwareConcurrency} cores`);
    if (hostAvailable()) {
      const subject = await sampledBytes(() => frame(two), 'layerw 2 workers + main thread');
      const peer = await sampledBytes(() => frame(plain), 'layerw main thread only');
      rows.push({
        benchmark: 'workers', case: `JavaScript heap, ${HEAP_FRAMES} frames`, subject: 'layerw 2 workers + main thread',
        peer: 'layerw main thread only', subjectMs: subject, peerMs: peer, ratio: null, target: null, targetMet: null, unit: 'B/frame',
      });
    }
    return rows;
  } finally {
    for (const pool of pools) pool.stop();
  }
}
