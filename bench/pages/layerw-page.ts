// Contender page: LayerW itself, through its elements, as a page uses it (`<layerw-scene>` with
// `<layerw-mesh>` children). Frames are driven by the engine's own animation-frame loop; this page only
// watches them, by wrapping the scene runtime's `tick` (the one call the engine makes per scene per frame).

import '../../src/index.js';
import { Engine, type LayerWMesh, type LayerWScene } from '../../src/index.js';
import type { ContenderPage, FrameTimes, ModelLoad, PopulateOptions } from '../contender-api.js';
import { CAMERA, LIGHT_DIRECTION, MODEL_CAMERA, PALETTE, SKINNED_CAMERA, TWEEN_MS, crowdPlace, layoutFor } from '../scene-layout.js';
import type { FrameStep } from '../../src/engine/frame-schedule.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import { gpuCullTesting } from '../../src/gpu/gpu-cull.js';

/** Keep the device between scenes, as a page that swaps scenes does (the default lets it go after 2 s). */
const KEEP_DEVICE_MS = 1e9;
/** Frames `frameTimes` can record at once; preallocated so that watching frames allocates nothing. */
const MAX_RECORDED = 4096;

Engine.get().teardownDelayMs = KEEP_DEVICE_MS;

/** The scene on screen, its meshes, and what the tick wrapper has seen. */
interface Current {
  scene: LayerWScene;
  meshes: LayerWMesh[];
  /** True for the gltf benchmark's scene (its camera looks at the model); kept from one model to the next. */
  models: boolean;
}

/** Frames drawn after a model's load while its textures stream, watching the memory it takes. */
const STREAMING_FRAMES = 30;
/** Model files given by `setModel`, served from a new blob: URL per load. */
const modelFiles = new Map<string, Blob>();

let current: Current | null = null;
let drawn = 0;
/** Resolves when `drawn` reaches `waitUntil`, or (with `waitObjects`) when a frame shows that many objects. */
let waiter: ((at: number) => void) | null = null;
let waitUntil = 0;
let waitObjects = -1;
const tickMs = new Float64Array(MAX_RECORDED);
const cpuMs = new Float64Array(MAX_RECORDED);
const animationMs = new Float64Array(MAX_RECORDED);
/** Milliseconds the scene's `tweens` step took in the frame being drawn. */
let tweenStepMs = 0;
let recordFrom = 0;
let recordCount = 0;
/** Frames the last `frameTimes` recorded. */
let lastRecorded = 0;

/**
 * Wraps the runtime's `tick`: times it from outside, counts the frames it drew, records figures and wakes a
 * waiter. Allocates nothing per frame, so the heap benchmark sees LayerW's own allocations only.
 */
function watch(scene: LayerWScene): void {
  const runtime = scene.runtime;
  if (!runtime) throw new Error('layerw page: the scene has no runtime after connecting');
  const tick = runtime.tick.bind(runtime);
  const stats = runtime.stats;
  runtime.tick = (now: number): void => {
    const before = stats.frames;
    const start = performance.now();
    tick(now);
    const end = performance.now();
    if (stats.frames === before) return;
    const index = drawn - recordFrom;
    if (index >= 0 && index < recordCount) {
      tickMs[index] = end - start;
      cpuMs[index] = stats.cpuTime;
      animationMs[index] = tweenStepMs;
    }
    tweenStepMs = 0;
    drawn++;
    if (waiter !== null && drawn >= waitUntil && (waitObjects < 0 || stats.objects === waitObjects)) {
      const wake = waiter;
      waiter = null;
      wake(end);
    }
  };
}

/** Times the scene's `tweens` step (it joins the schedule with the first `<layerw-animate>`). */
function watchTweens(scene: LayerWScene): void {
  const step = scene.runtime?.schedule.steps.find((candidate) => candidate.name === 'tweens') as { run: FrameStep['run'] } | undefined;
  if (!step) throw new Error('layerw page: the scene has no tweens step');
  const run = step.run.bind(step);
  step.run = (clock) => {
    const start = performance.now();
    const busy = run(clock);
    tweenStepMs = performance.now() - start;
    return busy;
  };
}

