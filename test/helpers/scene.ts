import '../../src/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import { ERROR_EVENT, type LayerWErrorDetail } from '../../components/layerw-element.js';
import type { Image } from './golden.js';

const mounted: HTMLElement[] = [];

/**
 * Puts `markup` (one `<layerw-scene>` and its children) into the page at `width`×`height` CSS pixels and
 * resolves when the scene has drawn its first frame. Fails after `timeoutMs` with the scene's errors.
 */
export async function mountScene(markup: string, width = 64, height = 64, timeoutMs = 20000): Promise<LayerWScene> {
  const holder = document.createElement('div');
  holder.style.cssText = `position: fixed; left: 0; top: 0; width: ${width}px; height: ${height}px;`;
  const template = document.createElement('template');
  template.innerHTML = markup;
  const scene = template.content.querySelector('layerw-scene');
  if (!scene) throw new Error('mountScene needs a <layerw-scene>');
  scene.style.cssText = `width: ${width}px; height: ${height}px;`;
  const errors: string[] = [];
  scene.addEventListener(ERROR_EVENT, (event) => {
    const detail = (event as CustomEvent<LayerWErrorDetail>).detail;
    errors.push(`${detail.code}: ${detail.message}`);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`scene not ready after ${timeoutMs} ms; errors: ${errors.join('; ') || 'none'}`)), timeoutMs);
    scene.addEventListener('ready', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
  holder.append(template.content);
  document.body.append(holder);
  mounted.push(holder);
  await ready;
  return scene as LayerWScene;
}

/** Removes every mounted scene and tears the engine down, so the next test starts from nothing. */
export function unmountAll(): void {
  for (const holder of mounted.splice(0)) holder.remove();
  Engine.resetForTests();
}

/**
 * Draws one frame of `scene` now and copies its canvas, in the same task as the GPU submit (a WebGPU canvas
 * can be read only until the task that drew it ends).
 */
export function capture(scene: LayerWScene): Image {
  const runtime = scene.runtime;
  if (!runtime) throw new Error('scene has no runtime');
  runtime.requestDraw();
  runtime.tick(performance.now());
  const { width, height } = scene.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(scene.canvas, 0, 0);
  const data = context.getImageData(0, 0, width, height).data;
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** The RGBA of one pixel, x and y as fractions of the image size. */
export function pixelAt(image: Image, fx: number, fy: number): [number, number, number, number] {
  const x = Math.min(image.width - 1, Math.floor(fx * image.width));
  const y = Math.min(image.height - 1, Math.floor(fy * image.height));
  const at = (y * image.width + x) * 4;
  return [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!, image.data[at + 3]!];
}

/** Mean (r + g + b) / 3 over the rectangle of fractions (x0, y0)-(x1, y1) of an image. */
export function regionBrightness(image: Image, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(y0 * image.height); y < Math.ceil(y1 * image.height); y++) {
    for (let x = Math.floor(x0 * image.width); x < Math.ceil(x1 * image.width); x++) {
      const at = (y * image.width + x) * 4;
      sum += (image.data[at]! + image.data[at + 1]! + image.data[at + 2]!) / 3;
      n++;
    }
  }
  return sum / n;
}

/** Collects the `error` events that reach `target`. */
export function collectErrors(target: EventTarget): LayerWErrorDetail[] {
  const errors: LayerWErrorDetail[] = [];
  target.addEventListener(ERROR_EVENT, (event) => errors.push((event as CustomEvent<LayerWErrorDetail>).detail));
  return errors;
}

/** Resolves on the next animation frame after `count` frames. */
export async function frames(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Resolves when `mesh` reports `load` (its model is in a drawn frame); rejects on its first `layerw-error`. */
export function loaded(mesh: Element, timeoutMs = 20000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no load event within ${timeoutMs} ms`)), timeoutMs);
    mesh.addEventListener('load', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
    mesh.addEventListener('layerw-error', (event) => {
      clearTimeout(timer);
      reject(new Error(`layerw-error: ${JSON.stringify((event as CustomEvent<{ message: string }>).detail.message)}`));
    }, { once: true });
  });
}
