import * as mat4 from 'gl-matrix/mat4';
import type { Walloc } from '../../memory/walloc.js';
import { constant, type PickingExports } from '../../wasm/exports.js';
import { GEOMETRIES, MODEL_KEY_BASE, TRANSPARENT_KEY_OFFSET } from '../../gpu/frame-input.js';
import { buildGeometry } from '../../gpu/geometry.js';
import type { Camera } from '../camera.js';
import { buildHierarchy, type HierarchySizes, type PickPrimitive } from './bvh-build.js';

/** What one pick found: the element hit and where. Arrays are fresh for every hit handed out. */
export interface PickHit {
  /** The `<layerw-mesh>` hit. */
  element: Element;
  /** World-space point on its surface. */
  point: [number, number, number];
  /** World-space unit normal there (interpolated from the vertex normals). */
  normal: [number, number, number];
  /** From the ray's origin (the camera's near plane for a pointer) to the point, in world units. */
  distance: number;
  /** Texture coordinates there (first set). */
  uv: [number, number];
  /** For a model: the glTF node name (or `node <index>` when it has none). */
  node?: string;
  /** For a model: the glTF material name (or `material <index>` when it has none). */
  material?: string;
}

/** A model's geometry for picking: its drawn primitives and each one's node and material names. */
export interface ModelPickGeometry {
  /** Changes whenever the model is staged again, so a hierarchy built from older bytes is rebuilt. */
  readonly token: number;
  readonly primitives: readonly PickPrimitive[];
  readonly names: readonly { node?: string; material?: string }[];
}

/** What the picker needs from its scene. */
export interface PickSources {
  /** The element that owns `slot`. */
  ownerOf(slot: number): Element | undefined;
  /** The token of the model drawn with batch key `key`, 0 when none is staged. Called per model key per pick. */
  modelToken(key: number): number;
  /** The model drawn with `key`; called only when its hierarchy has to be built. */
  modelGeometry(key: number): ModelPickGeometry | null;
}

/** Hierarchies of the built-in geometries, built once per page (they hold offsets, not addresses). */
const builtIn = new Map<string, Uint8Array>();

/** Per batch key: its hierarchy's mesh-region block, the model token it was built from, names by triangle. */
interface KeyState {
  handle: number;
  token: number;
  /** First triangle of each primitive, and the names of each primitive (models only). */
  starts: number[];
  names: readonly { node?: string; material?: string }[];
}

/** The fixed part of the work block: ray, inverse view-projection, one hit record, the key table. */
const RAY_AT = 0;
const MATRIX_AT = 64;
const HIT_AT = 128;
const TABLE_AT = 192;

/**
 * Picking for one scene: keeps a bounding-volume hierarchy per geometry in the mesh region (built on first
 * need, rebuilt when evicted or restaged) and runs the WebAssembly kernels: the ray, the SIMD sphere pass,
 * exact triangles. `pickPointer` reuses its buffers and allocates nothing on the JavaScript heap; `hit()`
 * and `raycast` make fresh objects for callers to keep.
 */
export class ScenePicker {
  readonly #walloc: Walloc;
  readonly #kernels: PickingExports;
  readonly #camera: Camera;
  readonly #sources: PickSources;
  readonly #sizes: HierarchySizes;
  readonly #hitBytes: number;
  readonly #noSlot: number;
  readonly #keys: KeyState[] = [];
  readonly #inverse = new Float32Array(16);
  #inverseVersion = -1;
  #work = 0;
  #workSlots = 0;
  /** Slot of the last `pickPointer` hit, or -1. */
  slot = -1;

