import { LayerWError } from '../src/errors.js';
import type { ScenePointer, PointerRuntime, PointerScene } from '../src/engine/picking/scene-pointer.js';
import { POINTER_EVENT_TYPES } from '../src/engine/picking/pointer-types.js';

/** The scene as the loader sees it. */
export interface PointerLoaderScene extends PointerScene {
  report(error: LayerWError): void;
}

/** Canvas events kept while pointer handling loads; beyond this the oldest are dropped. */
const MAX_EARLY_EVENTS = 32;

/**
 * Loads a scene's pointer handling (the pointer chunk with the picking kernels) on first use rather than with
 * every scene: the first pointer event on the canvas, the first `pick` or `raycast`, or the first label (labels
 * hide behind meshes through its picker). The canvas's pointer events that arrive before it has loaded are held
 * (they stop at the canvas, as they do once it is there) and handed to it when it arrives, so a first tap or click
 * still reaches its mesh; a listener can no longer cancel their browser default by then.
 */
export class ScenePointerLoader {
  readonly #scene: PointerLoaderScene;
  readonly #canvas: HTMLCanvasElement;
  readonly #early: Event[] = [];
  readonly #waiting: { resolve: () => void; reject: (error: LayerWError) => void }[] = [];
  #pointer: ScenePointer | null = null;
  #runtime: PointerRuntime | null = null;
  #wanted = false;

  constructor(scene: PointerLoaderScene, canvas: HTMLCanvasElement) {
    this.#scene = scene;
    this.#canvas = canvas;
    for (const type of POINTER_EVENT_TYPES) canvas.addEventListener(type, this.#hold);
  }

  /** Pointer handling if it has loaded; otherwise starts loading it (once the memory is ready) and returns null. */
  want(): ScenePointer | null {
    if (!this.#wanted) {
      this.#wanted = true;
      if (this.#runtime) this.#load(this.#runtime);
    }
    return this.#pointer;
  }

  /** Starts loading now if it has not; resolves once pointer handling is there, rejects with `LOAD_FAILED`. */
  whenLoaded(): Promise<void> {
    if (this.want()) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** The scene's memory is ready in `runtime`: loads pointer handling for it if it was asked for. */
  memoryReady(runtime: PointerRuntime): void {
    this.#runtime = runtime;
    if (this.#wanted) this.#load(runtime);
  }

  /** The runtime is going away: drops its pointer handling and the events held for it. */
  release(): void {
    this.#runtime = null;
    this.#pointer?.destroy();
    this.#pointer = null;
    this.#early.length = 0;
  }

  readonly #hold = (event: Event): void => {
    if (this.#pointer) return;
    event.stopPropagation();
    if (this.#early.length === MAX_EARLY_EVENTS) this.#early.shift();
    this.#early.push(event);
    this.want();
  };

  #load(runtime: PointerRuntime): void {
    void import('../src/engine/picking/scene-pointer.js').then(({ ScenePointer }) => {
      const walloc = runtime.walloc;
      if (this.#runtime !== runtime || this.#pointer || !walloc) return;
      return ScenePointer.create(this.#scene, this.#canvas, runtime, walloc).then((pointer) => {
        // The kernels load asynchronously: the scene may have moved to another memory, or got a pointer, meanwhile.
        if (this.#runtime !== runtime || this.#pointer) {
          pointer.destroy();
          return;
        }
        this.#pointer = pointer;
        pointer.replay(this.#early.splice(0));
        for (const waiter of this.#waiting.splice(0)) waiter.resolve();
      });
    }).catch((cause: unknown) => {
      const error = new LayerWError('LOAD_FAILED', `the picking code could not be loaded: ${String(cause)}`, { cause });
      this.#scene.report(error);
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    });
  }
}