/** Frame steps timed per recorded frame (`stepTimes`), each with its preallocated record. */
const stepMs = new Map<string, Float64Array>();

/** Times the named frame steps of `scene` into `stepMs`, for the frames `frameTimes` records. */
function watchSteps(scene: LayerWScene, names: readonly string[]): void {
  for (const name of names) {
    if (stepMs.has(name)) continue;
    const step = scene.runtime?.schedule.steps.find((candidate) => candidate.name === name) as { run: FrameStep['run'] } | undefined;
    if (!step) throw new Error(`layerw page: the scene has no ${name} step`);
    const times = new Float64Array(MAX_RECORDED);
    stepMs.set(name, times);
    const run = step.run.bind(step);
    step.run = (clock) => {
      const start = performance.now();
      const busy = run(clock);
      const index = drawn - recordFrom;
      if (index >= 0 && index < recordCount) times[index] = performance.now() - start;
      return busy;
    };
  }
}

/** Resolves with the end time of the first frame drawn after now that shows `objects` objects. */
function frameWith(objects: number): Promise<number> {
  return new Promise((resolve) => {
    waitUntil = drawn + 1;
    waitObjects = objects;
    waiter = resolve;
  });
}

function device(): GPUDevice | null | undefined {
  return Engine.get().device;
}

