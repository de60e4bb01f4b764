// The skybox: an environment drawn behind the scene (shaders/skybox.wgsl), first in the colour pass with no
// depth test or write, so the meshes drawn after it cover it. One per scene renderer's device and format.

import * as mat4 from 'gl-matrix/mat4';
import skyboxWGSL from '../../../shaders/skybox.wgsl?raw';
import { TONEMAP_SHADER } from '../shader-source.js';
import { DEPTH_FORMAT } from '../mesh-pass.js';
import type { FrameInput } from '../frame-input.js';
import {
  LOOK_ENVIRONMENT_INTENSITY, LOOK_ENVIRONMENT_ROTATION, LOOK_EXPOSURE, LOOK_SKYBOX_BLUR, LOOK_TONE_MAPPING,
  type GpuEnvironment, type LookPass,
} from '../look.js';
import { sameValues } from '../look-bindings.js';

const SKY_BYTES =
  4 * 16 + // inverseViewProj
  4 * 4 + //  cameraPosition
  4 * 4 + //  exposure, tone mapping, mip level, intensity
  4 * 4; //   rotation cos, sin

/** Draws one environment behind a scene. */
export class SkyboxPass implements LookPass {
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #uniform: GPUBuffer;
  readonly #values = new Float32Array(SKY_BYTES / 4);
  readonly #inverse = new Float32Array(this.#values.buffer, 0, 16);
  readonly #written = new Float32Array(SKY_BYTES / 4).fill(Number.NaN);
  readonly #pipelines: GPURenderPipeline[];
  readonly #sampler: GPUSampler;
  readonly #layout: GPUBindGroupLayout;
  #environment: GpuEnvironment | null = null;
  #bindGroup: GPUBindGroup | null = null;
  #version = -1;

  /** `colorFormat` is the format of the colour pass's view (the renderer's renderFormat). */
  constructor(device: GPUDevice, colorFormat: GPUTextureFormat, label: string) {
    this.#device = device;
    this.#label = `${label}.SkyboxPass`;
    this.#uniform = device.createBuffer({ label: `${this.#label}.uniform`, size: SKY_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.#sampler = device.createSampler({ label: `${this.#label}.sampler`, magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear' });
    const module = device.createShaderModule({ label: `${this.#label}.module`, code: TONEMAP_SHADER + skyboxWGSL });
    const layout = device.createBindGroupLayout({
      label: `${this.#label}.layout`,
      entries: [
        { binding: 0, visibility: GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } },
        { binding: 1, visibility: GPUShaderStage.FRAGMENT, texture: { viewDimension: 'cube' } },
        { binding: 2, visibility: GPUShaderStage.FRAGMENT, sampler: {} },
      ],
    });
    const pipelineLayout = device.createPipelineLayout({ label: `${this.#label}.pipelineLayout`, bindGroupLayouts: [layout] });
    this.#pipelines = [1, 4].map((count) => device.createRenderPipeline({
      label: `${this.#label}.pipeline(msaa ${count})`,
      layout: pipelineLayout,
      vertex: { module, entryPoint: 'vs' },
      fragment: { module, entryPoint: 'fs', targets: [{ format: colorFormat }] },
      depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: false, depthCompare: 'always' },
      multisample: { count },
    }));
    this.#layout = layout;
  }

  get gpuBytes(): number {
    return SKY_BYTES;
  }

  /** Shows `environment` (or nothing); the bind group is rebuilt only when it changes. */
  setEnvironment(environment: GpuEnvironment | null): void {
    if (environment === this.#environment) return;
    this.#environment = environment;
    this.#bindGroup = environment && this.#device.createBindGroup({
      label: `${this.#label}.bindGroup`,
      layout: this.#layout,
      entries: [
        { binding: 0, resource: { buffer: this.#uniform } },
        { binding: 1, resource: environment.specularView },
        { binding: 2, resource: this.#sampler },
      ],
    });
  }

  prepare(_encoder: GPUCommandEncoder, input: FrameInput): number {
    const environment = this.#environment;
    if (!environment) return 0;
    const values = this.#values;
    if (input.version !== this.#version) {
      this.#version = input.version;
      mat4.invert(this.#inverse, input.viewProjection);
      values.set(input.cameraPosition, 16);
    }
    const params = input.look.params;
    values[20] = params[LOOK_EXPOSURE]!;
    values[21] = params[LOOK_TONE_MAPPING]!;
    values[22] = params[LOOK_SKYBOX_BLUR]! * (environment.mipLevels - 1);
    values[23] = params[LOOK_ENVIRONMENT_INTENSITY]!;
    values[24] = Math.cos(params[LOOK_ENVIRONMENT_ROTATION]!);
    values[25] = Math.sin(params[LOOK_ENVIRONMENT_ROTATION]!);
    if (!sameValues(values, this.#written)) {
      this.#written.set(values);
      this.#device.queue.writeBuffer(this.#uniform, 0, values);
    }
    return 0;
  }

  draw(pass: GPURenderPassEncoder, msaa: 1 | 4): number {
    if (!this.#bindGroup) return 0;
    pass.setPipeline(this.#pipelines[msaa === 4 ? 1 : 0]!);
    pass.setBindGroup(0, this.#bindGroup);
    pass.draw(3);
    return 1;
  }

  destroy(): void {
    this.#uniform.destroy();
    this.#bindGroup = null;
    this.#environment = null;
  }
}
