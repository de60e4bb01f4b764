import { LayerWError } from '../errors.js';
import { Walloc, type WallocOptions, type RegionName, type RegionStats, REGION_NAMES } from '../memory/walloc.js';
import { constant } from '../wasm/exports.js';
import type { RenderQuality } from '../gpu/frame-input.js';
import type { SceneRenderer } from '../gpu/scene-renderer.js';
import { loadedRenderer, loadRenderer, type SceneRendererClass } from './renderer-code.js';
import { Engine, type EngineClient } from './engine.js';
import { Camera } from './camera.js';
import { SceneControls } from './controls/scene-controls.js';
import type { ControlSettings, ControlsKind } from './controls/controls-host.js';
import { QUALITY_PRESETS, QualityController, type QualitySetting } from './quality.js';
import { DEFAULT_LIGHTS, DEFAULT_LIGHTS_WITH_ENVIRONMENT, type LightValues } from './lights.js';
import { SceneLook, type LookSettings } from './scene-look.js';
import { FrameSchedule, type FrameClock } from './frame-schedule.js';
import { BuiltinSteps, type BuiltinStepHost, type CullingSetting } from './builtin-steps.js';
import { workerCount, type WorkerSetting } from './workers/worker-setting.js';
import type { SceneWorkers } from './workers/scene-workers.js';
import { SceneComponents } from '../systems/scene-components.js';
import { LazySceneSystems } from '../systems/lazy-scene-systems.js';
import { ObjectSlot, readFlagBits, type FlagBits } from './object-slot.js';
import type { SceneModels, ModelUse, ModelUser } from './scene-models.js';
import { makeSceneStats, type SceneStats } from './scene-stats.js';
import { splitBudget, type MemoryBudget } from './memory-budget.js';
import { NearViewport } from './near-viewport.js';
import type { SceneTweens } from './scene-tweens.js';
import type { ViewPrefetch } from './view-prefetch.js';
import type { ShapeTextureSpec } from './shape-key.js';
import type { GpuModel } from '../gpu/model.js';
import { MAX_MODELS } from '../gpu/frame-input.js';
import { absoluteUrl } from '../assets/url.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';

/** What a scene runtime needs from the element that owns it. Implemented by `<layerw-scene>`. */
export interface SceneHost {
  readonly canvas: HTMLCanvasElement;
  /** Reports an error as an event on `source` (or the scene). */
  report(error: LayerWError, source?: Element): void;
  /** The runtime can draw (memory and device ready) or cannot (no WebGPU, device gone): show or hide fallback. */
  availabilityChanged(available: boolean): void;
  /** The camera moved through the controls. */
  cameraMoved(): void;
  /** Memory is ready: slots can be bound. */
  memoryReady(): void;
  /** The budget started (`degraded`) or stopped holding model textures below the level the screen wants. */
  budgetChanged(degraded: boolean): void;
  /** The user system `name` failed and was stopped. */
  systemStopped(name: string): void;
  /** `quality="auto"` stepped to another rung (`scene.stats` holds the new one). */
  qualityChanged(): void;
  /**
   * A frame was drawn; `first` is true for the first frame after start or device recovery; `now` is the frame's
   * timestamp (the animation frame's, milliseconds).
   */
  frameDrawn(first: boolean, now: number): void;
}

/** Scene-wide settings, parsed by the element. */
export interface SceneSettings {
  budget: MemoryBudget;
  quality: QualitySetting;
  fpsTarget: number;
  /** Linear rgba. */
  background: Float32Array;
  controls: ControlsKind;
  /** Read by the controls every frame: `auto-rotate`, `auto-rotate-speed`, `fly-speed`. */
  input: ControlSettings;
  render: 'continuous' | 'on-demand';
  maxPixelRatio: number;
  look: LookSettings;
  /** `culling`: where objects are tested against the view (see CullingSetting). */
  culling: CullingSetting;
  /** `workers`: read when the memory is made (a change restarts the scene). */
  workers: WorkerSetting;
}

