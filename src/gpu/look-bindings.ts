// The scene's look in the mesh pass (group 3 of shaders/mesh.wgsl, declared in shaders/ibl.wgsl): exposure,
// tone mapping and the environment's prefiltered light. Until an environment is ready the placeholders here
// (black, no light) are bound.

import {
  LOOK_ENVIRONMENT_INTENSITY, LOOK_ENVIRONMENT_ROTATION, LOOK_EXPOSURE, LOOK_PARAM_COUNT, LOOK_SKYBOX_BLUR, LOOK_TONE_MAPPING,
  type GpuEnvironment, type LookInput,
} from './look.js';

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
  /**
   * The look's parameters and environment the uniform was written from: a still scene writes nothing. The
   * parameters are compared as 16-bit halves (see `sameBits`).
   */
  readonly #writtenParams = new Uint16Array(LOOK_PARAM_COUNT * 2);
  #writtenEnvironment: GpuEnvironment | null | undefined;
  #params: Float32Array | null = null;
  #paramBits: Uint16Array = new Uint16Array(LOOK_PARAM_COUNT * 2);
  readonly #sampler: GPUSampler;
  readonly #blackCube: GPUTexture;
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
        { binding: 3, visibility: fragment, sampler: {} },
      ],
    });
    this.#uniform = device.createBuffer({ label: `${this.#label}.uniform`, size: LOOK_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.#noIrradiance = device.createBuffer({ label: `${this.#label}.noIrradiance`, size: SH_BYTES, usage: GPUBufferUsage.UNIFORM });
    this.#sampler = device.createSampler({
      label: `${this.#label}.sampler`, magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear',
    });
    this.#blackCube = device.createTexture({
      label: `${this.#label}.blackCube`, size: [1, 1, 6], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING,
    });
  }

  get gpuBytes(): number {
    return LOOK_UNIFORM_BYTES + SH_BYTES + 6 * 4;
  }

  /**
   * The bind group for `look`'s environment, rebuilt only when the environment changes; the uniform is written
   * only when a value changed. Called once per frame.
   */
  bindGroup(look: LookInput): GPUBindGroup {
    const environment = look.environment;
    const params = look.params;
    if (params !== this.#params) {
      this.#params = params;
      this.#paramBits = new Uint16Array(params.buffer, params.byteOffset, LOOK_PARAM_COUNT * 2);
    }
    if (environment !== this.#writtenEnvironment || !sameBits(this.#paramBits, this.#writtenParams)) {
      this.#writtenEnvironment = environment;
      this.#writtenParams.set(this.#paramBits);
      const values = this.#values;
      const mips = environment ? environment.mipLevels - 1 : 0;
      values[0] = params[LOOK_EXPOSURE]!;
      values[1] = params[LOOK_TONE_MAPPING]!;
      values[2] = environment ? params[LOOK_ENVIRONMENT_INTENSITY]! : 0;
      values[3] = mips;
      values[4] = Math.cos(params[LOOK_ENVIRONMENT_ROTATION]!);
      values[5] = Math.sin(params[LOOK_ENVIRONMENT_ROTATION]!);
      values[6] = params[LOOK_SKYBOX_BLUR]! * mips;
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
        { binding: 3, resource: this.#sampler },
      ],
    });
    return this.#bindGroup;
  }

  destroy(): void {
    this.#uniform.destroy();
    this.#noIrradiance.destroy();
    this.#blackCube.destroy();
    this.#bindGroup = null;
    this.#bound = undefined;
  }
}

/**
 * True when `a` and `b` hold the same 16-bit words. Floats compared through such views are compared bit for bit
 * with small integers only: code V8 has not optimised yet reads a float element as a new heap number each time.
 */
export function sameBits(a: Uint16Array, b: Uint16Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `a` and `b` hold the same numbers. */
export function sameValues(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
