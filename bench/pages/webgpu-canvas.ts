// The canvas of the raw WebGPU contender pages (the floors): a device of its own and a canvas at the view's CSS
// size drawn at LayerW's `quality="medium"` pixel ratio, opaque, in the preferred format.

import { VIEW } from '../scene-layout.js';

/** LayerW draws at `quality="medium"`, 0.75 of the CSS size; so do these pages. */
const PIXEL_RATIO = 0.75;

export interface WebGpuCanvas {
  device: GPUDevice;
  canvas: HTMLCanvasElement;
  context: GPUCanvasContext;
  format: GPUTextureFormat;
}

/** A new device and a configured canvas appended to the page; `page` names the page in errors. */
export async function openWebGpuCanvas(page: string): Promise<WebGpuCanvas> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error(`${page}: no WebGPU adapter`);
  const device = await adapter.requestDevice();
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width: ${VIEW.width}px; height: ${VIEW.height}px; display: block;`;
  canvas.width = Math.round(VIEW.width * PIXEL_RATIO);
  canvas.height = Math.round(VIEW.height * PIXEL_RATIO);
  document.body.append(canvas);
  const context = canvas.getContext('webgpu');
  if (!context) throw new Error(`${page}: no webgpu context`);
  const format = navigator.gpu.getPreferredCanvasFormat();
  context.configure({ device, format, alphaMode: 'opaque' });
  return { device, canvas, context, format };
}
