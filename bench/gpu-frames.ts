// GPU cost per frame of a scene in the bench page, for benchmarks that compare a scene with a variant of itself
// (look, shapes): frames drawn continuously, timed by the GPU's completions.

import '../src/index.js';
import { Engine } from '../src/engine/engine.js';
import type { LayerWScene } from '../components/layerw-scene.js';
import { median } from './harness.js';

/** Mounts `<layerw-scene render="continuous" quality="high">` of `size`×`size` px holding `markup`; resolves at `ready`. */
export async function mountBenchScene(size: number, camera: string, markup: string): Promise<LayerWScene> {
  const holder = document.createElement('div');
  holder.style.cssText = `position: fixed; left: 0; top: 0; width: ${size}px; height: ${size}px;`;
  holder.innerHTML = `<layerw-scene render="continuous" quality="high" max-pixel-ratio="1" ${camera}
      style="width: ${size}px; height: ${size}px">${markup}</layerw-scene>`;
  const scene = holder.querySelector('layerw-scene') as LayerWScene;
  const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
  document.body.append(holder);
  await ready;
  return scene;
}

/**
 * Median milliseconds between the GPU's completions of `count` + 1 successive frames; `before` runs in the input
 * phase of each. When the GPU is the bottleneck its work queues up and this interval is what one frame costs it;
 * otherwise it is the frame interval.
 */
export async function gpuFrameInterval(scene: LayerWScene, count: number, before?: () => void): Promise<number> {
  const runtime = scene.runtime!;
  const device = Engine.get().device!;
  const completions: number[] = [];
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  if (before) runtime.schedule.add({ name: 'bench-before', phase: 'input', run: before });
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
