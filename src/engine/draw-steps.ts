// The built-in pack and draw steps: the visible list grouped by batch, the changed instance records and lights
// uploaded, the frame drawn; and whether a frame is culled on the GPU, which needs this frame's changed ranges.
// BuiltinSteps (builtin-steps.ts) runs movement, transforms and culling before them and owns one of these.

import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { constant, type FrameKernels } from '../wasm/exports.js';
import {
  LIGHT_FLOATS, MAX_LIGHTS, RANGE_RECORD_U32, TRANSPARENT_KEY_OFFSET, type FrameInput,
} from '../gpu/frame-input.js';
import type { BuiltinStepHost } from './builtin-steps.js';
import { packLights } from './lights.js';
import type { GpuCullStep } from '../gpu/gpu-cull-step.js';

/**
 * Slots from which `auto` culls on the GPU. Below it the WebAssembly cull costs a few hundredths of a
 * millisecond (0.012 ms for 10k spheres in the cull benchmark) and keeps exact visible counts on the CPU.
 */
export const AUTO_GPU_SLOTS = 16_384;

/** What the cull step found this frame, which packing and drawing read; implemented by BuiltinSteps. */
export interface CullOutput {
  /** Objects that survived culling this frame, opaque first. */
  readonly visible: number;
  /** Of which drawn in the blended pass. */
  readonly transparent: number;
  /** How this frame was culled. */
  readonly culling: 'gpu' | 'cpu';
  /** Scratch addresses of this frame's opaque and blended visible slots (WebAssembly path). */
  readonly list: number;
  readonly transparentList: number;
  /** The kernels every step calls; set before any frame runs. */
  readonly frame: FrameKernels | undefined;
}

/** The pack and draw steps of one scene, made once by its BuiltinSteps. */
export class DrawSteps {
  /** Draw calls of the last drawn frame. */
  drawCalls = 0;
  /** Bytes the last frame uploaded to the GPU. */
  uploadedBytes = 0;
  readonly #host: BuiltinStepHost;
  readonly #cull: CullOutput;
  readonly #lightBuffer = new Float32Array(MAX_LIGHTS * LIGHT_FLOATS);
  readonly #shadowFocus = new Float32Array(4);
  #lightCount = 0;
  #lightsDirty = true;
  #lightsVersion = 0;
  /** This frame's visible list (command region; last frame's is still intact in the ring) and last frame's. */
  #visibleList = 0;
  #previousList = 0;
  #previousCount = 0;
  /** The memory's layout count when `#previousList` was taken: a re-layout moved the command ring. */
  #previousLayout = 0;
  #batches = 0;
  #batchCount = 0;
  /** The size of a batch record, which the core exports, read once per memory. */
  #recordBytes = 0;
  #frameInput: FrameInput | undefined;
  /** Bumped when slots are added, removed or hidden (see FrameInput.slotsVersion). */
  #slotsVersion = 0;
  /** This frame's changed ranges, found by `#findChanged` (in the cull step on the GPU path, else in draw). */
  #foundFrame = -1;
  #frame = 0;
  #ranges = 0;
  #rangeCount = 0;
  /** Word in scratch receiving the or of every slot's flags. */
  #traits = 0;
  /** The flag bits of a drawn slot. */
  #drawableFlags = 0;
  #gpuCullLoad: Promise<void> | undefined;
  /** The GPU-culled side of the cull and draw steps, once its chunk has arrived. */
  #gpu: GpuCullStep | undefined;

  constructor(host: BuiltinStepHost, cull: CullOutput) {
    this.#host = host;
    this.#cull = cull;
  }

  /** Objects the GPU found visible at its last read-back (frames culled on the GPU). */
  get gpuVisible(): number {
    return this.#gpu!.visible;
  }

  /** Whether the GPU-culled draws find each batch through an offset of its own (see BuiltinSteps.batchOffsets). */
  get gpuBatchOffsets(): boolean {
    return this.#gpu!.batchOffsets;
  }

  /** The memory changed (first start): sizes are read again. */
  memoryReady(walloc: Walloc): void {
    this.#recordBytes = constant(walloc.core, 'BATCH_RECORD_BYTES');
    this.#drawableFlags = constant(walloc.core, 'FLAG_ALIVE') | constant(walloc.core, 'FLAG_VISIBLE');
    this.#frameInput = undefined;
    this.#previousList = 0;
    this.#previousLayout = walloc.layout;
  }

  /** The scene's lights changed: they are packed and uploaded again next frame. */
  /** The scene's lights changed: they are packed and uploaded again next frame. */
  lightsChanged(): void {
    this.#lightsDirty = true;
  }

  /** Slots were added, removed or hidden: the GPU's copy of the flags and keys is refreshed next frame. */
  slotsChanged(): void {
    this.#slotsVersion++;
  }

