import { LayerWError } from '../errors.js';
import type { ModelData } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import type { GpuModel } from '../gpu/model.js';
import type { LayersModule } from '../gpu/model-resources.js';
import type { Ktx2Target } from '../gpu/ktx2-formats.js';
import type { FrameSchedule } from './frame-schedule.js';
import type { SceneAnimation } from './scene-animation.js';
import type { LiveShapes } from './shape-live.js';
import type { ModelLights, ModelLightsHost } from './model-lights.js';
import type { Ktx2Reader } from './model-textures.js';
import type { AnimationModule } from './model-staging.js';

/** What the chunks need of the scene's models. */
export interface ChunksHost {
  readonly walloc: Walloc;
  readonly schedule: FrameSchedule;
  /** GpuModel by key - MODEL_KEY_BASE; live shapes take indices in it. */
  readonly table: (GpuModel | null)[];
  /** Free indices of `table`, shared with the models. */
  readonly freeIndices: number[];
  /** The scene's host of model lights. */
  readonly lightsHost: ModelLightsHost;
  /** The current device, null between a loss and its replacement. */
  readonly device: GPUDevice | null;
  requestDraw(): void;
}

/**
 * The code a scene's models load on their first need, each chunk once per scene: animation (with its
 * SceneAnimation), the KTX2 transcoding, the model lights (with their frame step), the layered PBR materials and
 * the shapes textured from page elements. Owned by SceneModels; what has arrived is read from the fields.
 */
export class ModelChunks {
  /** The scene's animated meshes, once a model with a rig was loaded. */
  animation: SceneAnimation | null = null;
  animationCode: AnimationModule | null = null;
  /** The chunk of materials with PBR extensions, once a model with one was loaded. */
  layers: LayersModule | null = null;
  /** The model lights, once a model with KHR_lights_punctual was loaded; their step is in the schedule. */
  lights: ModelLights | null = null;
  /** Shapes textured from page elements, once one was shown. */
  live: LiveShapes | null = null;
  readonly #host: ChunksHost;
  #animationLoad: Promise<AnimationModule> | null = null;
  #layersLoad: Promise<LayersModule> | null = null;
  #lightsLoad: Promise<ModelLights> | null = null;
  #liveLoad: Promise<LiveShapes | undefined> | null = null;
  /** model-ktx2.ts's ktx2Use, once a model with KTX2 images loaded it. */
  #ktx2Use: typeof import('./model-ktx2.js').ktx2Use | null = null;
  #destroyed = false;

  constructor(host: ChunksHost) {
    this.#host = host;
  }

  /** Loads every chunk `data` needs that has not arrived yet. */
  async loadFor(data: ModelData): Promise<void> {
    if (data.rig) await this.#loadAnimation();
    if (data.lights.length > 0) await this.#loadLights();
    if (data.images.some((image) => image?.mimeType === 'image/ktx2')) await this.#loadKtx2();
    if (data.materials.some((material) => material.extensions)) {
      this.layers ??= await (this.#layersLoad ??= import('../gpu/layered-material.js'));
    }
  }

  /** Reads KTX2 images for `target`; null until a model with one loaded the chunk. */
  ktx2Reader(target: Ktx2Target): Ktx2Reader | null {
    const read = this.#ktx2Use;
    return read ? (image, bytes) => read(image, bytes, target) : null;
  }

  /** The scene's shapes textured from page elements, made on first use (their code is its own chunk). */
  liveShapes(): Promise<LiveShapes | undefined> {
    const host = this.#host;
    return (this.#liveLoad ??= import('./shape-live.js').then(({ LiveShapes }) => {
      if (this.#destroyed) return undefined;
      this.live = new LiveShapes({
        table: host.table,
        schedule: host.schedule,
        reserveIndex: () => host.freeIndices.pop(),
        returnIndex: (index) => {
          host.table[index] = null;
          host.freeIndices.push(index);
        },
        requestDraw: () => host.requestDraw(),
      });
      this.live.setDevice(host.device);
      return this.live;
    }));
  }

  setDevice(device: GPUDevice | null): void {
    this.animation?.setDevice(device);
    this.live?.setDevice(device);
  }

  destroy(): void {
    this.#destroyed = true;
    this.live?.destroy();
    this.live = null;
    this.animation?.destroy();
    this.animation = null;
  }

  /** Loads the animation chunk and makes the scene's SceneAnimation, once. */
  #loadAnimation(): Promise<AnimationModule> {
    const host = this.#host;
    return (this.#animationLoad ??= import('./model-animation.js').then(async (code) => {
      const animation = await code.SceneAnimation.create(host.walloc, host.schedule, () => host.requestDraw());
      // The scene may have gone while the feature kernels loaded: nothing of it may stay in its schedule.
      if (this.#destroyed) {
        animation.destroy();
        return code;
      }
      this.animation = animation;
      this.animationCode = code;
      animation.setDevice(host.device);
      return code;
    }));
  }

  /** Loads the KTX2 chunk (model-ktx2.ts) for the first model with a KHR_texture_basisu image. */
  async #loadKtx2(): Promise<void> {
    try {
      this.#ktx2Use ??= (await import('./model-ktx2.js')).ktx2Use;
    } catch (cause) {
      throw new LayerWError('LOAD_FAILED', `the KTX2 texture code (KHR_texture_basisu) could not be loaded: ${String(cause)}`, { cause });
    }
  }

  /** Loads the model-lights chunk and adds its step to the schedule, once. */
  #loadLights(): Promise<ModelLights> {
    return (this.#lightsLoad ??= import('./model-lights.js').then(({ ModelLights }) => {
      this.lights = new ModelLights(this.#host.lightsHost);
      this.#host.schedule.add(this.lights.step);
      return this.lights;
    }));
  }
}
