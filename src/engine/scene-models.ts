import { LayerWError } from '../errors.js';
import { isAbortError } from '../assets/asset-error.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import type { ModelData } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import { MAX_MODELS, MODEL_KEY_BASE } from '../gpu/frame-input.js';
import type { GpuModel } from '../gpu/model.js';
import { pipelineNeeds } from '../gpu/model-resources.js';
import { MaterialLibrary } from '../gpu/material.js';
import { ModelStore } from './model-store.js';
import { urlsOnly, type ShapeTextureSpec } from './shape-key.js';
import { shapeModelKey } from './shape-model-key.js';
import type { LiveShapes } from './shape-live.js';
import type { SceneAnimation } from './scene-animation.js';

import type { ModelPickGeometry } from './picking/scene-picker.js';
import { ktx2Target, RGBA8_TARGET, type Ktx2Target } from '../gpu/ktx2-formats.js';
import { imageUses, type Ktx2Reader } from './model-textures.js';
import { noteDrawnModels, streamLevels, type DrawnModels } from './model-streaming.js';
import { firstLookShift } from './model-texture-level.js';
import { ModelChunks } from './model-chunks.js';
import { SceneModel } from './scene-model.js';
import { evictModel, freeBlocks, stagedPickGeometry, stageModel, uploadModel, type StageScene } from './model-staging.js';
import { fillTable, levelOf, modelVariants } from './model-variants.js';
import type { ModelAnimationSource, ModelsHost, ModelUse, ModelUser } from './model-user.js';

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
  #library: MaterialLibrary | null = null;
  /** The code models load on first need, and what it made. */
  readonly #chunks: ModelChunks;
  #frame = 0;
  #degraded = false;
  readonly #startUpload = (model: SceneModel, shift: number): void => void this.#upload(model, shift);
  /** What staging and uploads (model-staging.ts) read of these models, at the time they read it. */
  readonly #staging: StageScene;
  /** What the per-frame use-noting (model-streaming.ts) reads of these models. */
  readonly #drawn: DrawnModels;

  /** `gpuAllowance`: the budget's share for model buffers and textures on the GPU. */
  constructor(host: ModelsHost, gpuAllowance: number) {
    this.#host = host;
    this.#walloc = host.walloc;
    this.table = host.table;
    this.#allowance = gpuAllowance;
    for (let i = MAX_MODELS - 1; i >= 0; i--) this.#freeIndices.push(i);
    const models = this;
    this.#chunks = new ModelChunks({
      walloc: host.walloc,
      schedule: host.schedule,
      table: host.table,
      freeIndices: this.#freeIndices,
      lightsHost: host,
      get device() { return models.#device; },
      requestDraw: () => host.requestDraw(),
    });
    const chunks = this.#chunks;
    this.#staging = {
      walloc: host.walloc,
      models: this.#active,
      freeIndices: this.#freeIndices,
      allowance: gpuAllowance,
      get device() { return models.#device; },
      get library() { return models.#library; },
      get layers() { return chunks.layers; },
      get animationCode() { return chunks.animationCode; },
      get animation() { return chunks.animation; },
      blocksLive: (model) => this.#blocksLive(model),
      releaseGpu: (model) => this.#releaseGpu(model),
      fillTable: (model) => fillTable(this.table, model),
      fail: (model, error) => this.#fail(model, error),
      requestDraw: () => host.requestDraw(),
      warmPipelines: (needs) => host.warmPipelines(needs),
      announce: (model, user) => this.#announce(model, user),
    };
    this.#drawn = { walloc: host.walloc, indexed: (index) => this.#indexed(index), reload: this.#reload };
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
    return bytes + (this.#chunks.animation?.gpuBytes ?? 0) + (this.live?.gpuBytes ?? 0);
  }

  /** The scene's shapes textured from page elements, once one was shown. */
  get live(): LiveShapes | null {
    return this.#chunks.live;
  }

  /**
   * Starts showing images on a built-in shape for `user`. A shape whose images are all URLs loads as a model
   * (shared cache, budget and streaming); one showing page elements is drawn by the live shapes.
   */
  useShape(spec: ShapeTextureSpec, crossOrigin: CrossOrigin, user: ModelUser): ModelUse {
    if (urlsOnly(spec)) return this.use(shapeModelKey(spec), crossOrigin, user);
    let released = false;
    let use: ModelUse | undefined;
    void this.#chunks.liveShapes().then((live) => {
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
    if (model.state === 'ready' && model.announced) this.#announce(model, user);
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
    this.#chunks.setDevice(device);
    this.#host.streaming.ktx2Format = device ? this.#ktx2Target().format : '';
    // A new device may compress differently: KTX2 images are counted and transcoded for it.
    for (const model of this.#active) if (model.data) model.uses = imageUses(model.data, this.#ktx2Reader());
    if (!device) return;
    this.#library = MaterialLibrary.acquire(device);
    for (const model of this.#active) if (model.state === 'ready') void this.#upload(model, firstLookShift(model));
  }

  /**
   * Once per drawn frame, after packing: notes which models were drawn and how large (model-streaming.ts), fits
   * the models' texture levels to the budget and starts the uploads that brings, unloads models whose blocks were
   * taken for nearer data, and reloads evicted models that are in view again. The arguments locate the frame's
   * batches, visible list and world matrices (see noteDrawnModels).
   */
  frameDrawn(u32: Uint32Array, f32: Float32Array, batchIndex: number, batchCount: number, visibleIndex: number,
    worldIndex: number, transparentOffset: number, eye: Float32Array): void {
    const frame = ++this.#frame;
    const camera = this.#host.camera;
    const pixelsPerUnit = this.#host.canvas.height / (2 * Math.tan((camera.fov * Math.PI) / 360));
    noteDrawnModels(this.#drawn, frame, pixelsPerUnit, u32, f32, batchIndex, batchCount, visibleIndex, worldIndex,
      transparentOffset, eye);
    const reload = this.#reload;
    for (let i = 0; i < reload.length; i++) void this.#restage(reload[i]!);
    for (let i = 0; i < this.#active.length; i++) {
      const model = this.#active[i]!;
      if (model.state === 'ready' && !this.#blocksLive(model)) evictModel(this.#staging, model);
    }
    this.#stream();
  }

  /** Fits the texture levels to the budget, starts the uploads that brings, and tells the host when the budget degrades. */
  #stream(): void {
    const degraded = streamLevels(this.#active, this.#allowance, firstLookShift, this.#device ? this.#startUpload : null,
      this.#host.streaming);
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
    const level = model ? levelOf(model, key - MODEL_KEY_BASE) : -1;
    if (!model || model.state !== 'ready' || !model.data || level < 0) return null;
    return stagedPickGeometry(this.#walloc, model, level, this.pickToken(key));
  }

  /** Lets go of every model (GPU objects, blocks, holds). Called when the scene's memory goes away. */
  destroy(): void {
    this.#chunks.destroy();
    for (const model of [...this.#active]) this.#drop(model);
    this.#library?.release();
    this.#library = null;
  }

  /** The scene's animated meshes, once a model with a rig was staged; for tests and stats. */
  get animation(): SceneAnimation | null {
    return this.#chunks.animation;
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
    const hold = ModelStore.get().acquire(url, crossOrigin, {
      progress: (loaded, total) => {
        for (const user of model.users) user.modelProgress(loaded, total);
      },
      // Its pipelines start compiling as soon as the file's materials are read; staging asks again and waits.
      outline: (outline) => {
        if (this.#device && model.users.size > 0) void this.#host.warmPipelines(pipelineNeeds(outline));
      },
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
      await this.#chunks.loadFor(data);
      if (!current()) return;
      model.data = data;
      model.clipNames = data.rig?.animations.map((clip) => clip.name) ?? [];
      model.clipDurations = data.rig?.animations.map((clip) => clip.duration) ?? [];
      model.uses = imageUses(data, this.#ktx2Reader());
      for (const warning of data.warnings) console.warn(`layerw-mesh: ${model.cacheKey.split(' ')[1]}: ${warning}`);
      stageModel(this.#staging, model);
    } catch (error) {
      if (model.generation !== generation) return;
      if (isAbortError(error)) return;
      this.#fail(model, error instanceof LayerWError ? error : new LayerWError('ASSET_INVALID', String(error), { cause: error }));
    }
  }

  /** Brings an evicted model back: its geometry is staged again and its textures uploaded again. */
  #restage(model: SceneModel): void {
    model.state = 'staging';
    stageModel(this.#staging, model);
  }

  /** Uploads the model at `shift` levels down its textures (model-staging.ts). */
  #upload(model: SceneModel, shift: number): Promise<void> {
    return uploadModel(this.#staging, model, shift);
  }

  #announce(model: SceneModel, user: ModelUser): void {
    const data = model.data!;
    if (data.rigProblem && !model.toldRigProblem.has(user)) {
      model.toldRigProblem.add(user);
      user.modelFailed(new LayerWError('ASSET_INVALID',
        `${model.cacheKey.split(' ')[1]}: ${data.rigProblem}; the model is drawn at rest, without skins, morph targets or animations`));
    }
    const keys = model.levelIndices.map((index) => MODEL_KEY_BASE + index);
    const variants = modelVariants(this.table, this.#freeIndices, model, keys);
    user.modelReady(keys, model.coverage, data.bounds, this.#animationSource(model),
      data.lights.length > 0 && this.#chunks.lights ? (slot) => this.#chunks.lights!.attach(slot, data.lights, model.cacheKey.split(' ')[1]!) : null,
      variants);
  }

  /** Reads KTX2 images for the current device's target; null until a model with one loaded the chunk. */
  #ktx2Reader(): Ktx2Reader | null {
    return this.#chunks.ktx2Reader(this.#ktx2Target());
  }

  #animationSource(model: SceneModel): ModelAnimationSource | null {
    const rig = model.data!.rig;
    const animation = this.#chunks.animation;
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
    freeBlocks(this.#walloc, model);
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
