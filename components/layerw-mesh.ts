import { formatNumbers } from '../src/parse/index.js';
import { GEOMETRIES, type GeometryName } from '../src/gpu/frame-input.js';
import { geometryBounds } from '../src/engine/geometry-bounds.js';
import type { ObjectSlot } from '../src/engine/object-slot.js';
import { MeshTextures } from './mesh-textures.js';
import { LayerWModelNode } from './model-node.js';
import { flagOr, numberOr, readColor, readKeyword, readVector } from './values.js';

export const DEFAULT_GEOMETRY: GeometryName = 'box';
export const DEFAULT_COLOR = '#ffffff';
export const DEFAULT_METALNESS = 0;
export const DEFAULT_ROUGHNESS = 0.5;
export const DEFAULT_EMISSIVE = '#000000';
export const DEFAULT_OPACITY = 1;
export const DEFAULT_CAST_SHADOW = true;
export const DEFAULT_RECEIVE_SHADOW = true;
export const DEFAULT_PICKABLE = true;
const ZERO: readonly number[] = [0, 0, 0];
/** Linear emission added to a mesh while it has keyboard focus: an amber glow that reads on light and dark colours. */
export const FOCUS_EMISSIVE: readonly number[] = [0.55, 0.32, 0.02];
const BLACK = new Float32Array([0, 0, 0, 1]);
/** Scratch for a colour being parsed (kept apart so a refused one leaves the element's own untouched). Writes
 *  are synchronous, so one serves every mesh. */
const parsedColor = new Float32Array(4);
const CROSS_ORIGIN = ['anonymous', 'use-credentials'] as const;

/**
 * `<layerw-mesh>`: one drawable object. A built-in `geometry` with a PBR material (`color`, `metalness`,
 * `roughness`, `emissive`, `opacity`), shadow flags, and `velocity` / `spin` for motion with no script.
 * Every value is parsed once and written straight into the object's column slot.
 */
export class LayerWMesh extends LayerWModelNode {
  static override attributeProperties: Readonly<Record<string, string>> = {
    ...LayerWModelNode.attributeProperties,
    geometry: 'geometry',
    color: 'color',
    metalness: 'metalness',
    roughness: 'roughness',
    emissive: 'emissive',
    opacity: 'opacity',
    'cast-shadow': 'castShadow',
    'receive-shadow': 'receiveShadow',
    velocity: 'velocity',
    spin: 'spin',
    label: 'label',
    crossorigin: 'crossorigin',
    pickable: 'pickable',
    texture: 'texture',
    'texture-repeat': 'textureRepeat',
    'normal-texture': 'normalTexture',
    'roughness-texture': 'roughnessTexture',
  };

  #geometry: GeometryName = DEFAULT_GEOMETRY;
  #colorText = DEFAULT_COLOR;
  readonly #color = new Float32Array([1, 1, 1, 1]);
  #metalness = DEFAULT_METALNESS;
  #roughness = DEFAULT_ROUGHNESS;
  #emissiveText = DEFAULT_EMISSIVE;
  /** Null while black, as most meshes are: one array fewer per element. */
  #emissive: Float32Array | null = null;
  #opacity = DEFAULT_OPACITY;
  #castShadow = DEFAULT_CAST_SHADOW;
  #receiveShadow = DEFAULT_RECEIVE_SHADOW;
  /** Null while zero, as most meshes are. */
  #velocity: Float32Array | null = null;
  #spin: Float32Array | null = null;
  #label = '';
  #focused = false;
  #pickable = DEFAULT_PICKABLE;
  #crossorigin: (typeof CROSS_ORIGIN)[number] = 'anonymous';

  /** Made on the first texture attribute: most meshes show none. */
  #texturesState: MeshTextures | null = null;

  #textures(): MeshTextures {
    return (this.#texturesState ??= new MeshTextures(this));
  }

  /**
   * An image on the built-in geometry (its base colour, multiplied by `color`): a URL, or `#id` of an `<img>`,
   * `<video>` or `<canvas>` of the page. A video shows its current frame; a canvas is copied when it is first
   * shown and again after each `textureNeedsUpdate()`.
   */
  get texture(): string | null {
    return this.#texturesState?.source(0) ?? null;
  }

  set texture(value: string | null | undefined) {
    this.#setTexture(0, value);
  }

  /** A tangent-space normal map on the built-in geometry, given as `texture` is. */
  get normalTexture(): string | null {
    return this.#texturesState?.source(1) ?? null;
  }

  set normalTexture(value: string | null | undefined) {
    this.#setTexture(1, value);
  }

  /** A roughness map on the built-in geometry (its green channel scales `roughness`), given as `texture` is. */
  get roughnessTexture(): string | null {
    return this.#texturesState?.source(2) ?? null;
  }

