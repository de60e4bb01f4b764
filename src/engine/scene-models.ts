import * as mat3 from 'gl-matrix/mat3';
import * as mat4 from 'gl-matrix/mat4';
import { LayerWError } from '../errors.js';
import { InvalidContent, isAbortError } from '../assets/asset-error.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import type { BoundingSphere, ModelData, PrimitiveData } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import { MAX_MODELS, MODEL_KEY_BASE } from '../gpu/frame-input.js';
import type { GpuModel } from '../gpu/model.js';
import { MaterialLibrary } from '../gpu/material.js';
import { buildModelResources, type LayersModule, type ModelResources, type StagedPrimitive } from '../gpu/model-resources.js';
import { VERTEX_COLOR_WORD, VERTEX_FLOATS, WHITE_WORD } from '../gpu/geometry.js';
import type { Camera } from './camera.js';
import { ModelStore } from './model-store.js';
import { urlsOnly, type ShapeTextureSpec } from './shape-key.js';
import { shapeModelKey } from './shape-model-key.js';
import type { LiveShapes } from './shape-live.js';
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
import { ktx2Target, RGBA8_TARGET, type Ktx2Target } from '../gpu/ktx2-formats.js';
import { imageUses, maxShift, shiftFor, textureSetBytes, uploadTextureSet, type ImageUse, type Ktx2Reader, type TextureSet } from './model-textures.js';
import { fitBudget, noteUse, smallestBytes, type StreamedModel, type StreamingStats } from './model-streaming.js';
import type { ModelLights, ModelLightsHost } from './model-lights.js';

/** A model's KHR_materials_variants (none for most models), as an element chooses among them. */
export interface ModelVariants {
  /** Variant names in the file's order; the same array for every announcement of a model. */
  readonly names: readonly string[];
  /**
   * Batch keys (one per level, as `modelReady` gives) drawing variant `name`, or the file's own materials for
   * null; null for a name the model lacks.
   */
  keys(name: string | null): readonly number[] | null;
  /** Why a name was refused, naming the variants there are. */
  readonly refusal: string;
}

/** What a scene tells an element that shows a model. Implemented by `<layerw-mesh src>`. */
export interface ModelUser {
  /** Download progress of the model file. */
  modelProgress(loaded: number, total: number | null): void;
  /**
   * The model is staged: draw with `keys` (one per level of detail, finest first), switching to level i + 1
   * below screen coverage `coverage[i]`; cull with `bounds` (model space). `animation` is set for a model with
   * skins, morph targets or animations: the element attaches its slot to it, or the model is not drawn moved.
   * `lights` is set for a model with KHR_lights_punctual lights: the element attaches its slot, and the lights
   * light the scene from where the mesh is until it releases them. For a `src` model, `variants.keys(name)` gives
   * the keys that draw a material variant instead (KHR_materials_variants); shapes' images have none.
   */
  modelReady(keys: readonly number[], coverage: readonly number[], bounds: BoundingSphere, animation: ModelAnimationSource | null,
    lights: ((slot: number) => ModelUse) | null, variants?: ModelVariants): void;
  /** A frame with the model in it was drawn (once per successful load). */
  modelDrawn(): void;
  /**
   * The model could not be shown (LOAD_FAILED, ASSET_INVALID or BUDGET_EXCEEDED), or a part of it could not:
   * an image that does not decode (ASSET_INVALID) is left out and the rest is drawn.
   */
  modelFailed(error: LayerWError): void;
}

