// The contact shadow under a scene (`shadow-intensity`), as product viewers draw it: the scene's casters are
// rendered as depth by an orthographic camera under the scene looking up; a compute pass finds the lowest depth
// (where the objects touch the ground); two blur passes turn height above that point into darkness, soft and
// fading with height; a ground quad at that height, drawn under the meshes, darkens the background. Independent
// of the directional shadow map. One per SceneRenderer, made when a scene first asks for the shadow.

import * as mat4 from 'gl-matrix/mat4';
import * as vec3 from 'gl-matrix/vec3';
import contactWGSL from '../../shaders/contact-shadow.wgsl?raw';
import type { FrameInput } from './frame-input.js';
import { drawDepthBatches } from './depth-draws.js';
import { FRAME_LIGHT_VIEW_PROJ, type FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';
import { VERTEX_BYTES } from './geometry.js';
import type { ContactShadowInput, ContactShadowPass } from './look.js';
import type { ShadowPassLayouts } from './model.js';
import { DEPTH_FORMAT } from './mesh-pass.js';
import { SHADOW_SHADER } from './shader-source.js';

/** Texels across the depth and darkness maps: the shadow is blurred, so a small map is enough. */
const MAP_SIZE = 128;
const MAP_FORMAT: GPUTextureFormat = 'depth32float';
const DARK_FORMAT: GPUTextureFormat = 'r8unorm';
/** The ground quad reaches this share of the scene's width beyond its objects, for the blur to fade out. */
const MARGIN = 0.35;
/** Darkness fades out over this share of the scene's height above the ground. */
const FADE = 0.5;
/** Blur step in texels (the blur reaches 7 steps each way). */
const BLUR_STEP = 3.5;
const PARAMS_BYTES =
  4 * 16 + // below
  4 * 16 + // camera
  4 * 4 + //  box
  4 * 4 + //  ground
  4 * 4; //   texel
/** The float bits of 1.0: the lowest depth before the compute pass lowers it. */
const DEPTH_ONE_BITS = new Uint32Array([0x3f800000]);

/** The view from below has world -z as its up. */
const UP = vec3.fromValues(0, 0, -1);

/** One blur pass: a full-screen triangle into the pass's target. */
function blur(encoder: GPUCommandEncoder, descriptor: GPURenderPassDescriptor, pipeline: GPURenderPipeline, groups: readonly GPUBindGroup[]): void {
  const pass = encoder.beginRenderPass(descriptor);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, groups[0]!);
  pass.setBindGroup(1, groups[1]!);
  pass.draw(3);
  pass.end();
}

/** Records the contact shadow of one scene. Allocates nothing per frame once made. */
export class GroundShadowPass implements ContactShadowPass {
  readonly #device: GPUDevice;
  readonly #resources: FrameResources;
  readonly #geometry: GeometryLibrary;
  readonly #label: string;
  readonly #depth: GPUTexture;
  readonly #across: GPUTexture;
  readonly #dark: GPUTexture;
  readonly #params: GPUBuffer;
  readonly #lowest: GPUBuffer;
  /** A frame uniform for the shadow shader, whose `lightViewProj` is the view from below. */
  readonly #frameUniform: GPUBuffer;
  readonly #frameHeader: Float32Array<ArrayBuffer>;
  readonly #values = new Float32Array(PARAMS_BYTES / 4);
  readonly #below = mat4.create();
  readonly #view = mat4.create();
  readonly #eye = vec3.create();
  readonly #centre = vec3.create();
  readonly #layouts: ShadowPassLayouts;
  readonly #depthPipeline: GPURenderPipeline;
  readonly #lowestPipeline: GPUComputePipeline;
  readonly #acrossPipeline: GPURenderPipeline;
  readonly #downPipeline: GPURenderPipeline;
  readonly #groundPipelines: GPURenderPipeline[];
  #casterGroup: GPUBindGroup | null = null;
  #casterVersion = -1;
  readonly #lowestGroup: GPUBindGroup;
  readonly #acrossGroups: GPUBindGroup[];
  readonly #downGroups: GPUBindGroup[];
  readonly #groundGroups: GPUBindGroup[][];
  readonly #depthPass: GPURenderPassDescriptor;
  readonly #acrossPass: GPURenderPassDescriptor;
  readonly #downPass: GPURenderPassDescriptor;
  #drawn = false;

