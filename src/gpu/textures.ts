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
 * premultiplication, as glTF wants its texels as stored. Throws what createImageBitmap throws for bad bytes.
 */
export function decodeImage(bytes: Uint8Array, mimeType: string): Promise<ImageBitmap> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
  return createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
}

/** Tightly packed RGBA8 pixels of one image, top row first: a view of staged bytes. */
export interface PixelImage {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** Bytes of an image's RGBA8 pixels: what it takes staged. */
export function pixelBytes(width: number, height: number): number {
  return width * height * 4;
}

/**
 * Writes a decoded image's RGBA8 pixels into `out` (pixelBytes long), through a 2D canvas. Alpha goes through
 * the canvas's premultiplication, so colours under nearly transparent texels lose precision. Called by the
 * engine when it stages a model's textures.
 */
export function readPixels(bitmap: ImageBitmap, out: Uint8Array): void {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  out.set(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
}

/**
 * Uploads staged pixels into a new rgba8unorm texture with a full mip chain; `srgb` textures (base colour,
 * emissive) are sampled through an -srgb view so the GPU decodes them to linear. Returns the texture and the
 * view to bind.
 */
export function uploadTexture(device: GPUDevice, image: PixelImage, srgb: boolean, label: string): { texture: GPUTexture; view: GPUTextureView } {
  const viewFormat: GPUTextureFormat = srgb ? 'rgba8unorm-srgb' : 'rgba8unorm';
  const { width, height, pixels } = image;
  const texture = device.createTexture({
    label,
    size: [width, height],
    format: 'rgba8unorm',
    viewFormats: srgb ? ['rgba8unorm-srgb'] : [],
    mipLevelCount: mipLevelCount(width, height),
    usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
  });
  device.queue.writeTexture({ texture }, pixels as Uint8Array<ArrayBuffer>, { bytesPerRow: width * 4, rowsPerImage: height }, [width, height]);
  MipGenerator.for(device).generate(texture, viewFormat);
  return { texture, view: texture.createView({ label: `${label}.view`, format: viewFormat }) };
}
