import type { Walloc } from '../memory/walloc.js';
import { constant } from '../wasm/exports.js';
import { GEOMETRIES, TRANSPARENT_KEY_OFFSET, type GeometryName } from '../gpu/frame-input.js';

/** Batch key of a slot that is never drawn (a group): at or above every key the pack kernel accepts. */
export const NO_DRAW_KEY = 0xffff;

/** The flag bits a slot writer needs, read once from the core's exports. */
export interface FlagBits {
  visible: number;
  castShadow: number;
  receiveShadow: number;
  transparent: number;
  lod: number;
  unpickable: number;
}

export function readFlagBits(walloc: Walloc): FlagBits {
  const core = walloc.core;
  return {
    visible: constant(core, 'FLAG_VISIBLE'),
    castShadow: constant(core, 'FLAG_CAST_SHADOW'),
    receiveShadow: constant(core, 'FLAG_RECEIVE_SHADOW'),
    transparent: constant(core, 'FLAG_TRANSPARENT'),
    lod: constant(core, 'FLAG_LOD'),
    unpickable: constant(core, 'FLAG_UNPICKABLE'),
  };
}

/**
 * One object's column slot, held by its element from bind to unbind. Every setter is a direct write into the
 * WebAssembly columns (through views re-derived if the memory grew) plus the flag bookkeeping that the kernels
 * read; values arrive already parsed and finite. `changed` asks the scene for a redraw.
 */
export class ObjectSlot {
  readonly slot: number;
  readonly #walloc: Walloc;
  readonly #bits: FlagBits;
  readonly #changed: () => void;
  readonly #shown: () => void;
  /** The opaque batch key: a built-in geometry's index or a model's key; -1 draws nothing. */
  #drawKey = -1;

  /** `shown` is told when the object is shown or hidden (its flags change without its instance data). */
  constructor(walloc: Walloc, bits: FlagBits, slot: number, changed: () => void, shown: () => void = changed) {
    this.#walloc = walloc;
    this.#bits = bits;
    this.slot = slot;
    this.#changed = changed;
    this.#shown = shown;
  }

  setPosition(x: number, y: number, z: number): void {
    const position = this.#walloc.columns.float.position;
    const at = this.slot * 3;
    position[at] = x;
    position[at + 1] = y;
    position[at + 2] = z;
    this.#markDirty();
  }

  /** A unit quaternion (x, y, z, w). */
  setRotation(x: number, y: number, z: number, w: number): void {
    const rotation = this.#walloc.columns.float.rotation;
    const at = this.slot * 4;
    rotation[at] = x;
    rotation[at + 1] = y;
    rotation[at + 2] = z;
    rotation[at + 3] = w;
    this.#markDirty();
  }

  setScale(x: number, y: number, z: number): void {
    const scale = this.#walloc.columns.float.scale;
    const at = this.slot * 3;
    scale[at] = x;
    scale[at + 1] = y;
    scale[at + 2] = z;
    this.#markDirty();
  }

  /** Linear colour; `opacity` below 1 moves the object to the blended pass. */
  setColor(r: number, g: number, b: number, opacity: number): void {
    const color = this.#walloc.columns.float.color;
    const at = this.slot * 4;
    color[at] = r;
    color[at + 1] = g;
    color[at + 2] = b;
    color[at + 3] = opacity;
    this.#setFlag(this.#bits.transparent, opacity < 1);
    this.#updateBatch();
    this.#markDirty();
  }

  setMaterial(metalness: number, roughness: number): void {
    const material = this.#walloc.columns.float.material;
    material[this.slot * 4] = metalness;
    material[this.slot * 4 + 1] = roughness;
    this.#markDirty();
  }

  setEmissive(r: number, g: number, b: number): void {
    const emissive = this.#walloc.columns.float.emissive;
    const at = this.slot * 4;
    emissive[at] = r;
    emissive[at + 1] = g;
    emissive[at + 2] = b;
    this.#markDirty();
  }

  /** Units per second. */
  setVelocity(x: number, y: number, z: number): void {
    const velocity = this.#walloc.columns.float.velocity;
    velocity[this.slot * 3] = x;
    velocity[this.slot * 3 + 1] = y;
    velocity[this.slot * 3 + 2] = z;
    this.#updateMoving();
  }

