// The scene's look in the mesh pass (group 3 of shaders/mesh.wgsl, declared in shaders/ibl.wgsl): exposure,
// tone mapping and the environment's prefiltered light. Environments themselves are made by src/gpu/ibl/, a
// chunk loaded on first use; until one is ready the placeholders here (black, no light) are bound.

import type { FrameInput } from './frame-input.js';
import type { FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';

/** Tone mapping operators by their number in the shader (TONE_* in shaders/tonemap.wgsl). */
export const TONE_MAPPINGS = ['neutral', 'aces', 'agx', 'none'] as const;
export type ToneMapping = (typeof TONE_MAPPINGS)[number];

/** f32 offsets in LookInput.params. */
export const LOOK_EXPOSURE = 0;
export const LOOK_TONE_MAPPING = 1;
export const LOOK_ENVIRONMENT_INTENSITY = 2;
/** Radians about y. */
export const LOOK_ENVIRONMENT_ROTATION = 3;
/** 0..1. */
export const LOOK_SKYBOX_BLUR = 4;
export const LOOK_PARAM_COUNT = 5;

/** An environment prefiltered for one device: what the mesh pass and the skybox sample. */
export interface GpuEnvironment {
  /** A cube view over every mip; mip k holds GGX roughness k / (mipLevels - 1). */
  readonly specularView: GPUTextureView;
  /** Nine vec4f of irradiance SH (see shaders/ibl.wgsl), bound as a uniform. */
  readonly irradiance: GPUBuffer;
  readonly mipLevels: number;
  /** The device's split-sum BRDF table. */
  readonly brdfTable: GPUTextureView;
  readonly gpuBytes: number;
}

/** GPU work the look adds to a frame (the skybox), made by src/gpu/ibl/ once it is loaded. */
export interface LookPass {
  /** Records work before the colour pass; returns the draw calls recorded. */
  prepare(encoder: GPUCommandEncoder, input: FrameInput): number;
  /** Draws inside the colour pass, before the meshes; returns the draw calls recorded. */
  draw(pass: GPURenderPassEncoder, msaa: 1 | 4): number;
  readonly gpuBytes: number;
}

/** The contact shadow's GPU work for one renderer (src/gpu/contact-shadow-pass.ts, a chunk). */
export interface ContactShadowPass {
  /** Records the depth from below and the blur; returns the draw calls recorded. */
  prepare(encoder: GPUCommandEncoder, input: FrameInput, shadow: ContactShadowInput): number;
  /** Draws the ground inside the colour pass, before the meshes; returns the draw calls recorded. */
  draw(pass: GPURenderPassEncoder, msaa: 1 | 4): number;
  readonly gpuBytes: number;
  destroy(): void;
}

/** `shadow-intensity`: the soft shadow on an invisible ground under the scene's objects. */
export interface ContactShadowInput {
  /** 0 (the default) draws nothing. */
  intensity: number;
  /** World bounds of the drawn objects: min x, y, z, max x, y, z (min above max when there are none). */
  readonly bounds: Float32Array;
  /**
   * Set once the contact shadow code is loaded: makes a renderer's pass over its frame resources and built-in
   * geometry, drawing into `colorFormat`.
   */
  createPass: ((device: GPUDevice, resources: FrameResources, geometry: GeometryLibrary, colorFormat: GPUTextureFormat, label: string) => ContactShadowPass) | null;
}

/** What FrameInput carries about the look. */
export interface LookInput {
  /** LOOK_PARAM_COUNT floats: exposure, tone mapping index, environment intensity, rotation, skybox blur. */
  params: Float32Array;
  /** Null: no image-based light. */
  environment: GpuEnvironment | null;
  /** Extra passes, drawn in order; the renderer reads `passCount` of them. */
  passes: LookPass[];
  passCount: number;
  contactShadow: ContactShadowInput;
}

const LOOK_UNIFORM_BYTES =
  4 * 4 + // params: exposure, tone mapping, environment intensity, specular mips - 1
  4 * 4; //  rotation: cos, sin, skybox mip level, 0
const SH_BYTES = 9 * 4 * 4; // nine vec4f

/** Group 3 of the mesh pass for one SceneRenderer: the look uniform and the bound environment. */
export class LookBindings {
  readonly layout: GPUBindGroupLayout;
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #uniform: GPUBuffer;
  readonly #values = new Float32Array(LOOK_UNIFORM_BYTES / 4);
  /** What the uniform holds now: a still scene writes nothing. */
  readonly #written = new Float32Array(LOOK_UNIFORM_BYTES / 4).fill(Number.NaN);
  readonly #sampler: GPUSampler;
  readonly #blackCube: GPUTexture;
  readonly #blackTable: GPUTexture;
  readonly #noIrradiance: GPUBuffer;
  #bound: GpuEnvironment | null | undefined;
  #bindGroup: GPUBindGroup | null = null;

  constructor(device: GPUDevice, label: string) {
    this.#device = device;
    this.#label = `${label}.LookBindings`;
    const fragment = GPUShaderStage.FRAGMENT;
    this.layout = device.createBindGroupLayout({
      label: `${this.#label}.layout`,
      entries: [
        { binding: 0, visibility: fragment, buffer: { type: 'uniform' } },
        { binding: 1, visibility: fragment, buffer: { type: 'uniform' } },
        { binding: 2, visibility: fragment, texture: { viewDimension: 'cube' } },
        { binding: 3, visibility: fragment, texture: {} },
        { binding: 4, visibility: fragment, sampler: {} },
      ],
    });
    this.#uniform = device.createBuffer({ label: `${this.#label}.uniform`, size: LOOK_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.#noIrradiance = device.createBuffer({ label: `${this.#label}.noIrradiance`, size: SH_BYTES, usage: GPUBufferUsage.UNIFORM });
    this.#sampler = device.createSampler({
      label: `${this.#label}.sampler`, magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear',
    });
    const texture = (name: string, layers: number): GPUTexture => device.createTexture({
      label: `${this.#label}.${name}`, size: [1, 1, layers], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING,
    });
    this.#blackCube = texture('blackCube', 6);
    this.#blackTable = texture('blackTable', 1);
  }

  get gpuBytes(): number {
    return LOOK_UNIFORM_BYTES + SH_BYTES + 7 * 4;
  }

  /**
   * The bind group for `look`'s environment, rebuilt only when the environment changes; the uniform is written
   * only when a value changed. Called once per frame.
   */
  bindGroup(look: LookInput): GPUBindGroup {
    const environment = look.environment;
    const values = this.#values;
    const params = look.params;
    const mips = environment ? environment.mipLevels - 1 : 0;
    values[0] = params[LOOK_EXPOSURE]!;
    values[1] = params[LOOK_TONE_MAPPING]!;
    values[2] = environment ? params[LOOK_ENVIRONMENT_INTENSITY]! : 0;
    values[3] = mips;
    values[4] = Math.cos(params[LOOK_ENVIRONMENT_ROTATION]!);
    values[5] = Math.sin(params[LOOK_ENVIRONMENT_ROTATION]!);
    values[6] = params[LOOK_SKYBOX_BLUR]! * mips;
    if (!sameValues(values, this.#written)) {
      this.#written.set(values);
      this.#device.queue.writeBuffer(this.#uniform, 0, values);
    }
    if (this.#bindGroup && this.#bound === environment) return this.#bindGroup;
    this.#bound = environment;
    this.#bindGroup = this.#device.createBindGroup({
      label: `${this.#label}.bindGroup`,
      layout: this.layout,
      entries: [
        { binding: 0, resource: { buffer: this.#uniform } },
        { binding: 1, resource: { buffer: environment?.irradiance ?? this.#noIrradiance } },
        { binding: 2, resource: environment?.specularView ?? this.#blackCube.createView({ dimension: 'cube' }) },
        { binding: 3, resource: environment?.brdfTable ?? this.#blackTable.createView() },
        { binding: 4, resource: this.#sampler },
      ],
    });
    return this.#bindGroup;
  }

  destroy(): void {
    this.#uniform.destroy();
    this.#noIrradiance.destroy();
    this.#blackCube.destroy();
    this.#blackTable.destroy();
    this.#bindGroup = null;
    this.#bound = undefined;
  }
}

/** True when `a` and `b` hold the same numbers. */
export function sameValues(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
