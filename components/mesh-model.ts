import type { CrossOrigin } from '../src/assets/fetch-bytes.js';
import type { ObjectSlot } from '../src/engine/object-slot.js';
import type { ModelAnimationSource } from '../src/engine/model-user.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import { LayerWError } from '../src/errors.js';
import { animationPlayerLoaded, loadAnimationPlayer } from './mesh-animation.js';
import type { ModelRequest, ShownModel } from './model-request.js';
import { readKeyword, type Refuser } from './values.js';

const LOADING = ['lazy', 'eager'] as const;
/** Models load when their scene comes near the viewport, as images with loading="lazy" do. */
export const DEFAULT_LOADING = 'lazy';
/** The variant names of a mesh with no model, or of a model without variants. */
export const NO_VARIANTS: readonly string[] = Object.freeze([]);

/** What a model asks of its `<layerw-scene>` about framing it (LayerWScene's `camera-fit`). */
export interface ModelScene {
  /** `camera-fit`: a CSS selector, empty for every mesh, or null (off). */
  readonly cameraFit: string | null;
  /** A model became ready in `mesh`; the frame that shows it follows. */
  modelShown(mesh: Element): void;
}

/** The element a model belongs to: it refuses bad values, reports errors and receives `progress` and `load`. */
export interface ModelOwner extends Refuser, Element {
  report(error: LayerWError): void;
}

/** Plays a shown model's animation in its mesh's slot, or (null) stops the one playing. */
export type ModelAnimate = (animation: ModelAnimationSource | null, slot: number) => void;

let shownModel: typeof ShownModel | undefined;
let loading: Promise<typeof ShownModel> | undefined;

/** Starts loading the model request's chunk once per page (again after a failure). */
function loadModelRequest(): Promise<typeof ShownModel> {
  loading ??= import('./model-request.js').then((module) => (shownModel = module.ShownModel), (cause: unknown) => {
    loading = undefined;
    throw cause;
  });
  return loading;
}

/**
 * The `src` model of one `<layerw-mesh>`: its `loading` and `variant` values, checked here at once. Asking the scene
 * for the model, drawing it and the `progress` and `load` events are a chunk (components/model-request.ts), fetched
 * with the first `src`. Made with the mesh's first `src`, `loading` or `variant`: most meshes have none.
 */
export class MeshModel {
  readonly #owner: ModelOwner;
  readonly #animate: ModelAnimate;
  #loading: (typeof LOADING)[number] = DEFAULT_LOADING;
  #variant: string | null = null;
  #shown: ShownModel | null = null;
  /** Identifies the current request; a superseded one that finds its chunk loaded asks for nothing. */
  #token: object | null = null;

  constructor(owner: ModelOwner, animate: ModelAnimate) {
    this.#owner = owner;
    this.#animate = animate;
  }

  get loading(): string {
    return this.#loading;
  }

  /** `lazy` or `eager`; anything else is refused with BAD_ATTRIBUTE. Read by the next `show`. */
  set loading(value: string | null | undefined) {
    if (value === null || value === undefined || value === '') this.#loading = DEFAULT_LOADING;
    else {
      const result = readKeyword(value, LOADING);
      if (!result.ok) {
        this.#owner.reject('loading', value, result.reason, this.#loading);
        return;
      }
      this.#loading = result.value;
    }
  }

  get variant(): string | null {
    return this.#variant;
  }

  /** Draws the ready model in the variant named (null or '': its own materials). */
  set variant(value: string | null | undefined) {
    const kept = this.#variant;
    this.#variant = value || null;
    if (this.#variant !== kept) this.#shown?.drawVariant(kept);
  }

  get variants(): readonly string[] {
    return this.#shown?.variants ?? NO_VARIANTS;
  }

  /** Starts fetching the request's chunk ahead of the first `show`: a `src` was set. */
  prefetch(): void {
    void loadModelRequest().catch(() => undefined);
  }

  /** Asks `runtime` for the model at `src`, drawn in `object` once ready (nothing is drawn until then). */
  show(runtime: SceneRuntime, object: ObjectSlot, src: string, crossOrigin: CrossOrigin): void {
    this.release();
    object.setGeometry(null, null);
    const token = {};
    this.#token = token;
    const scene = this.#owner.closest('layerw-scene') as ModelScene | null;
    const request: ModelRequest = {
      owner: this.#owner, runtime, scene, object, src, crossOrigin, lazy: this.#loading === 'lazy', animate: this.#animate,
      variant: () => this.#variant,
      keepVariant: (kept) => void (this.#variant = kept),
      playerLoaded: animationPlayerLoaded,
      loadPlayer: loadAnimationPlayer,
    };
    if (shownModel) {
      this.#shown = new shownModel(request);
      return;
    }
    loadModelRequest().then((Shown) => {
      if (this.#token === token) this.#shown = new Shown(request);
    }, (cause: unknown) => {
      if (this.#token === token) this.#owner.report(new LayerWError('LOAD_FAILED', `the model code could not be loaded: ${String(cause)}`, { cause }));
    });
  }

  /** Lets go of the model; a request whose chunk is still on its way asks for nothing. */
  release(): void {
    this.#token = null;
    this.#shown?.release();
    this.#shown = null;
  }
}