  /** Degrees per second about the local x, y, z axes. */
  setSpin(x: number, y: number, z: number): void {
    const spin = this.#walloc.columns.float.spin;
    spin[this.slot * 3] = x;
    spin[this.slot * 3 + 1] = y;
    spin[this.slot * 3 + 2] = z;
    this.#updateMoving();
  }

  /** Whether the object is drawn at all (its own `visible` and every ancestor group's). */
  setVisible(visible: boolean): void {
    this.#setFlag(this.#bits.visible, visible);
    this.#shown();
  }

  /** Whether the slot draws something and is shown: what a camera fit frames. */
  get framed(): boolean {
    return this.#drawKey >= 0 && (this.#walloc.columns.uint.flags[this.slot]! & this.#bits.visible) !== 0;
  }

  /** Whether pointer rays stop at the object (`pickable`); off lets them through to what is behind. */
  setPickable(on: boolean): void {
    this.#setFlag(this.#bits.unpickable, !on);
  }

  setCastShadow(on: boolean): void {
    this.#setFlag(this.#bits.castShadow, on);
    this.#walloc.columns.float.material[this.slot * 4 + 3] = on ? 1 : 0;
    this.#markDirty();
  }

  setReceiveShadow(on: boolean): void {
    this.#setFlag(this.#bits.receiveShadow, on);
    this.#walloc.columns.float.material[this.slot * 4 + 2] = on ? 1 : 0;
    this.#markDirty();
  }

  /** Draw this slot as a built-in geometry, with `bounds` its object-space sphere; null: never drawn (a group). */
  setGeometry(name: GeometryName | null, bounds: ArrayLike<number> | null): void {
    this.#setDrawKey(name === null ? -1 : GEOMETRIES.indexOf(name), bounds);
  }

  /**
   * Draw this slot as a loaded model: `keys` has one batch key per level of detail (finest first, at most 4),
   * `coverage[i]` the screen coverage below which level i + 1 replaces level i; `bounds` is the model's
   * object-space sphere. With one level no selection runs.
   */
  setModel(keys: readonly number[], coverage: readonly number[], bounds: ArrayLike<number>): void {
    const { uint, float } = this.#walloc.columns;
    const at = this.slot * 4;
    for (let level = 0; level < 4; level++) {
      uint.lodKeys[at + level] = keys[level] ?? 0;
      float.lodCoverage[at + level] = coverage[level] ?? 0;
    }
    this.#setFlag(this.#bits.lod, keys.length > 1);
    this.#setDrawKey(keys[0]!, bounds);
  }

  #setDrawKey(key: number, bounds: ArrayLike<number> | null): void {
    if (key < GEOMETRIES.length) this.#setFlag(this.#bits.lod, false);
    this.#drawKey = key;
    const localBounds = this.#walloc.columns.float.localBounds;
    const at = this.slot * 4;
    for (let k = 0; k < 4; k++) localBounds[at + k] = bounds ? bounds[k]! : 0;
    this.#updateBatch();
    this.#markDirty();
  }

  #updateBatch(): void {
    const { uint } = this.#walloc.columns;
    if (this.#drawKey < 0) {
      uint.batch[this.slot] = NO_DRAW_KEY;
      return;
    }
    const transparent = (uint.flags[this.slot]! & this.#bits.transparent) !== 0;
    uint.batch[this.slot] = this.#drawKey + (transparent ? TRANSPARENT_KEY_OFFSET : 0);
  }

  /** The core keeps the list of moving slots that the movement kernel visits. */
  #updateMoving(): void {
    this.#walloc.core.updateMoving(this.slot);
    this.#changed();
  }

  #setFlag(bit: number, on: boolean): void {
    const flags = this.#walloc.columns.uint.flags;
    flags[this.slot] = on ? flags[this.slot]! | bit : flags[this.slot]! & ~bit;
  }

  /**
   * The slot's instance data changed: its world matrix is recomputed and, with it, the slot is marked changed,
   * which is what makes the frame upload it to the GPU (colour and material writes come here too). The bit in
   * the dirty bitset is what the transform step looks for; the flag is what it checks.
   */
  #markDirty(): void {
    this.#walloc.columns.markDirty(this.slot);
    this.#changed();
  }
}
