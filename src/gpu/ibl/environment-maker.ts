// Turns an environment source (the neutral room, an RGBE panorama, an LDR panorama) into a GpuEnvironment on
// one device: source cube → its mips → prefiltered specular cube, irradiance SH, all in one submit. Shaders:
// shaders/ibl-prefilter.wgsl, ibl-sh.wgsl.

import prefilterWGSL from '../../../shaders/ibl-prefilter.wgsl?raw';
import shWGSL from '../../../shaders/ibl-sh.wgsl?raw';
import type { GpuEnvironment } from '../look.js';

/** What an environment is made from. */
export type EnvironmentSource =
  | { kind: 'room' }
  | { kind: 'rgbe'; width: number; height: number; pixels: Uint8Array }
  | { kind: 'image'; bitmap: ImageBitmap };

/** Cube face edge and GGX samples per texel (from the quality preset). */
export interface PrefilterQuality {
  size: number;
  samples: number;
}

/** A made environment, owned by whoever made it. */
export interface MadeEnvironment extends GpuEnvironment {
  destroy(): void;
}

/** Shader numbers of the sources (SOURCE_* in ibl-prefilter.wgsl). */
const SOURCE_CODES = { room: 0, rgbe: 1, image: 2 } as const;
const CUBE_FORMAT: GPUTextureFormat = 'rgba16float';
const CUBE_TEXEL_BYTES = 8;
/** The specular chain stops at this face edge: the roughest lobes need no more texels. */
const SMALLEST_SPECULAR_EDGE = 8;
/** Face edge of the source mip the irradiance is projected from. */
const IRRADIANCE_SOURCE_EDGE = 16;
/** Jobs sit 256 bytes apart (minUniformBufferOffsetAlignment). */
const JOB_STRIDE = 256;
const JOB_BYTES =
  4 * 2 + // face, source
  4 * 2 + // size, roughness
  4 * 2 + // samples, source size
  4 * 2; //  source mips, padding
const SH_BYTES = 9 * 4 * 4;
/** The irradiance pass draws the nine coefficients as texels of a 9×1 target, then copies them to a buffer. */
const SH_FORMAT: GPUTextureFormat = 'rgba32float';

const makers = new WeakMap<GPUDevice, EnvironmentMaker>();

function edgeLog2(edge: number): number {
  return Math.round(Math.log2(edge));
}

/** The pipelines of one device; `make` is called once per environment and quality. */
export class EnvironmentMaker {
  readonly #device: GPUDevice;
  readonly #layout: GPUBindGroupLayout;
  readonly #source: GPURenderPipeline;
  readonly #downsample: GPURenderPipeline;
  readonly #prefilter: GPURenderPipeline;
  readonly #project: GPURenderPipeline;
  readonly #sampler: GPUSampler;
  readonly #noImage: GPUTexture;
  readonly #noCube: GPUTexture;

  /** The device's maker, created on first use and kept while the device lives. */
  static for(device: GPUDevice): EnvironmentMaker {
    let maker = makers.get(device);
    if (!maker) {
      maker = new EnvironmentMaker(device);
      makers.set(device, maker);
    }
    return maker;
  }