/** Resolves after `count` animation frames of this page, drawn or not. */
async function animationFrames(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

function afterFrames(count: number): Promise<number> {
  return new Promise((resolve) => {
    waitUntil = drawn + count;
    waitObjects = -1;
    waiter = resolve;
  });
}

/**
 * One frame of the scene drawn at once, as three.js's page draws one when it calls `render`: the redraw rows time
 * what drawing costs, not the wait for the next animation frame that a requested frame makes.
 */
function drawNow(runtime: NonNullable<LayerWScene['runtime']>): void {
  runtime.requestDraw();
  runtime.tick(performance.now());
}

/** A fresh, empty scene on screen; resolves after its first drawn frame. */
/** A scene's camera, as scene-layout.ts gives them. */
interface View {
  position: readonly number[];
  target: readonly number[];
  fov: number;
  near: number;
  far: number;
}

async function openScene(budget: string, render: 'continuous' | 'on-demand', view: View = CAMERA): Promise<LayerWScene> {
  clear();
  const scene = document.createElement('layerw-scene');
  scene.setAttribute('memory-budget', budget);
  scene.setAttribute('render', render);
  // medium: no multisampling, 0.75 render scale (the three.js page draws at the same pixel ratio).
  scene.setAttribute('quality', 'medium');
  scene.setAttribute('camera-position', view.position.join(' '));
  scene.setAttribute('camera-target', view.target.join(' '));
  scene.setAttribute('fov', String(view.fov));
  scene.setAttribute('near', String(view.near));
  scene.setAttribute('far', String(view.far));
  const ambient = document.createElement('layerw-light');
  ambient.setAttribute('type', 'ambient');
  ambient.setAttribute('intensity', '0.4');
  // No shadows: the three.js and A-Frame pages draw none either.
  const sun = document.createElement('layerw-light');
  sun.setAttribute('type', 'directional');
  sun.setAttribute('direction', LIGHT_DIRECTION.join(' '));
  sun.setAttribute('intensity', '2');
  sun.setAttribute('cast-shadow', 'false');
  scene.append(ambient, sun);
  const ready = new Promise<void>((resolve, reject) => {
    scene.addEventListener('ready', () => resolve(), { once: true });
    scene.addEventListener('layerw-error', (event) => {
      const detail = (event as CustomEvent<{ code: string; message: string }>).detail;
      reject(new Error(`layerw page: ${detail.code}: ${detail.message}`));
    }, { once: true });
  });
  document.body.append(scene);
  drawn = 0;
  watch(scene);
  current = { scene, meshes: [], models: view === MODEL_CAMERA };
  await ready;
  return scene;
}

/** Box i of `count` as a page writes it: geometry, position, colour (and motion when asked). */
function makeMeshes(count: number, moving: boolean, tweens = false, movingCount = count): { fragment: DocumentFragment; meshes: LayerWMesh[] } {
  const layout = layoutFor(count);
  const fragment = document.createDocumentFragment();
  const meshes: LayerWMesh[] = [];
  for (let i = 0; i < count; i++) {
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('geometry', 'box');
    mesh.setAttribute('position', layout.positionText[i]!);
    mesh.setAttribute('color', PALETTE[layout.colorIndex[i]!]!);
    if (moving && i < movingCount) {
      mesh.setAttribute('velocity', layout.velocityText[i]!);
      mesh.setAttribute('spin', layout.spinText[i]!);
    }
    if (tweens) {
      const animate = document.createElement('layerw-animate');
      animate.setAttribute('attribute', 'position');
      animate.setAttribute('to', layout.tweenToText[i]!);
      animate.setAttribute('duration', `${TWEEN_MS}ms`);
      animate.setAttribute('repeat', 'infinite');
      animate.setAttribute('direction', 'alternate');
      animate.setAttribute('easing', 'ease-in-out');
      mesh.append(animate);
    }
    fragment.append(mesh);
    meshes.push(mesh);
  }
  return { fragment, meshes };
}

function clear(): void {
  stepMs.clear();
  current?.scene.remove();
  current = null;
  waiter = null;
}

function scene(): LayerWScene {
  if (!current) throw new Error('layerw page: no scene');
  return current.scene;
}

/** The memory a scene of `count` boxes needs: about 230 B of columns per slot plus per-frame regions. */
function budgetFor(count: number): string {
  return count > 20_000 ? '512MB' : '128MB';
}

const page: ContenderPage = {
  async create(count: number): Promise<number> {
    const target = await openScene(budgetFor(count), 'on-demand');
    const start = performance.now();
    const { fragment, meshes } = makeMeshes(count, false);
    target.append(fragment);
    const end = await frameWith(count);
    current!.meshes = meshes;
    return end - start;
  },

  async populate(count: number, options: PopulateOptions): Promise<void> {
    // The tween table holds one tween per 8 slots at the least: 10,000 tweens need a larger memory than 10,000 boxes.
    // Half of memory-budget is the WebAssembly memory (the rest is for the GPU): 512MB gives 256 MB, about 17,000 tweens.
    const budget = options.tweens ? '512MB' : budgetFor(count);
    const target = await openScene(budget, options.moving || options.tweens ? 'continuous' : 'on-demand');
    const { fragment, meshes } = makeMeshes(count, options.moving, options.tweens, options.movingCount);
    target.append(fragment);
    await frameWith(count);
    current!.meshes = meshes;
    if (options.tweens) {
      // Every animation has its table entry before timing starts.
      const kernels = await featureKernels(target.runtime!.walloc!);
      for (let i = 0; (kernels.liveTweens() >>> 0) < count; i++) {
        if (i > 600) throw new Error(`layerw page: ${kernels.liveTweens() >>> 0} of ${count} tweens have a table entry`);
        await animationFrames(1);
      }
      watchTweens(target);
    }
    page.pause!();
  },

  async populateSkinned(count: number, model: Uint8Array): Promise<void> {
    const target = await openScene('256MB', 'continuous', SKINNED_CAMERA);
    const url = URL.createObjectURL(new Blob([model.slice()], { type: 'model/gltf-binary' }));
    const meshes: LayerWMesh[] = [];
    const loads: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const { x, z, speed } = crowdPlace(i);
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('position', `${x} 0 ${z}`);
      mesh.setAttribute('autoplay', '');
      mesh.setAttribute('animation-speed', String(speed));
      mesh.setAttribute('src', url);
      loads.push(new Promise((resolve, reject) => {
        mesh.addEventListener('load', () => resolve(), { once: true });
        mesh.addEventListener('layerw-error', (event) => reject(new Error(`layerw page: ${(event as CustomEvent<{ message: string }>).detail.message}`)), { once: true });
      }));
      meshes.push(mesh);
    }
    target.append(...meshes);
    await Promise.all(loads);
    URL.revokeObjectURL(url);
    current!.meshes = meshes;
    page.pause!();
  },

  async populateWorld(count: number): Promise<void> {
    const target = await openScene(count > 200_000 ? 'max' : budgetFor(count), 'continuous');
    const side = Math.ceil(Math.sqrt(count));
    const fragment = document.createDocumentFragment();
    const meshes: LayerWMesh[] = [];
    for (let i = 0; i < count; i++) {
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('geometry', 'box');
      mesh.setAttribute('position', `${((i % side) - side / 2) * 1.5} -3 ${40 - Math.floor(i / side) * 1.5}`);
      mesh.setAttribute('color', PALETTE[i % PALETTE.length]!);
      fragment.append(mesh);
      meshes.push(mesh);
    }
    // A mesh the memory cannot hold reports BUDGET_EXCEEDED (bubbling to the scene) and is never counted.
    const refused = new Promise<never>((_, reject) => {
      target.addEventListener('layerw-error', (event) => {
        const detail = (event as CustomEvent<{ code: string; message: string }>).detail;
        reject(new Error(`layerw page: ${detail.code}: ${detail.message}`));
      }, { once: true });
    });
    target.append(fragment);
    await Promise.race([frameWith(count), refused]);
    current!.meshes = meshes;
    page.pause!();
  },

  setCulling(culling: 'gpu' | 'cpu'): void {
    scene().culling = culling;
  },

  setBatchOffsets(on: boolean): void {
    gpuCullTesting.batchOffsets = on;
  },

  culling(): string {
    const stats = scene().runtime!.stats;
    return stats.batchOffsets ? `${stats.culling}+offsets` : stats.culling;
  },

  stepTimes(names: readonly string[]): Record<string, number> {
    watchSteps(scene(), names);
    const result: Record<string, number> = {};
    for (const name of names) {
      const times = Array.from(stepMs.get(name)!.subarray(0, recordCount || lastRecorded)).sort((a, b) => a - b);
      result[name] = times.length > 0 ? times[times.length >> 1]! : 0;
    }
    return result;
  },

  setModel(name: string, bytes: Uint8Array): void {
    modelFiles.set(name, new Blob([bytes.slice()], { type: 'model/gltf-binary' }));
  },

  async loadModel(name: string): Promise<ModelLoad> {
    const file = modelFiles.get(name);
    if (!file) throw new Error(`layerw page: no model ${name}`);
    // One scene for every load (as three.js keeps one renderer): it has drawn its first frame before the
    // first load; each load removes the last model's mesh and appends a fresh <layerw-mesh>.
    if (!current?.models) await openScene('128MB', 'on-demand', MODEL_CAMERA);
    const target = current!;
    if (target.meshes.length > 0) {
      for (const old of target.meshes) old.remove();
      target.meshes = [];
      // Let the frame that removal asks for be drawn and finished now rather than inside the timing.
      await animationFrames(2);
      await device()?.queue.onSubmittedWorkDone();
    }
    // A fresh URL: the page-wide ModelStore shares parsed models per URL and would make later loads free.
    const url = URL.createObjectURL(file);
    const mesh = document.createElement('layerw-mesh');
    const loaded = new Promise<number>((resolve, reject) => {
      mesh.addEventListener('load', () => resolve(performance.now()), { once: true });
      mesh.addEventListener('layerw-error', (event) => {
        const detail = (event as CustomEvent<{ code: string; message: string }>).detail;
        reject(new Error(`layerw page: ${detail.code}: ${detail.message}`));
      }, { once: true });
    });
    try {
      const start = performance.now();
      mesh.setAttribute('src', url);
      target.scene.append(mesh);
      // `load` fires right after the frame that draws the model is submitted; the GPU's end of that frame
      // is what the three.js page's pixel read waits for.
      const submitted = await loaded;
      await device()?.queue.onSubmittedWorkDone();
      const end = performance.now();
      target.meshes.push(mesh);
      // The same frame again, with nothing to load: what drawing it costs here.
      const redrawStart = performance.now();
      drawNow(target.scene.runtime!);
      await device()?.queue.onSubmittedWorkDone();
      const redrawMs = performance.now() - redrawStart;
      // Memory at its peak while the textures stream to the level the screen wants (outside the timing).
      const runtime = target.scene.runtime!;
      let bytes = 0;
      for (let i = 0; i < STREAMING_FRAMES; i++) {
        runtime.requestDraw();
        await afterFrames(1);
        bytes = Math.max(bytes, runtime.walloc!.reservedBytes + runtime.stats.gpuBytes);
      }
      await device()?.queue.onSubmittedWorkDone();
      const settledStart = performance.now();
      drawNow(runtime);
      await device()?.queue.onSubmittedWorkDone();
      const settledRedrawMs = performance.now() - settledStart;
      return { ms: end - start, submittedMs: submitted - start, redrawMs, settledRedrawMs, startedAt: start, triangles: null, bytes };
    } finally {
      URL.revokeObjectURL(url);
    }
  },

  async redrawModel(count: number): Promise<number> {
    if (!current?.models || current.meshes.length === 0) throw new Error('layerw page: no model loaded');
    const runtime = current.scene.runtime!;
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      drawNow(runtime);
      await device()?.queue.onSubmittedWorkDone();
    }
    return performance.now() - start;
  },

  setPositions(texts: readonly string[]): void {
    const meshes = current!.meshes;
    for (let i = 0; i < meshes.length; i++) meshes[i]!.setAttribute('position', texts[i]!);
  },

  checkPosition(texts: readonly string[], index: number): string | null {
    const mesh = current!.meshes[index]!;
    const expected = texts[index]!.split(' ').map(Number);
    const parsed = mesh.position;
    if (parsed.some((v, k) => Math.abs(v - expected[k]!) > 1e-3)) return `element position ${parsed.join(' ')}, expected ${texts[index]}`;
    // The value must also be in the position column (which slot is the element's own business: search).
    const column = scene().runtime!.walloc!.columns.float.position;
    for (let at = 0; at + 2 < column.length; at += 3) {
      if (column[at] === parsed[0] && column[at + 1] === parsed[1] && column[at + 2] === parsed[2]) return null;
    }
    return `position ${texts[index]} is not in the position column`;
  },

  play(): void {
    scene().hidden = false;
  },

  pause(): void {
    // A hidden scene is off screen: its runtime skips its frames until it is shown again.
    scene().hidden = true;
  },

  async idle(): Promise<void> {
    await Engine.get().device?.queue.onSubmittedWorkDone();
  },

  drawnFrames(): number {
    return drawn;
  },

  async waitFrames(count: number): Promise<void> {
    await afterFrames(count);
  },

  async frameTimes(count: number): Promise<FrameTimes> {
    if (count > MAX_RECORDED) throw new Error(`layerw page: at most ${MAX_RECORDED} frames at once`);
    // The scene times its frames while the page reads `stats.cpuTime`: this read starts it from the next frame.
    void scene().runtime!.stats.cpuTime;
    recordFrom = drawn;
    recordCount = count;
    await afterFrames(count);
    recordCount = 0;
    lastRecorded = count;
    return {
      external: Array.from(tickMs.subarray(0, count)), internal: Array.from(cpuMs.subarray(0, count)),
      animation: Array.from(animationMs.subarray(0, count)),
    };
  },

  /** A box's position in its column (for checking that tweens move the boxes). */
  tweenedY(index: number): number {
    const mesh = current!.meshes[index]!;
    return scene().runtime!.walloc!.columns.float.position[mesh.columnSlot! * 3 + 1]!;
  },

  describe(): { objects: number; drawn: number | null } {
    const stats = scene().runtime!.stats;
    return { objects: stats.objects, drawn: stats.visible };
  },

  uploadedBytes(): number {
    return scene().runtime!.stats.uploadedBytes;
  },

  clear,
};

window.benchContender = page;
