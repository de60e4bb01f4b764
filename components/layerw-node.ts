import { eulerDegreesToQuaternion, formatNumbers, parsePlainVector3 } from '../src/parse/index.js';
import type { ObjectSlot } from '../src/engine/object-slot.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import { LayerWElement } from './layerw-element.js';
import { flagOr, readVector } from './values.js';
import { LayerWError } from '../src/errors.js';
import { componentDefinition } from '../src/systems/component-registry.js';
import { componentAttributes, componentOfAttribute, readComponentValue } from './user-components.js';

export const DEFAULT_POSITION: readonly number[] = [0, 0, 0];
export const DEFAULT_ROTATION: readonly number[] = [0, 0, 0];
export const DEFAULT_SCALE: readonly number[] = [1, 1, 1];
const IDENTITY_QUATERNION: readonly number[] = [0, 0, 0, 1];
/** Scratch for the rotation quaternion on its way to the slot; writes are synchronous, so one serves all. */
const quaternion = new Float32Array(4);

/** What a node needs from its scene element: attach and detach. Implemented by `<layerw-scene>`. */
export interface NodeHost {
  attachNode(node: LayerWNode): void;
  detachNode(node: LayerWNode): void;
  /** A mesh's `label` changed: the keyboard's list of labelled meshes is out of date. */
  labelledChanged(node: LayerWNode): void;
}

function isNodeHost(element: Element): element is Element & NodeHost {
  return typeof (element as Partial<NodeHost>).attachNode === 'function';
}

/**
 * The transform part of `<layerw-mesh>` and `<layerw-group>`: `position`, `rotation` (degrees), `scale`,
 * `visible`. A node owns one column slot from the moment its scene's memory is ready until it disconnects;
 * its parent in the engine is the nearest `<layerw-group>` around it.
 */
export class LayerWNode extends LayerWElement {
  static override attributeProperties: Readonly<Record<string, string>> = {
    position: 'position',
    rotation: 'rotation',
    scale: 'scale',
    visible: 'visible',
  };

  /** The slot while bound. */
  protected object: ObjectSlot | null = null;
  #runtime: SceneRuntime | null = null;
  #host: (Element & NodeHost) | null = null;
  readonly #position = new Float32Array(DEFAULT_POSITION);
  /** Null while unrotated, as most nodes are. */
  #rotation: Float32Array | null = null;
  readonly #scale = new Float32Array(DEFAULT_SCALE);
  #visible = true;
  /** User component values set on this node (attribute, property or setComponent), by component name. */
  #components: Map<string, Float64Array> | null = null;

