// The GPU data both passes read (group 0, bindings 0 and 1 of shaders/frame.wgsl): the frame uniform buffer,
// every slot's instance data (resident; only changed ranges are written) and the list of slots drawn this
// frame (only the span that changed is written). Uploads happen here; nothing allocates once warm.

import { INSTANCE_BYTES, LIGHT_FLOATS, LIGHT_TYPES, MAX_LIGHTS, RANGE_RECORD_U32, type FrameInput } from './frame-input.js';

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
  4 * 4 + //  params: lights shaded, shadow light index, lights with a direction, 0
  4 * 4; //   shadow: texel uv, texel world, depth per world unit, 0
const FRAME_UNIFORM_BYTES =
  FRAME_HEADER_BYTES +
  MAX_LIGHTS * LIGHT_FLOATS * 4; // lights

/** Slots the instance buffer, and entries the visible list, hold before their first growth. */
const INITIAL_CAPACITY = 256;

/** Owns the frame uniform buffer, the resident instance buffer and the visible list of one SceneRenderer. */
export class FrameResources {
  readonly uniformBuffer: GPUBuffer;
  /** The frame header, filled by the renderer and passes, uploaded by `upload`. */
  readonly header = new Float32Array(FRAME_HEADER_BYTES / 4);
  /** Increments whenever a buffer is recreated: passes rebuild their bind groups when it changes. */
  version = 0;
  /** Bytes written to the GPU by the last `upload` (uniforms, instance ranges, visible list). */
  uploadedBytes = 0;
  #instanceBuffer: GPUBuffer;
  #instanceCapacity = INITIAL_CAPACITY;
  #visibleBuffer: GPUBuffer;
  #visibleCapacity = INITIAL_CAPACITY;
  /** The instance buffer was just made: every slot must be uploaded, and the visible list whole. */
  #fresh = true;
  /** The header changed since the last upload (see `headerChanged`): a frame whose header and lights are the same writes neither. */
  #headerDirty = true;
  #sentVersion = -1;
  #sentLights = -1;
  /**
   * The frame's lights as the uniform holds them: those with a direction first, ambient ones after, so that the
   * shader loops over each kind apart (see `orderLights`). Rewritten only when the lights change.
   */
  readonly #orderedLights = new Float32Array(MAX_LIGHTS * LIGHT_FLOATS);
  /** Where each light of the input sits in `#orderedLights`. */
  readonly #lightSlots = new Int32Array(MAX_LIGHTS);
  #directedLights = 0;
  #orderedVersion = -1;
  #orderedCount = -1;
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
    this.#instanceBuffer = this.#createBuffer('instanceBuffer', this.#instanceCapacity * INSTANCE_BYTES);
    this.#visibleBuffer = this.#createBuffer('visibleBuffer', this.#visibleCapacity * 4);
  }

  get instanceBuffer(): GPUBuffer {
    return this.#instanceBuffer;
  }

  get visibleBuffer(): GPUBuffer {
    return this.#visibleBuffer;
  }

  get gpuBytes(): number {
    return this.uniformBuffer.size + this.#instanceBuffer.size + this.#visibleBuffer.size;
  }

  /**
   * Makes the instance buffer hold `slotCount` slots (doubling). Returns true when the buffer is new: the
   * caller then packs every slot, not just the changed ones. Called before the frame's changed slots are packed.
   */
  prepareSlots(slotCount: number): boolean {
    if (slotCount > this.#instanceCapacity) {
      while (slotCount > this.#instanceCapacity) this.#instanceCapacity *= 2;
      this.#instanceBuffer.destroy();
      this.#instanceBuffer = this.#createBuffer('instanceBuffer', this.#instanceCapacity * INSTANCE_BYTES);
      this.version++;
      this.#fresh = true;
    }
    return this.#fresh;
  }

  /**
   * Orders the first `lightCount` lights of `input` for the uniform (lights with a direction first, in their
   * order, then the ambient ones), writes how many have a direction into the header and returns where the
   * input's light `shadowLight` sits in that order (-1 stays -1). Called once per frame before `upload`; the
   * order is worked out again only when the lights change.
   */
  orderLights(input: FrameInput, lightCount: number, shadowLight: number): number {
    if (input.version !== this.#orderedVersion || lightCount !== this.#orderedCount) {
      const lights = input.lights;
      let directed = 0;
      for (let i = 0; i < lightCount; i++) {
        if (lights[i * LIGHT_FLOATS] !== LIGHT_TYPES.ambient) directed++;
      }
      let nextDirected = 0;
      let nextAmbient = directed;
      for (let i = 0; i < lightCount; i++) {
        const slot = lights[i * LIGHT_FLOATS] === LIGHT_TYPES.ambient ? nextAmbient++ : nextDirected++;
        this.#lightSlots[i] = slot;
        for (let f = 0; f < LIGHT_FLOATS; f++) this.#orderedLights[slot * LIGHT_FLOATS + f] = lights[i * LIGHT_FLOATS + f]!;
      }
      this.#directedLights = directed;
      this.#orderedVersion = input.version;
      this.#orderedCount = lightCount;
    }
    this.header[FRAME_PARAMS + 2] = this.#directedLights;
    return shadowLight < 0 ? -1 : this.#lightSlots[shadowLight]!;
  }

  /** Says the header was rewritten: the next `upload` writes it. Its writers call this, instead of it being compared each frame. */
  headerChanged(): void {
    this.#headerDirty = true;
  }

  /**
   * Uploads the header (when `headerChanged` said so), `lightCount` lights (as `orderLights` ordered them), the changed instance ranges and the changed span of the visible
   * list, the last two straight from the engine's memory (no copy). Grows the visible list by doubling.
   */
  upload(input: FrameInput, lightCount: number): void {
    const queue = this.#device.queue;
    let bytes = 0;
    if (this.#headerDirty) {
      queue.writeBuffer(this.uniformBuffer, 0, this.header.buffer, this.header.byteOffset, FRAME_HEADER_BYTES);
      this.#headerDirty = false;
      bytes += FRAME_HEADER_BYTES;
    }
    // Lights change only with the input's version (lights bump it) or with how many are shaded.
    if (lightCount > 0 && (input.version !== this.#sentVersion || lightCount !== this.#sentLights)) {
      queue.writeBuffer(this.uniformBuffer, FRAME_HEADER_BYTES, this.#orderedLights.buffer, 0, lightCount * LIGHT_FLOATS * 4);
      bytes += lightCount * LIGHT_FLOATS * 4;
    }
    this.#sentVersion = input.version;
    this.#sentLights = lightCount;
    this.prepareSlots(input.slotCount);
    const instances = input.instances;
    const ranges = input.ranges;
    for (let r = 0; r < input.rangeCount; r++) {
      const o = input.rangeOffset + r * RANGE_RECORD_U32;
      const size = ranges[o + 1]! * INSTANCE_BYTES;
      queue.writeBuffer(this.#instanceBuffer, ranges[o]! * INSTANCE_BYTES, instances.buffer,
        instances.byteOffset + ranges[o + 2]!, size);
      bytes += size;
    }
    let start = input.visibleDirtyStart;
    let end = input.visibleDirtyEnd;
    if (input.visibleCount > this.#visibleCapacity) {
      while (input.visibleCount > this.#visibleCapacity) this.#visibleCapacity *= 2;
      this.#visibleBuffer.destroy();
      this.#visibleBuffer = this.#createBuffer('visibleBuffer', this.#visibleCapacity * 4);
      this.version++;
      this.#fresh = true;
    }
    if (this.#fresh) {
      start = 0;
      end = input.visibleCount;
      this.#fresh = false;
    }
    if (end > start) {
      const visible = input.visible;
      queue.writeBuffer(this.#visibleBuffer, start * 4, visible.buffer,
        visible.byteOffset + (input.visibleOffset + start) * 4, (end - start) * 4);
      bytes += (end - start) * 4;
    }
    this.uploadedBytes = bytes;
  }

  destroy(): void {
    this.uniformBuffer.destroy();
    this.#instanceBuffer.destroy();
    this.#visibleBuffer.destroy();
  }

  #createBuffer(name: string, size: number): GPUBuffer {
    return this.#device.createBuffer({
      label: `${this.#label}.FrameResources.${name}`,
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
  }
}
