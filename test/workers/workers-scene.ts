// One scene run the same way in a plain page and in a cross-origin isolated one (test/workers/isolated.html), so
// workers.test.ts can compare what both computed: world matrices, world bounds, the visible list and the picture.
import { Engine } from '../../src/engine/engine.js';
import type { ParallelKernels, ThreadedCoreExports } from '../../src/engine/workers/parallel-kernels.js';
import { ERROR_EVENT, type LayerWErrorDetail } from '../../components/layerw-element.js';
import { constant } from '../../src/wasm/exports.js';
import { Random } from '../helpers/random.js';
import { mountScene } from '../helpers/scene.js';

/** What one run computed, in plain arrays so it crosses a BroadcastChannel. */
export interface WorkersRun {
  isolated: boolean;
  /** Workers the scene ran with at the end (0 without, or after a failure). */
  workers: number;
  /** Steps that ran split across threads. */
  parallelSteps: number;
  /** How many times the columns moved (walloc.layout): the meshes added mid-run grew the memory. */
  layouts: number;
  /** The split cull and the core's own cullSimd wrote the same list (isolated runs with workers). */
  cullAgrees: boolean | null;
  errors: string[];
  slotEnd: number;
  /** Slots the last transform pass flagged CHANGED (and only those: each pass clears the last one's). */
  changed: number[];
  world: Float32Array;
  bounds: Float32Array;
  visible: number;
  image: { width: number; height: number; data: Uint8Array };
}

const FRAMES = 12;
/** Boxes added after half the frames: more than the first layout of an `auto` memory holds, so it grows. */
const ADDED = 6000;
const START = 1e9;
const FRAME_MS = 16;

/** A scene of loose meshes and groups of children, some outside the view, all moving and spinning. */
function markup(workers: string, seed: number): string {
  const random = new Random(seed);
  const spread = (range: number): string => [0, 0, 0].map(() => ((random.next() * 2 - 1) * range).toFixed(3)).join(' ');
  let body = '';
  for (let i = 0; i < 160; i++) {
    const geometry = i % 3 === 0 ? 'sphere' : 'box';
    body += `<layerw-mesh geometry="${geometry}" position="${spread(14)}" rotation="${spread(180)}" scale="${(0.3 + random.next()).toFixed(3)}" color="hsl(${i * 37 % 360} 70% 55%)"></layerw-mesh>`;
  }
  for (let g = 0; g < 6; g++) {
    body += `<layerw-group position="${spread(8)}" rotation="${spread(90)}">`;
    for (let c = 0; c < 12; c++) {
      body += `<layerw-mesh geometry="box" position="${spread(3)}" scale="0.4" color="hsl(${c * 29 % 360} 60% 50%)">`;
      if (c % 4 === 0) body += `<layerw-mesh geometry="sphere" position="0 0.8 0" scale="0.5" color="white"></layerw-mesh>`;
      body += '</layerw-mesh>';
    }
    body += '</layerw-group>';
  }
  return `<layerw-scene workers="${workers}" background="#101418" camera-position="0 0 22" camera-target="0 0 0" quality="low">
    <layerw-light type="directional" direction="-1 -2 -1" intensity="2"></layerw-light>${body}</layerw-scene>`;
}

/** A grid of small static boxes, half of it behind the camera. */
function addedBoxes(): string {
  let html = '';
  for (let i = 0; i < ADDED; i++) {
    const x = (i % 100) * 0.4 - 20, y = Math.floor(i / 100) * 0.4 - 12;
    html += `<layerw-mesh geometry="box" position="${x.toFixed(1)} ${y.toFixed(1)} ${i % 2 === 0 ? -4 : 30}" scale="0.2"></layerw-mesh>`;
  }
  return html;
}

/**
 * Mounts the scene, waits for its workers (or their failure) when the page is isolated, takes it off the
 * engine's loop so only fixed-time ticks move it, gives every mesh a velocity and a spin, draws FRAMES frames
 * (adding ADDED boxes halfway, which grows the memory and moves the columns between two frames) and reads what
 * they computed.
 */
