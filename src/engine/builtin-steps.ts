import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { constant, type FrameKernels } from '../wasm/exports.js';
import {
  LIGHT_FLOATS, MAX_LIGHTS, RANGE_RECORD_U32, TRANSPARENT_KEY_OFFSET, type FrameInput, type RenderQuality,
} from '../gpu/frame-input.js';
import type { SceneRenderer } from '../gpu/scene-renderer.js';
import type { GpuModel } from '../gpu/model.js';
import type { Camera } from './camera.js';
import type { FrameStep } from './frame-schedule.js';
import { packLights, type LightValues } from './lights.js';
import type { LookInput } from '../gpu/look.js';
import type { SceneModels } from './scene-models.js';
import type { GpuCullStep } from '../gpu/gpu-cull-step.js';

/**
 * How a scene culls (`culling` on `<layerw-scene>`): `cpu` always in WebAssembly; `gpu` with a compute pass
 * and indirect draws whenever the scene qualifies (see BuiltinSteps.culling); `auto` (default) as `gpu` once the
 * scene holds AUTO_GPU_SLOTS slots and most of them stand still.
 */
export type CullingSetting = 'auto' | 'gpu' | 'cpu';

/**
 * Slots from which `auto` culls on the GPU. Below it the WebAssembly cull costs a few hundredths of a
 * millisecond (0.012 ms for 10k spheres in the cull benchmark) and keeps exact visible counts on the CPU.
 */
export const AUTO_GPU_SLOTS = 16_384;

/** What the built-in steps read from the scene that runs them; implemented by SceneRuntime. */
export interface BuiltinStepHost {
  readonly walloc: Walloc | undefined;
  readonly camera: Camera;
  readonly canvas: HTMLCanvasElement;
  readonly renderer: SceneRenderer | undefined;
  readonly context: GPUCanvasContext | undefined;
  readonly models: SceneModels | undefined;
  readonly modelTable: (GpuModel | null)[];
  readonly lights: readonly LightValues[];
  /** Lit when `lights` is empty. */
  readonly defaultLights: readonly LightValues[];
  readonly look: LookInput;
  readonly background: Float32Array;
  readonly quality: Readonly<RenderQuality>;
  readonly culling: CullingSetting;
  /** Asks for a frame (the GPU cull's chunk arrived). */
  requestDraw(): void;
}

/**
 * Movement, world transforms and frustum culling as the steps call them: by default the core's kernels on
 * the main thread; a scene with workers sets `BuiltinSteps.kernels` to ones that split the work.
 */
export interface StepKernels {
  /** moveObjects: returns the number of slots moved. */
  move(dt: number): number;
  /** updateTransforms without force. */
  transform(): void;
  /** cullSimd: writes the visible slots to `list`, returns their count. */
  cull(planes: number, list: number): number;
}

/**
 * The engine's own frame steps, one object per scene made once: movement, world matrices, levels of detail,
 * frustum culling, packing and drawing. The cull steps leave what they found in the fields below for the
 * steps after them (scratch and command region addresses, valid for this frame only).
 */
export class BuiltinSteps {
  /** Objects that survived culling this frame, opaque first. */
  visible = 0;
  /** Of which drawn in the blended pass. */
  transparent = 0;
  /** Draw calls of the last drawn frame. */
  drawCalls = 0;
  /**
   * How the last frame was culled. `gpu` when the setting allows, the device has what the compute path needs,
   * and the scene has only opaque built-in shapes (no blended object, no model, no level of detail, no contact
   * shadow); otherwise `cpu`, WebAssembly, which also sorts blended objects back to front.
   */
  culling: 'gpu' | 'cpu' = 'cpu';
  readonly steps: readonly FrameStep[];
  /** Replaces the core's movement, transform and cull kernels (workers); undefined for the core's own. */
  kernels: StepKernels | undefined;
  /**
   * The kernels every step calls (src/wasm/frame-kernels.ts), set by the scene once they have loaded with the
   * renderer's chunk; no frame runs before.
   */
  frame: FrameKernels | undefined;
  /**
   * This frame's step (FrameClock.dt) in whole microseconds, set by the scene before the schedule runs: an integer
   * reaches the movement kernel without the floating-point arithmetic that unoptimised code boxes.
   */
  stepMicros = 0;
  readonly #host: BuiltinStepHost;
  readonly #lightBuffer = new Float32Array(MAX_LIGHTS * LIGHT_FLOATS);
  readonly #shadowFocus = new Float32Array(4);
  #lightCount = 0;
  #lightsDirty = true;
  #lightsVersion = 0;
  /** Bytes the last frame uploaded to the GPU. */
  uploadedBytes = 0;
  #list = 0;
  #transparentList = 0;
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

