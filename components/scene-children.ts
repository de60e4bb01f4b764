import { LayerWError } from '../src/errors.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import type { Occluder, SceneLabels } from '../src/engine/labels/scene-labels.js';
import type { LayerWAnimate } from './layerw-animate.js';
import type { LayerWLabel } from './layerw-label.js';
import type { LayerWNode } from './layerw-node.js';
import type { KeyboardScene, SceneKeyboard } from './scene-keyboard.js';

/** What the children's features need from their `<layerw-scene>`. */
export interface ChildrenScene extends KeyboardScene {
  readonly canvas: HTMLCanvasElement;
  report(error: LayerWError): void;
}

/**
 * The children of a `<layerw-scene>` that bring a feature of their own: `<layerw-animate>` (bound to the runtime
 * once its memory is ready), `<layerw-label>` (placed by the label chunk, loaded with the first label once there is
 * memory) and labelled meshes (keyboard access, its own chunk, loaded with the first labelled mesh). A scene with
 * none of them loads none of their code.
 */
export class SceneChildren {
  readonly #scene: ChildrenScene;
  /** The default slot: hidden, or the overlay labels show in. */
  readonly #slot: HTMLSlotElement;
  readonly #nodes: () => Iterable<LayerWNode>;
  readonly #picker: () => Occluder | null;
  readonly #animates = new Set<LayerWAnimate>();
  readonly #labels = new Set<LayerWLabel>();
  #sceneLabels: SceneLabels | null = null;
  #keyboard: SceneKeyboard | null = null;
  #keyboardLoading = false;

  constructor(scene: ChildrenScene, slot: HTMLSlotElement, nodes: () => Iterable<LayerWNode>, picker: () => Occluder | null) {
    this.#scene = scene;
    this.#slot = slot;
    this.#nodes = nodes;
    this.#picker = picker;
  }

  /** The runtime's memory is ready: animations bind, labels start. */
  memoryReady(runtime: SceneRuntime): void {
    for (const animate of this.#animates) animate.bind(runtime);
    this.#startLabels();
  }

  /** The runtime goes away: labels stop, animations unbind (their tweens are freed with the memory). */
  stop(): void {
    this.#sceneLabels?.destroy();
    this.#sceneLabels = null;
    for (const animate of this.#animates) animate.unbind(false);
  }

  attachAnimate(animate: LayerWAnimate): void {
    this.#animates.add(animate);
    const runtime = this.#scene.runtime;
    if (runtime?.memoryReady) animate.bind(runtime);
  }

  detachAnimate(animate: LayerWAnimate): void {
    this.#animates.delete(animate);
    animate.unbind(true);
  }

  attachLabel(label: LayerWLabel): void {
    this.#labels.add(label);
    if (this.#sceneLabels) this.#sceneLabels.add(label);
    else this.#startLabels();
  }

  detachLabel(label: LayerWLabel): void {
    this.#labels.delete(label);
    this.#sceneLabels?.remove(label);
    if (this.#labels.size === 0) {
      this.#sceneLabels?.destroy();
      this.#sceneLabels = null;
    }
  }

  labelChanged(): void {
    this.#sceneLabels?.changed();
  }

  /**
   * The list of labelled meshes or the scene's `alt` may have changed (`node`: the mesh whose label changed or
   * that arrived); the keyboard chunk starts loading with the first labelled mesh.
   */
  labelledChanged(node?: LayerWNode): void {
    if (this.#keyboard) this.#keyboard.changed();
    else if (node && !this.#keyboardLoading && (node as { label?: string }).label) {
      this.#keyboardLoading = true;
      const scene = this.#scene;
      void import('./scene-keyboard.js').then(({ SceneKeyboard }) => {
        this.#keyboard = new SceneKeyboard(scene, scene.shadowRoot!, scene.canvas, this.#nodes);
        this.#keyboard.changed();
      }, chunkFailed(scene, 'keyboard'));
    }
  }

  /** Loads the label chunk and starts placing labels, once there are labels and memory. */
  #startLabels(): void {
    const runtime = this.#scene.runtime;
    if (this.#labels.size === 0 || this.#sceneLabels || !runtime?.memoryReady) return;
    void import('../src/engine/labels/scene-labels.js').then(({ SceneLabels }) => {
      const walloc = runtime.walloc;
      if (this.#scene.runtime !== runtime || this.#sceneLabels || this.#labels.size === 0 || !walloc) return;
      this.#sceneLabels = new SceneLabels(runtime, walloc, this.#picker, this.#slot);
      for (const label of this.#labels) this.#sceneLabels.add(label);
    }, chunkFailed(this.#scene, 'label'));
  }
}

/** Reports a lazy chunk (`what` code) that did not load, on `scene`. */
function chunkFailed(scene: ChildrenScene, what: string): (cause: unknown) => void {
  return (cause) => scene.report(new LayerWError('LOAD_FAILED', `the ${what} code could not be loaded: ${String(cause)}`, { cause }));
}