  constructor(device: GPUDevice, resources: FrameResources, geometry: GeometryLibrary, colorFormat: GPUTextureFormat, label: string) {
    this.#device = device;
    this.#resources = resources;
    this.#geometry = geometry;
    this.#label = `${label}.ContactShadow`;
    const texture = (name: string, format: GPUTextureFormat): GPUTexture => device.createTexture({
      label: `${this.#label}.${name}`, size: [MAP_SIZE, MAP_SIZE], format,
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING,
    });
    this.#depth = texture('depth', MAP_FORMAT);
    this.#across = texture('blurAcross', DARK_FORMAT);
    this.#dark = texture('darkness', DARK_FORMAT);
    this.#params = device.createBuffer({ label: `${this.#label}.params`, size: PARAMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.#lowest = device.createBuffer({ label: `${this.#label}.lowest`, size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.#frameUniform = device.createBuffer({
      label: `${this.#label}.frame`, size: resources.uniformBuffer.size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.#frameHeader = new Float32Array(resources.header.length);

    const casterLayout = device.createBindGroupLayout({
      label: `${this.#label}.casterLayout`,
      entries: [
        { binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: 'uniform' } },
        { binding: 1, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
        { binding: 4, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
      ],
    });
    this.#layouts = { device, label: this.#label, depthFormat: MAP_FORMAT, frameLayout: casterLayout, vertexStride: VERTEX_BYTES, shader: SHADOW_SHADER };
    const shadowModule = device.createShaderModule({ label: `${this.#label}.casterModule`, code: SHADOW_SHADER });
    this.#depthPipeline = device.createRenderPipeline({
      label: `${this.#label}.depthPipeline`,
      layout: device.createPipelineLayout({ label: `${this.#label}.casterPipelineLayout`, bindGroupLayouts: [casterLayout] }),
      vertex: { module: shadowModule, entryPoint: 'vs', buffers: [{ arrayStride: VERTEX_BYTES, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x3' }] }] },
      // Seen from below, whichever face is nearest is the underside, open meshes and planes included.
      primitive: { topology: 'triangle-list', cullMode: 'none' },
      depthStencil: { format: MAP_FORMAT, depthWriteEnabled: true, depthCompare: 'less' },
    });

    const module = device.createShaderModule({ label: `${this.#label}.module`, code: contactWGSL });
    this.#lowestPipeline = device.createComputePipeline({ label: `${this.#label}.lowestPipeline`, layout: 'auto', compute: { module, entryPoint: 'lowest' } });
    const blur = (entryPoint: string): GPURenderPipeline => device.createRenderPipeline({
      label: `${this.#label}.${entryPoint}Pipeline`, layout: 'auto',
      vertex: { module, entryPoint: 'fullscreen' },
      fragment: { module, entryPoint, targets: [{ format: DARK_FORMAT }] },
    });
    this.#acrossPipeline = blur('blurAcross');
    this.#downPipeline = blur('blurDown');
    this.#groundPipelines = [1, 4].map((count) => device.createRenderPipeline({
      label: `${this.#label}.groundPipeline(msaa ${count})`, layout: 'auto',
      vertex: { module, entryPoint: 'groundVertex' },
      fragment: {
        module, entryPoint: 'groundFragment',
        targets: [{
          format: colorFormat,
          blend: {
            color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
            alpha: { srcFactor: 'zero', dstFactor: 'one', operation: 'add' },
          },
        }],
      },
      // Drawn first, over the background only: the meshes drawn after it cover it; seen from below it is culled.
      primitive: { topology: 'triangle-list', cullMode: 'back' },
      depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: false, depthCompare: 'always' },
      multisample: { count },
    }));

    const paramsEntry: GPUBindGroupEntry = { binding: 0, resource: { buffer: this.#params } };
    const lowestEntry: GPUBindGroupEntry = { binding: 0, resource: { buffer: this.#lowest } };
    const depthView = this.#depth.createView();
    this.#lowestGroup = device.createBindGroup({
      label: `${this.#label}.lowestGroup`, layout: this.#lowestPipeline.getBindGroupLayout(0),
      entries: [{ binding: 1, resource: { buffer: this.#lowest } }, { binding: 2, resource: depthView }],
    });
    this.#acrossGroups = [
      device.createBindGroup({ label: `${this.#label}.acrossGroup0`, layout: this.#acrossPipeline.getBindGroupLayout(0), entries: [paramsEntry, { binding: 2, resource: depthView }] }),
      device.createBindGroup({ label: `${this.#label}.acrossGroup1`, layout: this.#acrossPipeline.getBindGroupLayout(1), entries: [lowestEntry] }),
    ];
    this.#downGroups = [
      device.createBindGroup({ label: `${this.#label}.downGroup0`, layout: this.#downPipeline.getBindGroupLayout(0), entries: [paramsEntry] }),
      device.createBindGroup({ label: `${this.#label}.downGroup1`, layout: this.#downPipeline.getBindGroupLayout(1), entries: [{ binding: 1, resource: this.#across.createView() }] }),
    ];
    const sampler = device.createSampler({ label: `${this.#label}.sampler`, magFilter: 'linear', minFilter: 'linear' });
    this.#groundGroups = this.#groundPipelines.map((pipeline, i) => [
      device.createBindGroup({ label: `${this.#label}.groundGroup0(${i})`, layout: pipeline.getBindGroupLayout(0), entries: [paramsEntry] }),
      device.createBindGroup({
        label: `${this.#label}.groundGroup1(${i})`, layout: pipeline.getBindGroupLayout(1),
        entries: [lowestEntry, { binding: 2, resource: this.#dark.createView() }, { binding: 3, resource: sampler }],
      }),
    ]);
    this.#depthPass = {
      label: `${this.#label}.depthPass`, colorAttachments: [],
      depthStencilAttachment: { view: depthView, depthClearValue: 1, depthLoadOp: 'clear', depthStoreOp: 'store' },
    };
    const colourPass = (name: string, target: GPUTexture): GPURenderPassDescriptor => ({
      label: `${this.#label}.${name}`,
      colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] }],
    });
    this.#acrossPass = colourPass('acrossPass', this.#across);
    this.#downPass = colourPass('downPass', this.#dark);
  }

  get gpuBytes(): number {
    return MAP_SIZE * MAP_SIZE * (4 + 1 + 1) + PARAMS_BYTES + 4 + this.#frameUniform.size;
  }

  prepare(encoder: GPUCommandEncoder, input: FrameInput, shadow: ContactShadowInput): number {
    const b = shadow.bounds;
    this.#drawn = shadow.intensity > 0 && b[0]! <= b[3]! && input.batchCount > 0;
    if (!this.#drawn) return 0;
    this.#fit(input, shadow);
    const device = this.#device;
    device.queue.writeBuffer(this.#lowest, 0, DEPTH_ONE_BITS);
    const draws = this.#casters(encoder, input);
    const compute = encoder.beginComputePass();
    compute.setPipeline(this.#lowestPipeline);
    compute.setBindGroup(0, this.#lowestGroup);
    compute.dispatchWorkgroups(MAP_SIZE / 8, MAP_SIZE / 8);
    compute.end();
    blur(encoder, this.#acrossPass, this.#acrossPipeline, this.#acrossGroups);
    blur(encoder, this.#downPass, this.#downPipeline, this.#downGroups);
    return draws + 2;
  }

  draw(pass: GPURenderPassEncoder, msaa: 1 | 4): number {
    if (!this.#drawn) return 0;
    const i = msaa === 4 ? 1 : 0;
    pass.setPipeline(this.#groundPipelines[i]!);
    pass.setBindGroup(0, this.#groundGroups[i]![0]!);
    pass.setBindGroup(1, this.#groundGroups[i]![1]!);
    pass.draw(6);
    return 1;
  }

  destroy(): void {
    for (const thing of [this.#depth, this.#across, this.#dark, this.#params, this.#lowest, this.#frameUniform]) thing.destroy();
  }

  /** The view from below over the scene's bounds (widened by the margin), the quad, the fade, the camera. */
  #fit(input: FrameInput, shadow: ContactShadowInput): void {
    const b = shadow.bounds;
    const cx = (b[0]! + b[3]!) / 2;
    const cz = (b[2]! + b[5]!) / 2;
    const half = (Math.max(b[3]! - b[0]!, b[5]! - b[2]!) / 2) * (1 + 2 * MARGIN);
    const range = Math.max(b[4]! - b[1]!, 1e-4);
    // Looking up from the bottom bound, depth growing with height; the ground reads the maps through the same matrix.
    vec3.set(this.#eye, cx, b[1]!, cz);
    vec3.set(this.#centre, cx, b[1]! + 1, cz);
    mat4.lookAt(this.#view, this.#eye, this.#centre, UP);
    mat4.orthoZO(this.#below, -half, half, -half, half, 0, range);
    mat4.multiply(this.#below, this.#below, this.#view);
    const v = this.#values;
    v.set(this.#below, 0);
    v.set(input.viewProjection, 16);
    v[32] = cx - half;
    v[33] = cz - half;
    v[34] = cx + half;
    v[35] = cz + half;
    v[36] = b[1]!;
    v[37] = range;
    v[38] = shadow.intensity;
    v[39] = FADE * range;
    v[40] = 1 / MAP_SIZE;
    v[41] = BLUR_STEP;
    this.#device.queue.writeBuffer(this.#params, 0, v);
    this.#frameHeader.set(this.#below, FRAME_LIGHT_VIEW_PROJ);
    this.#device.queue.writeBuffer(this.#frameUniform, 0, this.#frameHeader);
  }

  /** Depth of every caster from below, as the shadow map pass draws them; returns the draw count. */
  #casters(encoder: GPUCommandEncoder, input: FrameInput): number {
    if (this.#casterVersion !== this.#resources.version || !this.#casterGroup) {
      this.#casterGroup = this.#device.createBindGroup({
        label: `${this.#label}.casterGroup`,
        layout: this.#layouts.frameLayout,
        entries: [
          { binding: 0, resource: { buffer: this.#frameUniform } },
          { binding: 1, resource: { buffer: this.#resources.instanceBuffer } },
          { binding: 4, resource: { buffer: this.#resources.visibleBuffer } },
        ],
      });
      this.#casterVersion = this.#resources.version;
    }
    const pass = encoder.beginRenderPass(this.#depthPass);
    pass.setPipeline(this.#depthPipeline);
    pass.setBindGroup(0, this.#casterGroup);
    const draws = drawDepthBatches(pass, input, this.#geometry, this.#depthPipeline, this.#layouts);
    pass.end();
    return draws;
  }
}
