import { formatNumbers } from '../src/parse/index.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import type { CameraValues } from './camera-values.js';
import type { LayerWCamera } from './layerw-camera.js';
import type { LayerWNode } from './layerw-node.js';

/** `fitCamera`'s margin when none is given, as a fraction of the framed sphere's radius. */
export const FIT_PADDING = 0.1;

/** What the camera needs from its `<layerw-scene>`. */
export interface CameraScene extends HTMLElement {
  readonly runtime: SceneRuntime | null;
  /** `camera-fit`: a CSS selector, empty for every mesh, or null (off). */
  readonly cameraFit: string | null;
}

/**
 * A `<layerw-scene>`'s camera on the element side: its own camera attributes or the last `<layerw-camera>` inside
 * it, applied to the runtime's camera; moves made by the controls or a fit written back to those attributes with
 * `camerachange`; and the fits (`camera-fit`, `fitCamera`) turned into the slots the runtime frames.
 */
export class SceneCamera {
  readonly #scene: CameraScene;
  /** The scene's own `camera-position`, `camera-target`, `fov`, `near`, `far`. */
  readonly #own: CameraValues;
  readonly #nodes: Iterable<LayerWNode>;
  readonly #cameras: LayerWCamera[] = [];
  /** `camera-fit` has been set: its fit is kept by the runtime. */
  #fitKept = false;

  /** `nodes`: the scene's meshes and groups, a live collection. */
  constructor(scene: CameraScene, own: CameraValues, nodes: Iterable<LayerWNode>) {
    this.#scene = scene;
    this.#own = own;
    this.#nodes = nodes;
  }

  attach(camera: LayerWCamera): void {
    this.#cameras.push(camera);
    this.apply();
  }

  detach(camera: LayerWCamera): void {
    const at = this.#cameras.indexOf(camera);
    if (at >= 0) this.#cameras.splice(at, 1);
    this.apply();
  }

  /** The camera in force (the last `<layerw-camera>`, else the scene's attributes) to the runtime, and a frame. */
  apply(): void {
    const runtime = this.#scene.runtime;
    if (!runtime) return;
    (this.#cameras[this.#cameras.length - 1]?.values ?? this.#own).applyTo(runtime.camera);
    runtime.requestDraw();
  }

  /** The runtime's camera moved (controls, a fit): its values to the attributes, and `camerachange`. */
  moved(): void {
    const runtime = this.#scene.runtime;
    if (!runtime) return;
    const explicit = this.#cameras[this.#cameras.length - 1];
    const values = explicit ? explicit.values : this.#own;
    const element = explicit ?? this.#scene;
    // Every value is taken before the first attribute is set: each setting applies them all to the camera.
    const targetMoved = values.takeFrom(runtime.camera);
    const depthMoved = values.takeDepthRange(runtime.camera);
    element.setAttribute(explicit ? 'position' : 'camera-position', formatNumbers(values.position));
    if (targetMoved) element.setAttribute(explicit ? 'target' : 'camera-target', formatNumbers(values.target));
    if (depthMoved) {
      element.setAttribute('far', String(values.far));
      element.setAttribute('near', String(values.near));
    }
    this.#scene.dispatchEvent(new CustomEvent('camerachange', { detail: { position: Array.from(values.position), target: Array.from(values.target) }, bubbles: true, composed: true }));
  }

  /** Frames what `camera-fit` names: now, or when `shown` is a mesh it names (a model just became ready there). */
  fitToAttribute(shown?: EventTarget): void {
    const selector = this.#scene.cameraFit;
    // Once set, a removal lets the kept fit go (a kept fit of nothing).
    if (selector === null && !this.#fitKept) return;
    this.#fitKept = selector !== null;
    const targets = selector === null ? [] : selector ? [...this.#scene.querySelectorAll(selector)] : [this.#scene];
    if (!shown || targets.some((target) => target.contains(shown as Node))) this.fit(targets, FIT_PADDING, true);
  }

  /** Frames the shown meshes in `roots` (kept, for `camera-fit`: framed again when the view changes shape). */
  fit(roots: Element[], padding: number, keep: boolean): void {
    this.#scene.runtime?.controls.fit(roots, this.#nodes, padding, keep);
  }
}
