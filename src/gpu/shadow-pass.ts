// The directional shadow map: a depth-only pass from the first directional light with castShadow 1, with an
// orthographic projection fitted to FrameInput.shadowFocus.

import { lookAt, multiply, orthoZO } from '../engine/view-matrix.js';
import * as vec3 from 'gl-matrix/vec3';
import { SHADOW_SHADER } from './shader-source.js';
import { INDIRECT_ARGS_BYTES, LIGHT_FLOATS, LIGHT_TYPES, type FrameInput } from './frame-input.js';
import { drawDepthBatches } from './depth-draws.js';
import { FRAME_LIGHT_VIEW_PROJ, FRAME_SHADOW, type FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';
import { VERTEX_BYTES } from './geometry.js';
import type { ShadowPassLayouts } from './model.js';
import { acquireShadowMap, releaseShadowMap, type SharedShadowMap } from './shadow-map-pool.js';

/** Depth format of the shadow map. */
const SHADOW_FORMAT: GPUTextureFormat = 'depth32float';

/** Renders the shadow map and provides the texture and comparison sampler the mesh pass samples. */
export class ShadowPass {
  readonly sampler: GPUSampler;
  /** Lent to animated primitives, which build their own pipelines from it. */
  readonly layouts: ShadowPassLayouts;
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #resources: FrameResources;
  readonly #layout: GPUBindGroupLayout;
  readonly #pipeline: GPURenderPipeline;
  /** Bound when shadows are off, so the mesh pass's bind group is always complete. */
  readonly #placeholder: GPUTexture;
  readonly #placeholderView: GPUTextureView;
  /** This scene's share of the device's shadow map (see shadow-map-pool.ts). */
  #map: SharedShadowMap | null = null;
  #bindGroup: GPUBindGroup | null = null;
  #boundVersion = -1;
  /** The light view-projection inside the frame header. */
  readonly #lightViewProj: Float32Array;
  readonly #passDescriptor: GPURenderPassDescriptor;
  readonly #depthAttachment: GPURenderPassDepthStencilAttachment;
  readonly #lightView = new Float32Array(16);
  readonly #lightProjection = new Float32Array(16);
  readonly #eye = vec3.create();
  readonly #centre = vec3.create();
  readonly #up = vec3.create();
  #light = -1;
  #fittedVersion = -1;
  #fittedSize = 0;
  #fittedCount = -1;

  constructor(device: GPUDevice, resources: FrameResources, label: string) {
    this.#device = device;
    this.#label = `${label}.ShadowPass`;
    this.#resources = resources;
    this.#lightViewProj = resources.header.subarray(FRAME_LIGHT_VIEW_PROJ, FRAME_LIGHT_VIEW_PROJ + 16);
    this.#layout = device.createBindGroupLayout({
      label: `${this.#label}.bindGroupLayout`,
      entries: [
        { binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: 'uniform' } },
        { binding: 1, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
        { binding: 4, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
      ],
    });
    const module = device.createShaderModule({ label: `${this.#label}.module`, code: SHADOW_SHADER });
    this.#pipeline = device.createRenderPipeline({
      label: `${this.#label}.pipeline`,
      layout: device.createPipelineLayout({ label: `${this.#label}.pipelineLayout`, bindGroupLayouts: [this.#layout] }),
      vertex: {
        module,
        entryPoint: 'vs',
        buffers: [{ arrayStride: VERTEX_BYTES, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x3' }] }],
      },
      primitive: { topology: 'triangle-list', cullMode: 'back' },
      // Hardware slope-scaled bias on the caster side; the mesh shader adds normal offset and its own bias.
      depthStencil: { format: SHADOW_FORMAT, depthWriteEnabled: true, depthCompare: 'less', depthBiasSlopeScale: 1 },
    });
    this.layouts = { device, label: this.#label, depthFormat: SHADOW_FORMAT, frameLayout: this.#layout, vertexStride: VERTEX_BYTES,
      shader: SHADOW_SHADER };
    this.sampler = device.createSampler({
      label: `${this.#label}.sampler`,
      compare: 'less-equal',
      magFilter: 'linear',
      minFilter: 'linear',
    });
    this.#placeholder = device.createTexture({
      label: `${this.#label}.placeholder`,
      size: [1, 1],
      format: SHADOW_FORMAT,
      usage: GPUTextureUsage.TEXTURE_BINDING,
    });
    this.#placeholderView = this.#placeholder.createView({ label: `${this.#label}.placeholderView` });
    this.#depthAttachment = {
      view: this.#placeholderView,
      depthClearValue: 1,
      depthLoadOp: 'clear',
      depthStoreOp: 'store',
    };
    this.#passDescriptor = {
      label: `${this.#label}.renderPass`,
      colorAttachments: [],
      depthStencilAttachment: this.#depthAttachment,
    };
  }

  /** The depth view the mesh pass samples: the shadow map, or a 1×1 placeholder when shadows are off. */
  get view(): GPUTextureView {
    return this.#map?.view ?? this.#placeholderView;
  }

  /** The placeholder, and this scene's part of the shared map (its bytes split among the scenes using it). */
  get gpuBytes(): number {
    const map = this.#map ? (this.#map.size * this.#map.size * 4) / this.#map.users : 0; // depth32float
    return map + 4;
  }

  /**
   * Picks the shadow light, (re)creates the map when `quality.shadowMapSize` changed, and writes the light
   * matrix and shadow parameters into the frame header. Returns the shadow light's index, or -1 for no shadow
   * pass this frame. `view` changes when the map is created or destroyed.
   */
  prepare(input: FrameInput, lightCount: number): number {
    const size = input.quality.shadowMapSize;
    if (size <= 0) {
      if (this.#map) this.#destroyMap();
      return -1;
    }
    if (!this.#map || this.#map.size !== size) {
      if (this.#map) this.#destroyMap();
      this.#map = acquireShadowMap(this.#device, size, SHADOW_FORMAT);
      this.#depthAttachment.view = this.#map.view;
    }
    // The light and its matrix follow from the camera and the lights only: recomputed when they change.
    if (input.version !== this.#fittedVersion || size !== this.#fittedSize || lightCount !== this.#fittedCount) {
      this.#light = this.#findLight(input, lightCount);
      if (this.#light >= 0) this.#fit(input, this.#light * LIGHT_FLOATS, size);
      this.#fittedVersion = input.version;
      this.#fittedSize = size;
      this.#fittedCount = lightCount;
    }
    return this.#light;
  }

  /**
   * Records the shadow map pass; returns the draw count. Call after `prepare` returned a light and the frame
   * data is uploaded.
   */
  run(encoder: GPUCommandEncoder, input: FrameInput, geometry: GeometryLibrary): number {
    if (this.#boundVersion !== this.#resources.version || !this.#bindGroup) {
      this.#bindGroup = this.#device.createBindGroup({
        label: `${this.#label}.bindGroup`,
        layout: this.#layout,
        entries: [
          { binding: 0, resource: { buffer: this.#resources.uniformBuffer } },
          { binding: 1, resource: { buffer: this.#resources.instanceBuffer } },
          { binding: 4, resource: { buffer: this.#resources.visibleBuffer } },
        ],
      });
      this.#boundVersion = this.#resources.version;
    }
    const pass = encoder.beginRenderPass(this.#passDescriptor);
    pass.setPipeline(this.#pipeline);
    pass.setBindGroup(0, this.#bindGroup);
    const draws = drawDepthBatches(pass, input, geometry, this.#pipeline, this.layouts);
    pass.end();
    return draws;
  }

  /** Begins the shadow map pass for `encoder`; the caller records into it and ends it. */
  begin(encoder: GPUCommandEncoder): GPURenderPassEncoder {
    return encoder.beginRenderPass(this.#passDescriptor);
  }

  /** Records the GPU-culled draws into a render bundle, as MeshPass.recordIndirect does for colour. */
  recordIndirect(encoder: GPURenderBundleEncoder, list: GPUBuffer, draws: GPUBuffer, recordCount: number,
    listOffsets: Uint32Array | null, geometry: GeometryLibrary): void {
    encoder.setPipeline(this.#pipeline);
    if (!listOffsets) encoder.setBindGroup(0, this.#indirectGroup(list, 0));
    geometry.bind(encoder);
    for (let r = 0; r < recordCount; r++) {
      if (listOffsets) encoder.setBindGroup(0, this.#indirectGroup(list, listOffsets[r]!));
      encoder.drawIndexedIndirect(draws, r * INDIRECT_ARGS_BYTES);
    }
  }

  #indirectGroup(list: GPUBuffer, offset: number): GPUBindGroup {
    return this.#device.createBindGroup({
      label: `${this.#label}.indirectBindGroup`,
      layout: this.#layout,
      entries: [
        { binding: 0, resource: { buffer: this.#resources.uniformBuffer } },
        { binding: 1, resource: { buffer: this.#resources.instanceBuffer } },
        { binding: 4, resource: { buffer: list, offset } },
      ],
    });
  }

  destroy(): void {
    if (this.#map) this.#destroyMap();
    this.#placeholder.destroy();
  }

  #destroyMap(): void {
    releaseShadowMap(this.#device, this.#map!);
    this.#map = null;
    this.#depthAttachment.view = this.#placeholderView;
  }

  /** Index of the first directional light that casts shadows among the first `lightCount`, or -1. */
  #findLight(input: FrameInput, lightCount: number): number {
    for (let i = 0; i < lightCount; i++) {
      const o = i * LIGHT_FLOATS;
      if (input.lights[o] === LIGHT_TYPES.directional && input.lights[o + 3] === 1) return i;
    }
    return -1;
  }

  /** Orthographic light view-projection around the focus sphere, and the shadow parameters. */
  #fit(input: FrameInput, o: number, size: number): void {
    const lights = input.lights;
    const focus = input.shadowFocus;
    const radius = Math.max(focus[3]!, 1e-3);
    const dx = lights[o + 12]!;
    const dy = lights[o + 13]!;
    const dz = lights[o + 14]!;
    // Eye 2r back from the centre: the depth range [0, 4r] covers the sphere and casters up to r beyond it.
    vec3.set(this.#centre, focus[0]!, focus[1]!, focus[2]!);
    vec3.set(this.#eye, focus[0]! - 2 * radius * dx, focus[1]! - 2 * radius * dy, focus[2]! - 2 * radius * dz);
    if (Math.abs(dy) > 0.99) vec3.set(this.#up, 0, 0, 1);
    else vec3.set(this.#up, 0, 1, 0);
    lookAt(this.#lightView, this.#eye, this.#centre, this.#up);
    orthoZO(this.#lightProjection, -radius, radius, -radius, radius, 0, 4 * radius);
    multiply(this.#lightViewProj, this.#lightProjection, this.#lightView);
    const header = this.#resources.header;
    header[FRAME_SHADOW] = 1 / size; // texel in uv
    header[FRAME_SHADOW + 1] = (2 * radius) / size; // texel in world units
    header[FRAME_SHADOW + 2] = 1 / (4 * radius); // light depth per world unit
    header[FRAME_SHADOW + 3] = 0;
  }
}
