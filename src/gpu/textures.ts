// Model textures: decode (createImageBitmap, off the main thread where the browser does so), upload, and a
// full mip chain generated on the GPU by successive half-size blits.

const BLIT_WGSL = /* wgsl */ `
struct Out { @builtin(position) position: vec4f, @location(0) uv: vec2f }
@vertex fn vs(@builtin(vertex_index) i: u32) -> Out {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  var out: Out;
  out.position = vec4f(p * 2.0 - 1.0, 0.0, 1.0);
  out.uv = vec2f(p.x, 1.0 - p.y);
  return out;
}
@group(0) @binding(0) var source: texture_2d<f32>;
@group(0) @binding(1) var linearSampler: sampler;
@fragment fn fs(in: Out) -> @location(0) vec4f { return textureSample(source, linearSampler, in.uv); }
`;

/** Mip levels of a full chain for a `width`×`height` image. */
export function mipLevelCount(width: number, height: number): number {
  return Math.floor(Math.log2(Math.max(width, height))) + 1;
}

const generators = new WeakMap<GPUDevice, MipGenerator>();

/** Blit pipelines per format, per device; fills mip levels 1..n from level 0. */
class MipGenerator {
  readonly #device: GPUDevice;
  readonly #module: GPUShaderModule;
  readonly #sampler: GPUSampler;
  readonly #pipelines = new Map<GPUTextureFormat, GPURenderPipeline>();

  static for(device: GPUDevice): MipGenerator {
    let generator = generators.get(device);
    if (!generator) {
      generator = new MipGenerator(device);
      generators.set(device, generator);
    }
    return generator;
  }

  private constructor(device: GPUDevice) {
    this.#device = device;
    this.#module = device.createShaderModule({ label: 'MipGenerator.module', code: BLIT_WGSL });
    this.#sampler = device.createSampler({ label: 'MipGenerator.sampler', minFilter: 'linear', magFilter: 'linear' });
  }

  generate(texture: GPUTexture, viewFormat: GPUTextureFormat): void {
    const device = this.#device;
    let pipeline = this.#pipelines.get(viewFormat);
    if (!pipeline) {
      pipeline = device.createRenderPipeline({
        label: `MipGenerator.pipeline(${viewFormat})`,
        layout: 'auto',
        vertex: { module: this.#module, entryPoint: 'vs' },
        fragment: { module: this.#module, entryPoint: 'fs', targets: [{ format: viewFormat }] },
        primitive: { topology: 'triangle-list' },
      });
      this.#pipelines.set(viewFormat, pipeline);
    }
    const encoder = device.createCommandEncoder({ label: 'MipGenerator.encoder' });
    for (let level = 1; level < texture.mipLevelCount; level++) {
      const source = texture.createView({ format: viewFormat, baseMipLevel: level - 1, mipLevelCount: 1 });
      const target = texture.createView({ format: viewFormat, baseMipLevel: level, mipLevelCount: 1 });
      const bindGroup = device.createBindGroup({
        label: 'MipGenerator.bindGroup',
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: source }, { binding: 1, resource: this.#sampler }],
      });
      const pass = encoder.beginRenderPass({
        label: 'MipGenerator.pass',
        colorAttachments: [{ view: target, loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] }],
      });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.draw(3);
      pass.end();
    }
    device.queue.submit([encoder.finish()]);
  }
}

/**
 * Decodes an encoded image (PNG, JPEG, WebP) into an ImageBitmap without colour-space conversion or alpha
 * premultiplication, as glTF wants its texels as stored; with `size`, scaled down to it by the browser's
 * high-quality filter (a lower mip level, decoded directly). Throws what createImageBitmap throws for bad bytes.
 */
export function decodeImage(bytes: Uint8Array, mimeType: string, size?: { width: number; height: number }): Promise<ImageBitmap> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
  const options: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' };
  if (size) {
    options.resizeWidth = size.width;
    options.resizeHeight = size.height;
    options.resizeQuality = 'high';
  }
  return createImageBitmap(blob, options);
}

/** GPU bytes of an RGBA8 texture of `width`×`height` with its full mip chain (a third more than level 0). */
export function textureBytes(width: number, height: number): number {
  return Math.ceil((width * height * 4 * 4) / 3);
}

/**
 * Reads a decoded image's RGBA8 pixels a band of rows at a time, through a 2D canvas (the only way to get an
 * ImageBitmap's pixels on the CPU). Alpha goes through the canvas's premultiplication, so colours under nearly
 * transparent texels lose precision.
 */
export class PixelRows {
  readonly width: number;
  readonly height: number;
  readonly #context: OffscreenCanvasRenderingContext2D;

  constructor(bitmap: ImageBitmap) {
    this.width = bitmap.width;
    this.height = bitmap.height;
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    this.#context = canvas.getContext('2d', { willReadFrequently: true })!;
    this.#context.drawImage(bitmap, 0, 0);
  }

  /** Writes rows `y` to `y + rows` into `out` (rows · width · 4 bytes, top row first). */
  read(y: number, rows: number, out: Uint8Array): void {
    out.set(this.#context.getImageData(0, y, this.width, rows).data);
  }
}

/**
 * A new rgba8unorm texture with room for a full mip chain, filled by `writeRows` and finished by
 * `generateMips`; `srgb` textures (base colour, emissive) are sampled through an -srgb view so the GPU decodes
 * them to linear.
 */
export function createTexture(device: GPUDevice, width: number, height: number, srgb: boolean, label: string): GPUTexture {
  return device.createTexture({
    label,
    size: [width, height],
    format: 'rgba8unorm',
    viewFormats: srgb ? ['rgba8unorm-srgb'] : [],
    mipLevelCount: mipLevelCount(width, height),
    usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
  });
}

/** Copies `rows` rows of tightly packed RGBA8 pixels into level 0 of `texture` from row `y` (the queue copies them at once). */
export function writeRows(device: GPUDevice, texture: GPUTexture, y: number, rows: number, pixels: Uint8Array): void {
  const width = texture.width;
  device.queue.writeTexture({ texture, origin: [0, y] }, pixels as Uint8Array<ArrayBuffer>, { bytesPerRow: width * 4, rowsPerImage: rows }, [width, rows]);
}

/** Fills mip levels 1..n of `texture` from level 0, and returns the view to bind. */
export function finishTexture(device: GPUDevice, texture: GPUTexture, srgb: boolean): GPUTextureView {
  const viewFormat: GPUTextureFormat = srgb ? 'rgba8unorm-srgb' : 'rgba8unorm';
  MipGenerator.for(device).generate(texture, viewFormat);
  return texture.createView({ label: `${texture.label}.view`, format: viewFormat });
}
