import type { CrossOrigin } from '../src/assets/fetch-bytes.js';
import type { BoundingSphere } from '../src/assets/model-data.js';
import type { ModelVariants } from '../src/engine/model-variants.js';
import type { ObjectSlot } from '../src/engine/object-slot.js';
import type { ModelAnimationSource, ModelUse, ModelUser } from '../src/engine/model-user.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import { LayerWError } from '../src/errors.js';
import type { ModelAnimate, ModelOwner, ModelScene } from './mesh-model.js';
import { makeModelRequests } from '../src/engine/scene-model-requests.js';

/** Scratch for a model's bounds on their way to the slot; writes are synchronous, so one serves every mesh. */
const modelBounds = new Float32Array(4);

/** One request for a mesh's `src` model, as MeshModel hands it over. */
export interface ModelRequest {
  readonly owner: ModelOwner;
  readonly runtime: SceneRuntime;
  /** The mesh's scene, told when the model shows (for `camera-fit`). */
  readonly scene: ModelScene | null;
  readonly object: ObjectSlot;
  readonly src: string;
  readonly crossOrigin: CrossOrigin;
  /** Wait for the scene to come near the viewport and the mesh to come into view. */
  readonly lazy: boolean;
  readonly animate: ModelAnimate;
  /** The mesh's `variant` now, and putting it back to the one kept when a name is refused. */
  variant(): string | null;
  keepVariant(kept: string | null): void;
  /** Whether the animation player's chunk is on the page, and loading it (handed over so this chunk holds neither). */
  playerLoaded(): boolean;
  loadPlayer(): Promise<unknown>;
}

/** What the scene said when the model became ready, kept to draw another of its variants. */
interface ReadyModel {
  coverage: readonly number[];
  bounds: BoundingSphere;
  variants: ModelVariants;
}

/**
 * A `<layerw-mesh src>` model asked of the scene (its own chunk, loaded with the first `src`): `progress` events
 * while it downloads; once ready, the model drawn in the mesh's slot in its variant, with its own lights and (after
 * the animation player's chunk, for an animated one) its animation; `load` once a frame shows it. Failures are
 * reported on the mesh. Released by the mesh when its `src` changes or it leaves the scene.
 */
export class ShownModel {
  readonly #request: ModelRequest;
  readonly #use: ModelUse | null = null;
  #ready: ReadyModel | null = null;
  /** The model's own lights (KHR_lights_punctual), placed by the mesh's slot. */
  #lights: ModelUse | null = null;
  #released = false;
  /** Whether the model is drawn in the slot; `load` waits for it. */
  #shown = false;
  #drawnEarly = false;

  constructor(request: ModelRequest) {
    this.#request = request;
    const { owner, src } = request;
    const current = (): boolean => !this.#released;
    const user: ModelUser = {
      modelProgress: (loaded, total) => {
        if (current()) this.#dispatch('progress', { src, loaded, total });
      },
      modelReady: (_keys, coverage, bounds, animation, lights, variants) => {
        if (!current()) return;
        // A src model's announcement always carries its variants (see ModelUser.modelReady).
        if (!animation || request.playerLoaded()) {
          this.#draw(coverage, bounds, animation, lights, variants!);
          return;
        }
        // The model is first drawn with its animation, once the player's chunk is here; without it, with no clock
        // record (as when the record does not fit: the animated model does not show).
        this.#shown = false;
        request.loadPlayer().then(() => {
          if (current()) this.#draw(coverage, bounds, animation, lights, variants!);
        }, (cause: unknown) => {
          if (!current()) return;
          owner.report(new LayerWError('LOAD_FAILED', `the animation code could not be loaded: ${String(cause)}`, { cause }));
          this.#draw(coverage, bounds, null, lights, variants!);
        });
      },
      modelDrawn: () => {
        if (!current()) return;
        if (this.#shown) this.#dispatch('load', { src });
        else this.#drawnEarly = true;
      },
      modelFailed: (error) => {
        if (current()) owner.report(error);
      },
    };
    try {
      // A scene whose camera goes where its content is (`camera-fit`) cannot judge a lazy mesh by its view.
      const waitForView = (request.scene?.cameraFit ?? null) === null;
      this.#use = request.runtime.modelRequests(makeModelRequests)?.useModel(src, request.crossOrigin, user, request.lazy ? request.object : null, waitForView) ?? null;
    } catch (error) {
      owner.report(error instanceof LayerWError ? error : new LayerWError('LOAD_FAILED', String(error), { cause: error }));
    }
  }

  /** The model's variant names, in the file's order; empty before it is ready. */
  get variants(): readonly string[] | undefined {
    return this.#ready?.variants.names;
  }

  /** Draws the ready model in the mesh's variant; a name the model lacks is refused, and `kept` drawn. */
  drawVariant(kept: string | null): void {
    const ready = this.#ready;
    if (!ready) return;
    const request = this.#request;
    const variant = request.variant();
    let keys = ready.variants.keys(variant);
    if (!keys) {
      request.owner.reject('variant', variant, ready.variants.refusal, kept ?? '');
      request.keepVariant(kept);
      keys = ready.variants.keys(kept)!;
    }
    modelBounds.set(ready.bounds.center);
    modelBounds[3] = ready.bounds.radius;
    request.object.setModel(keys, ready.coverage, modelBounds);
  }

  /** Lets go of the model and its lights; the scene's callbacks stay quiet from now on. */
  release(): void {
    this.#released = true;
    this.#lights?.release();
    this.#lights = null;
    this.#ready = null;
    this.#use?.release();
  }

  #draw(coverage: readonly number[], bounds: BoundingSphere, animation: ModelAnimationSource | null,
    lights: ((slot: number) => ModelUse) | null, variants: ModelVariants): void {
    const slot = this.#request.object.slot;
    this.#lights?.release();
    this.#lights = lights ? lights(slot) : null;
    this.#ready = { coverage, bounds, variants };
    this.drawVariant(null);
    this.#request.animate(animation, slot);
    this.#shown = true;
    this.#request.scene?.modelShown(this.#request.owner);
    this.#request.runtime.drawSoon();
    if (!this.#drawnEarly) return;
    this.#drawnEarly = false;
    this.#dispatch('load', { src: this.#request.src });
  }

  #dispatch(type: 'progress' | 'load', detail: object): void {
    this.#request.owner.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
