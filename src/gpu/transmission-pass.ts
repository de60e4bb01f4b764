// The opaque colour behind transmissive materials: once the opaque primitives are drawn, the frame's colour is
// copied into a mipmapped texture (each mip a 2×2 box of the one above, drawn with linear filtering) that
// transmissive primitives sample, a higher mip for a rougher surface. Made only for scenes that show a
// transmissive material; loaded with the model chunk.

import type { OpaqueCapture } from './model.js';

const DOWNSAMPLE_WGSL = /* wgsl */ `
@group(0) @binding(0) var source: texture_2d<f32>;
@group(0) @binding(1) var linearSampler: sampler;

struct Out {
  @builtin(position) clip: vec4f,
  @location(0) uv: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) index: u32) -> Out {
  let corner = vec2f(f32((index << 1u) & 2u), f32(index & 2u));
  var out: Out;
  out.clip = vec4f(corner * 2.0 - 1.0, 0.0, 1.0);
  out.uv = vec2f(corner.x, 1.0 - corner.y);
  return out;
}

@fragment
fn fs(in: Out) -> @location(0) vec4f {
  return textureSampleLevel(source, linearSampler, in.uv, 0.0);
}
`;

/** Mips below this size add nothing a rough surface would show. */
const SMALLEST_MIP = 4;

/** Copies a scene's opaque colour for its transmissive primitives. One per scene renderer; `destroy` frees it. */
export class TransmissionPass implements OpaqueCapture {
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #sampler: GPUSampler;
  readonly #layout: GPUBindGroupLayout;
  #pipeline: GPURenderPipeline | null = null;
  #pipelineFormat: GPUTextureFormat | null = null;
  #texture: GPUTexture | null = null;
  #view: GPUTextureView | null = null;
  #rest: GPURenderPassDescriptor | null = null;
  /** Per mip below the first: the pass that draws it from the mip above. */
  #levels: { bindGroup: GPUBindGroup; descriptor: GPURenderPassDescriptor }[] = [];

  constructor(device: GPUDevice, label: string) {
    this.#device = device;
    this.#label = `${label}.TransmissionPass`;
    this.#sampler = device.createSampler({ label: `${this.#label}.sampler`, magFilter: 'linear', minFilter: 'linear' });
    this.#layout = device.createBindGroupLayout({
      label: `${this.#label}.layout`,
      entries: [
        { binding: 0, visibility: GPUShaderStage.FRAGMENT, texture: { sampleType: 'float' } },
        { binding: 1, visibility: GPUShaderStage.FRAGMENT, sampler: { type: 'filtering' } },
      ],
    });
  }

  get view(): GPUTextureView | null {
    return this.#view;
  }

  get gpuBytes(): number {
    const texture = this.#texture;
    // A full mip chain is about a third more than its first level.
    return texture ? Math.ceil(texture.width * texture.height * 4 * 4 / 3) : 0;
  }

  prepare(first: GPURenderPassDescriptor): void {
    (first.colorAttachments as GPURenderPassColorAttachment[])[0]!.storeOp = 'store';
    first.depthStencilAttachment!.depthStoreOp = 'store';
  }

  restPass(first: GPURenderPassDescriptor): GPURenderPassDescriptor {
    const colour = (first.colorAttachments as GPURenderPassColorAttachment[])[0]!;
    const depth = first.depthStencilAttachment!;
    const rest = (this.#rest ??= {
      label: `${this.#label}.restPass`,
      colorAttachments: [{ view: colour.view, loadOp: 'load', storeOp: 'store' }],
      depthStencilAttachment: { view: depth.view, depthLoadOp: 'load', depthStoreOp: 'discard' },
    });
    const restColour = (rest.colorAttachments as GPURenderPassColorAttachment[])[0]!;
    restColour.view = colour.view;
    restColour.resolveTarget = colour.resolveTarget;
    // Multisampled: resolved into the target at the end, the samples themselves are not needed after.
    restColour.storeOp = colour.resolveTarget ? 'discard' : 'store';
    rest.depthStencilAttachment!.view = depth.view;
    return rest;
  }

  capture(encoder: GPUCommandEncoder, target: GPUTexture, renderFormat: GPUTextureFormat): void {
    this.#ensure(target, renderFormat);
    const texture = this.#texture!;
    encoder.copyTextureToTexture({ texture: target }, { texture, mipLevel: 0 }, [target.width, target.height]);
    for (const level of this.#levels) {
      const pass = encoder.beginRenderPass(level.descriptor);
      pass.setPipeline(this.#pipeline!);
      pass.setBindGroup(0, level.bindGroup);
      pass.draw(3);
      pass.end();
    }
  }

  destroy(): void {
    this.#texture?.destroy();
    this.#texture = null;
    this.#view = null;
    this.#levels = [];
  }

  #ensure(target: GPUTexture, renderFormat: GPUTextureFormat): void {
    const known = this.#texture;
    if (known && known.width === target.width && known.height === target.height && known.format === target.format) return;
    this.destroy();
    const device = this.#device;
    const mips = Math.max(1, Math.floor(Math.log2(Math.max(target.width, target.height) / SMALLEST_MIP)) + 1);
    const texture = device.createTexture({
      label: `${this.#label}.colour`,
      size: [target.width, target.height],
      format: target.format,
      viewFormats: renderFormat === target.format ? [] : [renderFormat],
      mipLevelCount: mips,
      usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.RENDER_ATTACHMENT,
    });
    this.#texture = texture;
    this.#view = texture.createView({ label: `${this.#label}.view`, format: renderFormat });
    if (this.#pipelineFormat !== renderFormat) {
      const module = device.createShaderModule({ label: `${this.#label}.module`, code: DOWNSAMPLE_WGSL });
      this.#pipeline = device.createRenderPipeline({
        label: `${this.#label}.downsamplePipeline`,
        layout: device.createPipelineLayout({ label: `${this.#label}.pipelineLayout`, bindGroupLayouts: [this.#layout] }),
        vertex: { module, entryPoint: 'vs' },
        fragment: { module, entryPoint: 'fs', targets: [{ format: renderFormat }] },
        primitive: { topology: 'triangle-list' },
      });
      this.#pipelineFormat = renderFormat;
    }
    const mipView = (level: number): GPUTextureView => texture.createView({
      label: `${this.#label}.mip${level}`, format: renderFormat, baseMipLevel: level, mipLevelCount: 1,
    });
    for (let level = 1; level < mips; level++) {
      this.#levels.push({
        bindGroup: device.createBindGroup({
          label: `${this.#label}.mip${level}.bindGroup`,
          layout: this.#layout,
          entries: [{ binding: 0, resource: mipView(level - 1) }, { binding: 1, resource: this.#sampler }],
        }),
        descriptor: {
          label: `${this.#label}.mip${level}.pass`,
          colorAttachments: [{ view: mipView(level), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 1] }],
        },
      });
    }
  }
}
