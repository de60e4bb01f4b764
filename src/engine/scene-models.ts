import * as mat3 from 'gl-matrix/mat3';
import * as mat4 from 'gl-matrix/mat4';
import * as vec3 from 'gl-matrix/vec3';
import { LayerWError } from '../errors.js';
import { isAbortError } from '../assets/asset-error.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import type { BoundingSphere, ModelData, PrimitiveData } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import { MAX_MODELS, MODEL_KEY_BASE } from '../gpu/frame-input.js';
import type { GpuModel } from '../gpu/model.js';
import { MaterialLibrary } from '../gpu/material.js';
import { buildModelResources, type ModelResources, type StagedPrimitive } from '../gpu/model-resources.js';
import { decodeImage, pixelBytes, readPixels, type PixelImage } from '../gpu/textures.js';
import { VERTEX_FLOATS } from '../gpu/geometry.js';
import { ModelStore } from './model-store.js';
import type { FrameSchedule } from './frame-schedule.js';
import type { AnimationInstance, AnimationListener, SceneAnimation } from './scene-animation.js';

/** The animation chunk, loaded with the first model that has a rig. */
type AnimationModule = typeof import('./model-animation.js');

/** What an element needs to animate a model: clip names and lengths, and a way to get a clock of its own. */
export interface ModelAnimationSource {
  /** Clip names ('' where unnamed) and durations in seconds; the same arrays for every announcement of a model. */
  readonly names: readonly string[];
  readonly durations: readonly number[];
  /** Morph weights of one instance. */
  readonly weightCount: number;
  /** Starts animating the object in `slot`; null when the mesh region has no room (BUDGET_EXCEEDED). */
  attach(slot: number, listener: AnimationListener): AnimationInstance | null;
}
import type { ModelPickGeometry } from './picking/scene-picker.js';
import type { PickPrimitive } from './picking/bvh-build.js';

/** What a scene tells an element that shows a model. Implemented by `<layerw-mesh src>`. */
export interface ModelUser {
  /** Download progress of the model file. */
  modelProgress(loaded: number, total: number | null): void;
  /**
   * The model is staged: draw with `keys` (one per level of detail, finest first), switching to level i + 1
   * below screen coverage `coverage[i]`; cull with `bounds` (model space). `animation` is set for a model with
   * skins, morph targets or animations: the element attaches its slot to it, or the model is not drawn moved.
   */
  modelReady(keys: readonly number[], coverage: readonly number[], bounds: BoundingSphere, animation: ModelAnimationSource | null): void;
  /** A frame with the model in it was drawn (once per successful load). */
  modelDrawn(): void;
  /** The model could not be shown: LOAD_FAILED, ASSET_INVALID or BUDGET_EXCEEDED. */
  modelFailed(error: LayerWError): void;
}

/** An element's use of a model; `release` is idempotent. */
export interface ModelUse {
  release(): void;
}

type State = 'loading' | 'staging' | 'ready' | 'evicted' | 'failed';

/** Most levels of detail a model is drawn with (MSFT_lod); further levels are ignored. */
const MAX_LEVELS = 4;
/**
 * Screen coverages below which the next level replaces the current one, when MSFT_screencoverage gives none:
 * each level takes over at about twice the distance of the previous one.
 */
const DEFAULT_COVERAGE = [0.1, 0.025, 0.006];

