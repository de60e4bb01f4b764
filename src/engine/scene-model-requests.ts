import { LayerWError } from '../errors.js';
import { absoluteUrl } from '../assets/url.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import type { SceneModels } from './scene-models.js';
import type { ModelsHost, ModelUse, ModelUser } from './model-user.js';
import type { ViewPrefetch } from './view-prefetch.js';
import type { ShapeTextureSpec } from './shape-key.js';
import type { ObjectSlot } from './object-slot.js';
import { NearViewport } from './near-viewport.js';

/** What a scene's model requests need from its runtime (SceneRuntime.modelRequests makes it). */
export interface ModelRequestsHost extends ModelsHost {
  /** The GPU share of the memory budget, handed to the models when they are made. */
  readonly gpuAllowance: number;
  /** The device models upload to, null while there is none. */
  readonly device: GPUDevice | null;
  /** True once the runtime is destroyed: chunks that arrive later make nothing. */
  readonly destroyed: boolean;
}

/**
 * A scene's `src` models and shape images, asked for by meshes: the model code (its own chunk) loaded with the
 * first request, lazy meshes held until the scene is near the viewport and the mesh in view (the view-watching
 * chunk, loaded with the first lazy mesh). The chunks a model needs are all asked for with the first request, lazy
 * or not, so they arrive together rather than one after another, and a lazy mesh that comes into view waits only
 * for its own bytes; what `loading="lazy"` defers is the model's download. Made by the first request, in the chunks that ask
 * (components/model-request.ts, components/shape-images.ts), so a page without models carries none of this.
 */
export class SceneModelRequests {
  readonly #host: ModelRequestsHost;
  /** Whether the canvas is near the viewport, for models with loading="lazy". */
  readonly #near: NearViewport;
  /** Created on the first `src`: the model code is its own chunk in the package build. */
  #models: SceneModels | undefined;
  #modelsLoad: Promise<SceneModels | undefined> | undefined;
  /** Made with the first lazy mesh: the view-watching code is its own chunk in the package build. */
  #prefetchLoad: Promise<ViewPrefetch | undefined> | undefined;
  #prefetch: ViewPrefetch | undefined;

  constructor(host: ModelRequestsHost) {
    this.#host = host;
    this.#near = new NearViewport(host.canvas);
  }

  /** The scene's models, once their code has loaded. */
  get models(): SceneModels | undefined {
    return this.#models;
  }

  /** The waiting list of lazy meshes, once its code has loaded. */
  get prefetch(): ViewPrefetch | undefined {
    return this.#prefetch;
  }

  /**
   * Shows the glTF / GLB at `src` (resolved against the document) for `user`; the scene loads it once however
   * many meshes use it. With a `lazy` object, not before the scene is near the viewport and that object is in
   * the camera's view or about to be (see ViewPrefetch). Throws LOAD_FAILED for a URL that does not parse.
   */
  useModel(src: string, crossOrigin: CrossOrigin, user: ModelUser, lazy: ObjectSlot | null = null, waitForView = true): ModelUse {
    const url = absoluteUrl(src);
    const models = this.#loadModels();
    loadGltfReader();
    return this.#whenNear(lazy, () => this.#later(models, (models) => models.use(url, crossOrigin, user), user), waitForView);
  }

  /** Shows images on a built-in shape for `user` (its sources' URLs already absolute); see SceneModels.useShape. */
  useShapeTextures(spec: ShapeTextureSpec, crossOrigin: CrossOrigin, user: ModelUser, lazy: ObjectSlot | null = null): ModelUse {
    const models = this.#loadModels();
    return this.#whenNear(lazy, () => this.#later(models, (models) => models.useShape(spec, crossOrigin, user), user));
  }

  /** Stops watching the viewport and releases the models. */
  destroy(): void {
    this.#near.dispose();
    this.#models?.destroy();
    this.#models = undefined;
  }

  /**
   * Runs `start` at once, or for a `lazy` object once the scene is near the viewport and (with `waitForView`) the
   * object in view.
   */
  #whenNear(lazy: ObjectSlot | null, start: () => ModelUse, waitForView = true): ModelUse {
    if (!lazy) return start();
    // Asked for now, so it loads while the scene waits to come near.
    const prefetchLoad = waitForView ? this.#viewPrefetch() : Promise.resolve(undefined);
    let use: ModelUse | null = null;
    let released = false;
    let cancelView: (() => void) | undefined;
    const begin = (): void => {
      if (!released) use = start();
    };
    const cancelNear = this.#near.whenNear(() => {
      void prefetchLoad.then(
        (prefetch) => {
          if (released) return;
          if (prefetch) cancelView = prefetch.whenInView(lazy.slot, begin);
          else begin();
        },
        // Without the chunk that watches the view, lazy degrades to loading now.
        () => begin(),
      );
    });
    return {
      release: () => {
        released = true;
        cancelNear();
        cancelView?.();
        use?.release();
      },
    };
  }

  /** The scene's waiting list of lazy meshes, loaded with the first; its `view-prefetch` step joins the schedule. */
  #viewPrefetch(): Promise<ViewPrefetch | undefined> {
    if (this.#prefetchLoad) return this.#prefetchLoad;
    this.#prefetchLoad = import('./view-prefetch.js').then(({ ViewPrefetch }) => {
      const host = this.#host;
      if (host.destroyed) return undefined;
      const prefetch = (this.#prefetch = new ViewPrefetch(host.walloc, host.camera, host.requestDraw));
      host.schedule.add(prefetch.step);
      return prefetch;
    });
    // Asked for before any use waits on it: a failure is handled when the scene comes near (#whenNear).
    this.#prefetchLoad.catch(() => undefined);
    return this.#prefetchLoad;
  }

  /** A use that starts once `load` (a lazy chunk) is there; its failure to load is the user's LOAD_FAILED. */
  #later<T>(load: Promise<T | undefined>, start: (owner: T) => ModelUse, user: ModelUser): ModelUse {
    let released = false;
    let use: ModelUse | undefined;
    void load.then(
      (owner) => {
        if (owner && !released) use = start(owner);
      },
      (cause: unknown) => {
        if (!released) user.modelFailed(new LayerWError('LOAD_FAILED', `the model code could not be loaded: ${String(cause)}`, { cause }));
      },
    );
    return {
      release: () => {
        released = true;
        use?.release();
      },
    };
  }

  #loadModels(): Promise<SceneModels | undefined> {
    if (this.#modelsLoad) return this.#modelsLoad;
    this.#modelsLoad = import('./scene-models.js').then(({ SceneModels }) => {
      const host = this.#host;
      if (host.destroyed) return undefined;
      this.#models = new SceneModels(host, host.gpuAllowance);
      this.#models.setDevice(host.device);
      return this.#models;
    });
    // Asked for before a lazy use waits on it: a failure is each use's LOAD_FAILED when it starts (#later).
    this.#modelsLoad.catch(() => undefined);
    return this.#modelsLoad;
  }
}

/** Makes a scene's model requests; what the chunks that ask hand to SceneRuntime.modelRequests. */
export function makeModelRequests(host: ModelRequestsHost): SceneModelRequests {
  return new SceneModelRequests(host);
}

/**
 * Starts loading the glTF reader's chunk beside the model code's, which would otherwise ask for it only once a
 * model's download begins; the module cache hands the same module to that later import.
 */
function loadGltfReader(): void {
  gltfReaderLoad ??= import('../assets/gltf-load.js').catch(() => undefined);
}

/** The page's one early request for the glTF reader's chunk. */
let gltfReaderLoad: Promise<unknown> | undefined;