  /**
   * Groups the visible slots by batch into this frame's visible list (opaque by key, then blended back to
   * front), and finds the span that differs from last frame's list: only that span is uploaded.
   */
  readonly pack = (): void => {
    if (this.#cull.culling === 'gpu') return;
    const walloc = this.#host.walloc!;
    const kernels = this.#cull.frame!;
    const { visible, transparent } = this.#cull;
    const opaque = visible - transparent;
    const list = walloc.frameAlloc('command', Math.max(visible, 1) * 4 + 8, 16);
    this.#batches = walloc.frameAlloc('scratch', (TRANSPARENT_KEY_OFFSET + transparent) * this.#recordBytes);
    if (list === 0 || this.#batches === 0) throw scratchFull();
    let batchCount = kernels.groupVisible(this.#cull.list, opaque, TRANSPARENT_KEY_OFFSET, list, this.#batches) >>> 0;
    if (batchCount === 0xffffffff) throw scratchFull();
    if (transparent > 0) {
      const eye = this.#host.camera.position;
      kernels.sortBackToFront(this.#cull.transparentList, transparent, eye[0]!, eye[1]!, eye[2]!);
      const from = this.#cull.transparentList >>> 2;
      walloc.u32.copyWithin((list >>> 2) + opaque, from, from + transparent);
      batchCount = this.#appendTransparentBatches(this.#cull.transparentList, transparent, opaque, this.#batches, batchCount);
    }
    this.#batchCount = batchCount;
    // The two words after the list receive the span that changed.
    const span = list + Math.max(visible, 1) * 4;
    if (walloc.layout !== this.#previousLayout) this.#previousList = 0;
    kernels.diffRange(list, visible, this.#previousList, this.#previousList === 0 ? 0 : this.#previousCount, span);
    this.#visibleList = list;
  };

  /**
   * Uploads the instance records that changed (every slot's when the GPU buffer is new) and, on the WebAssembly
   * path, the changed span of the visible list, and draws.
   */
  readonly draw = (): void => {
    const host = this.#host;
    const walloc = host.walloc!;
    const renderer = host.renderer!;
    if (this.#lightsDirty) {
      this.#lightCount = packLights(host.lights.length > 0 ? host.lights : host.defaultLights, this.#lightBuffer);
      this.#lightsDirty = false;
      // Camera versions only grow by small steps; lights move the sum by a large one, so no two states collide.
      this.#lightsVersion += 1 << 20;
    }
    if (this.#foundFrame !== this.#frame) this.#findChanged();
    const input = this.#input(walloc);
    input.instances = walloc.bytes;
    input.ranges = walloc.u32;
    input.rangeOffset = this.#ranges >>> 2;
    input.rangeCount = this.#rangeCount;
    input.slotCount = walloc.core.slotEnd() >>> 0;
    input.visible = walloc.u32;
    input.batches = walloc.u32;
    input.slotsVersion = this.#slotsVersion;
    input.lightCount = this.#lightCount;
    input.quality = host.quality;
    input.version = host.camera.version + this.#lightsVersion;
    if (this.#cull.culling === 'gpu') {
      this.#gpu!.draw(input);
      // The CPU path's next frame uploads its whole list: the GPU path drew through its own.
      this.#previousList = 0;
    } else {
      this.#drawCulled(walloc, input);
    }
    this.drawCalls = renderer.drawCalls;
    this.uploadedBytes = renderer.uploadedBytes;
  };

  /** Draws a frame culled in WebAssembly: this frame's visible list and batches, found by the pack step. */
  #drawCulled(walloc: Walloc, input: FrameInput): void {
    const host = this.#host;
    const u32 = walloc.u32;
    const list = this.#visibleList;
    const span = (list >>> 2) + Math.max(this.#cull.visible, 1);
    input.visibleOffset = list >>> 2;
    input.visibleCount = this.#cull.visible;
    input.visibleDirtyStart = u32[span]!;
    input.visibleDirtyEnd = u32[span + 1]!;
    input.batchOffset = this.#batches >>> 2;
    input.batchCount = this.#batchCount;
    input.culling = 'cpu';
    host.renderer!.render(host.context!.getCurrentTexture(), input);
    this.#previousList = list;
    this.#previousCount = this.#cull.visible;
    this.#previousLayout = walloc.layout;
    host.models?.frameDrawn(u32, walloc.f32, this.#batches >>> 2, this.#batchCount, list >>> 2,
      walloc.columns.float.world.byteOffset >>> 2, TRANSPARENT_KEY_OFFSET, host.camera.position);
  }

  /**
   * Finds the ranges of slots whose instance record changed (every slot when the GPU buffer is new), which the
   * transform step packed into the instance column, and the or of every slot's flags.
   */
  #findChanged(): void {
    const walloc = this.#host.walloc!;
    const slotEnd = walloc.core.slotEnd() >>> 0;
    const all = this.#host.renderer!.prepareSlots(slotEnd) ? 1 : 0;
    this.#ranges = walloc.frameAlloc('command', (Math.ceil(slotEnd / 16) + 1) * RANGE_RECORD_U32 * 4, 16);
    this.#traits = walloc.frameAlloc('scratch', 4);
    if (this.#ranges === 0 || this.#traits === 0) throw scratchFull();
    this.#rangeCount = this.#cull.frame!.changedRanges(all, this.#ranges, this.#traits) >>> 0;
    this.#foundFrame = this.#frame;
  }

  /**
   * True when this frame is culled on the GPU: the setting allows it, the scene holds no model and no contact
   * shadow (and, with `auto`, enough slots), and GpuCullStep.qualifies agrees. Loads its chunk the first time.
   */
  gpuCulls(): boolean {
    this.#frame++;
    const host = this.#host;
    if (host.culling === 'cpu' || host.models || host.look.contactShadow.intensity > 0) return false;
    const walloc = host.walloc!;
    if (host.culling === 'auto' && (walloc.core.slotEnd() >>> 0) < AUTO_GPU_SLOTS) return false;
    if (!this.#gpu) {
      this.#loadGpuCull();
      return false;
    }
    this.#findChanged();
    return this.#gpu.qualifies(walloc, this.#traits, this.#ranges, this.#rangeCount, this.#cull.culling === 'gpu');
  }

  /** Loads the GPU cull's chunk once; the frame after it arrives can use it. */
  #loadGpuCull(): void {
    this.#gpuCullLoad ??= import('../gpu/gpu-cull-step.js').then(
      ({ GpuCullStep }) => {
        this.#gpu = new GpuCullStep(this.#host);
        this.#host.requestDraw();
      },
      // Without the chunk the scene keeps culling in WebAssembly, which draws the same picture.
      () => undefined,
    );
  }

  /** Transparent instances are packed in back-to-front order; each run of one batch key becomes a batch. */
  #appendTransparentBatches(list: number, count: number, first: number, batches: number, batchCount: number): number {
    const walloc = this.#host.walloc!;
    const u32 = walloc.u32;
    const keys = walloc.columns.uint.batch;
    const listIndex = list >>> 2;
    let record = (batches >>> 2) + batchCount * 3;
    let runKey = -1;
    for (let i = 0; i < count; i++) {
      const key = keys[u32[listIndex + i]!]!;
      if (key !== runKey) {
        if (runKey >= 0) record += 3;
        u32[record] = key;
        u32[record + 1] = first + i;
        u32[record + 2] = 0;
        runKey = key;
        batchCount++;
      }
      u32[record + 2]!++;
    }
    return batchCount;
  }

  /** The shadow map covers a sphere around the camera target, sized by the viewing distance. */
  updateShadowFocus(): void {
    const camera = this.#host.camera;
    const target = camera.target;
    this.#shadowFocus[0] = target[0]!;
    this.#shadowFocus[1] = target[1]!;
    this.#shadowFocus[2] = target[2]!;
    this.#shadowFocus[3] = Math.min(Math.max(camera.distance * 1.5, 4), camera.far / 4);
  }

  #input(walloc: Walloc): FrameInput {
    const host = this.#host;
    return (this.#frameInput ??= {
      instances: walloc.bytes,
      ranges: walloc.u32,
      rangeOffset: 0,
      rangeCount: 0,
      slotCount: 0,
      visible: walloc.u32,
      visibleOffset: 0,
      visibleCount: 0,
      visibleDirtyStart: 0,
      visibleDirtyEnd: 0,
      batches: walloc.u32,
      batchOffset: 0,
      batchCount: 0,
      version: 0,
      viewProjection: host.camera.viewProjection,
      cameraPosition: host.camera.position,
      lights: this.#lightBuffer,
      lightCount: 0,
      background: host.background,
      shadowFocus: this.#shadowFocus,
      quality: host.quality,
      models: host.modelTable,
      look: host.look,
      culling: 'cpu',
      cullColumns: NO_COLUMNS,
      slotsVersion: 0,
      drawableFlags: this.#drawableFlags,
    });
  }
}


/** FrameInput.cullColumns of frames culled in WebAssembly. */
const NO_COLUMNS = new Uint32Array(0);

/** The error a step throws when its frame's data does not fit the scratch or command region. */
export function scratchFull(): LayerWError {
  return new LayerWError('BUDGET_EXCEEDED', "this frame's data does not fit the scratch or command region; raise memory-budget");
}