/** The first frame's step, in whole microseconds as every frame's (see `#drawFrame`). */
const FALLBACK_DT = Math.round(1e6 / 60) / 1e6;
/** Longest step the movement kernel takes, so a tab coming back does not teleport everything. */
const MAX_DT = 0.1;
/**
 * Frames after a read of `stats.visible`, `stats.gpuTime` or `stats.cpuTime` during which they are measured: the
 * GPU cull's count and the GPU time are read back from the GPU (a promise and a mapped range each time), the
 * frame is timed on the main thread (`performance.now()` makes a heap number until V8 fully optimises the
 * frame). A read every 250 ms, as a `stats` listener makes, keeps them coming.
 */
const WATCH_FRAMES = 120;

/**
 * One `<layerw-scene>`'s engine side: its WebAssembly memory (WALLOC), its canvas context and renderer, camera,
 * lights, quality control and the per-frame pipeline: movement → world matrices → cull → pack → one upload →
 * instanced draws. Created when the scene connects, destroyed when it disconnects.
 */
export class SceneRuntime implements EngineClient {
  readonly camera = new Camera();
  /** Updated in place every drawn frame; the figures of its StatsSource are worked out when read. */
  readonly stats: SceneStats = makeSceneStats({
    reservedBytes: () => this.#walloc?.reservedBytes ?? 0,
    regions: () => this.regionStats(),
    gpuBytes: () => (this.#renderer?.gpuBytes ?? 0) + (this.#models?.gpuBytes ?? 0) + this.#look.gpuBytes,
    visible: () => {
      this.#figuresRead = this.stats.frames;
      return this.#builtins.visible;
    },
    gpuTime: () => {
      this.#figuresRead = this.stats.frames;
      return this.#renderer?.gpuMs ?? Number.NaN;
    },
    cpuTime: () => {
      this.#figuresRead = this.stats.frames;
      return this.#cpuTime;
    },
  });
  readonly #host: SceneHost;
  readonly #settings: SceneSettings;
  readonly #quality = new QualityController();
  readonly #look: SceneLook;
  readonly #lights: LightValues[] = [];
  #walloc: Walloc | undefined;
  #workers: SceneWorkers | undefined;
  /** Created on the first `src`: the model code is its own chunk in the package build. */
  #models: SceneModels | undefined;
  #modelsLoad: Promise<SceneModels | undefined> | undefined;
  /** Made on the first `<layerw-animate>`: the tween code is its own chunk in the package build. */
  #tweensLoad: Promise<SceneTweens | undefined> | undefined;
  /** Made with the first lazy mesh: the view-watching code is its own chunk in the package build. */
  #prefetchLoad: Promise<ViewPrefetch | undefined> | undefined;
  #prefetch: ViewPrefetch | undefined;
  #contactShadowLoad: Promise<void> | undefined;
  readonly #modelTable: (GpuModel | null)[] = new Array<GpuModel | null>(MAX_MODELS).fill(null);
  #device: GPUDevice | null = null;
  /** A device handed over while the renderer's code was still loading. */
  #waitingDevice: GPUDevice | null = null;
  #bits: FlagBits | undefined;
  #noSlot = 0;
  #context: GPUCanvasContext | undefined;
  #renderer: SceneRenderer | undefined;
  readonly #controls: SceneControls;
  #resizeObserver: ResizeObserver | undefined;
  /** Whether the canvas is near the viewport, for models with loading="lazy". */
  #near: NearViewport | undefined;
  #intersectionObserver: IntersectionObserver | undefined;
  #cssWidth = 0;
  #sizeDirty = true;
  #pixelRatioQuery: MediaQueryList | undefined;
  #cssHeight = 0;
  #onScreen = true;
  #needsDraw = true;
  #moving = false;
  #firstFrame = true;
  #lastDrawn = 0;
  /** The renderer's GPU sample count at the last frame: a new count is a new GPU time. */
  #gpuSamples = 0;
  /** `stats.frames` when a page last read `stats.visible`, `stats.gpuTime` or `stats.cpuTime`. */
  #figuresRead = -WATCH_FRAMES;
  /** Main-thread milliseconds of the last frame drawn while watched (see WATCH_FRAMES). */
  #cpuTime = 0;
  #destroyed = false;
  #failed = false;
  /** The element that owns each slot, for picking. */
  readonly #owners: (Element | undefined)[] = [];
  readonly #clock: FrameClock = { now: 0, dt: 0, frame: 0 };
  readonly #builtins: BuiltinSteps;
  /**
   * Every per-frame step of this scene, built-in and added, in phase order. Features and user systems add
   * their steps here; the frame runs them in order.
   */
  readonly schedule = new FrameSchedule();
  #components: SceneComponents | undefined;
  #systems: LazySceneSystems | undefined;

  constructor(host: SceneHost, settings: SceneSettings) {
    this.#host = host;
    this.#settings = settings;
    // Failure is reported when a device needs the renderer (deviceReady).
    loadRenderer().catch(() => {});
    this.#quality.setting = settings.quality;
    this.#look = new SceneLook(settings.look, (error) => host.report(error), this.#requestDrawBound);
    this.#builtins = new BuiltinSteps(this.#stepHost());
    for (const step of this.#builtins.steps) this.schedule.add(step);
    this.#controls = new SceneControls({
      get canvas() { return host.canvas; },
      camera: this.camera,
      settings: settings.input,
      requestDraw: this.#requestDrawBound,
      cameraMoved: () => {
        this.requestDraw();
        host.cameraMoved();
      },
    }, this.schedule, (error) => host.report(error));
  }

