// WebGPU in Node through the `webgpu` package (Dawn), and the canvas context the engine draws into: an ordinary
// texture that the render reads back instead of a swap chain.
import { create, globals } from 'webgpu';
import { findSwiftShaderDriver, namedDriver } from './vulkan-driver.js';
import type { RgbaImage } from './png.js';

let gpu: Promise<{ gpu: GPU; adapter: GPUAdapter | null; driver: string }> | undefined;

/**
 * The process's GPU object and whether it has an adapter. The driver named by VK_DRIVER_FILES or
 * VK_ICD_FILENAMES is used as is; without one, the system's drivers are tried, then SwiftShader from a Chromium
 * install (see vulkan-driver.ts). `driver` says which was used, for error messages.
 */
export function nodeGpu(): Promise<{ gpu: GPU; adapter: GPUAdapter | null; driver: string }> {
  return (gpu ??= (async () => {
    Object.assign(globalThis, globals);
    const named = namedDriver();
    let instance = create([]);
    let adapter = await instance.requestAdapter();
    let driver = named ?? 'the system\'s Vulkan drivers';
    const swiftShader = named ? null : findSwiftShaderDriver();
    if (!adapter && swiftShader) {
      // The Vulkan loader reads the variable when Dawn makes its next instance.
      process.env.VK_ICD_FILENAMES = swiftShader;
      instance = create([]);
      adapter = await instance.requestAdapter();
      driver = `VK_ICD_FILENAMES=${swiftShader}`;
    }
    return { gpu: instance, adapter, driver };
  })());
}

/**
 * A canvas's `webgpu` context under Node: `getCurrentTexture` gives one texture the canvas's size (made again
 * when the size changes), which keeps the last frame until `readPixels` copies it out.
 */
export class NodeCanvasContext {
  readonly canvas: HTMLCanvasElement;
  #configuration: GPUCanvasConfiguration | null = null;
  #texture: GPUTexture | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
  }

  configure(configuration: GPUCanvasConfiguration): void {
    this.unconfigure();
    this.#configuration = configuration;
  }

  unconfigure(): void {
    this.#texture?.destroy();
    this.#texture = null;
    this.#configuration = null;
  }

  getConfiguration(): GPUCanvasConfiguration | null {
    return this.#configuration;
  }

  getCurrentTexture(): GPUTexture {
    const configuration = this.#configuration;
    if (!configuration) throw new Error('the canvas context is not configured');
    const { width, height } = this.canvas;
    if (this.#texture && this.#texture.width === width && this.#texture.height === height) return this.#texture;
    this.#texture?.destroy();
    this.#texture = configuration.device.createTexture({
      label: 'NodeCanvasContext.texture',
      size: [width, height],
      format: configuration.format,
      viewFormats: [...(configuration.viewFormats ?? [])],
      usage: (configuration.usage ?? GPUTextureUsage.RENDER_ATTACHMENT) | GPUTextureUsage.COPY_SRC,
    });
    return this.#texture;
  }

  /**
   * The last frame as straight-alpha RGBA8 (the context, like the browser's, holds premultiplied colour), or null
   * before one was drawn.
   */
  async readPixels(): Promise<RgbaImage | null> {
    const texture = this.#texture;
    const device = this.#configuration?.device;
    if (!texture || !device) return null;
    const { width, height } = texture;
    const bytesPerRow = Math.ceil((width * 4) / 256) * 256;
    const buffer = device.createBuffer({ label: 'NodeCanvasContext.readback', size: bytesPerRow * height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    const encoder = device.createCommandEncoder({ label: 'NodeCanvasContext.readback' });
    encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow, rowsPerImage: height }, [width, height]);
    device.queue.submit([encoder.finish()]);
    await buffer.mapAsync(GPUMapMode.READ);
    const mapped = new Uint8Array(buffer.getMappedRange());
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) data.set(mapped.subarray(y * bytesPerRow, y * bytesPerRow + width * 4), y * width * 4);
    buffer.unmap();
    buffer.destroy();
    const bgra = texture.format.startsWith('bgra');
    for (let i = 0; i < data.length; i += 4) {
      if (bgra) [data[i], data[i + 2]] = [data[i + 2]!, data[i]!];
      const alpha = data[i + 3]!;
      if (alpha === 0 || alpha === 255) continue;
      for (let c = 0; c < 3; c++) data[i + c] = Math.min(255, Math.round((data[i + c]! * 255) / alpha));
    }
    return { width, height, data };
  }
}

const contexts = new WeakMap<HTMLCanvasElement, NodeCanvasContext>();

/** Makes `getContext('webgpu')` of the DOM's canvases give a NodeCanvasContext; other kinds are left to the DOM. */
export function installCanvasContext(canvasClass: typeof HTMLCanvasElement): void {
  const prototype = canvasClass.prototype as unknown as { getContext(kind: string, options?: unknown): unknown };
  const original = prototype.getContext;
  prototype.getContext = function (this: HTMLCanvasElement, kind: string, options?: unknown) {
    if (kind !== 'webgpu') return original.call(this, kind, options);
    let context = contexts.get(this);
    if (!context) contexts.set(this, (context = new NodeCanvasContext(this)));
    return context;
  };
}

/** The NodeCanvasContext of `canvas`, if it has one. */
export function canvasContext(canvas: HTMLCanvasElement): NodeCanvasContext | undefined {
  return contexts.get(canvas);
}
