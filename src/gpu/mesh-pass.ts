// The colour pass: every batch drawn instanced with PBR shading (shaders/mesh.wgsl), opaque batches first,
// then blended batches (premultiplied alpha, depth test on, depth write off) in the order given.

import { BATCH_RECORD_U32, TRANSPARENT_KEY_OFFSET, type FrameInput } from './frame-input.js';
import type { FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';
import { VERTEX_BYTES } from './geometry.js';
import { MESH_SHADER } from './shader-source.js';
import type { ShadowPass } from './shadow-pass.js';

/** Depth format of the colour pass. */
export const DEPTH_FORMAT: GPUTextureFormat = 'depth24plus';

/** Sample counts the pass has pipelines for (RenderQuality.msaa). */
const SAMPLE_COUNTS = [1, 4] as const;

/** Opaque and blended pipelines for one sample count. */
interface PipelinePair {
  opaque: GPURenderPipeline;
  blended: GPURenderPipeline;
}

/** Draws the instanced meshes into the colour and depth attachments of a render pass. */
export class MeshPass {
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #resources: FrameResources;
  readonly #shadow: ShadowPass;
  readonly #layout: GPUBindGroupLayout;
  readonly #pipelines: PipelinePair[];
  #bindGroup: GPUBindGroup | null = null;
  #boundVersion = -1;
  #boundShadowView: GPUTextureView | null = null;

  /** `colorFormat` is the format of the view rendered into (the -srgb view of the target). */
  constructor(device: GPUDevice, colorFormat: GPUTextureFormat, resources: FrameResources, shadow: ShadowPass,
    label: string) {
    this.#device = device;
    this.#label = `${label}.MeshPass`;
    this.#resources = resources;
    this.#shadow = shadow;
    const fragmentStages = GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT;
    this.#layout = device.createBindGroupLayout({
      label: `${this.#label}.bindGroupLayout`,
      entries: [
        { binding: 0, visibility: fragmentStages, buffer: { type: 'uniform' } },
        { binding: 1, visibility: fragmentStages, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: GPUShaderStage.FRAGMENT, texture: { sampleType: 'depth' } },
        { binding: 3, visibility: GPUShaderStage.FRAGMENT, sampler: { type: 'comparison' } },
      ],
    });
    const layout = device.createPipelineLayout({ label: `${this.#label}.pipelineLayout`, bindGroupLayouts: [this.#layout] });
    const module = device.createShaderModule({ label: `${this.#label}.module`, code: MESH_SHADER });
    const vertex: GPUVertexState = {
      module,
      entryPoint: 'vs',
      buffers: [{
        arrayStride: VERTEX_BYTES,
        attributes: [
          { shaderLocation: 0, offset: 0, format: 'float32x3' }, // position
          { shaderLocation: 1, offset: 12, format: 'float32x3' }, // normal
        ],
      }],
    };
    const primitive: GPUPrimitiveState = { topology: 'triangle-list', cullMode: 'back', frontFace: 'ccw' };
    const premultiplied: GPUBlendState = {
      color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
      alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
    };
    this.#pipelines = SAMPLE_COUNTS.map(count => ({
      opaque: device.createRenderPipeline({
        label: `${this.#label}.opaquePipeline(msaa ${count})`,
        layout,
        vertex,
        fragment: { module, entryPoint: 'fsOpaque', targets: [{ format: colorFormat }] },
        primitive,
        depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: true, depthCompare: 'less' },
        multisample: { count },
      }),
      blended: device.createRenderPipeline({
        label: `${this.#label}.blendedPipeline(msaa ${count})`,
        layout,
        vertex,
        fragment: { module, entryPoint: 'fsBlended', targets: [{ format: colorFormat, blend: premultiplied }] },
        primitive,
        depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: false, depthCompare: 'less' },
        multisample: { count },
      }),
    }));
  }

  /** Records every batch of `input` into `pass` (already begun with `msaa` samples); returns the draw count. */
  encode(pass: GPURenderPassEncoder, input: FrameInput, geometry: GeometryLibrary, msaa: 1 | 4): number {
    if (input.batchCount === 0) return 0;
    const shadowView = this.#shadow.view;
    if (this.#boundVersion !== this.#resources.version || this.#boundShadowView !== shadowView || !this.#bindGroup) {
      this.#bindGroup = this.#device.createBindGroup({
        label: `${this.#label}.bindGroup`,
        layout: this.#layout,
        entries: [
          { binding: 0, resource: { buffer: this.#resources.uniformBuffer } },
          { binding: 1, resource: { buffer: this.#resources.instanceBuffer } },
          { binding: 2, resource: shadowView },
          { binding: 3, resource: this.#shadow.sampler },
        ],
      });
      this.#boundVersion = this.#resources.version;
      this.#boundShadowView = shadowView;
    }
    const pipelines = this.#pipelines[msaa === 4 ? 1 : 0]!;
    pass.setBindGroup(0, this.#bindGroup);
    geometry.bind(pass);
    const batches = input.batches;
    let blending = false;
    pass.setPipeline(pipelines.opaque);
    for (let b = 0; b < input.batchCount; b++) {
      const o = input.batchOffset + b * BATCH_RECORD_U32;
      let key = batches[o]!;
      if (key >= TRANSPARENT_KEY_OFFSET) {
        key -= TRANSPARENT_KEY_OFFSET;
        if (!blending) {
          pass.setPipeline(pipelines.blended);
          blending = true;
        }
      }
      geometry.draw(pass, key, batches[o + 1]!, batches[o + 2]!);
    }
    return input.batchCount;
  }
}
