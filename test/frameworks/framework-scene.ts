// What the framework tests share: the scene they all render, and how they read it back.
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import { capture, frames, pixelAt } from '../helpers/scene.js';

/** The scene every framework test renders: black, lit evenly, boxes that fill the middle of a 64×64 canvas. */
export const SCENE_ATTRIBUTES = {
  background: '#000000',
  'camera-position': '0 0 3',
  quality: 'low',
  style: 'display: block; width: 64px; height: 64px;',
} as const;

/** A mesh in the list the frameworks render; the first sits at the centre. */
export interface ListedMesh {
  id: number;
  x: number;
}

/** Resolves once `condition` holds, checking every animation frame; fails after `timeoutMs` with `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await frames(1);
  }
}

/** The one `<layerw-scene>` inside `holder`. */
export function sceneIn(holder: Element): LayerWScene {
  const scene = holder.querySelector('layerw-scene');
  if (!scene) throw new Error('no layerw-scene was rendered');
  return scene;
}

/** The colour at the centre of the scene's canvas after drawing a frame now. */
export function centre(scene: LayerWScene): [number, number, number, number] {
  return pixelAt(capture(scene), 0.5, 0.5);
}

/** True when `pixel` is clearly the given primary: that channel high, the other two well below it. */
export function isPrimary(pixel: readonly number[], channel: 0 | 1 | 2): boolean {
  return pixel[channel]! > 150 && [0, 1, 2].every((c) => c === channel || pixel[c]! < pixel[channel]! - 100);
}

/** What the engine holds for a scene: live slots and GPU bytes, and how many scenes the engine drives. */
export function holdings(scene: LayerWScene): { slots: number; gpuBytes: number; clients: number } {
  const runtime = scene.runtime;
  if (!runtime?.walloc) throw new Error('scene has no memory');
  return { slots: runtime.walloc.core.liveSlots() >>> 0, gpuBytes: scene.stats.gpuBytes, clients: Engine.get().clientCount };
}

/** A fixed-position holder for one framework app. */
export function makeHolder(): HTMLDivElement {
  const holder = document.createElement('div');
  holder.style.cssText = 'position: fixed; left: 0; top: 0; width: 64px; height: 64px;';
  document.body.append(holder);
  return holder;
}