/** One model in one scene. */
class SceneModel {
  /** Table index of each level of detail (finest first); `index` is the finest. */
  levelIndices: number[] = [];
  /** Primitive indices (into the staged order) drawn at each level. */
  levelPrimitives: number[][] = [];
  /** Coverage thresholds between levels. */
  coverage: number[] = [];
  readonly users = new Set<ModelUser>();
  /** Users that have not yet had `modelDrawn`. */
  readonly undrawn = new Set<ModelUser>();
  state: State = 'loading';
  data: ModelData | null = null;
  /** Decoded images, kept only from decoding until their pixels are staged. */
  bitmaps: (ImageBitmap | null)[] = [];
  /** Staged image sizes by glTF image index (null where no material uses it), in `textureBlocks` order. */
  imageSizes: ({ width: number; height: number } | null)[] = [];
  resources: ModelResources | null = null;
  /** Mesh-region blocks, one per drawn primitive: its staged vertices and indices. */
  meshBlocks: number[] = [];
  /** Texture-region blocks, one per used image: its decoded RGBA8 pixels, staged for upload. */
  textureBlocks: number[] = [];
  /** Bumped on every (re)load, so an async step of an older one sees it is stale. */
  generation = 0;
  /** Mesh-region block of the rig (also the last of `meshBlocks`), or 0. */
  rigBlock = 0;
  /** Clip names and durations, made once so every announcement hands out the same arrays. */
  clipNames: readonly string[] = [];
  clipDurations: readonly number[] = [];
  /** Users already told why the rig was refused (ModelData.rigProblem). */
  readonly toldRigProblem = new WeakSet<ModelUser>();
  constructor(readonly index: number, readonly cacheKey: string, readonly hold: { release(): void }) {}
}

const DEFAULT_DISTANCE = 0;

/**
 * The models of one scene: shared per URL (one set of GPU buffers however many meshes show it), staged in the
 * WALLOC mesh region and accounted in the texture region, uploaded when the device is there, evicted when
 * the regions need room for nearer data and reloaded when they come back into view. Owned by SceneRuntime.
 */
export class SceneModels {
  /** GpuModel by key - MODEL_KEY_BASE, read by the renderer through FrameInput.models; owned by the scene. */
  readonly table: (GpuModel | null)[];
  readonly #walloc: Walloc;
  readonly #requestDraw: () => void;
  readonly #byKey = new Map<string, SceneModel>();
  /** Models holding an index, in an array so the per-frame walk allocates nothing. */
  readonly #active: SceneModel[] = [];
  readonly #freeIndices: number[] = [];
  /** Evicted models seen in this frame, reloaded after the others are marked seen (reused every frame). */
  readonly #reload: SceneModel[] = [];
  #device: GPUDevice | null = null;
  #library: MaterialLibrary | null = null;
  readonly #schedule: FrameSchedule;
  #animationModule: Promise<AnimationModule> | null = null;
  #animationCode: AnimationModule | null = null;
  #animation: SceneAnimation | null = null;

  constructor(walloc: Walloc, requestDraw: () => void, table: (GpuModel | null)[], schedule: FrameSchedule) {
    this.#walloc = walloc;
    this.#schedule = schedule;
    this.table = table;
    this.#requestDraw = requestDraw;
    for (let i = MAX_MODELS - 1; i >= 0; i--) this.#freeIndices.push(i);
  }