/** What the scene gives its models: memory, camera, canvas, lights, the budget's GPU share, and where to say so. */
export interface ModelsHost extends ModelLightsHost {
  readonly walloc: Walloc;
  readonly camera: Camera;
  readonly canvas: HTMLCanvasElement;
  /** GpuModel by key - MODEL_KEY_BASE, read by the renderer through FrameInput.models. */
  readonly table: (GpuModel | null)[];
  /** The scene's frame schedule: animation adds its step there. */
  readonly schedule: FrameSchedule;
  /** Updated in place every drawn frame. */
  readonly streaming: StreamingStats;
  requestDraw(): void;
  /** The budget started (true) or stopped (false) holding textures below the level the screen wants. */
  budgetChanged(degraded: boolean): void;
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
class SceneModel implements StreamedModel {
  /** Table index of each level of detail (finest first); `index` is the finest. */
  levelIndices: number[] = [];
  /** Per KHR_materials_variants variant, its table index per level once a mesh chose it (else empty). */
  variantIndices: number[][] = [];
  /** Primitive indices (into the staged order) drawn at each level. */
  levelPrimitives: number[][] = [];
  /** Coverage thresholds between levels. */
  coverage: number[] = [];
  readonly users = new Set<ModelUser>();
  /** Users that have not yet had `modelDrawn`. */
  readonly undrawn = new Set<ModelUser>();
  state: State = 'loading';
  data: ModelData | null = null;
  /** The images its materials use; their compressed bytes stay in `data`, decoded again for each upload. */
  uses: ImageUse[] = [];
  /** Buffers and materials, over `textures`. */
  resources: ModelResources | null = null;
  textures: TextureSet | null = null;
  /** Mesh-region blocks, one per drawn primitive: its staged vertices and indices. */
  meshBlocks: number[] = [];
  bufferBytes = 0;
  wantShift = -1;
  targetShift = 0;
  distance = 0;
  seenFrame = -1;
  /** A texture upload is in flight. */
  uploading = false;
  /** Images that failed to decode were reported (once per load). */
  imagesReported = false;
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
/** Texels across a model's largest texture before it has been seen on screen: a quick first look. */
const FIRST_LOOK_TEXELS = 256;

/**
 * The models of one scene: shared per URL (one set of GPU buffers however many meshes show it), geometry staged
 * in the WALLOC mesh region, textures decoded from the model's compressed images at the mip level the screen
 * wants and the budget allows, passing through the texture region on their way to the GPU. Evicted when the
 * mesh region needs room for nearer data and reloaded when they come back into view. Owned by SceneRuntime.
 */
export class SceneModels {
  readonly table: (GpuModel | null)[];
  readonly #host: ModelsHost;
  readonly #walloc: Walloc;
  readonly #allowance: number;
  readonly #byKey = new Map<string, SceneModel>();
  /** Models holding an index, in an array so the per-frame walk allocates nothing. */
  readonly #active: SceneModel[] = [];
  readonly #freeIndices: number[] = [];
  /** Evicted models seen in this frame, reloaded after the others are marked seen (reused every frame). */
  readonly #reload: SceneModel[] = [];
  #device: GPUDevice | null = null;
  /** model-ktx2.ts's ktx2Use, once a model with KTX2 images loaded it. */
  #ktx2Use: typeof import('./model-ktx2.js').ktx2Use | null = null;
  #library: MaterialLibrary | null = null;
  readonly #schedule: FrameSchedule;
  #animationModule: Promise<AnimationModule> | null = null;
  /** The chunk of materials with PBR extensions, loaded with the first model that has one. */
  #layersModule: Promise<LayersModule> | null = null;
  #layers: LayersModule | null = null;
  #animationCode: AnimationModule | null = null;
  #animation: SceneAnimation | null = null;
  #frame = 0;
  #degraded = false;
  /** The model-lights chunk, loaded with the first model that has lights (before it is announced); its step joins the schedule then. */
  #lightsLoad: Promise<ModelLights> | null = null;
  #lights: ModelLights | null = null;
  #destroyed = false;
  #liveLoad: Promise<LiveShapes | undefined> | null = null;
  /** Shapes textured from page elements, once one was shown. */
  live: LiveShapes | null = null;
  readonly #firstShift = (model: StreamedModel): number => (model as SceneModel).textures?.shift ?? shiftFor(model.uses, FIRST_LOOK_TEXELS);

