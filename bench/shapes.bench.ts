// Costs of the shapes' images and the contact shadow, per drawn frame at 512×512 on the GPU: a scene of 25 boxes
// with shadow-intensity="1" against the same scene without, and 25 planes showing one 512×512 canvas that the
// page redraws and refreshes (textureNeedsUpdate) before every frame against the same canvas left as it is. Each
// figure is the median interval between the GPU's completions of successive frames drawn continuously.

import type { LayerWScene } from '../components/layerw-scene.js';
import type { LayerWMesh } from '../components/layerw-mesh.js';
import { compareRuns, type BenchRow, type Settings } from './harness.js';
import { gpuFrameInterval, mountBenchScene } from './gpu-frames.js';

const FRAME_SIZE = 512;
const FRAMES_PER_RUN = 12;
const CANVAS_SIZE = 512;

function mount(markup: string): Promise<LayerWScene> {
  return mountBenchScene(FRAME_SIZE, 'camera-position="0 5 7" camera-target="0 0 0"', markup);
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
    return gpuFrameInterval(scene, FRAMES_PER_RUN, () => undefined);
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
      { name: 'canvas refreshed every frame', run: async () => ({ 'canvas refreshed every frame': await gpuFrameInterval(scene, FRAMES_PER_RUN, redraw) }) },
      { name: 'canvas unchanged', run: async () => ({ 'canvas unchanged': await gpuFrameInterval(scene, FRAMES_PER_RUN, () => undefined) }) },
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