  /** True when a model with levels of detail is shown: only then does the frame run selectLod. */
  get hasLevels(): boolean {
    for (let i = 0; i < this.#active.length; i++) if (this.#active[i]!.levelIndices.length > 1) return true;
    return false;
  }

  /** GPU bytes of every model on the GPU. */
  get gpuBytes(): number {
    let bytes = 0;
    for (const model of this.#active) bytes += model.resources?.gpuBytes ?? 0;
    return bytes + (this.#animation?.gpuBytes ?? 0);
  }

  /** Starts showing the model at absolute `url` for `user`; loads it unless this scene already has it. */
  use(url: string, crossOrigin: CrossOrigin, user: ModelUser): ModelUse {
    const cacheKey = `${crossOrigin ?? 'anonymous'} ${url}`;
    let model = this.#byKey.get(cacheKey);
    if (!model) {
      const index = this.#freeIndices.pop();
      if (index === undefined) {
        user.modelFailed(new LayerWError('BUDGET_EXCEEDED', `a scene shows at most ${MAX_MODELS} different models at once`));
        return { release: () => undefined };
      }
      model = this.#start(index, cacheKey, url, crossOrigin);
    }
    model.users.add(user);
    model.undrawn.add(user);
    if (model.state === 'ready') this.#announce(model, user);
    const held = model;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        held.users.delete(user);
        held.undrawn.delete(user);
        if (held.users.size === 0) this.#drop(held);
      },
    };
  }

  /** The device came (first, or after a loss): upload every model that is staged. */
  setDevice(device: GPUDevice | null): void {
    for (const model of this.#active) this.#releaseGpu(model);
    this.#library?.release();
    this.#library = null;
    this.#device = device;
    this.#animation?.setDevice(device);
    if (!device) return;
    this.#library = MaterialLibrary.acquire(device);
    for (const model of this.#active) if (model.state === 'ready') this.#upload(model);
  }

  /**
   * Once per drawn frame, after packing: marks the blocks of every model drawn this frame as seen (at the
   * distance of its first instance), unloads models whose blocks were taken for nearer data, and reloads
   * evicted models that are in view again. `batches` are the frame's batch records at `batchIndex` (u32
   * index), a batch's instances are slots in the visible list at `visibleIndex` (u32 index), and their
   * translations come from the world column at `worldIndex` (f32 index).
   */
  frameDrawn(u32: Uint32Array, f32: Float32Array, batchIndex: number, batchCount: number, visibleIndex: number,
    worldIndex: number, transparentOffset: number, eye: Float32Array): void {
    // First mark everything in view as seen, so the reloads below can only take blocks nobody sees now.
    const reload = this.#reload;
    reload.length = 0;
    for (let b = 0; b < batchCount; b++) {
      const o = batchIndex + b * 3;
      const key = u32[o]! % transparentOffset;
      if (key < MODEL_KEY_BASE) continue;
      const model = this.#indexed(key - MODEL_KEY_BASE);
      if (!model) continue;
      if (model.state === 'evicted') {
        reload.push(model);
        continue;
      }
      if (model.state !== 'ready') continue;
      // The batch's first instance: its slot's world translation.
      const at = worldIndex + u32[visibleIndex + u32[o + 1]!]! * 16 + 12;
      const distance = Math.hypot(f32[at]! - eye[0]!, f32[at + 1]! - eye[1]!, f32[at + 2]! - eye[2]!);
      for (let k = 0; k < model.meshBlocks.length; k++) this.#walloc.touchBlock(model.meshBlocks[k]!, distance);
      for (let k = 0; k < model.textureBlocks.length; k++) this.#walloc.touchBlock(model.textureBlocks[k]!, distance);
      if (model.undrawn.size > 0 && model.resources) {
        for (const user of model.undrawn) user.modelDrawn();
        model.undrawn.clear();
      }
    }
    for (let i = 0; i < reload.length; i++) void this.#restage(reload[i]!);
    for (let i = 0; i < this.#active.length; i++) {
      const model = this.#active[i]!;
      if (model.state === 'ready' && !this.#blocksLive(model)) this.#evict(model);
    }
  }

  /**
   * A number naming the staged geometry drawn with batch key `key` (its first block's handle, new on every
   * staging), 0 when no model with that key is staged. Called by picking for every model key of a pick.
   */
  pickToken(key: number): number {
    const model = this.#indexed(key - MODEL_KEY_BASE);
    return model && model.state === 'ready' && model.meshBlocks.length > 0 ? model.meshBlocks[0]! : 0;
  }

  /** The staged primitives drawn with batch key `key` (views into the mesh region) and their names, for picking. */
  pickGeometry(key: number): ModelPickGeometry | null {
    const model = this.#indexed(key - MODEL_KEY_BASE);
    const level = model ? model.levelIndices.indexOf(key - MODEL_KEY_BASE) : -1;
    if (!model || model.state !== 'ready' || !model.data || level < 0) return null;
    const data = model.data;
    const walloc = this.#walloc;
    const primitives: PickPrimitive[] = [];
    const names: { node?: string; material?: string }[] = [];
    for (const p of model.levelPrimitives[level]!) {
      const primitive = data.primitives[p]!;
      const address = walloc.blockAddress(model.meshBlocks[p]!);
      if (address === 0) return null;
      const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
      const indexType = primitive.indices instanceof Uint32Array ? Uint32Array : Uint16Array;
      primitives.push({
        vertices: new Float32Array(walloc.memory.buffer, address, vertexBytes / 4),
        indices: new indexType(walloc.memory.buffer, address + vertexBytes, primitive.indices.length),
      });
      const material = primitive.material === null ? undefined : data.materials[primitive.material];
      names.push({
        node: data.nodeNames[primitive.node] || `node ${primitive.node}`,
        material: material ? material.name || `material ${primitive.material}` : undefined,
      });
    }
    return { token: this.pickToken(key), primitives, names };
  }

  /** Lets go of every model (GPU objects, blocks, holds). Called when the scene's memory goes away. */
  destroy(): void {
    for (const model of [...this.#active]) this.#drop(model);
    this.#library?.release();
    this.#library = null;
    this.#animation?.destroy();
    this.#animation = null;
  }

  /** The scene's animated meshes, once a model with a rig was staged; for tests and stats. */
  get animation(): SceneAnimation | null {
    return this.#animation;
  }

  /** Loads the animation chunk and makes the scene's SceneAnimation, once. */
  #loadAnimation(): Promise<AnimationModule> {
    return (this.#animationModule ??= import('./model-animation.js').then((code) => {
      this.#animationCode = code;
      this.#animation = new code.SceneAnimation(this.#walloc, this.#schedule, this.#requestDraw);
      this.#animation.setDevice(this.#device);
      return code;
    }));
  }

  #indexed(index: number): SceneModel | undefined {
    for (let i = 0; i < this.#active.length; i++) {
      const model = this.#active[i]!;
      if (model.index === index || model.levelIndices.includes(index)) return model;
    }
    return undefined;
  }

  #start(index: number, cacheKey: string, url: string, crossOrigin: CrossOrigin): SceneModel {
    const hold = ModelStore.get().acquire(url, crossOrigin, (loaded, total) => {
      for (const user of model.users) user.modelProgress(loaded, total);
    });
    const model = new SceneModel(index, cacheKey, hold);
    this.#byKey.set(cacheKey, model);
    this.#active.push(model);
    void this.#load(model, hold.promise, ++model.generation);
    return model;
  }

  async #load(model: SceneModel, promise: Promise<ModelData>, generation: number): Promise<void> {
    const current = () => model.generation === generation && model.users.size > 0;
    try {
      const data = await promise;
      if (!current()) return;
      if (data.rig) await this.#loadAnimation();
      if (!current()) return;
      model.data = data;
      model.clipNames = data.rig?.animations.map((clip) => clip.name) ?? [];
      model.clipDurations = data.rig?.animations.map((clip) => clip.duration) ?? [];
      model.state = 'staging';
      await this.#decodeImages(model, generation);
      if (!current()) return;
      this.#stage(model);
    } catch (error) {
      if (model.generation !== generation) return;
      if (isAbortError(error)) return;
      this.#fail(model, error instanceof LayerWError ? error : new LayerWError('ASSET_INVALID', String(error), { cause: error }));
    }
  }

