import type { LayerWError } from '../errors.js';
import type { BoundingSphere } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import type { GpuModel } from '../gpu/model.js';
import type { PipelineNeed } from '../gpu/mesh-pass.js';
import type { Camera } from './camera.js';
import type { FrameSchedule } from './frame-schedule.js';
import type { AnimationInstance, AnimationListener } from './scene-animation.js';
import type { StreamingStats } from './model-streaming.js';
import type { ModelLightsHost } from './model-lights.js';
import type { ModelVariants } from './model-variants.js';

/** What an element needs to animate a model: clip names and lengths, and a way to get a clock of its own. */
export interface ModelAnimationSource {
  /** Clip names ('' where unnamed) and durations in seconds; the same arrays for every announcement of a model. */
  readonly names: readonly string[];
  readonly durations: readonly number[];
  /** Morph weights of one instance. */
  readonly weightCount: number;
  /** Starts animating the object in `slot`; null when the mesh region has no room (BUDGET_EXCEEDED). */
  attach(slot: number, listener: AnimationListener): AnimationInstance | null;
}
/** What a scene tells an element that shows a model. Implemented by `<layerw-mesh src>`. */
export interface ModelUser {
  /** Download progress of the model file. */
  modelProgress(loaded: number, total: number | null): void;
  /**
   * The model is staged: draw with `keys` (one per level of detail, finest first), switching to level i + 1
   * below screen coverage `coverage[i]`; cull with `bounds` (model space). `animation` is set for a model with
   * skins, morph targets or animations: the element attaches its slot to it, or the model is not drawn moved.
   * `lights` is set for a model with KHR_lights_punctual lights: the element attaches its slot, and the lights
   * light the scene from where the mesh is until it releases them. For a `src` model, `variants.keys(name)` gives
   * the keys that draw a material variant instead (KHR_materials_variants); shapes' images have none.
   */
  modelReady(keys: readonly number[], coverage: readonly number[], bounds: BoundingSphere, animation: ModelAnimationSource | null,
    lights: ((slot: number) => ModelUse) | null, variants?: ModelVariants): void;
  /** A frame with the model in it was drawn (once per successful load). */
  modelDrawn(): void;
  /**
   * The model could not be shown (LOAD_FAILED, ASSET_INVALID or BUDGET_EXCEEDED), or a part of it could not:
   * an image that does not decode (ASSET_INVALID) is left out and the rest is drawn.
   */
  modelFailed(error: LayerWError): void;
}

/** What the scene gives its models: memory, camera, canvas, lights, the budget's GPU share, and where to say so. */
export interface ModelsHost extends ModelLightsHost {
  readonly walloc: Walloc;
  readonly camera: Camera;
  readonly canvas: HTMLCanvasElement;
  /** GpuModel by key - MODEL_KEY_BASE, read by the renderer through FrameInput.models. */
  readonly table: (GpuModel | null)[];
  /** The scene's frame schedule: animation adds its step there. */
  readonly schedule: FrameSchedule;
  /** Updated in place every drawn frame. */
  readonly streaming: StreamingStats;
  requestDraw(): void;
  /** The budget started (true) or stopped (false) holding textures below the level the screen wants. */
  budgetChanged(degraded: boolean): void;
  /**
   * Starts compiling the pipelines that draws of `needs` will take (SceneRenderer.warmPipelines); resolves when
   * they are ready. Null while the scene has no renderer.
   */
  warmPipelines(needs: readonly PipelineNeed[]): Promise<void> | null;
}

/** An element's use of a model; `release` is idempotent. */
export interface ModelUse {
  release(): void;
}