  /** `gpuAllowance`: the budget's share for model buffers and textures on the GPU. */
  constructor(host: ModelsHost, gpuAllowance: number) {
    this.#host = host;
    this.#walloc = host.walloc;
    this.#schedule = host.schedule;
    this.table = host.table;
    this.#allowance = gpuAllowance;
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
    for (let i = 0; i < this.#active.length; i++) {
      const model = this.#active[i]!;
      bytes += (model.resources?.gpuBytes ?? 0) + (model.textures?.gpuBytes ?? 0);
    }
    return bytes + (this.#animation?.gpuBytes ?? 0) + (this.live?.gpuBytes ?? 0);
  }

  /**
   * Starts showing images on a built-in shape for `user`. A shape whose images are all URLs loads as a model
   * (shared cache, budget and streaming); one showing page elements is drawn by the live shapes.
   */
  useShape(spec: ShapeTextureSpec, crossOrigin: CrossOrigin, user: ModelUser): ModelUse {
    if (urlsOnly(spec)) return this.use(shapeModelKey(spec), crossOrigin, user);
    let released = false;
    let use: ModelUse | undefined;
    void this.liveShapes().then((live) => {
      if (live && !released) use = live.use(spec, crossOrigin, user);
    }, (cause: unknown) => {
      if (!released) user.modelFailed(new LayerWError('LOAD_FAILED', `the live texture code could not be loaded: ${String(cause)}`, { cause }));
    });
    return {
      release: () => {
        released = true;
        use?.release();
      },
    };
  }

  /** The scene's shapes textured from page elements, made on first use (their code is its own chunk). */
  liveShapes(): Promise<LiveShapes | undefined> {
    return (this.#liveLoad ??= import('./shape-live.js').then(({ LiveShapes }) => {
      if (this.#destroyed) return undefined;
      this.live = new LiveShapes({
        table: this.table,
        schedule: this.#schedule,
        reserveIndex: () => this.#freeIndices.pop(),
        returnIndex: (index) => {
          this.table[index] = null;
          this.#freeIndices.push(index);
        },
        requestDraw: () => this.#host.requestDraw(),
      });
      this.live.setDevice(this.#device);
      return this.live;
    }));
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

  /** The GPU format KTX2 textures transcode to on the current device (RGBA8 until there is one). */
  #ktx2Target(): Ktx2Target {
    return this.#device ? ktx2Target(this.#device.features) : RGBA8_TARGET;
  }

  /** The device came (first, or after a loss): upload every model that is staged, from its staged and compressed bytes. */
  setDevice(device: GPUDevice | null): void {
    for (const model of this.#active) this.#releaseGpu(model);
    this.#library?.release();
    this.#library = null;
    this.#device = device;
    this.#animation?.setDevice(device);
    this.live?.setDevice(device);
    this.#host.streaming.ktx2Format = device ? this.#ktx2Target().format : '';
    // A new device may compress differently: KTX2 images are counted and transcoded for it.
    for (const model of this.#active) if (model.data) model.uses = imageUses(model.data, this.#ktx2Reader());
    if (!device) return;
    this.#library = MaterialLibrary.acquire(device);
    for (const model of this.#active) if (model.state === 'ready') void this.#upload(model, this.#firstShift(model));
  }

  /**
   * Once per drawn frame, after packing: marks the blocks of every model drawn this frame as seen (at the
   * distance of its nearest instance), notes the largest on-screen size of each, fits the models' texture levels
   * to the budget and starts the uploads that brings, unloads models whose blocks were taken for nearer data,
   * and reloads evicted models that are in view again. `batches` are the frame's batch records at `batchIndex`
   * (u32 index), a batch's instances are slots in the visible list at `visibleIndex` (u32 index), and their
   * world matrices are in the world column at `worldIndex` (f32 index).
   */
  frameDrawn(u32: Uint32Array, f32: Float32Array, batchIndex: number, batchCount: number, visibleIndex: number,
    worldIndex: number, transparentOffset: number, eye: Float32Array): void {
    const frame = ++this.#frame;
    const camera = this.#host.camera;
    const pixelsPerUnit = this.#host.canvas.height / (2 * Math.tan((camera.fov * Math.PI) / 360));
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
      const bounds = model.data!.bounds;
      const first = u32[o + 1]!;
      const count = u32[o + 2]!;
      for (let k = 0; k < count; k++) {
        const at = worldIndex + u32[visibleIndex + first + k]! * 16;
        const cx = bounds.center[0];
        const cy = bounds.center[1];
        const cz = bounds.center[2];
        const x = f32[at]! * cx + f32[at + 4]! * cy + f32[at + 8]! * cz + f32[at + 12]!;
        const y = f32[at + 1]! * cx + f32[at + 5]! * cy + f32[at + 9]! * cz + f32[at + 13]!;
        const z = f32[at + 2]! * cx + f32[at + 6]! * cy + f32[at + 10]! * cz + f32[at + 14]!;
        const scale = Math.max(Math.hypot(f32[at]!, f32[at + 1]!, f32[at + 2]!), Math.hypot(f32[at + 4]!, f32[at + 5]!, f32[at + 6]!),
          Math.hypot(f32[at + 8]!, f32[at + 9]!, f32[at + 10]!));
        noteUse(model, frame, bounds.radius * scale, Math.hypot(x - eye[0]!, y - eye[1]!, z - eye[2]!), pixelsPerUnit);
      }
      for (let k = 0; k < model.meshBlocks.length; k++) this.#walloc.touchBlock(model.meshBlocks[k]!, model.distance);
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
    this.#stream();
  }

  /**
   * Fits every model's texture level to the budget, starts the uploads that changes, and updates
   * `streaming`: a model goes up a level only when the textures on the GPU leave room for it, goes down when the
   * budget needs it or the screen wants two levels less (so a model at a boundary does not flicker).
   */
  #stream(): void {
    const models = this.#active;
    fitBudget(models, this.#allowance, this.#firstShift);
    let resident = 0;
    let wanted = 0;
    let buffers = 0;
    let degraded = false;
    for (let i = 0; i < models.length; i++) {
      const model = models[i]!;
      resident += (model.textures?.gpuBytes ?? 0) + (model.resources?.gpuBytes ?? 0);
      wanted += textureSetBytes(model.uses, model.wantShift >= 0 ? model.wantShift : model.targetShift);
      buffers += model.bufferBytes;
      if (model.wantShift >= 0 && model.targetShift > model.wantShift) degraded = true;
    }
    for (let i = 0; i < models.length; i++) {
      const model = models[i]!;
      if (model.state !== 'ready' || model.uploading || !this.#device) continue;
      const shift = model.textures?.shift;
      const target = model.targetShift;
      if (shift === undefined) {
        if (!model.resources) void this.#upload(model, target);
        continue;
      }
      if (target === shift || model.uses.length === 0) continue;
      const grows = textureSetBytes(model.uses, target) - model.textures!.gpuBytes;
      const forced = target > model.wantShift;
      if (target < shift ? resident + grows <= this.#allowance : forced || target > shift + 1) {
        resident += grows;
        void this.#upload(model, target);
      }
    }
    const stats = this.#host.streaming;
    let textureResident = 0;
    let bufferResident = 0;
    for (let i = 0; i < models.length; i++) {
      textureResident += models[i]!.textures?.gpuBytes ?? 0;
      bufferResident += models[i]!.resources?.gpuBytes ?? 0;
    }
    stats.texture.wanted = wanted;
    stats.texture.resident = textureResident;
    stats.mesh.wanted = buffers;
    stats.mesh.resident = bufferResident;
    stats.degraded = degraded;
    if (degraded !== this.#degraded) {
      this.#degraded = degraded;
      this.#host.budgetChanged(degraded);
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
    const level = model ? this.#levelOf(model, key - MODEL_KEY_BASE) : -1;
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
    this.#destroyed = true;
    this.live?.destroy();
    this.live = null;
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
    return (this.#animationModule ??= import('./model-animation.js').then(async (code) => {
      const animation = await code.SceneAnimation.create(this.#walloc, this.#schedule, () => this.#host.requestDraw());
      // The scene may have gone while the feature kernels loaded: nothing of it may stay in its schedule.
      if (this.#destroyed) {
        animation.destroy();
        return code;
      }
      this.#animation = animation;
      this.#animationCode = code;
      animation.setDevice(this.#device);
      return code;
    }));
  }

  #indexed(index: number): SceneModel | undefined {
    for (let i = 0; i < this.#active.length; i++) {
      const model = this.#active[i]!;
      if (model.index === index || model.levelIndices.includes(index)) return model;
      if (model.variantIndices.length > 0 && model.variantIndices.some((indices) => indices.includes(index))) return model;
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
      if (data.lights.length > 0) await this.#loadLights();
      if (data.images.some((image) => image?.mimeType === 'image/ktx2')) await this.#loadKtx2();
      if (data.materials.some((material) => material.extensions)) {
        this.#layers ??= await (this.#layersModule ??= import('../gpu/layered-material.js'));
      }
      if (!current()) return;
      model.data = data;
      model.clipNames = data.rig?.animations.map((clip) => clip.name) ?? [];
      model.clipDurations = data.rig?.animations.map((clip) => clip.duration) ?? [];
      model.uses = imageUses(data, this.#ktx2Reader());
      for (const warning of data.warnings) console.warn(`layerw-mesh: ${model.cacheKey.split(' ')[1]}: ${warning}`);
      this.#stage(model);
    } catch (error) {
      if (model.generation !== generation) return;
      if (isAbortError(error)) return;
      this.#fail(model, error instanceof LayerWError ? error : new LayerWError('ASSET_INVALID', String(error), { cause: error }));
    }
  }

  /** Brings an evicted model back: its geometry is staged again and its textures uploaded again. */
  #restage(model: SceneModel): void {
    model.state = 'staging';
    this.#stage(model);
  }

  /**
   * Writes every primitive's vertices (node transform applied, VERTEX_BYTES layout) and indices into mesh-region
   * blocks: from here on the staged bytes are the model's geometry, uploaded again after a device loss. A block
   * that does not fit even after evicting far data, or a model whose smallest level does not fit the budget's
   * GPU share beside the others' smallest, fails the model with BUDGET_EXCEEDED, returning what it took.
   */
  #stage(model: SceneModel): void {
    const data = model.data!;
    const walloc = this.#walloc;
    const meshBlocks: number[] = [];
    const fail = (what: string): void => {
      for (const handle of meshBlocks) walloc.freeBlock(handle);
      this.#fail(model, new LayerWError('BUDGET_EXCEEDED', `${model.cacheKey.split(' ')[1]}: ${what} does not fit the scene's memory-budget`));
    };
    if (!this.#planLevels(model)) return fail('its levels of detail');
    const code = data.rig ? this.#animationCode! : null;
    let bufferBytes = 0;
    for (const primitive of data.primitives) {
      const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
      const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
      const rigBytes = code ? code.rigStageBytes(primitive) : 0;
      bufferBytes += vertexBytes + indexBytes;
      const handle = walloc.allocBlock('mesh', vertexBytes + indexBytes + rigBytes, DEFAULT_DISTANCE);
      if (handle === 0) return fail(`a primitive of ${primitive.vertexCount} vertices`);
      meshBlocks.push(handle);
      // An animated model's vertices stay in their node's space: the palette carries them every frame.
      writeVertices(walloc.f32, walloc.u32, walloc.blockAddress(handle) >>> 2, primitive, code !== null);
      walloc.bytes.set(new Uint8Array(primitive.indices.buffer, primitive.indices.byteOffset, primitive.indices.byteLength),
        walloc.blockAddress(handle) + vertexBytes);
      if (code) code.writeRigStage(walloc.bytes, walloc.blockAddress(handle) + vertexBytes + indexBytes, primitive);
    }
    model.rigBlock = 0;
    if (code && data.rig) {
      const handle = walloc.allocBlock('mesh', code.rigBlockBytes(this.#animation!.kernels, data.rig), DEFAULT_DISTANCE);
      if (handle === 0) return fail('its skins and animations');
      meshBlocks.push(handle);
      code.writeRigBlock(this.#animation!.kernels, walloc.u32, walloc.f32, walloc.blockAddress(handle), data.rig);
      model.rigBlock = handle;
    }
    model.bufferBytes = bufferBytes;
    let others = 0;
    for (const other of this.#active) if (other !== model && other.state !== 'failed') others += smallestBytes(other);
    if (others + smallestBytes(model) > this.#allowance) {
      return fail(`its ${bufferBytes} bytes of buffers with its textures at their smallest`);
    }
    model.meshBlocks = meshBlocks;
    model.state = 'ready';
    // A first look that fits beside what is on the GPU; the screen and the budget take it from there.
    let resident = 0;
    for (const other of this.#active) if (other !== model) resident += (other.textures?.gpuBytes ?? 0) + (other.resources?.gpuBytes ?? 0);
    let shift = Math.max(this.#firstShift(model), model.targetShift);
    while (shift < maxShift(model.uses) && resident + bufferBytes + textureSetBytes(model.uses, shift) > this.#allowance) shift++;
    void this.#upload(model, shift);
    for (const user of model.users) this.#announce(model, user);
    this.#host.requestDraw();
  }

  /**
   * Uploads the model's textures `shift` levels down, then builds its buffers and materials over them from the
   * staged blocks, and swaps them in for what it had. Images that do not decode are left out and reported once.
   */
  async #upload(model: SceneModel, shift: number): Promise<void> {
    const device = this.#device;
    const library = this.#library;
    if (!device || !library || model.uploading) return;
    const data = model.data!;
    const generation = model.generation;
    const current = (): boolean => model.generation === generation && this.#device === device && model.state === 'ready';
    const label = `LayerW.model${model.index}`;
    model.uploading = true;
    try {
      const textures = await uploadTextureSet(device, this.#walloc, data, model.uses, shift, label, model.distance, current);
      if (!textures) return;
      if (!current() || !this.#blocksLive(model)) {
        textures.destroy();
        return;
      }
      const resources = buildModelResources(device, library, label, this.#staged(model), data.materials, data.textures, textures.views, this.#layers);
      this.#releaseGpu(model);
      model.resources = resources;
      model.textures = textures;
      const code = this.#animationCode;
      const animation = this.#animation;
      if (data.rig && code && animation) model.resources = this.#withRig(model, label, code, animation);
      this.#fillTable(model);
      if (!model.imagesReported && textures.failed.length > 0) {
        model.imagesReported = true;
        for (const { image, mimeType, cause } of textures.failed) {
          const unreachable = cause instanceof LayerWError && cause.code === 'LOAD_FAILED';
          const error = unreachable
            ? new LayerWError('LOAD_FAILED', `${model.cacheKey.split(' ')[1]}: images[${image}] (${mimeType}): ${cause.message}; its texture is left out`, { cause })
            : new LayerWError('ASSET_INVALID', `${model.cacheKey.split(' ')[1]}: images[${image}] (${mimeType}) could not be decoded${reason(cause)}; its texture is left out`, { cause });
          for (const user of model.users) user.modelFailed(error);
        }
      }
    } catch (error) {
      if (current()) this.#fail(model, error instanceof LayerWError ? error : new LayerWError('GPU_ERROR', String(error), { cause: error }));
    } finally {
      if (model.generation === generation) model.uploading = false;
      this.#host.requestDraw();
    }
  }

  /** Puts the model's GPU objects in the table at each level's index, and each chosen variant's. */
  #fillTable(model: SceneModel): void {
    const resources = model.resources;
    if (!resources) return;
    const { primitives: all, createOpaqueCapture } = resources.model;
    model.levelIndices.forEach((index, level) => {
      this.table[index] = { primitives: model.levelPrimitives[level]!.map((p) => all[p]!), createOpaqueCapture };
    });
    const primitives = model.data!.primitives;
    model.variantIndices.forEach((indices, variant) => indices.forEach((index, level) => {
      this.table[index] = {
        createOpaqueCapture,
        primitives: model.levelPrimitives[level]!.map((p) => {
          const chosen = primitives[p]!.variantMaterials?.[variant];
          return chosen === undefined ? all[p]! : { ...all[p]!, ...resources.materials[chosen]! };
        }),
      };
    }));
  }

  /**
   * The batch keys (one per level) that draw `model` in variant `name`, taking table indices on first use;
   * null for a name the model does not have, or when the table is full.
   */
  #variantKeys(model: SceneModel, name: string): readonly number[] | null {
    const variants = model.data?.variants ?? [];
    const variant = variants.indexOf(name);
    if (variant < 0) return null;
    if (model.variantIndices.length === 0) model.variantIndices = variants.map(() => []);
    const indices = model.variantIndices[variant]!;
    while (indices.length < model.levelIndices.length) {
      const index = this.#freeIndices.pop();
      if (index === undefined) return null;
      indices.push(index);
    }
    this.#fillTable(model);
    return indices.map((index) => MODEL_KEY_BASE + index);
  }

  /** The level of detail table index `index` draws of `model`, whether in its own materials or a variant's. */
  #levelOf(model: SceneModel, index: number): number {
    const level = model.levelIndices.indexOf(index);
    if (level >= 0) return level;
    for (const indices of model.variantIndices) if (indices.includes(index)) return indices.indexOf(index);
    return -1;
  }

  /** The staged bytes of every primitive, as views of the mesh-region blocks. */
  #staged(model: SceneModel): StagedPrimitive[] {
    const walloc = this.#walloc;
    return model.data!.primitives.map((primitive, i) => {
      const address = walloc.blockAddress(model.meshBlocks[i]!);
      const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
      const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
      return {
        vertices: walloc.bytes.subarray(address, address + vertexBytes),
        indices: walloc.bytes.subarray(address + vertexBytes, address + vertexBytes + indexBytes),
        indexFormat: primitive.indices instanceof Uint32Array ? 'uint32' : 'uint16',
        indexCount: primitive.indices.length,
        material: primitive.material,
      };
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
      model: { ...base.model, primitives: base.model.primitives.map((primitive, i) => ({ ...primitive, rig: rig.draws[i]! })) },
      materials: base.materials,
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
    const keys = model.levelIndices.map((index) => MODEL_KEY_BASE + index);
    const variants: ModelVariants = {
      names: data.variants,
      keys: (name) => (name === null ? keys : model.state === 'ready' ? this.#variantKeys(model, name) : null),
      refusal: `the model has no variant of that name (it has ${data.variants.length === 0 ? 'none' : data.variants.join(', ')})`,
    };
    user.modelReady(keys, model.coverage, data.bounds, this.#animationSource(model),
      data.lights.length > 0 && this.#lights ? (slot) => this.#lights!.attach(slot, data.lights, model.cacheKey.split(' ')[1]!) : null,
      variants);
  }

  /** Loads the model-lights chunk and adds its step to the schedule, once. */
  /** Loads the KTX2 chunk (model-ktx2.ts) for the first model with a KHR_texture_basisu image. */
  async #loadKtx2(): Promise<void> {
    try {
      this.#ktx2Use ??= (await import('./model-ktx2.js')).ktx2Use;
    } catch (cause) {
      throw new LayerWError('LOAD_FAILED', `the KTX2 texture code (KHR_texture_basisu) could not be loaded: ${String(cause)}`, { cause });
    }
  }

  /** Reads KTX2 images for the current device's target; null until a model with one loaded the chunk. */
  #ktx2Reader(): Ktx2Reader | null {
    const read = this.#ktx2Use;
    if (!read) return null;
    const target = this.#ktx2Target();
    return (image, bytes) => read(image, bytes, target);
  }

  #loadLights(): Promise<ModelLights> {
    return (this.#lightsLoad ??= import('./model-lights.js').then(({ ModelLights }) => {
      this.#lights = new ModelLights(this.#host);
      this.#schedule.add(this.#lights.step);
      return this.#lights;
    }));
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
    return true;
  }

  #freeBlocks(model: SceneModel): void {
    for (const handle of model.meshBlocks) this.#walloc.freeBlock(handle);
    model.meshBlocks = [];
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
    model.textures?.destroy();
    model.textures = null;
    for (const index of model.levelIndices) this.table[index] = null;
    for (const indices of model.variantIndices) for (const index of indices) this.table[index] = null;
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
    for (const indices of model.variantIndices) this.#freeIndices.push(...indices);
    model.variantIndices = [];
    model.hold.release();
  }
}

const world = mat4.create();
const normalMatrix = mat3.create();

/**
 * Interleaves one primitive into VERTEX_FLOATS words per vertex at word `at` of the memory (seen as `f32` and
 * `u32`), its node transform applied unless `local` (an animated model's vertices stay in their node's space).
 * One pass per attribute with the matrix in locals: this runs over every vertex of every model that loads.
 */
function writeVertices(f32: Float32Array, u32: Uint32Array, at: number, primitive: PrimitiveData, local: boolean): void {
  if (local) mat4.identity(world);
  else mat4.copy(world, primitive.worldMatrix as unknown as mat4);
  mat3.normalFromMat4(normalMatrix, world);
  const { positions, normals, uvs, uvs1, colors, vertexCount } = primitive;
  const [m0, m1, m2, , m4, m5, m6, , m8, m9, m10, , m12, m13, m14] = world as unknown as number[];
  for (let i = 0, o = at, p = 0; i < vertexCount; i++, o += VERTEX_FLOATS, p += 3) {
    const x = positions[p]!;
    const y = positions[p + 1]!;
    const z = positions[p + 2]!;
    f32[o] = m0! * x + m4! * y + m8! * z + m12!;
    f32[o + 1] = m1! * x + m5! * y + m9! * z + m13!;
    f32[o + 2] = m2! * x + m6! * y + m10! * z + m14!;
  }
  const [n0, n1, n2, n3, n4, n5, n6, n7, n8] = normalMatrix as unknown as number[];
  for (let i = 0, o = at + 3, p = 0; i < vertexCount; i++, o += VERTEX_FLOATS, p += 3) {
    const x = normals[p]!;
    const y = normals[p + 1]!;
    const z = normals[p + 2]!;
    const nx = n0! * x + n3! * y + n6! * z;
    const ny = n1! * x + n4! * y + n7! * z;
    const nz = n2! * x + n5! * y + n8! * z;
    const length = Math.hypot(nx, ny, nz);
    const scale = length > 0 ? 1 / length : 0;
    f32[o] = nx * scale;
    f32[o + 1] = ny * scale;
    f32[o + 2] = nz * scale;
  }
  // Without a second set, texture references to it read the first.
  const second = uvs1 ?? uvs;
  for (let i = 0, o = at + 6, p = 0; i < vertexCount; i++, o += VERTEX_FLOATS, p += 2) {
    f32[o] = uvs ? uvs[p]! : 0;
    f32[o + 1] = uvs ? uvs[p + 1]! : 0;
    f32[o + 2] = second ? second[p]! : 0;
    f32[o + 3] = second ? second[p + 1]! : 0;
  }
  for (let i = 0, c = at + VERTEX_COLOR_WORD, p = 0; i < vertexCount; i++, c += VERTEX_FLOATS, p += 4) {
    if (colors) {
      u32[c] = (unorm16(colors[p]!) | (unorm16(colors[p + 1]!) << 16)) >>> 0;
      u32[c + 1] = (unorm16(colors[p + 2]!) | (unorm16(colors[p + 3]!) << 16)) >>> 0;
    } else {
      u32[c] = WHITE_WORD;
      u32[c + 1] = WHITE_WORD;
    }
  }
}

/** A 0..1 value (clamped; NaN reads as 0) as unorm16. */
function unorm16(value: number): number {
  return Math.round(Math.min(Math.max(value, 0), 1) * 0xffff) || 0;
}

/** `: <why>` for a decode failure that says why (a bad KTX2 header or level), '' for the browser's bare decode errors. */
function reason(cause: unknown): string {
  return cause instanceof InvalidContent ? `: ${cause.message}` : '';
}