  /** The scene's camera controls, for tests and tools. */
  get controls(): SceneControls {
    return this.#controls;
  }

  /** The scene's look: environments, exposure, tone mapping. For tests and tools. */
  get look(): SceneLook {
    return this.#look;
  }

  /** Environments are prefiltered at the quality setting's own level (`auto` at `high`), not re-made as `auto` steps. */
  #environmentQuality(): Readonly<RenderQuality> {
    const setting = this.#settings.quality;
    return QUALITY_PRESETS[setting === 'auto' ? 'high' : setting];
  }

  /** Reserves the memory, then registers with the engine for a device and frames. */
  async start(): Promise<void> {
    try {
      const split = splitBudget(this.#settings.budget);
      this.stats.streaming.gpuAllowance = split.gpu;
      this.#walloc = await this.#createMemory({ budget: split.memory, limit: split.memoryLimit });
    } catch (error) {
      if (this.#destroyed) return;
      this.#failed = true;
      this.#host.report(asLayerWError(error, 'BUDGET_EXCEEDED'));
      this.#host.availabilityChanged(false);
      return;
    }
    if (this.#destroyed) return;
    this.#bits = readFlagBits(this.#walloc);
    this.#noSlot = constant(this.#walloc.core, 'NO_SLOT');
    this.#builtins.memoryReady(this.#walloc);
    this.#components = new SceneComponents(this.#walloc);
    this.#systems = new LazySceneSystems({
      walloc: this.#walloc,
      schedule: this.schedule,
      components: this.#components,
      report: (error) => this.#host.report(error),
      stopped: (name) => this.#host.systemStopped(name),
      requestDraw: this.#requestDrawBound,
    });
    this.#observe();
    this.#syncContactShadow();
    this.#host.memoryReady();
    Engine.get().register(this);
  }

  /**
   * The scene's memory: shared with workers when the page is cross-origin isolated and `workers` allows (their
   * code is its own chunk), otherwise the plain core's. When the threaded core cannot be had, the scene says so
   * once and goes on without workers.
   */
  async #createMemory(options: WallocOptions): Promise<Walloc> {
    const count = workerCount(this.#settings.workers);
    if (count > 0) {
      try {
        const { SceneWorkers } = await import('./workers/scene-workers.js');
        const workers = await SceneWorkers.create((core) => Walloc.create({ ...options, ...core }), count, this.#builtins, (error) => this.#host.report(error));
        this.#workers = workers;
        if (this.#destroyed) workers.stop();
        return workers.walloc;
      } catch (error) {
        if (error instanceof LayerWError && error.code !== 'WASM_UNAVAILABLE') throw error;
        this.#host.report(new LayerWError('LOAD_FAILED', `workers are off, the scene runs on one thread: ${String(error)}`, { cause: error }));
      }
    }
    return Walloc.create(options);
  }

  /** The scene's workers when it has them (a cross-origin isolated page), for tests and tools. */
  get workers(): SceneWorkers | undefined {
    return this.#workers;
  }

  /** True once the memory exists and slots can be had. */
  get memoryReady(): boolean {
    return this.#walloc !== undefined;
  }

  /** The scene's models (null until the first `src`), for tests and tools. */
  get models(): SceneModels | undefined {
    return this.#models;
  }

  /** The scene's user component columns, once the memory is ready. */
  get components(): SceneComponents | undefined {
    return this.#components;
  }

  /** The scene's user systems, once the memory is ready. */
  get systems(): LazySceneSystems | undefined {
    return this.#systems;
  }

  /** The canvas's width in CSS pixels, as last observed (no layout read). */
  get cssWidth(): number {
    return this.#cssWidth;
  }

  /** The canvas's height in CSS pixels, as last observed. */
  get cssHeight(): number {
    return this.#cssHeight;
  }

  /** The scene's memory, for tests and tools. */
  get walloc(): Walloc | undefined {
    return this.#walloc;
  }

  /** Applies changed scene settings; the element calls this after parsing. */
  settingsChanged(): void {
    this.#sizeDirty = true;
    this.#quality.setting = this.#settings.quality;
    this.#look.settingsChanged(this.#environmentQuality());
    this.#syncControls();
    this.requestDraw();
  }

  /** Applies changed look settings (environment, skybox, exposure, tone mapping, ...). */
  lookChanged(): void {
    this.#look.settingsChanged(this.#environmentQuality());
    this.#builtins.lightsChanged();
    this.#syncContactShadow();
  }

  /** Loads the contact shadow's chunk and adds its step, the first time `shadow-intensity` is above 0. */
  #syncContactShadow(): void {
    const walloc = this.#walloc;
    if (this.#settings.look.shadowIntensity <= 0 || this.#contactShadowLoad || !walloc) return;
    this.#contactShadowLoad = import('./contact-shadow.js').then(
      ({ GroundBounds }) => {
        if (this.#destroyed) return;
        this.schedule.add(new GroundBounds(walloc, this.#look.input.contactShadow).step);
        this.requestDraw();
      },
      (cause: unknown) => this.#host.report(new LayerWError('LOAD_FAILED', `the contact shadow code could not be loaded: ${String(cause)}`, { cause })),
    );
  }

  /** Asks for a frame; in on-demand mode nothing is drawn until something asks. */
  requestDraw(): void {
    this.#needsDraw = true;
  }

  /**
   * Takes a column slot for an object. Returns null and reports BUDGET_EXCEEDED on `source` when the scene
   * region is full.
   */
  allocObject(source: Element): ObjectSlot | null {
    const walloc = this.#walloc;
    if (!walloc || !this.#bits) return null;
    const slot = walloc.allocSlot();
    if (slot === this.#noSlot) {
      this.#host.report(new LayerWError('BUDGET_EXCEEDED', `the scene's memory holds ${walloc.core.slotCapacity()} objects; raise memory-budget to add more`), source);
      return null;
    }
    this.#components?.slotAllocated(slot);
    this.requestDraw();
    this.#builtins.slotsChanged();
    this.#owners[slot] = source;
    return new ObjectSlot(walloc, this.#bits, slot, this.#requestDrawBound, this.#slotsChangedBound);
  }

  /** Gives a slot back; the element forgets its ObjectSlot. */
  freeObject(object: ObjectSlot): void {
    this.#walloc?.core.slotFree(object.slot);
    this.#owners[object.slot] = undefined;
    this.requestDraw();
    this.#builtins.slotsChanged();
  }

  /** The element that holds `slot`, if any. Read by picking. */
  ownerOf(slot: number): Element | undefined {
    return this.#owners[slot];
  }

  /** Links `child` under `parent` (or to the scene root). Returns false if the link would make a loop. */
  setParent(child: ObjectSlot, parent: ObjectSlot | null): boolean {
    const walloc = this.#walloc;
    if (!walloc) return false;
    this.requestDraw();
    return walloc.core.setParent(child.slot, parent ? parent.slot : this.#noSlot) !== 0;
  }

  /**
   * Shows the glTF / GLB at `src` (resolved against the document) for `user`; the scene loads it once however
   * many meshes use it. With a `lazy` object, not before the scene is near the viewport and that object is in
   * the camera's view or about to be (see ViewPrefetch). Throws LOAD_FAILED for a URL that does not parse. Null
   * before the memory is ready.
   */
  useModel(src: string, crossOrigin: CrossOrigin, user: ModelUser, lazy: ObjectSlot | null = null): ModelUse | null {
    if (!this.#walloc) return null;
    const url = absoluteUrl(src);
    return this.#whenNear(lazy, () => this.#later(this.#loadModels(), (models) => models.use(url, crossOrigin, user), user));
  }

  /**
   * Shows images on a built-in shape for `user` (its sources' URLs already absolute); see SceneModels.useShape.
   * Null before the memory is ready.
   */
  useShapeTextures(spec: ShapeTextureSpec, crossOrigin: CrossOrigin, user: ModelUser, lazy: ObjectSlot | null = null): ModelUse | null {
    if (!this.#walloc) return null;
    return this.#whenNear(lazy, () => this.#later(this.#loadModels(), (models) => models.useShape(spec, crossOrigin, user), user));
  }

  /** Runs `start` at once, or for a `lazy` object once the scene is near the viewport and the object in view. */
  #whenNear(lazy: ObjectSlot | null, start: () => ModelUse): ModelUse {
    if (!lazy || !this.#near) return start();
    let use: ModelUse | null = null;
    let released = false;
    let cancelView: (() => void) | undefined;
    const begin = (): void => {
      if (!released) use = start();
    };
    const cancelNear = this.#near.whenNear(() => {
      void this.#viewPrefetch().then(
        (prefetch) => {
          if (released) return;
          if (prefetch) cancelView = prefetch.whenInView(lazy.slot, begin);
          else begin();
        },
        // Without the chunk that watches the view, lazy degrades to loading now.
        () => begin(),
      );
    });
    return {
      release: () => {
        released = true;
        cancelNear();
        cancelView?.();
        use?.release();
      },
    };
  }

  /** The scene's waiting list of lazy meshes, loaded with the first; its `view-prefetch` step joins the schedule. */
  #viewPrefetch(): Promise<ViewPrefetch | undefined> {
    return (this.#prefetchLoad ??= import('./view-prefetch.js').then(({ ViewPrefetch }) => {
      const walloc = this.#walloc;
      if (this.#destroyed || !walloc) return undefined;
      const prefetch = (this.#prefetch = new ViewPrefetch(walloc, this.camera, this.#requestDrawBound));
      this.schedule.add(prefetch.step);
      return prefetch;
    }));
  }

  /** A use that starts once `load` (a lazy chunk) is there; its failure to load is the user's LOAD_FAILED. */
  #later<T>(load: Promise<T | undefined>, start: (owner: T) => ModelUse, user: ModelUser): ModelUse {
    let released = false;
    let use: ModelUse | undefined;
    void load.then(
      (owner) => {
        if (owner && !released) use = start(owner);
      },
      (cause: unknown) => {
        if (!released) user.modelFailed(new LayerWError('LOAD_FAILED', `the model code could not be loaded: ${String(cause)}`, { cause }));
      },
    );
    return {
      release: () => {
        released = true;
        use?.release();
      },
    };
  }

  /**
   * The scene's tween table, loaded with the first `<layerw-animate>`; its `tweens` step joins the schedule.
   * Undefined before the memory is ready or after the scene is destroyed.
   */
  tweens(): Promise<SceneTweens | undefined> {
    return (this.#tweensLoad ??= import('./scene-tweens.js').then(async ({ SceneTweens }) => {
      const walloc = this.#walloc;
      if (this.#destroyed || !walloc) return undefined;
      const tweens = await SceneTweens.create({
        walloc,
        camera: this.camera,
        lightsChanged: () => this.lightsChanged(),
        requestDraw: () => this.requestDraw(),
      });
      if (this.#destroyed) return undefined;
      this.schedule.add(tweens.step);
      return tweens;
    }));
  }

  #loadModels(): Promise<SceneModels | undefined> {
    return (this.#modelsLoad ??= import('./scene-models.js').then(({ SceneModels }) => {
      if (this.#destroyed || !this.#walloc) return undefined;
      this.#models = new SceneModels({
        walloc: this.#walloc,
        camera: this.camera,
        canvas: this.#host.canvas,
        table: this.#modelTable,
        schedule: this.schedule,
        streaming: this.stats.streaming,
        requestDraw: this.#requestDrawBound,
        budgetChanged: (degraded) => this.#host.budgetChanged(degraded),
        lights: this.#lights,
        addLight: (values, index) => this.addLight(values, index),
        removeLight: (values) => this.removeLight(values),
        lightsChanged: () => this.lightsChanged(),
      }, this.stats.streaming.gpuAllowance);
      this.#models.setDevice(this.#device);
      return this.#models;
    }));
  }

  /** Adds a light, in page order; `values` stays owned by the element, which calls lightsChanged on edits. */
  addLight(values: LightValues, index: number): void {
    this.#lights.splice(Math.min(index, this.#lights.length), 0, values);
    this.lightsChanged();
  }

  removeLight(values: LightValues): void {
    const at = this.#lights.indexOf(values);
    if (at >= 0) this.#lights.splice(at, 1);
    this.lightsChanged();
  }

  lightsChanged(): void {
    this.#builtins.lightsChanged();
    this.requestDraw();
  }

  /** Releases everything: engine registration, observers, controls, GPU objects and the memory. */
  destroy(): void {
    this.#destroyed = true;
    Engine.get().unregister(this);
    this.#resizeObserver?.disconnect();
    this.#intersectionObserver?.disconnect();
    this.#near?.dispose();
    this.#pixelRatioQuery?.removeEventListener('change', this.#watchPixelRatio);
    this.#controls.set('none');
    this.#releaseGpu();
    this.#look.destroy();
    this.#systems?.dispose();
    this.#systems = undefined;
    this.#models?.destroy();
    this.#models = undefined;
    this.#workers?.stop();
    this.#workers = undefined;
    this.#walloc = undefined;
  }

  // ---- EngineClient ------------------------------------------------------------------------------------------

  deviceReady(device: GPUDevice): void {
    if (this.#destroyed || this.#failed) return;
    this.#releaseGpu();
    const renderer = loadedRenderer();
    if (renderer) {
      this.#useDevice(device, renderer);
      return;
    }
    this.#waitingDevice = device;
    loadRenderer().then(
      (loaded) => {
        if (this.#waitingDevice !== device) return;
        this.#waitingDevice = null;
        this.#useDevice(device, loaded);
      },
      (cause: unknown) => {
        if (this.#waitingDevice !== device) return;
        this.#waitingDevice = null;
        this.deviceFailed(new LayerWError('LOAD_FAILED', `the renderer's code could not be loaded: ${String(cause)}`, { cause }));
      },
    );
  }

  #useDevice(device: GPUDevice, SceneRendererClass: SceneRendererClass): void {
    if (this.#destroyed || this.#failed) return;
    const context = this.#host.canvas.getContext('webgpu');
    if (!context) {
      this.deviceFailed(new LayerWError('WEBGPU_UNAVAILABLE', 'the canvas gave no WebGPU context'));
      return;
    }
    const format = navigator.gpu.getPreferredCanvasFormat();
    // COPY_SRC: transmissive materials sample a copy of the opaque colour (src/gpu/transmission-pass.ts).
    context.configure({
      device, format, alphaMode: 'premultiplied', viewFormats: [`${format}-srgb` as GPUTextureFormat],
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
    });
    this.#context = context;
    const renderer = (this.#renderer = new SceneRendererClass(device, format, 'LayerW.scene'));
    this.#gpuSamples = 0;
    if (device.features.has('timestamp-query')) {
      // Without the timer's chunk, `quality="auto"` judges the frame interval.
      void import('../gpu/gpu-timer.js').then(({ GpuTimer }) => {
        if (this.#renderer === renderer) renderer.timer = GpuTimer.create(device, 'LayerW.scene');
      }, () => undefined);
    }
    this.#device = device;
    this.#models?.setDevice(device);
    this.#look.setDevice(device, this.#renderer.renderFormat, this.#environmentQuality());
    this.#firstFrame = true;
    this.#needsDraw = true;
    this.#host.availabilityChanged(true);
  }

  deviceFailed(error: LayerWError): void {
    this.#host.report(error);
    this.#host.availabilityChanged(false);
  }

  deviceLost(error: LayerWError): void {
    this.#releaseGpu();
    this.#host.report(error);
  }

  gpuError(error: LayerWError): void {
    this.#host.report(error);
  }

  tick(now: number): void {
    if (!this.#renderer || !this.#walloc || !this.#context) return;
    if (!this.#onScreen) {
      this.#prefetch?.startAll();
      return;
    }
    // The first frame waits for the environment, so a scene never shows unlit before it looks right.
    if (this.#firstFrame && !this.#look.settled) return;
    if (this.#settings.render === 'on-demand' && !this.#needsDraw && !this.#moving) return;
    try {
      this.#drawFrame(now);
    } catch (error) {
      // A frame that fails stops this scene's drawing until something changes; it never escapes the loop.
      this.#needsDraw = false;
      this.#moving = false;
      this.#host.report(asLayerWError(error, 'GPU_ERROR'));
    }
  }

  // ---- the frame ---------------------------------------------------------------------------------------------

  /**
   * One frame: the clock, the canvas size, a fresh frame in the memory, then the schedule's phases in order
   * (input → simulate → animate → transform → cull → render; see `schedule.names`), then the figures.
   */
  #drawFrame(now: number): void {
    const walloc = this.#walloc!;
    const watched = this.stats.frames - this.#figuresRead < WATCH_FRAMES;
    const started = watched ? performance.now() : 0;
    const clock = this.#clock;
    // Whole microseconds: the movement kernel takes them as an integer (see moveObjectsMicros).
    clock.dt = this.#lastDrawn > 0 ? Math.round(Math.min(now - this.#lastDrawn, MAX_DT * 1000) * 1000) / 1e6 : FALLBACK_DT;
    clock.now = now;
    clock.frame = this.stats.frames;
    if (this.#lastDrawn > 0) this.stats.frameTime = now - this.#lastDrawn;
    this.#lastDrawn = now;
    this.#needsDraw = false;

    this.#resizeCanvas(this.#quality.preset);
    const renderer = this.#renderer!;
    renderer.timeGpu = watched || this.#settings.quality === 'auto';
    renderer.countVisible = watched;
    walloc.frameBegin();
    try {
      this.#look.frame();
      this.#moving = this.schedule.run(clock);
    } finally {
      walloc.frameEnd();
    }

    const stats = this.stats;
    if (watched) this.#cpuTime = performance.now() - started;
    stats.drawCalls = this.#builtins.drawCalls;
    stats.objects = walloc.core.liveSlots() >>> 0;
    stats.culling = this.#builtins.culling;
    stats.batchOffsets = this.#builtins.batchOffsets;
    stats.uploadedBytes = this.#builtins.uploadedBytes;
    stats.frames++;
    const samples = renderer.gpuSamples;
    // Only `auto` records: a call that passes floating-point values boxes them until V8 fully optimises the frame.
    const changed = this.#settings.quality === 'auto'
      && this.#quality.record(stats.frameTime, samples !== this.#gpuSamples ? renderer.gpuMs : Number.NaN, this.#settings.fpsTarget);
    this.#gpuSamples = samples;
    stats.quality = this.#quality.level;
    stats.rung = this.#quality.rung;
    stats.renderScale = this.#quality.preset.renderScale;
    if (changed) {
      this.#needsDraw = true;
      this.#sizeDirty = true;
      this.#host.qualityChanged();
    }
    const first = this.#firstFrame;
    this.#firstFrame = false;
    this.#controls.frameDone();
    this.#host.frameDrawn(first, now);
  }

  /** Sizes the canvas when its element, the pixel ratio, the cap or the quality changed since the last frame. */
  #resizeCanvas(quality: Readonly<RenderQuality>): void {
    if (!this.#sizeDirty) return;
    this.#sizeDirty = false;
    const canvas = this.#host.canvas;
    const ratio = Math.min(globalThis.devicePixelRatio || 1, this.#settings.maxPixelRatio) * quality.renderScale;
    const width = Math.max(1, Math.round(this.#cssWidth * ratio));
    const height = Math.max(1, Math.round(this.#cssHeight * ratio));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
  }

  /** Marks the size dirty when the device pixel ratio changes (zoom, a move to another screen). */
  readonly #watchPixelRatio = (): void => {
    this.#pixelRatioQuery?.removeEventListener('change', this.#watchPixelRatio);
    this.#sizeDirty = true;
    this.requestDraw();
    if (this.#destroyed || typeof matchMedia !== 'function') return;
    this.#pixelRatioQuery = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.#pixelRatioQuery.addEventListener('change', this.#watchPixelRatio);
  };

  #observe(): void {
    this.#watchPixelRatio();
    const canvas = this.#host.canvas;
    this.#near = new NearViewport(canvas);
    this.#cssWidth = canvas.clientWidth || canvas.width;
    this.#cssHeight = canvas.clientHeight || canvas.height;
    if (typeof ResizeObserver === 'function') {
      this.#resizeObserver = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]!.contentRect;
        this.#cssWidth = box.width;
        this.#sizeDirty = true;
        this.#cssHeight = box.height;
        this.requestDraw();
      });
      this.#resizeObserver.observe(canvas);
    }
    if (typeof IntersectionObserver === 'function') {
      this.#intersectionObserver = new IntersectionObserver((entries) => {
        this.#onScreen = entries[entries.length - 1]!.isIntersecting;
        if (this.#onScreen) this.requestDraw();
      });
      this.#intersectionObserver.observe(canvas);
    }
    this.#syncControls();
  }

  #syncControls(): void {
    this.#controls.set(this.#destroyed || this.#walloc === undefined ? 'none' : this.#settings.controls);
  }

  #releaseGpu(): void {
    this.#device = null;
    this.#waitingDevice = null;
    this.#look.setDevice(null, 'rgba8unorm', this.#environmentQuality());
    this.#models?.setDevice(null);
    this.#renderer?.destroy();
    this.#renderer = undefined;
    this.#context?.unconfigure();
    this.#context = undefined;
  }

  /** The view of this runtime that the built-in steps read, as live getters. */
  #stepHost(): BuiltinStepHost {
    const runtime = this;
    return {
      get walloc() { return runtime.#walloc; },
      camera: this.camera,
      get canvas() { return runtime.#host.canvas; },
      get renderer() { return runtime.#renderer; },
      get context() { return runtime.#context; },
      get models() { return runtime.#models; },
      modelTable: this.#modelTable,
      lights: this.#lights,
      get defaultLights() {
        return runtime.#settings.look.environment === 'none' ? DEFAULT_LIGHTS : DEFAULT_LIGHTS_WITH_ENVIRONMENT;
      },
      look: this.#look.input,
      background: this.#settings.background,
      get quality() { return runtime.#quality.preset; },
      get culling() { return runtime.#settings.culling; },
      requestDraw: this.#requestDrawBound,
    };
  }

  /** Region figures for `scene.stats` (allocates; read on demand, not per frame). */
  regionStats(): Record<RegionName, RegionStats> | null {
    if (!this.#walloc) return null;
    const all = {} as Record<RegionName, RegionStats>;
    for (const name of REGION_NAMES) all[name] = this.#walloc.regionStats(name);
    return all;
  }

  readonly #requestDrawBound = (): void => {
    this.#needsDraw = true;
  };

  readonly #slotsChangedBound = (): void => {
    this.#builtins.slotsChanged();
    this.#needsDraw = true;
  };
}

function asLayerWError(error: unknown, fallback: LayerWError['code']): LayerWError {
  return error instanceof LayerWError ? error : new LayerWError(fallback, error instanceof Error ? error.message : String(error), { cause: error });
}