  constructor(host: BuiltinStepHost) {
    this.#host = host;
    this.steps = [
      { name: 'movement', phase: 'simulate', reads: ['velocity', 'spin'], writes: ['position', 'rotation'], run: this.#move },
      { name: 'transforms', phase: 'transform', reads: ['position', 'rotation', 'scale', 'parent', 'localBounds'], writes: ['world', 'bounds'], run: this.#transform },
      { name: 'lod', phase: 'cull', reads: ['world', 'lodKeys', 'lodCoverage'], writes: ['batch'], before: ['frustum-cull'], run: this.#selectLod },
      { name: 'frustum-cull', phase: 'cull', reads: ['bounds', 'flags'], writes: [], run: this.#cull },
      { name: 'pack', phase: 'cull', reads: ['world', 'color', 'material', 'emissive', 'batch'], writes: [], after: ['frustum-cull'], run: this.#pack },
      { name: 'draw', phase: 'render', reads: [], writes: [], run: this.#draw },
    ];
  }

  /**
   * True when the last frame was culled on the GPU and its draws found each batch through an offset of its own
   * into the visible list (a device without `indirect-first-instance`; see src/gpu/gpu-cull.ts).
   */
  get batchOffsets(): boolean {
    return this.culling === 'gpu' && this.#gpu!.batchOffsets;
  }

  /** The memory changed (first start): sizes are read again. */
  memoryReady(walloc: Walloc): void {
    this.#recordBytes = constant(walloc.core, 'BATCH_RECORD_BYTES');
    this.#drawableFlags = constant(walloc.core, 'FLAG_ALIVE') | constant(walloc.core, 'FLAG_VISIBLE');
    this.#frameInput = undefined;
    this.#previousList = 0;
    this.#previousLayout = walloc.layout;
  }

  lightsChanged(): void {
    this.#lightsDirty = true;
  }

  /** Slots were added, removed or hidden: the GPU's copy of the flags and keys is refreshed next frame. */
  slotsChanged(): void {
    this.#slotsVersion++;
  }

  readonly #move = (clock: { dt: number }): boolean =>
    ((this.kernels ? this.kernels.move(clock.dt) : this.frame!.moveObjectsMicros(this.stepMicros)) >>> 0) > 0;

  readonly #transform = (): void => {
    const host = this.#host;
    if (this.kernels) this.kernels.transform();
    else this.frame!.updateTransforms(0);
    if (host.camera.update(host.canvas.width, host.canvas.height)) this.#updateShadowFocus();
  };

  readonly #selectLod = (): void => {
    const host = this.#host;
    if (!host.models?.hasLevels) return;
    const eye = host.camera.position;
    this.frame!.selectLod(eye[0]!, eye[1]!, eye[2]!, 1 / Math.tan((host.camera.fov * Math.PI) / 360), TRANSPARENT_KEY_OFFSET);
  };

  readonly #cull = (): void => {
    this.#frame++;
    if (this.#gpuCulls()) {
      this.culling = 'gpu';
      this.visible = this.#gpu!.visible;
      this.transparent = 0;
      return;
    }
    this.culling = 'cpu';
    const walloc = this.#host.walloc!;
    const kernels = this.frame!;
    const matrix = walloc.frameAlloc('scratch', 64);
    const planes = walloc.frameAlloc('scratch', 96);
    const slotEnd = walloc.core.slotEnd() >>> 0;
    this.#list = walloc.frameAlloc('scratch', Math.max(slotEnd, 1) * 4);
    this.#transparentList = walloc.frameAlloc('scratch', Math.max(slotEnd, 1) * 4);
    if (matrix === 0 || planes === 0 || this.#list === 0 || this.#transparentList === 0) throw scratchFull();
    walloc.f32.set(this.#host.camera.viewProjection, matrix >>> 2);
    kernels.frustumPlanes(matrix, planes);
    this.visible = (this.kernels ? this.kernels.cull(planes, this.#list) : kernels.cullSimd(planes, this.#list)) >>> 0;
    this.transparent = kernels.splitTransparent(this.#list, this.visible, this.#transparentList) >>> 0;
  };

  /**
   * Groups the visible slots by batch into this frame's visible list (opaque by key, then blended back to
   * front), and finds the span that differs from last frame's list: only that span is uploaded.
   */
  readonly #pack = (): void => {
    if (this.culling === 'gpu') return;
    const walloc = this.#host.walloc!;
    const kernels = this.frame!;
    const { visible, transparent } = this;
    const opaque = visible - transparent;
    const list = walloc.frameAlloc('command', Math.max(visible, 1) * 4 + 8, 16);
    this.#batches = walloc.frameAlloc('scratch', (TRANSPARENT_KEY_OFFSET + transparent) * this.#recordBytes);
    if (list === 0 || this.#batches === 0) throw scratchFull();
    let batchCount = kernels.groupVisible(this.#list, opaque, TRANSPARENT_KEY_OFFSET, list, this.#batches) >>> 0;
    if (batchCount === 0xffffffff) throw scratchFull();
    if (transparent > 0) {
      const eye = this.#host.camera.position;
      kernels.sortBackToFront(this.#transparentList, transparent, eye[0]!, eye[1]!, eye[2]!);
      const from = this.#transparentList >>> 2;
      walloc.u32.copyWithin((list >>> 2) + opaque, from, from + transparent);
      batchCount = this.#appendTransparentBatches(this.#transparentList, transparent, opaque, this.#batches, batchCount);
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
  readonly #draw = (): void => {
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
    if (this.culling === 'gpu') {
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
    const span = (list >>> 2) + Math.max(this.visible, 1);
    input.visibleOffset = list >>> 2;
    input.visibleCount = this.visible;
    input.visibleDirtyStart = u32[span]!;
    input.visibleDirtyEnd = u32[span + 1]!;
    input.batchOffset = this.#batches >>> 2;
    input.batchCount = this.#batchCount;
    input.culling = 'cpu';
    host.renderer!.render(host.context!.getCurrentTexture(), input);
    this.#previousList = list;
    this.#previousCount = this.visible;
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
    this.#rangeCount = this.frame!.changedRanges(all, this.#ranges, this.#traits) >>> 0;
    this.#foundFrame = this.#frame;
  }

  /**
   * True when this frame is culled on the GPU: the setting allows it, the scene holds no model and no contact
   * shadow (and, with `auto`, enough slots), and GpuCullStep.qualifies agrees. Loads its chunk the first time.
   */
  #gpuCulls(): boolean {
    const host = this.#host;
    if (host.culling === 'cpu' || host.models || host.look.contactShadow.intensity > 0) return false;
    const walloc = host.walloc!;
    if (host.culling === 'auto' && (walloc.core.slotEnd() >>> 0) < AUTO_GPU_SLOTS) return false;
    if (!this.#gpu) {
      this.#loadGpuCull();
      return false;
    }
    this.#findChanged();
    return this.#gpu.qualifies(walloc, this.#traits, this.#ranges, this.#rangeCount, this.culling === 'gpu');
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
  #updateShadowFocus(): void {
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

function scratchFull(): LayerWError {
  return new LayerWError('BUDGET_EXCEEDED', "this frame's data does not fit the scratch or command region; raise memory-budget");
}