  /** Brings an evicted model back: its images are decoded again (their pixels were given up), then staged. */
  async #restage(model: SceneModel): Promise<void> {
    const generation = model.generation;
    model.state = 'staging';
    try {
      await this.#decodeImages(model, generation);
      if (model.generation !== generation || model.users.size === 0) return;
      this.#stage(model);
    } catch (error) {
      if (model.generation === generation) {
        this.#fail(model, error instanceof LayerWError ? error : new LayerWError('ASSET_INVALID', String(error), { cause: error }));
      }
    }
  }

  /** Decodes every image a material uses (createImageBitmap decodes off the main thread where it can). */
  async #decodeImages(model: SceneModel, generation: number): Promise<void> {
    const data = model.data!;
    const used = new Set<number>();
    for (const m of data.materials) {
      for (const ref of [m.baseColorTexture, m.metallicRoughnessTexture, m.normalTexture, m.occlusionTexture, m.emissiveTexture]) {
        const image = ref ? data.textures[ref.texture]?.image : undefined;
        if (image !== undefined) used.add(image);
      }
    }
    const bitmaps: (ImageBitmap | null)[] = data.images.map(() => null);
    await Promise.all([...used].map(async (image) => {
      const encoded = data.images[image];
      if (!encoded) return;
      try {
        bitmaps[image] = await decodeImage(encoded.bytes, encoded.mimeType);
      } catch (cause) {
        throw new LayerWError('ASSET_INVALID', `image ${image} could not be decoded (${encoded.mimeType})`, { cause });
      }
    }));
    if (model.generation !== generation) {
      for (const bitmap of bitmaps) bitmap?.close();
      return;
    }
    model.bitmaps = bitmaps;
  }

  /**
   * Writes every primitive's vertices (node transform applied, VERTEX_BYTES layout) and indices into mesh-region
   * blocks and every used image's decoded pixels into texture-region blocks, then lets the decoded images go:
   * from here on the staged bytes are the model's only copy, uploaded again after a device loss. A block that
   * does not fit even after evicting far data fails the model with BUDGET_EXCEEDED, returning what it took.
   */
  #stage(model: SceneModel): void {
    const data = model.data!;
    const walloc = this.#walloc;
    const textureBlocks: number[] = [];
    const meshBlocks: number[] = [];
    const fail = (what: string): void => {
      for (const handle of [...textureBlocks, ...meshBlocks]) walloc.freeBlock(handle);
      this.#fail(model, new LayerWError('BUDGET_EXCEEDED', `${model.cacheKey.split(' ')[1]}: ${what} does not fit the scene's memory-budget`));
    };
    const sizes: ({ width: number; height: number } | null)[] = [];
    for (const bitmap of model.bitmaps) {
      if (!bitmap) {
        sizes.push(null);
        continue;
      }
      const bytes = pixelBytes(bitmap.width, bitmap.height);
      const handle = walloc.allocBlock('texture', bytes, DEFAULT_DISTANCE);
      if (handle === 0) return fail(`a ${bitmap.width}×${bitmap.height} texture`);
      textureBlocks.push(handle);
      sizes.push({ width: bitmap.width, height: bitmap.height });
      const at = walloc.blockAddress(handle);
      readPixels(bitmap, walloc.bytes.subarray(at, at + bytes));
    }
    if (!this.#planLevels(model)) return fail('its levels of detail');
    const code = data.rig ? this.#animationCode! : null;
    for (const primitive of data.primitives) {
      const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
      const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
      const rigBytes = code ? code.rigStageBytes(primitive) : 0;
      const handle = walloc.allocBlock('mesh', vertexBytes + indexBytes + rigBytes, DEFAULT_DISTANCE);
      if (handle === 0) return fail(`a primitive of ${primitive.vertexCount} vertices`);
      meshBlocks.push(handle);
      // An animated model's vertices stay in their node's space: the palette carries them every frame.
      writeVertices(walloc.f32, walloc.blockAddress(handle) >>> 2, primitive, code !== null);
      walloc.bytes.set(new Uint8Array(primitive.indices.buffer, primitive.indices.byteOffset, primitive.indices.byteLength),
        walloc.blockAddress(handle) + vertexBytes);
      if (code) code.writeRigStage(walloc.bytes, walloc.blockAddress(handle) + vertexBytes + indexBytes, primitive);
    }
    model.rigBlock = 0;
    if (code && data.rig) {
      const handle = walloc.allocBlock('mesh', code.rigBlockBytes(walloc.core, data.rig), DEFAULT_DISTANCE);
      if (handle === 0) return fail('its skins and animations');
      meshBlocks.push(handle);
      code.writeRigBlock(walloc.core, walloc.u32, walloc.f32, walloc.blockAddress(handle), data.rig);
      model.rigBlock = handle;
    }
    model.textureBlocks = textureBlocks;
    model.meshBlocks = meshBlocks;
    model.imageSizes = sizes;
    for (const bitmap of model.bitmaps) bitmap?.close();
    model.bitmaps = [];
    model.state = 'ready';
    this.#upload(model);
    for (const user of model.users) this.#announce(model, user);
    this.#requestDraw();
  }

  /** Builds the GPU objects from the staged blocks (geometry) and the decoded images. */
  #upload(model: SceneModel): void {
    const device = this.#device;
    if (!device || !this.#library || model.resources) return;
    const data = model.data!;
    const walloc = this.#walloc;
    const staged: StagedPrimitive[] = [];
    let block = 0;
    for (const primitive of data.primitives) {
      const address = walloc.blockAddress(model.meshBlocks[block++]!);
      const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
      const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
      staged.push({
        vertices: walloc.bytes.subarray(address, address + vertexBytes),
        indices: walloc.bytes.subarray(address + vertexBytes, address + vertexBytes + indexBytes),
        indexFormat: primitive.indices instanceof Uint32Array ? 'uint32' : 'uint16',
        indexCount: primitive.indices.length,
        material: primitive.material,
      });
    }
    let texture = 0;
    const images: (PixelImage | null)[] = model.imageSizes.map((size) => {
      if (!size) return null;
      const at = walloc.blockAddress(model.textureBlocks[texture++]!);
      return { width: size.width, height: size.height, pixels: walloc.bytes.subarray(at, at + pixelBytes(size.width, size.height)) };
    });
    const label = `LayerW.model${model.index}`;
    model.resources = buildModelResources(device, this.#library, label, staged, data.materials, data.textures, images);
    if (data.rig && this.#animationCode && this.#animation) model.resources = this.#withRig(model, label, this.#animationCode, this.#animation);
    const all = model.resources.model.primitives;
    model.levelIndices.forEach((index, level) => {
      this.table[index] = { primitives: model.levelPrimitives[level]!.map((p) => all[p]!) };
    });
  }

  /** Adds each primitive's rig draw (joints, parameters, morph deltas) to the model's GPU objects. */
  #withRig(model: SceneModel, label: string, code: AnimationModule, animation: SceneAnimation): ModelResources {
    const data = model.data!;
    const walloc = this.#walloc;
    const base = model.resources!;
    const rigs = data.primitives.map((primitive, i) => {
      const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
      const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
      return code.stagedRig(walloc.bytes, walloc.blockAddress(model.meshBlocks[i]!) + vertexBytes + indexBytes, primitive, data.rig!);
    });
    const rig = code.buildRigResources(this.#device!, label, rigs, animation);
    return {
      model: { primitives: base.model.primitives.map((primitive, i) => ({ ...primitive, rig: rig.draws[i]! })) },
      gpuBytes: base.gpuBytes + rig.gpuBytes,
      destroy: () => {
        base.destroy();
        rig.destroy();
      },
    };
  }

  /**
   * Splits the primitives into levels of detail (MSFT_lod): level i draws every primitive outside a LOD group
   * and, of each group, its level i (or its coarsest when it has fewer). Takes a table index per extra level.
   * Returns false when the table has no free index left.
   */
  #planLevels(model: SceneModel): boolean {
    const data = model.data!;
    let levels = 1;
    for (const group of data.lods) levels = Math.max(levels, Math.min(group.nodes.length, MAX_LEVELS));
    while (model.levelIndices.length < levels) {
      if (model.levelIndices.length === 0) {
        model.levelIndices.push(model.index);
        continue;
      }
      const index = this.#freeIndices.pop();
      if (index === undefined) return false;
      model.levelIndices.push(index);
    }
    model.levelPrimitives = [];
    for (let level = 0; level < levels; level++) {
      const drawn: number[] = [];
      data.primitives.forEach((primitive, i) => {
        if (!primitive.lod) {
          drawn.push(i);
          return;
        }
        const groupLevels = Math.min(data.lods[primitive.lod.group]?.nodes.length ?? 1, MAX_LEVELS);
        if (primitive.lod.level === Math.min(level, groupLevels - 1)) drawn.push(i);
      });
      model.levelPrimitives.push(drawn);
    }
    const hints = data.lods[0]?.screenCoverage ?? [];
    model.coverage = [];
    for (let level = 0; level < levels - 1; level++) model.coverage.push(hints[level] ?? DEFAULT_COVERAGE[level]!);
    return true;
  }

  #announce(model: SceneModel, user: ModelUser): void {
    const data = model.data!;
    if (data.rigProblem && !model.toldRigProblem.has(user)) {
      model.toldRigProblem.add(user);
      user.modelFailed(new LayerWError('ASSET_INVALID',
        `${model.cacheKey.split(' ')[1]}: ${data.rigProblem}; the model is drawn at rest, without skins, morph targets or animations`));
    }
    user.modelReady(model.levelIndices.map((index) => MODEL_KEY_BASE + index), model.coverage, data.bounds, this.#animationSource(model));
  }

  #animationSource(model: SceneModel): ModelAnimationSource | null {
    const rig = model.data!.rig;
    const animation = this.#animation;
    const handle = model.rigBlock;
    if (!rig || !animation || handle === 0) return null;
    return {
      names: model.clipNames,
      durations: model.clipDurations,
      weightCount: rig.weights.length,
      attach: (slot, listener) => animation.attach(slot, handle, listener),
    };
  }

  #blocksLive(model: SceneModel): boolean {
    for (let k = 0; k < model.meshBlocks.length; k++) if (this.#walloc.blockAddress(model.meshBlocks[k]!) === 0) return false;
    for (let k = 0; k < model.textureBlocks.length; k++) if (this.#walloc.blockAddress(model.textureBlocks[k]!) === 0) return false;
    return true;
  }

  #freeBlocks(model: SceneModel): void {
    for (const handle of model.meshBlocks) this.#walloc.freeBlock(handle);
    for (const handle of model.textureBlocks) this.#walloc.freeBlock(handle);
    model.meshBlocks = [];
    model.textureBlocks = [];
  }

  /** Its blocks were taken for nearer data: off the GPU until it is in view again. */
  #evict(model: SceneModel): void {
    this.#freeBlocks(model);
    this.#releaseGpu(model);
    model.state = 'evicted';
  }

  #releaseGpu(model: SceneModel): void {
    model.resources?.destroy();
    model.resources = null;
    for (const index of model.levelIndices) this.table[index] = null;
  }

  #fail(model: SceneModel, error: LayerWError): void {
    model.state = 'failed';
    for (const user of model.users) user.modelFailed(error);
  }

  /** The last user left: free the blocks, the GPU objects, the index and the hold (aborting a running load). */
  #drop(model: SceneModel): void {
    model.generation++;
    this.#releaseGpu(model);
    this.#freeBlocks(model);
    for (const bitmap of model.bitmaps) bitmap?.close();
    model.bitmaps = [];
    model.data = null;
    model.users.clear();
    model.undrawn.clear();
    this.#byKey.delete(model.cacheKey);
    const at = this.#active.indexOf(model);
    if (at >= 0) this.#active.splice(at, 1);
    model.rigBlock = 0;
    for (const index of model.levelIndices) this.#freeIndices.push(index);
    if (model.levelIndices.length === 0) this.#freeIndices.push(model.index);
    model.levelIndices = [];
    model.hold.release();
  }
}

