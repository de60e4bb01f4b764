import type { Walloc } from '../memory/walloc.js';
import type { FrameKernels } from '../wasm/exports.js';
import { TRANSPARENT_KEY_OFFSET, type RenderQuality } from '../gpu/frame-input.js';
import type { SceneRenderer } from '../gpu/scene-renderer.js';
import type { GpuModel } from '../gpu/model.js';
import type { Camera } from './camera.js';
import type { FrameStep } from './frame-schedule.js';
import type { LightValues } from './lights.js';
import type { LookInput } from '../gpu/look.js';
import type { SceneModels } from './scene-models.js';
import { DrawSteps, scratchFull, type CullOutput } from './draw-steps.js';

/**
 * How a scene culls (`culling` on `<layerw-scene>`): `cpu` always in WebAssembly; `gpu` with a compute pass
 * and indirect draws whenever the scene qualifies (see BuiltinSteps.culling); `auto` (default) as `gpu` once the
 * scene holds AUTO_GPU_SLOTS slots and most of them stand still.
 */
export type CullingSetting = 'auto' | 'gpu' | 'cpu';

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
 * The engine's own frame steps, one object per scene made once: movement, world matrices, levels of detail and
 * frustum culling here, packing and drawing in its DrawSteps. The cull step leaves what it found in the fields
 * below for the steps after it (scratch addresses, valid for this frame only).
 */
export class BuiltinSteps implements CullOutput {
  /** Objects that survived culling this frame, opaque first. */
  visible = 0;
  /** Of which drawn in the blended pass. */
  transparent = 0;
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
  /** This frame's opaque and blended visible slots (scratch), from the cull step. */
  list = 0;
  transparentList = 0;
  readonly #host: BuiltinStepHost;
  readonly #drawing: DrawSteps;

  constructor(host: BuiltinStepHost) {
    this.#host = host;
    const drawing = (this.#drawing = new DrawSteps(host, this));
    this.steps = [
      { name: 'movement', phase: 'simulate', reads: ['velocity', 'spin'], writes: ['position', 'rotation'], run: this.#move },
      { name: 'transforms', phase: 'transform', reads: ['position', 'rotation', 'scale', 'parent', 'localBounds'], writes: ['world', 'bounds'], run: this.#transform },
      // The camera's matrices, after whatever moved it (controls in the input phase, a camera fit after the transforms).
      { name: 'camera', phase: 'transform', reads: [], writes: [], after: ['transforms'], run: this.#updateCamera },
      { name: 'lod', phase: 'cull', reads: ['world', 'lodKeys', 'lodCoverage'], writes: ['batch'], before: ['frustum-cull'], run: this.#selectLod },
      { name: 'frustum-cull', phase: 'cull', reads: ['bounds', 'flags'], writes: [], run: this.#cull },
      { name: 'pack', phase: 'cull', reads: ['world', 'color', 'material', 'emissive', 'batch'], writes: [], after: ['frustum-cull'], run: drawing.pack },
      { name: 'draw', phase: 'render', reads: [], writes: [], run: drawing.draw },
    ];
  }

  /**
   * True when the last frame was culled on the GPU and its draws found each batch through an offset of its own
   * into the visible list (a device without `indirect-first-instance`; see src/gpu/gpu-cull.ts).
   */
  get batchOffsets(): boolean {
    return this.culling === 'gpu' && this.#drawing.gpuBatchOffsets;
  }

  /** Draw calls of the last drawn frame. */
  get drawCalls(): number {
    return this.#drawing.drawCalls;
  }

  /** Bytes the last frame uploaded to the GPU. */
  get uploadedBytes(): number {
    return this.#drawing.uploadedBytes;
  }

  /** The memory changed (first start): sizes are read again. */
  memoryReady(walloc: Walloc): void {
    this.#drawing.memoryReady(walloc);
  }

  /** The scene's lights changed: they are packed and uploaded again next frame. */
  lightsChanged(): void {
    this.#drawing.lightsChanged();
  }

  /** Slots were added, removed or hidden: the GPU's copy of the flags and keys is refreshed next frame. */
  slotsChanged(): void {
    this.#drawing.slotsChanged();
  }

  readonly #move = (clock: { dt: number }): boolean =>
    ((this.kernels ? this.kernels.move(clock.dt) : this.frame!.moveObjectsMicros(this.stepMicros)) >>> 0) > 0;

  readonly #transform = (): void => {
    if (this.kernels) this.kernels.transform();
    else this.frame!.updateTransforms(0);
  };

  readonly #updateCamera = (): void => {
    const host = this.#host;
    if (host.camera.update(host.canvas.width, host.canvas.height)) this.#drawing.updateShadowFocus();
  };

  readonly #selectLod = (): void => {
    const host = this.#host;
    if (!host.models?.hasLevels) return;
    const eye = host.camera.position;
    this.frame!.selectLod(eye[0]!, eye[1]!, eye[2]!, 1 / Math.tan((host.camera.fov * Math.PI) / 360), TRANSPARENT_KEY_OFFSET);
  };

  readonly #cull = (): void => {
    if (this.#drawing.gpuCulls()) {
      this.culling = 'gpu';
      this.visible = this.#drawing.gpuVisible;
      this.transparent = 0;
      return;
    }
    this.culling = 'cpu';
    const walloc = this.#host.walloc!;
    const kernels = this.frame!;
    const matrix = walloc.frameAlloc('scratch', 64);
    const planes = walloc.frameAlloc('scratch', 96);
    const slotEnd = walloc.core.slotEnd() >>> 0;
    const list = (this.list = walloc.frameAlloc('scratch', Math.max(slotEnd, 1) * 4));
    const transparentList = (this.transparentList = walloc.frameAlloc('scratch', Math.max(slotEnd, 1) * 4));
    if (matrix === 0 || planes === 0 || list === 0 || transparentList === 0) throw scratchFull();
    walloc.f32.set(this.#host.camera.viewProjection, matrix >>> 2);
    kernels.frustumPlanes(matrix, planes);
    const visible = (this.visible = (this.kernels ? this.kernels.cull(planes, list) : kernels.cullSimd(planes, list)) >>> 0);
    this.transparent = kernels.splitTransparent(list, visible, transparentList) >>> 0;
  };
}