  set roughnessTexture(value: string | null | undefined) {
    this.#setTexture(2, value);
  }

  /** How many times the images repeat across the geometry's UVs, `"u v"` or one number for both (default 1 1). */
  get textureRepeat(): number[] {
    return this.#texturesState?.repeat ?? [1, 1];
  }

  set textureRepeat(value: string | number | ArrayLike<number> | null | undefined) {
    if (this.#textures().setRepeat(value) && this.src === null && this.#texturesState!.any) this.showSource();
  }

  /** The page redrew a `<canvas>` this mesh shows: it is copied to the GPU before the next frame. */
  textureNeedsUpdate(): void {
    this.#texturesState?.refresh(this.runtime);
  }

  #setTexture(role: number, value: string | null | undefined): void {
    if (this.#textures().setSource(role, value) && this.src === null) this.showSource();
  }

  get geometry(): GeometryName {
    return this.#geometry;
  }

  set geometry(value: GeometryName | string | null | undefined) {
    if (value === null || value === undefined) this.#geometry = DEFAULT_GEOMETRY;
    else {
      const result = readKeyword(value, GEOMETRIES);
      if (!result.ok) {
        this.reject('geometry', value, result.reason, this.#geometry);
        return;
      }
      this.#geometry = result.value;
    }
    if (this.src !== null) return;
    if (this.#texturesState?.any) this.showSource();
    else this.object?.setGeometry(this.#geometry, geometryBounds(this.#geometry));
  }

  /** Any CSS colour: the base colour, multiplying `texture` where there is one. */
  get color(): string {
    return this.#colorText;
  }

  set color(value: string | null | undefined) {
    if (this.#readColor('color', value, DEFAULT_COLOR, this.#colorText, this.#color)) {
      this.#colorText = value ?? DEFAULT_COLOR;
      this.#writeColor();
    }
  }

  get metalness(): number {
    return this.#metalness;
  }

  set metalness(value: number | string | null | undefined) {
    this.#metalness = numberOr(this, 'metalness', value, DEFAULT_METALNESS, this.#metalness, 0, 1);
    this.object?.setMaterial(this.#metalness, this.#roughness);
  }

  get roughness(): number {
    return this.#roughness;
  }

  set roughness(value: number | string | null | undefined) {
    this.#roughness = numberOr(this, 'roughness', value, DEFAULT_ROUGHNESS, this.#roughness, 0, 1);
    this.object?.setMaterial(this.#metalness, this.#roughness);
  }

  get emissive(): string {
    return this.#emissiveText;
  }

  set emissive(value: string | null | undefined) {
    if (this.#readColor('emissive', value, DEFAULT_EMISSIVE, this.#emissiveText, (this.#emissive ??= new Float32Array(4)))) {
      this.#emissiveText = value ?? DEFAULT_EMISSIVE;
      this.#writeEmissive();
    }
  }

  /** 1 is opaque; below 1 the mesh is drawn in the blended pass, back to front. */
  get opacity(): number {
    return this.#opacity;
  }

  set opacity(value: number | string | null | undefined) {
    this.#opacity = numberOr(this, 'opacity', value, DEFAULT_OPACITY, this.#opacity, 0, 1);
    this.#writeColor();
  }

  get castShadow(): boolean {
    return this.#castShadow;
  }

  set castShadow(value: boolean | string | null | undefined) {
    this.#castShadow = flagOr(this, 'cast-shadow', value, DEFAULT_CAST_SHADOW, this.#castShadow);
    this.object?.setCastShadow(this.#castShadow);
  }

  get receiveShadow(): boolean {
    return this.#receiveShadow;
  }

  set receiveShadow(value: boolean | string | null | undefined) {
    this.#receiveShadow = flagOr(this, 'receive-shadow', value, DEFAULT_RECEIVE_SHADOW, this.#receiveShadow);
    this.object?.setReceiveShadow(this.#receiveShadow);
  }

  /** Units per second, moved by the engine every frame. */
  get velocity(): number[] {
    return Array.from(this.#velocity ?? ZERO);
  }

  set velocity(value: string | ArrayLike<number> | null | undefined) {
    const velocity = (this.#velocity ??= new Float32Array(3));
    if (this.#readMotion('velocity', value, velocity)) {
      this.object?.setVelocity(velocity[0]!, velocity[1]!, velocity[2]!);
    }
  }

  /** Degrees per second about the local x, y, z axes. */
  get spin(): number[] {
    return Array.from(this.#spin ?? ZERO);
  }

  set spin(value: string | ArrayLike<number> | null | undefined) {
    const spin = (this.#spin ??= new Float32Array(3));
    if (this.#readMotion('spin', value, spin)) {
      this.object?.setSpin(spin[0]!, spin[1]!, spin[2]!);
    }
  }

  /** Whether the pointer stops at this mesh; `false` lets clicks and hover through to what is behind it. */
  get pickable(): boolean {
    return this.#pickable;
  }

  set pickable(value: boolean | string | null | undefined) {
    this.#pickable = flagOr(this, 'pickable', value, DEFAULT_PICKABLE, this.#pickable);
    this.object?.setPickable(this.#pickable);
  }

  /**
   * A name for the object, for people and tools; not drawn. A labelled mesh can be reached from the keyboard
   * (its scene is a tab stop) and is what screen readers announce.
   */
  get label(): string {
    return this.#label;
  }

  set label(value: string | null | undefined) {
    const before = this.#label;
    this.#label = value ?? '';
    if (this.#label !== before) this.labelledChanged();
  }

  /**
   * Shows or hides the keyboard focus highlight (FOCUS_EMISSIVE added to `emissive`). Called by the scene's
   * keyboard navigation when focus moves.
   */
  showFocus(on: boolean): void {
    this.#focused = on;
    this.#writeEmissive();
  }

  /** How `src` and its sub-resources are fetched: `anonymous` (default) or `use-credentials`. */
  get crossorigin(): string {
    return this.#crossorigin;
  }

  set crossorigin(value: string | null | undefined) {
    const before = this.#crossorigin;
    if (value === null || value === undefined || value === '') this.#crossorigin = 'anonymous';
    else {
      const result = readKeyword(value, CROSS_ORIGIN);
      if (!result.ok) {
        this.reject('crossorigin', value, result.reason, this.#crossorigin);
        return;
      }
      this.#crossorigin = result.value;
    }
    if (this.#crossorigin !== before && (this.src !== null || this.#texturesState?.any)) this.showSource();
  }

  protected override writeAll(object: ObjectSlot, visible: boolean): void {
    super.writeAll(object, visible);
    this.showSource();
    this.#writeColor();
    object.setMaterial(this.#metalness, this.#roughness);
    // A fresh slot has no emission and no motion: write those only when set.
    const e = this.#emissive ?? BLACK;
    if (this.#focused || e[0] !== 0 || e[1] !== 0 || e[2] !== 0) this.#writeEmissive();
    object.setCastShadow(this.#castShadow);
    object.setReceiveShadow(this.#receiveShadow);
    if (!this.#pickable) object.setPickable(false);
    const v = this.#velocity;
    if (v && (v[0] !== 0 || v[1] !== 0 || v[2] !== 0)) object.setVelocity(v[0]!, v[1]!, v[2]!);
    const w = this.#spin;
    if (w && (w[0] !== 0 || w[1] !== 0 || w[2] !== 0)) object.setSpin(w[0]!, w[1]!, w[2]!);
  }

  protected override releaseResources(): void {
    this.#texturesState?.release();
    super.releaseResources();
  }

  /** Draws the built-in geometry, or starts showing `src` (nothing is drawn until the model is ready). */
  protected override showSource(): void {
    this.releaseResources();
    const object = this.object;
    const runtime = this.runtime;
    if (!object || !runtime) return;
    if (this.src === null) {
      const bounds = geometryBounds(this.#geometry);
      if (this.#texturesState?.any) {
        this.#texturesState.show(runtime, object, this.#geometry, bounds, this.#crossorigin, this.loading === 'lazy',
          () => this.dispatchEvent(new CustomEvent('load', { detail: { texture: this.texture }, bubbles: true, composed: true })));
      } else object.setGeometry(this.#geometry, bounds);
      return;
    }
    this.model().show(runtime, object, this.src, this.#crossorigin);
  }

  #writeEmissive(): void {
    const e = this.#emissive ?? BLACK;
    const f = this.#focused ? FOCUS_EMISSIVE : ZERO;
    this.object?.setEmissive(e[0]! + f[0]!, e[1]! + f[1]!, e[2]! + f[2]!);
  }

  #writeColor(): void {
    this.object?.setColor(this.#color[0]!, this.#color[1]!, this.#color[2]!, this.#color[3]! * this.#opacity);
  }

  #readColor(attribute: string, value: unknown, fallback: string, kept: string, target: Float32Array): boolean {
    const result = readColor(value ?? fallback, parsedColor);
    if (!result.ok) {
      this.reject(attribute, value, result.reason, kept);
      return false;
    }
    target.set(parsedColor);
    return true;
  }

  #readMotion(attribute: string, value: unknown, target: Float32Array): boolean {
    if (value === null || value === undefined) {
      target.set(ZERO);
      return true;
    }
    const result = readVector(value, 3, target, false);
    if (!result.ok) this.reject(attribute, value, result.reason, formatNumbers(target));
    return result.ok;
  }
}