const world = mat4.create();
const normalMatrix = mat3.create();
const v = vec3.create();

/** Interleaves one primitive into VERTEX_FLOATS per vertex at `f32[at..]`, its node transform applied unless `local`. */
function writeVertices(f32: Float32Array, at: number, primitive: PrimitiveData, local: boolean): void {
  if (local) mat4.identity(world);
  else mat4.copy(world, primitive.worldMatrix as unknown as mat4);
  mat3.normalFromMat4(normalMatrix, world);
  const { positions, normals, uvs, uvs1, vertexCount } = primitive;
  for (let i = 0; i < vertexCount; i++) {
    const o = at + i * VERTEX_FLOATS;
    vec3.set(v, positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!);
    vec3.transformMat4(v, v, world);
    f32[o] = v[0];
    f32[o + 1] = v[1];
    f32[o + 2] = v[2];
    vec3.set(v, normals[i * 3]!, normals[i * 3 + 1]!, normals[i * 3 + 2]!);
    vec3.transformMat3(v, v, normalMatrix);
    vec3.normalize(v, v);
    f32[o + 3] = v[0];
    f32[o + 4] = v[1];
    f32[o + 5] = v[2];
    f32[o + 6] = uvs ? uvs[i * 2]! : 0;
    f32[o + 7] = uvs ? uvs[i * 2 + 1]! : 0;
    // Without a second set, texture references to it read the first.
    const second = uvs1 ?? uvs;
    f32[o + 8] = second ? second[i * 2]! : 0;
    f32[o + 9] = second ? second[i * 2 + 1]! : 0;
  }
}