  /**
   * `position` is what pages change most (every frame, from a script or a framework): its common form is read
   * in one pass straight into the node's numbers, without the attribute table, a keyed property write or the
   * general parser (which still reads every other form, and refuses bad ones).
   */
  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name !== 'position') super.attributeChangedCallback(name, old, value);
    else if (value !== null && parsePlainVector3(value, this.#position)) this.#writePosition();
    else this.position = value;
  }

  get position(): number[] {
    return Array.from(this.#position);
  }

  set position(value: string | ArrayLike<number> | null | undefined) {
    if (this.#readVector('position', value, this.#position, DEFAULT_POSITION, false)) this.#writePosition();
  }

  /** Euler angles in degrees about x, y, z. */
  get rotation(): number[] {
    return Array.from(this.#rotation ?? DEFAULT_ROTATION);
  }

  set rotation(value: string | ArrayLike<number> | null | undefined) {
    if (this.#readVector('rotation', value, (this.#rotation ??= new Float32Array(3)), DEFAULT_ROTATION, false)) this.#writeRotation();
  }

  get scale(): number[] {
    return Array.from(this.#scale);
  }

  set scale(value: string | number | ArrayLike<number> | null | undefined) {
    if (this.#readVector('scale', value, this.#scale, DEFAULT_SCALE, true)) this.#writeScale();
  }

  get visible(): boolean {
    return this.#visible;
  }

  set visible(value: boolean | string | null | undefined) {
    this.#visible = flagOr(this, 'visible', value, true, this.#visible);
    this.refreshVisibility();
  }

  /**
   * Sets the user component `name` (see `defineComponent`) on this node: a string of numbers, a number or an
   * array, parsed like the built-in attributes (BAD_ATTRIBUTE, previous value kept); null or undefined removes
   * it (the slot returns to the default and no longer counts as having the component).
   */
  setComponent(name: string, value: unknown): void {
    const definition = componentDefinition(name);
    if (!definition) {
      this.reject(name, value, 'is not a defined component', 'nothing');
      return;
    }
    if (value === null || value === undefined) {
      this.#components?.delete(name);
      if (this.object) this.#runtime?.components?.clear(this.object.slot, name);
      return;
    }
    const values = this.#components?.get(name) ?? Float64Array.from(definition.defaults);
    if (!readComponentValue(this, definition, value, values)) return;
    (this.#components ??= new Map()).set(name, values);
    this.#writeComponent(name, values);
  }

  /**
   * The user component `name` of this node as the columns hold it now (systems may have changed it): a number
   * for a one-number component, an array otherwise; undefined for a name that is not a component.
   */
  getComponent(name: string): number | number[] | undefined {
    const definition = componentDefinition(name);
    if (!definition) return undefined;
    const components = this.#runtime?.components;
    let values: ArrayLike<number> = this.#components?.get(name) ?? definition.defaults;
    if (this.object && components) {
      const at = this.object.slot * definition.size;
      values = components.column(name).subarray(at, at + definition.size);
    }
    return definition.size === 1 ? values[0]! : Array.from(values);
  }

  /** The scene's component columns were made after this node bound (their code arrived): writes the values it holds. */
  componentsReady(): void {
    if (this.#components) for (const [name, values] of this.#components) this.#writeComponent(name, values);
  }

  #writeComponent(name: string, values: Float64Array): void {
    if (!this.object) return;
    try {
      this.#runtime?.components?.write(this.object.slot, name, values);
    } catch (error) {
      if (error instanceof LayerWError) this.report(error);
      else throw error;
    }
  }

  /** Reads component attributes that arrived before their component was defined or before this node bound. */
  #readComponentAttributes(): void {
    for (const attribute of componentAttributes()) {
      const definition = componentOfAttribute(attribute);
      if (definition && this.hasAttribute(attribute) && !this.#components?.has(definition.name)) {
        this.setComponent(definition.name, this.getAttribute(attribute));
      }
    }
  }

  /** Visible itself and through every group around it. */
  get effectiveVisible(): boolean {
    const parent = this.parentNodeElement;
    return this.#visible && (parent ? parent.effectiveVisible : true);
  }

  /** The nearest `<layerw-group>` around this node inside its scene, or null at the scene's root. */
  get parentNodeElement(): LayerWNode | null {
    const around = this.parentElement?.closest('layerw-group, layerw-scene') ?? null;
    return around instanceof LayerWNode ? around : null;
  }

  /** The scene runtime while bound. */
  protected get runtime(): SceneRuntime | null {
    return this.#runtime;
  }

  /** The node's column slot while bound, or null: what a `<layerw-animate>` inside it writes to. */
  get columnSlot(): number | null {
    return this.object ? this.object.slot : null;
  }

  /** The node's slot while it draws something and is shown (what a camera fit frames), or null. */
  get framedSlot(): number | null {
    return this.object?.framed ? this.object.slot : null;
  }

  /** True while the node holds a slot. */
  get bound(): boolean {
    return this.object !== null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.withScene(isNodeHost, (scene) => {
      if (this.#host) return;
      this.#host = scene;
      scene.attachNode(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#host?.detachNode(this);
    this.#host = null;
  }

  /**
   * Takes a slot in `runtime` and writes every value into it; binds the parent group first so the link can
   * be made. Called by the scene when its memory is ready, or at attach time if it already is.
   */
  bind(runtime: SceneRuntime): void {
    if (this.object || !this.isConnected) return;
    const parent = this.parentNodeElement;
    if (parent && !parent.bound) parent.bind(runtime);
    const object = runtime.allocObject(this);
    if (!object) return;
    this.object = object;
    this.#runtime = runtime;
    if (parent?.object) runtime.setParent(object, parent.object);
    this.writeAll(object, this.#visible && (parent ? parent.effectiveVisible : true));
  }

  /** Gives the slot back (`free`), or just forgets it when the whole memory is going away. */
  unbind(free: boolean): void {
    if (!this.object) return;
    this.releaseResources();
    if (free) this.#runtime?.freeObject(this.object);
    this.object = null;
    this.#runtime = null;
  }

  /** Tells the scene that this node's `label` changed. */
  protected labelledChanged(): void {
    this.#host?.labelledChanged(this);
  }

  /** Lets go of what the node holds besides its slot (a model); called before the slot goes. */
  protected releaseResources(): void {}

  /**
   * Writes every value into a fresh slot, whose defaults are the elements' defaults; `visible` is the
   * effective visibility the caller worked out. Subclasses add theirs after calling this.
   */
  protected writeAll(object: ObjectSlot, visible: boolean): void {
    object.setGeometry(null, null);
    this.#writePosition();
    this.#writeRotation();
    this.#writeScale();
    if (!visible) object.setVisible(false);
    this.#readComponentAttributes();
    if (this.#components) for (const [name, values] of this.#components) this.#writeComponent(name, values);
  }

  /** Re-evaluates visibility here and below (a group's `visible` hides its subtree). */
  refreshVisibility(): void {
    this.object?.setVisible(this.effectiveVisible);
    for (const node of this.querySelectorAll<LayerWNode>('layerw-mesh, layerw-group')) {
      if (node instanceof LayerWNode) node.object?.setVisible(node.effectiveVisible);
    }
    // Hidden meshes leave the keyboard's list, shown ones come back.
    this.#host?.labelledChanged(this);
  }

  #writePosition(): void {
    this.object?.setPosition(this.#position[0]!, this.#position[1]!, this.#position[2]!);
  }

  #writeRotation(): void {
    const r = this.#rotation;
    if (!r || (r[0] === 0 && r[1] === 0 && r[2] === 0)) quaternion.set(IDENTITY_QUATERNION);
    else eulerDegreesToQuaternion(r[0]!, r[1]!, r[2]!, quaternion, 0);
    this.object?.setRotation(quaternion[0]!, quaternion[1]!, quaternion[2]!, quaternion[3]!);
  }

  #writeScale(): void {
    this.object?.setScale(this.#scale[0]!, this.#scale[1]!, this.#scale[2]!);
  }

  /** Reads a vector value into `target` (null restores `defaults`); false when refused. */
  #readVector(attribute: string, value: unknown, target: Float32Array, defaults: readonly number[], uniform: boolean): boolean {
    if (value === null || value === undefined) {
      target.set(defaults);
      return true;
    }
    const result = readVector(value, target.length, target, uniform);
    if (!result.ok) this.reject(attribute, value, result.reason, formatNumbers(target));
    return result.ok;
  }
}
