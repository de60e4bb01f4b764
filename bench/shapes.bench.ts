// Costs of the shapes' images and the contact shadow, per drawn frame at 512×512 on the GPU: a scene of 25 boxes
// with shadow-intensity="1" against the same scene without, and 25 planes showing one 512×512 canvas that the
// page redraws and refreshes (textureNeedsUpdate) before every frame against the same canvas left as it is. Each
// figure is the median interval between the GPU's completions of successive frames drawn continuously.

import '../src/index.js';
import { Engine } from '../src/engine/engine.js';
import type { LayerWScene } from '../components/layerw-scene.js';
import type { LayerWMesh } from '../components/layerw-mesh.js';
import { compareRuns, median, type BenchRow, type Settings } from './harness.js';

const FRAME_SIZE = 512;
const FRAMES_PER_RUN = 12;
const CANVAS_SIZE = 512;

async function mount(markup: string): Promise<LayerWScene> {
  const holder = document.createElement('div');
  holder.style.cssText = `position: fixed; left: 0; top: 0; width: ${FRAME_SIZE}px; height: ${FRAME_SIZE}px;`;
  holder.innerHTML = `<layerw-scene render="continuous" quality="high" max-pixel-ratio="1" camera-position="0 5 7" camera-target="0 0 0"
      style="width: ${FRAME_SIZE}px; height: ${FRAME_SIZE}px">${markup}</layerw-scene>`;
  const scene = holder.querySelector('layerw-scene') as LayerWScene;
  const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
  document.body.append(holder);
  await ready;
  return scene;
}

/** Median milliseconds between GPU completions of `count` + 1 successive frames; `before` runs before each frame's draw. */
async function frameCost(scene: LayerWScene, count: number, before: () => void): Promise<number> {
  const runtime = scene.runtime!;
  const device = Engine.get().device!;
  const completions: number[] = [];
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  runtime.schedule.add({ name: 'bench-before', phase: 'input', run: before });
  runtime.schedule.add({
    name: 'bench-frame-end', phase: 'render', after: ['draw'],
    run: () => {
      void device.queue.onSubmittedWorkDone().then(() => {
        completions.push(performance.now());
        if (completions.length === count + 1) finished();
      });
    },
  });
  try {
    await done;
  } finally {
    runtime.schedule.remove('bench-before');
    runtime.schedule.remove('bench-frame-end');
  }
  return median(completions.slice(1).map((time, i) => time - completions[i]!));
}

function grid(mesh: (x: number, z: number) => string): string {
  const meshes: string[] = [];
  for (let i = 0; i < 25; i++) meshes.push(mesh(((i % 5) - 2) * 1.2, (Math.floor(i / 5) - 2) * 1.2));
  return meshes.join('');
}

async function shadowRows(settings: Settings): Promise<BenchRow[]> {
  const scene = await mount(grid((x, z) => `<layerw-mesh geometry="box" position="${x} 0.4 ${z}" scale="0.8"></layerw-mesh>`));
  const withIntensity = async (intensity: number): Promise<number> => {
    scene.shadowIntensity = intensity;
    for (let i = 0; i < 200 && intensity > 0 && !scene.runtime!.schedule.has('ground-bounds'); i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    return frameCost(scene, FRAMES_PER_RUN, () => undefined);
  };
  try {
    return await compareRuns('shapes', `frame, 25 boxes at ${FRAME_SIZE}×${FRAME_SIZE}, MSAA 4`, [
      { name: 'shadow-intensity 1', run: async () => ({ 'shadow-intensity 1': await withIntensity(1) }) },
      { name: 'shadow-intensity 0', run: async () => ({ 'shadow-intensity 0': await withIntensity(0) }) },
    ], [{ subject: 'shadow-intensity 1', peer: 'shadow-intensity 0' }], { warmups: 1, runs: settings.scenes.runs });
  } finally {
    scene.parentElement!.remove();
  }
}

async function canvasRows(settings: Settings): Promise<BenchRow[]> {
  const canvas = document.createElement('canvas');
  canvas.id = 'bench-canvas';
  canvas.width = canvas.height = CANVAS_SIZE;
  canvas.style.cssText = 'position: fixed; right: 0; bottom: 0; width: 8px; height: 8px;';
  document.body.append(canvas);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#446688';
  context.fillRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  const scene = await mount(grid((x, z) => `<layerw-mesh geometry="plane" texture="#bench-canvas" position="${x} 0 ${z}"></layerw-mesh>`));
  const mesh = scene.querySelector('layerw-mesh') as LayerWMesh;
  let tick = 0;
  const redraw = (): void => {
    context.fillStyle = (tick++ & 1) === 0 ? '#884466' : '#446688';
    context.fillRect(0, 0, CANVAS_SIZE, CANVAS_SIZE / 2);
    mesh.textureNeedsUpdate();
  };
  try {
    return await compareRuns('shapes', `frame, 25 planes showing a ${CANVAS_SIZE}² canvas at ${FRAME_SIZE}×${FRAME_SIZE}`, [
      { name: 'canvas refreshed every frame', run: async () => ({ 'canvas refreshed every frame': await frameCost(scene, FRAMES_PER_RUN, redraw) }) },
      { name: 'canvas unchanged', run: async () => ({ 'canvas unchanged': await frameCost(scene, FRAMES_PER_RUN, () => undefined) }) },
    ], [{ subject: 'canvas refreshed every frame', peer: 'canvas unchanged' }], { warmups: 1, runs: settings.scenes.runs });
  } finally {
    scene.parentElement!.remove();
    canvas.remove();
  }
}

/** The shapes rows. Called once by the bench page. */
export async function runShapesBench(settings: Settings): Promise<BenchRow[]> {
  return [...(await shadowRows(settings)), ...(await canvasRows(settings))];
}