export async function runWorkersScene(workers: string, seed: number, expectFailure = false): Promise<WorkersRun> {
  const errors: string[] = [];
  const failed = new Promise<void>((resolve) => {
    document.addEventListener(ERROR_EVENT, (event) => {
      const detail = (event as CustomEvent<LayerWErrorDetail>).detail;
      errors.push(`${detail.code}: ${detail.message}`);
      if (detail.code === 'LOAD_FAILED') resolve();
    });
  });
  const scene = await mountScene(markup(workers, seed), 96, 96, 60000);
  const runtime = scene.runtime!;
  const threads = runtime.workers;
  if (threads) {
    if (expectFailure) await failed;
    else for (let waited = 0; !threads.kernels && waited < 20000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    if (threads.kernels) threads.kernels.minParallel = 0;
  }
  Engine.get().unregister(runtime);
  const random = new Random(seed + 1);
  const triple = (range: number): string => [0, 0, 0].map(() => ((random.next() * 2 - 1) * range).toFixed(3)).join(' ');
  for (const mesh of scene.querySelectorAll('layerw-mesh')) {
    mesh.setAttribute('velocity', triple(2));
    mesh.setAttribute('spin', triple(90));
  }
  for (let i = 0; i < FRAMES - 1; i++) {
    if (i === FRAMES / 2) scene.insertAdjacentHTML('beforeend', addedBoxes());
    runtime.requestDraw();
    runtime.tick(START + i * FRAME_MS);
  }
  runtime.requestDraw();
  runtime.tick(START + (FRAMES - 1) * FRAME_MS);
  const { width, height } = scene.canvas;
  const copy = document.createElement('canvas');
  copy.width = width;
  copy.height = height;
  const context = copy.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(scene.canvas, 0, 0);
  const pixels = context.getImageData(0, 0, width, height).data;

  const walloc = runtime.walloc!;
  const slotEnd = walloc.core.slotEnd() >>> 0;
  const columns = walloc.columns.float;
  const bounds = new Float32Array(slotEnd * 4);
  const changedFlag = constant(walloc.core, 'FLAG_CHANGED');
  const changed: number[] = [];
  for (let s = 0; s < slotEnd; s++) if ((walloc.columns.uint.flags[s]! & changedFlag) !== 0) changed.push(s);
  for (let s = 0; s < slotEnd; s++) {
    bounds.set([columns.boundsX[s]!, columns.boundsY[s]!, columns.boundsZ[s]!, columns.boundsR[s]!], s * 4);
  }
  return {
    isolated: globalThis.crossOriginIsolated,
    workers: threads?.kernels?.workers ?? 0,
    parallelSteps: threads?.kernels?.parallelSteps ?? 0,
    layouts: walloc.layout,
    cullAgrees: threads?.kernels ? cullAgrees(runtime, threads.kernels) : null,
    errors,
    slotEnd,
    changed,
    world: columns.world.slice(0, slotEnd * 16),
    bounds,
    visible: runtime.stats.visible,
    image: { width, height, data: new Uint8Array(pixels.buffer.slice(0)) },
  };
}

/** Culls the scene's current bounds with the split kernels and with the core's cullSimd, and compares the lists. */
function cullAgrees(runtime: NonNullable<import('../../components/layerw-scene.js').LayerWScene['runtime']>, kernels: ParallelKernels): boolean {
  const walloc = runtime.walloc!;
  // A scene with workers runs the threaded core, which holds the frame kernels itself.
  const core = walloc.core as ThreadedCoreExports;
  const end = core.slotEnd() >>> 0;
  const matrix = walloc.frameAlloc('scratch', 64);
  const planes = walloc.frameAlloc('scratch', 96);
  const split = walloc.frameAlloc('scratch', end * 4);
  const single = walloc.frameAlloc('scratch', end * 4);
  walloc.f32.set(runtime.camera.viewProjection, matrix >>> 2);
  core.frustumPlanes(matrix, planes);
  const count = kernels.cull(planes, split) >>> 0;
  const reference = core.cullSimd(planes, single) >>> 0;
  const u32 = walloc.u32;
  if (count !== reference || count === 0) return false;
  for (let i = 0; i < count; i++) if (u32[(split >>> 2) + i] !== u32[(single >>> 2) + i]) return false;
  return true;
}
