import { formatNumbers } from '../src/parse/index.js';
import { LayerWElement } from './layerw-element.js';
import { flagOr, readVector } from './values.js';

export const DEFAULT_LABEL_POSITION: readonly number[] = [0, 0, 0];
export const DEFAULT_OCCLUDE = true;

/**
 * Why a label is hidden: `''` while shown, `pending` until its first frame places it, `camera` when its point
 * is behind the camera, `geometry` when a mesh is in front of it (with `occlude`), `parent` when its mesh or
 * group is not visible.
 */
export type LabelHiddenBy = '' | 'pending' | 'camera' | 'geometry' | 'parent';

/** What a label needs from its scene element. Implemented by `<layerw-scene>`. */
export interface LabelHost {
  attachLabel(label: LayerWLabel): void;
  detachLabel(label: LayerWLabel): void;
  labelChanged(): void;
}

function isLabelHost(element: Element): element is Element & LabelHost {
  return typeof (element as Partial<LabelHost>).attachLabel === 'function';
}

/**
 * `<layerw-label>`: HTML anchored at a 3D point. A child of a mesh, group or scene; `position` is relative to
 * that parent. Its content shows over the canvas at the point and follows it every frame; it hides behind the
 * camera and, with `occlude` (the default), behind meshes. The hidden state is the `hidden-by` attribute (see
 * LabelHiddenBy) and the custom states `:state(hidden)` and `:state(<reason>)`. The placing code is its own
 * chunk, loaded when a scene gets its first label.
 */
export class LayerWLabel extends LayerWElement {
  static override attributeProperties: Readonly<Record<string, string>> = {
    position: 'position',
    occlude: 'occlude',
  };

  /** The point in the parent's space; read by the scene's label step every frame. */
  readonly point = new Float32Array(DEFAULT_LABEL_POSITION);
  #occlude = DEFAULT_OCCLUDE;
  #host: (Element & LabelHost) | null = null;

  get position(): number[] {
    return Array.from(this.point);
  }

  set position(value: string | ArrayLike<number> | null | undefined) {
    if (value === null || value === undefined) this.point.set(DEFAULT_LABEL_POSITION);
    else {
      const result = readVector(value, 3, this.point);
      if (!result.ok) {
        this.reject('position', value, result.reason, formatNumbers(this.point));
        return;
      }
    }
    this.#host?.labelChanged();
  }

  /** Hide the label while a mesh lies between the camera and its point. */
  get occlude(): boolean {
    return this.#occlude;
  }

  set occlude(value: boolean | string | null | undefined) {
    this.#occlude = flagOr(this, 'occlude', value, DEFAULT_OCCLUDE, this.#occlude);
    this.#host?.labelChanged();
  }

  /** Why the label is hidden now (`''` while it shows); see LabelHiddenBy. */
  get hiddenBy(): LabelHiddenBy {
    return (this.getAttribute('hidden-by') ?? '') as LabelHiddenBy;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Not placed until its scene's label step runs; the step keeps `hidden-by` and the custom states from then on.
    if (!this.hasAttribute('hidden-by')) this.setAttribute('hidden-by', 'pending');
    this.withScene(isLabelHost, (scene) => {
      if (this.#host) return;
      this.#host = scene;
      scene.attachLabel(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#host?.detachLabel(this);
    this.#host = null;
  }
}
