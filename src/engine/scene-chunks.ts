// What a scene makes on first need from code in a chunk of its own (in the package build): the tween table with
// the first `<layerw-animate>` and the contact shadow's ground bounds the first time `shadow-intensity` is above 0,
// each adding its step to the schedule; and the model and image requests, made by the first request with the code
// its chunk brings. Owned by SceneRuntime.

import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import type { GpuModel } from '../gpu/model.js';
import type { SceneRenderer } from '../gpu/scene-renderer.js';
import type { Camera } from './camera.js';
import type { FrameSchedule } from './frame-schedule.js';
import type { LightValues } from './lights.js';
import type { SceneLook } from './scene-look.js';
import type { SceneModels } from './scene-models.js';
import type { ModelRequestsHost, SceneModelRequests } from './scene-model-requests.js';
import type { SceneStats } from './scene-stats.js';
import type { SceneTweens } from './scene-tweens.js';
import type { ViewPrefetch } from './view-prefetch.js';
import type { SceneHost, SceneSettings } from './scene-host.js';

/**
 * What a scene's chunks read of its runtime; the memory, device, renderer and `destroyed` as live getters.
 * Implemented by SceneRuntime.
 */
export interface SceneChunksHost {
  readonly walloc: Walloc | undefined;
  /** True once the runtime is destroyed: chunks that arrive later add nothing. */
  readonly destroyed: boolean;
  readonly camera: Camera;
  readonly canvas: HTMLCanvasElement;
  readonly schedule: FrameSchedule;
  readonly settings: SceneSettings;
  readonly scene: SceneHost;
  readonly stats: SceneStats;
  readonly modelTable: (GpuModel | null)[];
  readonly lights: readonly LightValues[];
  readonly device: GPUDevice | null;
  readonly renderer: SceneRenderer | undefined;
  /** Bound to the runtime: handed on as they are. */
  readonly requestDraw: () => void;
  readonly addLight: (values: LightValues, index: number) => void;
  readonly removeLight: (values: LightValues) => void;
  readonly lightsChanged: () => void;
}

/** One scene's tweens and contact shadow, loaded when first asked for. */
export class SceneChunks {
  readonly #host: SceneChunksHost;
  readonly #look: SceneLook;
  /** Made on the first `<layerw-animate>`: the tween code is its own chunk in the package build. */
  #tweensLoad: Promise<SceneTweens | undefined> | undefined;
  #contactShadowLoad: Promise<void> | undefined;
  /** Made by the first model or image request, whose chunk brings the code (see modelRequests). */
  #modelRequests: SceneModelRequests | undefined;

  constructor(host: SceneChunksHost, look: SceneLook) {
    this.#host = host;
    this.#look = look;
  }

  /**
   * The scene's tween table, loaded with the first `<layerw-animate>`; its `tweens` step joins the schedule.
   * Undefined before the memory is ready or after the scene is destroyed.
   */
  tweens(): Promise<SceneTweens | undefined> {
    const host = this.#host;
    return (this.#tweensLoad ??= import('./scene-tweens.js').then(async ({ SceneTweens }) => {
      const walloc = host.walloc;
      if (host.destroyed || !walloc) return undefined;
      const tweens = await SceneTweens.create({
        walloc,
        camera: host.camera,
        lightsChanged: () => host.lightsChanged(),
        requestDraw: () => host.requestDraw(),
      });
      if (host.destroyed) return undefined;
      host.schedule.add(tweens.step);
      return tweens;
    }));
  }

  /** Loads the contact shadow's chunk and adds its step, the first time `shadow-intensity` is above 0. */
  syncContactShadow(): void {
    const host = this.#host;
    const walloc = host.walloc;
    if (host.settings.look.shadowIntensity <= 0 || this.#contactShadowLoad || !walloc) return;
    this.#contactShadowLoad = import('./contact-shadow.js').then(
      ({ GroundBounds }) => {
        if (host.destroyed) return;
        host.schedule.add(new GroundBounds(walloc, this.#look.input.contactShadow).step);
        host.requestDraw();
      },
      (cause: unknown) => host.scene.report(new LayerWError('LOAD_FAILED', `the contact shadow code could not be loaded: ${String(cause)}`, { cause })),
    );
  }

  /** The scene's models (null until the first `src`). */
  get models(): SceneModels | undefined {
    return this.#modelRequests?.models;
  }

  /** The view prefetch of lazy meshes, once the first was asked for. */
  get prefetch(): ViewPrefetch | undefined {
    return this.#modelRequests?.prefetch;
  }

  /**
   * The scene's model and image requests, made with `make` by the first (components/model-request.ts and
   * components/shape-images.ts, chunks of their own, bring the code). Null before the memory is ready.
   */
  modelRequests(make: (host: ModelRequestsHost) => SceneModelRequests): SceneModelRequests | null {
    const walloc = this.#host.walloc;
    if (!walloc) return null;
    return (this.#modelRequests ??= make(this.#modelRequestsHost(walloc)));
  }

  /** Lets go of the model requests (their models, GPU objects and holds). */
  destroy(): void {
    this.#modelRequests?.destroy();
    this.#modelRequests = undefined;
  }

  /** The view of the runtime that its model requests read. */
  #modelRequestsHost(walloc: Walloc): ModelRequestsHost {
    const host = this.#host;
    return {
      walloc,
      camera: host.camera,
      get canvas() { return host.canvas; },
      table: host.modelTable,
      schedule: host.schedule,
      streaming: host.stats.streaming,
      get gpuAllowance() { return host.stats.streaming.gpuAllowance; },
      get device() { return host.device; },
      get destroyed() { return host.destroyed; },
      requestDraw: host.requestDraw,
      budgetChanged: (degraded) => host.scene.budgetChanged(degraded),
      warmPipelines: (needs) => host.renderer?.warmPipelines(needs) ?? null,
      lights: host.lights,
      addLight: host.addLight,
      removeLight: host.removeLight,
      lightsChanged: host.lightsChanged,
    };
  }
}
