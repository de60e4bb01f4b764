// GPU objects of an animated model's primitives: joints and weights (vertex buffer 1), rig parameters (a small
// uniform) and morph deltas (a storage buffer), bound with the scene's palette buffer as group 2.

import { colourPipeline, rigDeviceParts, shadowPipeline } from './animated-pipelines.js';
import type { ColourPassLayouts, PrimitiveRigDraw, ShadowPassLayouts } from './model.js';

/** The scene's palette storage buffer; `version` changes whenever `buffer` is replaced (it grows). */
export interface PaletteSource {
  readonly buffer: GPUBuffer;
  readonly version: number;
}

/** One primitive's staged rig bytes. */
export interface StagedRig {
  /** JOINT_VERTEX_BYTES per vertex. */
  joints: Uint8Array;
  /** RigParams of shaders/skin.wgsl: 8 u32. */
  params: Uint32Array;
  /** POSITION then NORMAL deltas as f32, or null without morph targets. */
  deltas: Uint8Array | null;
}

/** The rig GPU objects of one model. */
export interface RigResources {
  readonly draws: PrimitiveRigDraw[];
  readonly gpuBytes: number;
  destroy(): void;
}

/** Creates the rig buffers of every primitive of a model; `palette` is the scene's. */
export function buildRigResources(device: GPUDevice, label: string, rigs: readonly StagedRig[], palette: PaletteSource): RigResources {
  const owned: GPUBuffer[] = [];
  let gpuBytes = 0;
  const upload = (bytes: ArrayBufferView, usage: number, name: string): GPUBuffer => {
    const buffer = device.createBuffer({ label: `${label}.${name}`, size: Math.max(16, Math.ceil(bytes.byteLength / 4) * 4), usage: usage | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, bytes.buffer, bytes.byteOffset, bytes.byteLength);
    owned.push(buffer);
    gpuBytes += buffer.size;
    return buffer;
  };
  const draws = rigs.map((rig, i) => new RigDraw(
    device,
    `${label}.primitive${i}`,
    upload(rig.joints, GPUBufferUsage.VERTEX, `primitive${i}.joints`),
    upload(rig.params, GPUBufferUsage.UNIFORM, `primitive${i}.rig`),
    rig.deltas ? upload(rig.deltas, GPUBufferUsage.STORAGE, `primitive${i}.morphDeltas`) : rigDeviceParts(device).noDeltas,
    palette,
  ));
  return {
    draws,
    gpuBytes,
    destroy: () => {
      for (const buffer of owned) buffer.destroy();
      owned.length = 0;
    },
  };
}

/** Binds one animated primitive: its pipeline, its rig group (rebuilt when the palette buffer grew), its joints. */
class RigDraw implements PrimitiveRigDraw {
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #joints: GPUBuffer;
  readonly #params: GPUBuffer;
  readonly #deltas: GPUBuffer;
  readonly #palette: PaletteSource;
  #group: GPUBindGroup | null = null;
  #version = -1;

  constructor(device: GPUDevice, label: string, joints: GPUBuffer, params: GPUBuffer, deltas: GPUBuffer, palette: PaletteSource) {
    this.#device = device;
    this.#label = label;
    this.#joints = joints;
    this.#params = params;
    this.#deltas = deltas;
    this.#palette = palette;
  }

  bindColour(pass: GPURenderPassEncoder, layouts: ColourPassLayouts, msaa: 1 | 4, blended: boolean, doubleSided: boolean): void {
    pass.setPipeline(colourPipeline(layouts, msaa, blended, doubleSided));
    pass.setBindGroup(2, this.#rigGroup());
    pass.setVertexBuffer(1, this.#joints);
  }

  bindShadow(pass: GPURenderPassEncoder, layouts: ShadowPassLayouts): void {
    pass.setPipeline(shadowPipeline(layouts));
    pass.setBindGroup(1, rigDeviceParts(this.#device).emptyGroup);
    pass.setBindGroup(2, this.#rigGroup());
    pass.setVertexBuffer(1, this.#joints);
  }

  #rigGroup(): GPUBindGroup {
    if (this.#group && this.#version === this.#palette.version) return this.#group;
    this.#version = this.#palette.version;
    this.#group = this.#device.createBindGroup({
      label: `${this.#label}.rigGroup`,
      layout: rigDeviceParts(this.#device).rigLayout,
      entries: [
        { binding: 0, resource: { buffer: this.#palette.buffer } },
        { binding: 1, resource: { buffer: this.#params } },
        { binding: 2, resource: { buffer: this.#deltas } },
      ],
    });
    return this.#group;
  }
}