  /** `kernels` are the picking kernels over `walloc`'s memory (src/wasm/picking-kernels.ts). */
  constructor(walloc: Walloc, kernels: PickingExports, camera: Camera, sources: PickSources) {
    this.#walloc = walloc;
    this.#kernels = kernels;
    this.#camera = camera;
    this.#sources = sources;
    this.#sizes = {
      header: constant(kernels, 'BVH_HEADER_BYTES'),
      node: constant(kernels, 'BVH_NODE_BYTES'),
      triangle: constant(kernels, 'BVH_TRIANGLE_BYTES'),
      vertex: constant(kernels, 'BVH_VERTEX_BYTES'),
    };
    this.#hitBytes = constant(kernels, 'HIT_BYTES');
    this.#noSlot = constant(kernels, 'NO_SLOT');
    for (let key = 0; key < TRANSPARENT_KEY_OFFSET; key++) this.#keys.push({ handle: 0, token: 0, starts: [], names: [] });
  }

  /**
   * Picks through normalised device coordinates of the last drawn camera. Returns the slot hit or -1; the
   * hit stays readable through `hit()` until the next pick.
   */
  pickPointer(ndcX: number, ndcY: number): number {
    const work = this.#prepare();
    if (work === 0) return (this.slot = -1);
    if (this.#inverseVersion !== this.#camera.version) {
      this.#inverseVersion = this.#camera.version;
      if (!mat4.invert(this.#inverse, this.#camera.viewProjection)) this.#inverse.fill(0);
    }
    const walloc = this.#walloc;
    walloc.f32.set(this.#inverse, (work + MATRIX_AT) >>> 2);
    this.#kernels.screenRay(work + MATRIX_AT, ndcX, ndcY, work + RAY_AT);
    return (this.slot = this.#nearest(work));
  }

  /**
   * Whether a pickable, visible mesh crosses the segment from `(ox, oy, oz)` towards `(tx, ty, tz)`, short of its
   * last `margin` world units (so a point on a surface is not hidden by that surface). Allocates nothing and
   * leaves the last pointer hit alone. Called by labels' occlusion, once per label per check.
   */
  segmentBlocked(ox: number, oy: number, oz: number, tx: number, ty: number, tz: number, margin: number): boolean {
    const dx = tx - ox, dy = ty - oy, dz = tz - oz;
    const length = Math.hypot(dx, dy, dz);
    if (!(length > margin) || !Number.isFinite(length)) return false;
    const work = this.#prepare();
    if (work === 0) return false;
    const f32 = this.#walloc.f32;
    const at = (work + RAY_AT) >>> 2;
    f32[at] = ox;
    f32[at + 1] = oy;
    f32[at + 2] = oz;
    f32[at + 3] = length - margin;
    f32[at + 4] = dx / length;
    f32[at + 5] = dy / length;
    f32[at + 6] = dz / length;
    f32[at + 7] = 0;
    return this.#nearest(work, this.#segmentHitAt(work)) >= 0;
  }

  /** The nearest hit of a world ray (`direction` need not be unit length), as fresh objects, or null. */
  pickRay(origin: ArrayLike<number>, direction: ArrayLike<number>): PickHit | null {
    const work = this.#prepare();
    if (work === 0 || !this.#writeRay(work, origin, direction)) return null;
    this.slot = this.#nearest(work);
    return this.hit();
  }

  /** Every element a world ray passes through, one hit each (its nearest), nearest first. */
  raycast(origin: ArrayLike<number>, direction: ArrayLike<number>): PickHit[] {
    let work = this.#prepare();
    if (work === 0 || !this.#writeRay(work, origin, direction)) return [];
    const walloc = this.#walloc;
    const count = this.#kernels.raySpheres(work + RAY_AT, this.#slotsAt(work), this.#entriesAt(work)) >>> 0;
    if (count === 0) return [];
    // The records' block may evict the work block or a hierarchy: keep the candidates aside, then prepare again.
    const candidates = walloc.u32.slice(this.#slotsAt(work) >>> 2, (this.#slotsAt(work) >>> 2) + count);
    const records = walloc.allocBlock('mesh', count * this.#hitBytes, 0, 16);
    if (records === 0) return [];
    const hits: PickHit[] = [];
    work = this.#prepare();
    if (work !== 0 && this.#writeRay(work, origin, direction)) {
      walloc.u32.set(candidates, this.#slotsAt(work) >>> 2);
      const address = walloc.blockAddress(records);
      const found = this.#kernels.pickAll(work + RAY_AT, this.#slotsAt(work), count, work + TABLE_AT, TRANSPARENT_KEY_OFFSET, address, count) >>> 0;
      for (let i = 0; i < found; i++) {
        const hit = this.#read(address + i * this.#hitBytes);
        if (hit) hits.push(hit);
      }
    }
    walloc.freeBlock(records);
    return hits.sort((a, b) => a.distance - b.distance);
  }

  /** The last `pickPointer` or `pickRay` hit as fresh objects, or null when it hit nothing. */
  hit(): PickHit | null {
    return this.slot < 0 || this.#work === 0 ? null : this.#read(this.#walloc.blockAddress(this.#work) + HIT_AT);
  }

  /** Gives back every block. Called when the scene's memory goes away or picking is no longer wanted. */
  destroy(): void {
    for (const state of this.#keys) {
      if (state.handle !== 0) this.#walloc.freeBlock(state.handle);
      state.handle = 0;
    }
    if (this.#work !== 0) this.#walloc.freeBlock(this.#work);
    this.#work = 0;
  }

  #nearest(work: number, out = work + HIT_AT): number {
    const kernels = this.#kernels;
    const slots = this.#slotsAt(work), entries = this.#entriesAt(work);
    const count = kernels.raySpheres(work + RAY_AT, slots, entries) >>> 0;
    if (count === 0) return -1;
    const slot = kernels.pickNearest(work + RAY_AT, slots, entries, count, work + TABLE_AT, TRANSPARENT_KEY_OFFSET, out) >>> 0;
    return slot === this.#noSlot ? -1 : slot;
  }

  #writeRay(work: number, origin: ArrayLike<number>, direction: ArrayLike<number>): boolean {
    const length = Math.hypot(direction[0]!, direction[1]!, direction[2]!);
    if (!(length > 0) || !Number.isFinite(length)) return false;
    const f32 = this.#walloc.f32;
    const at = (work + RAY_AT) >>> 2;
    f32[at] = origin[0]!;
    f32[at + 1] = origin[1]!;
    f32[at + 2] = origin[2]!;
    f32[at + 3] = 3.4e38;
    f32[at + 4] = direction[0]! / length;
    f32[at + 5] = direction[1]! / length;
    f32[at + 6] = direction[2]! / length;
    f32[at + 7] = 0;
    return true;
  }

  #slotsAt(work: number): number {
    return work + TABLE_AT + TRANSPARENT_KEY_OFFSET * 4 + 16;
  }

  #entriesAt(work: number): number {
    return this.#slotsAt(work) + this.#workSlots * 4;
  }

  /** A second hit record after the lists, for segment tests, so they never overwrite the pointer's hit. */
  #segmentHitAt(work: number): number {
    return this.#entriesAt(work) + this.#workSlots * 4;
  }

  /**
   * Makes sure the work block holds lists for every slot and every geometry in the scene has its hierarchy,
   * then writes the key table. Returns the work block's address, 0 when the mesh region cannot hold it.
   */
  #prepare(): number {
    const walloc = this.#walloc;
    const slotEnd = walloc.core.slotEnd() >>> 0;
    let address = this.#work === 0 ? 0 : walloc.blockAddress(this.#work);
    if (address === 0 || slotEnd + 4 > this.#workSlots) {
      if (address !== 0) walloc.freeBlock(this.#work);
      // Room for twice the slots in use (at least 1024), so adding objects seldom moves the block.
      const slots = Math.max(1024, 2 * (slotEnd + 4));
      this.#work = walloc.allocBlock('mesh', TABLE_AT + TRANSPARENT_KEY_OFFSET * 4 + 16 + slots * 8 + this.#hitBytes, 0, 16);
      this.#workSlots = this.#work === 0 ? 0 : slots;
      address = this.#work === 0 ? 0 : walloc.blockAddress(this.#work);
      if (address === 0) return 0;
    }
    for (let key = 0; key < GEOMETRIES.length; key++) this.#ensureBuiltIn(key);
    for (let key = MODEL_KEY_BASE; key < TRANSPARENT_KEY_OFFSET; key++) this.#ensureModel(key);
    // A hierarchy allocated just now may have evicted the work block itself.
    address = walloc.blockAddress(this.#work);
    if (address === 0) return 0;
    this.#refreshTable(address);
    return address;
  }

  #refreshTable(work: number): void {
    const walloc = this.#walloc;
    const u32 = walloc.u32;
    const table = (work + TABLE_AT) >>> 2;
    for (let key = 0; key < TRANSPARENT_KEY_OFFSET; key++) {
      const handle = this.#keys[key]!.handle;
      u32[table + key] = handle === 0 ? 0 : walloc.blockAddress(handle);
    }
  }

  #ensureBuiltIn(key: number): void {
    const state = this.#keys[key]!;
    if (state.handle !== 0 && this.#walloc.blockAddress(state.handle) !== 0) return;
    const name = GEOMETRIES[key]!;
    let bytes = builtIn.get(name);
    if (!bytes) {
      const data = buildGeometry(name);
      bytes = buildHierarchy([{ vertices: data.vertices, indices: data.indices }], this.#sizes);
      builtIn.set(name, bytes);
    }
    state.handle = this.#store(bytes);
  }

  #ensureModel(key: number): void {
    const state = this.#keys[key]!;
    const token = this.#sources.modelToken(key);
    if (token === 0) {
      if (state.handle !== 0) this.#walloc.freeBlock(state.handle);
      state.handle = 0;
      state.token = 0;
      return;
    }
    if (state.token === token && state.handle !== 0 && this.#walloc.blockAddress(state.handle) !== 0) return;
    const geometry = this.#sources.modelGeometry(key);
    if (state.handle !== 0) this.#walloc.freeBlock(state.handle);
    state.handle = 0;
    state.token = token;
    if (!geometry) return;
    state.starts = [];
    let first = 0;
    for (const primitive of geometry.primitives) {
      state.starts.push(first);
      first += Math.floor(primitive.indices.length / 3);
    }
    state.names = geometry.names;
    state.handle = this.#store(buildHierarchy(geometry.primitives, this.#sizes));
  }

  /** Copies a hierarchy into a new mesh-region block; 0 when it does not fit (that geometry is not picked). */
  #store(bytes: Uint8Array): number {
    const handle = this.#walloc.allocBlock('mesh', bytes.byteLength, 0, 16);
    if (handle !== 0) this.#walloc.bytes.set(bytes, this.#walloc.blockAddress(handle));
    return handle;
  }

  #read(record: number): PickHit | null {
    const walloc = this.#walloc;
    const f32 = walloc.f32, u32 = walloc.u32;
    const at = record >>> 2;
    const slot = u32[at]!;
    const element = this.#sources.ownerOf(slot);
    if (!element) return null;
    const hit: PickHit = {
      element,
      distance: f32[at + 1]!,
      point: [f32[at + 2]!, f32[at + 3]!, f32[at + 4]!],
      normal: [f32[at + 5]!, f32[at + 6]!, f32[at + 7]!],
      uv: [f32[at + 8]!, f32[at + 9]!],
    };
    const key = walloc.columns.uint.batch[slot]! % TRANSPARENT_KEY_OFFSET;
    if (key >= MODEL_KEY_BASE) {
      const state = this.#keys[key]!;
      const triangle = u32[at + 10]!;
      let primitive = 0;
      while (primitive + 1 < state.starts.length && state.starts[primitive + 1]! <= triangle) primitive++;
      const names = state.names[primitive];
      if (names?.node !== undefined) hit.node = names.node;
      if (names?.material !== undefined) hit.material = names.material;
    }
    return hit;
  }
}
