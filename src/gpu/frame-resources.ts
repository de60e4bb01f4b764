// The per-frame GPU data both passes read (group 0, bindings 0 and 1 of shaders/frame.wgsl): the frame
// uniform buffer and the instance storage buffer. Uploads happen here; nothing allocates once warm.

import { INSTANCE_BYTES, LIGHT_FLOATS, MAX_LIGHTS, type FrameInput } from './frame-input.js';

/** f32 offsets inside the frame header (struct Frame in shaders/frame.wgsl, before `lights`). */
export const FRAME_VIEW_PROJ = 0;
export const FRAME_LIGHT_VIEW_PROJ = 16;
export const FRAME_CAMERA = 32;
export const FRAME_PARAMS = 36;
export const FRAME_SHADOW = 40;
const FRAME_HEADER_BYTES =
  4 * 16 + // viewProj
  4 * 16 + // lightViewProj
  4 * 4 + //  cameraPosition xyz, 0
  4 * 4 + //  params: lights shaded, shadow light index, 0, 0
  4 * 4; //   shadow: texel uv, texel world, depth per world unit, 0
const FRAME_UNIFORM_BYTES =
  FRAME_HEADER_BYTES +
  MAX_LIGHTS * LIGHT_FLOATS * 4; // lights

/** Instances the instance buffer holds before its first growth. */
const INITIAL_INSTANCE_CAPACITY = 256;

/** Owns the frame uniform buffer and the growing instance buffer of one SceneRenderer. */
export class FrameResources {
  readonly uniformBuffer: GPUBuffer;
  /** The frame header, filled by the renderer and passes, uploaded by `upload`. */
  readonly header = new Float32Array(FRAME_HEADER_BYTES / 4);
  /** Increments whenever a buffer is recreated: passes rebuild their bind groups when it changes. */
  version = 0;
  #instanceBuffer: GPUBuffer;
  #instanceCapacity = INITIAL_INSTANCE_CAPACITY;
  readonly #device: GPUDevice;
  readonly #label: string;

  constructor(device: GPUDevice, label: string) {
    this.#device = device;
    this.#label = label;
    this.uniformBuffer = device.createBuffer({
      label: `${label}.FrameResources.uniformBuffer`,
      size: FRAME_UNIFORM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.#instanceBuffer = this.#createInstanceBuffer();
  }

  get instanceBuffer(): GPUBuffer {
    return this.#instanceBuffer;
  }

  get gpuBytes(): number {
    return this.uniformBuffer.size + this.#instanceBuffer.size;
  }

  /**
   * Uploads the header, `lightCount` lights and the packed instances (one writeBuffer straight from the
   * engine's memory, no copy). Grows the instance buffer by doubling when it is too small.
   */
  upload(input: FrameInput, lightCount: number): void {
    const queue = this.#device.queue;
    queue.writeBuffer(this.uniformBuffer, 0, this.header.buffer, this.header.byteOffset, FRAME_HEADER_BYTES);
    if (lightCount > 0) {
      const lights = input.lights;
      queue.writeBuffer(this.uniformBuffer, FRAME_HEADER_BYTES, lights.buffer, lights.byteOffset,
        lightCount * LIGHT_FLOATS * 4);
    }
    if (input.instanceCount === 0) return;
    if (input.instanceCount > this.#instanceCapacity) {
      while (input.instanceCount > this.#instanceCapacity) this.#instanceCapacity *= 2;
      this.#instanceBuffer.destroy();
      this.#instanceBuffer = this.#createInstanceBuffer();
      this.version++;
    }
    const instances = input.instances;
    queue.writeBuffer(this.#instanceBuffer, 0, instances.buffer, instances.byteOffset + input.instanceOffset,
      input.instanceCount * INSTANCE_BYTES);
  }

  destroy(): void {
    this.uniformBuffer.destroy();
    this.#instanceBuffer.destroy();
  }

  #createInstanceBuffer(): GPUBuffer {
    return this.#device.createBuffer({
      label: `${this.#label}.FrameResources.instanceBuffer`,
      size: this.#instanceCapacity * INSTANCE_BYTES, // INSTANCE_BYTES per instance of capacity
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
  }
}