  private constructor(device: GPUDevice) {
    this.#device = device;
    const fragment = GPUShaderStage.FRAGMENT;
    this.#layout = device.createBindGroupLayout({
      label: 'EnvironmentMaker.layout',
      entries: [
        { binding: 0, visibility: fragment, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: JOB_BYTES } },
        { binding: 1, visibility: fragment, texture: { sampleType: 'unfilterable-float' } },
        { binding: 2, visibility: fragment, texture: { viewDimension: 'cube' } },
        { binding: 3, visibility: fragment, sampler: {} },
      ],
    });
    const module = device.createShaderModule({ label: 'EnvironmentMaker.module', code: prefilterWGSL });
    const layout = device.createPipelineLayout({ label: 'EnvironmentMaker.pipelineLayout', bindGroupLayouts: [this.#layout] });
    const pipeline = (entryPoint: string): GPURenderPipeline => device.createRenderPipeline({
      label: `EnvironmentMaker.${entryPoint}`,
      layout,
      vertex: { module, entryPoint: 'vs' },
      fragment: { module, entryPoint, targets: [{ format: CUBE_FORMAT }] },
    });
    this.#source = pipeline('drawSource');
    this.#downsample = pipeline('downsample');
    this.#prefilter = pipeline('prefilter');
    const shModule = device.createShaderModule({ label: 'EnvironmentMaker.shModule', code: shWGSL });
    this.#project = device.createRenderPipeline({
      label: 'EnvironmentMaker.project',
      layout: 'auto',
      vertex: { module: shModule, entryPoint: 'vs' },
      fragment: { module: shModule, entryPoint: 'project', targets: [{ format: SH_FORMAT }] },
    });
    this.#sampler = device.createSampler({ label: 'EnvironmentMaker.sampler', magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear' });
    const usage = GPUTextureUsage.TEXTURE_BINDING;
    this.#noImage = device.createTexture({ label: 'EnvironmentMaker.noImage', size: [1, 1], format: 'rgba8unorm', usage });
    this.#noCube = device.createTexture({ label: 'EnvironmentMaker.noCube', size: [1, 1, 6], format: 'rgba8unorm', usage });
  }

  /** Prefilters `source` at `quality`; the GPU work is submitted before this returns. */
  make(source: EnvironmentSource, quality: PrefilterQuality, label: string): MadeEnvironment {
    const device = this.#device;
    const size = 2 ** edgeLog2(Math.max(SMALLEST_SPECULAR_EDGE, quality.size));
    const sourceMips = edgeLog2(size) + 1;
    const specularMips = edgeLog2(size / SMALLEST_SPECULAR_EDGE) + 1;
    const cube = (name: string, mips: number): GPUTexture => device.createTexture({
      label: `${label}.${name}`,
      size: [size, size, 6],
      format: CUBE_FORMAT,
      mipLevelCount: mips,
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.RENDER_ATTACHMENT,
    });
    const sourceCube = cube('sourceCube', sourceMips);
    const specular = cube('specularCube', specularMips);
    const image = this.#uploadImage(source, label);
    const irradiance = device.createBuffer({
      label: `${label}.irradiance`, size: SH_BYTES, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.UNIFORM,
    });
    const coefficients = device.createTexture({
      label: `${label}.irradianceTarget`, size: [9, 1], format: SH_FORMAT,
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
    });

    const jobCount = 6 * (sourceMips + specularMips);
    const jobs = device.createBuffer({ label: `${label}.jobs`, size: jobCount * JOB_STRIDE, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
    const words = jobs.getMappedRange();
    const u32 = new Uint32Array(words);
    const f32 = new Float32Array(words);
    const sourceCode = SOURCE_CODES[source.kind];
    const writeJob = (index: number, face: number, edge: number, roughness: number): void => {
      const at = (index * JOB_STRIDE) / 4;
      u32[at] = face;
      u32[at + 1] = sourceCode;
      f32[at + 2] = edge;
      f32[at + 3] = roughness;
      u32[at + 4] = quality.samples;
      f32[at + 5] = size;
      f32[at + 6] = sourceMips;
    };
    let job = 0;
    for (let mip = 0; mip < sourceMips; mip++) for (let face = 0; face < 6; face++) writeJob(job++, face, size >> mip, 0);
    for (let mip = 0; mip < specularMips; mip++) {
      for (let face = 0; face < 6; face++) writeJob(job++, face, size >> mip, specularMips > 1 ? mip / (specularMips - 1) : 0);
    }
    jobs.unmap();

    const group = (name: string, cubeView: GPUTextureView): GPUBindGroup => device.createBindGroup({
      label: `${label}.${name}`,
      layout: this.#layout,
      entries: [
        { binding: 0, resource: { buffer: jobs, size: JOB_BYTES } },
        { binding: 1, resource: image ? image.createView() : this.#noImage.createView() },
        { binding: 2, resource: cubeView },
        { binding: 3, resource: this.#sampler },
      ],
    });
    const encoder = device.createCommandEncoder({ label: `${label}.encoder` });
    const offsets = [0];
    const draw = (pipeline: GPURenderPipeline, bindGroup: GPUBindGroup, target: GPUTexture, mip: number, face: number, index: number): void => {
      const pass = encoder.beginRenderPass({
        label: `${label}.pass`,
        colorAttachments: [{
          view: target.createView({ dimension: '2d', baseMipLevel: mip, mipLevelCount: 1, baseArrayLayer: face, arrayLayerCount: 1 }),
          loadOp: 'clear',
          storeOp: 'store',
          clearValue: [0, 0, 0, 1],
        }],
      });
      pass.setPipeline(pipeline);
      offsets[0] = index * JOB_STRIDE;
      pass.setBindGroup(0, bindGroup, offsets);
      pass.draw(3);
      pass.end();
    };
    job = 0;
    const sourceGroup = group('sourceGroup', this.#noCube.createView({ dimension: 'cube' }));
    for (let face = 0; face < 6; face++) draw(this.#source, sourceGroup, sourceCube, 0, face, job++);
    for (let mip = 1; mip < sourceMips; mip++) {
      const above = group('downsampleGroup', sourceCube.createView({ dimension: 'cube', baseMipLevel: mip - 1, mipLevelCount: 1 }));
      for (let face = 0; face < 6; face++) draw(this.#downsample, above, sourceCube, mip, face, job++);
    }
    const prefilterGroup = group('prefilterGroup', sourceCube.createView({ dimension: 'cube' }));
    for (let mip = 0; mip < specularMips; mip++) {
      for (let face = 0; face < 6; face++) draw(this.#prefilter, prefilterGroup, specular, mip, face, job++);
    }
    const projectMip = Math.max(0, edgeLog2(size / IRRADIANCE_SOURCE_EDGE));
    const project = encoder.beginRenderPass({
      label: `${label}.irradiancePass`,
      colorAttachments: [{ view: coefficients.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] }],
    });
    project.setPipeline(this.#project);
    project.setBindGroup(0, device.createBindGroup({
      label: `${label}.irradianceGroup`,
      layout: this.#project.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: sourceCube.createView({ dimension: '2d-array', baseMipLevel: projectMip, mipLevelCount: 1 }) }],
    }));
    project.draw(3);
    project.end();
    encoder.copyTextureToBuffer({ texture: coefficients }, { buffer: irradiance }, [9, 1]);
    device.queue.submit([encoder.finish()]);
    // Destroying after the submit is safe: work already submitted completes first.
    coefficients.destroy();
    sourceCube.destroy();
    image?.destroy();
    jobs.destroy();

    let specularBytes = 0;
    for (let mip = 0; mip < specularMips; mip++) specularBytes += 6 * (size >> mip) ** 2 * CUBE_TEXEL_BYTES;
    return {
      specularView: specular.createView({ label: `${label}.specularView`, dimension: 'cube' }),
      irradiance,
      mipLevels: specularMips,
      gpuBytes: specularBytes + SH_BYTES,
      destroy: () => {
        specular.destroy();
        irradiance.destroy();
      },
    };
  }

  /** The panorama as a texture the source pass reads texel by texel; null for the room. */
  #uploadImage(source: EnvironmentSource, label: string): GPUTexture | null {
    if (source.kind === 'room') return null;
    const device = this.#device;
    if (source.kind === 'rgbe') {
      const texture = device.createTexture({
        label: `${label}.panorama`, size: [source.width, source.height], format: 'rgba8unorm',
        usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
      });
      device.queue.writeTexture({ texture }, source.pixels as Uint8Array<ArrayBuffer>, { bytesPerRow: source.width * 4 }, [source.width, source.height]);
      return texture;
    }
    const { bitmap } = source;
    const texture = device.createTexture({
      label: `${label}.panorama`, size: [bitmap.width, bitmap.height], format: 'rgba8unorm-srgb',
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
    });
    device.queue.copyExternalImageToTexture({ source: bitmap }, { texture }, [bitmap.width, bitmap.height]);
    return texture;
  }
}
