import { LayerWError } from '../errors.js';
import { REGION_NAMES, type Walloc, type RegionName, type RegionStats } from '../memory/walloc.js';
import type { RenderQuality } from '../gpu/frame-input.js';
import type { SceneRenderer } from '../gpu/scene-renderer.js';
import { loadFrameKernels, loadRenderer } from './renderer-code.js';
import { Engine, type EngineClient } from './engine.js';
import { Camera } from './camera.js';
import { SceneControls } from './controls/scene-controls.js';
import { QUALITY_PRESETS, QualityController } from './quality.js';
import { DEFAULT_LIGHTS, DEFAULT_LIGHTS_WITH_ENVIRONMENT, type LightValues } from './lights.js';
import { SceneLook } from './scene-look.js';
import { FrameSchedule, type FrameClock } from './frame-schedule.js';
import { BuiltinSteps, type BuiltinStepHost } from './builtin-steps.js';
import { createSceneMemory } from './scene-memory.js';
import type { SceneWorkers } from './workers/scene-workers.js';
import type { SceneComponents } from '../systems/scene-components.js';
import { LazySceneSystems } from '../systems/lazy-scene-systems.js';
import type { ObjectSlot } from './object-slot.js';
import { SceneSlots } from './scene-slots.js';
import type { SceneModels } from './scene-models.js';
import type { ModelRequestsHost, SceneModelRequests } from './scene-model-requests.js';
import { makeSceneStats, type SceneStats } from './scene-stats.js';
import { splitBudget } from './memory-budget.js';
import type { SceneTweens } from './scene-tweens.js';
import type { ViewPrefetch } from './view-prefetch.js';
import type { GpuModel } from '../gpu/model.js';
import { MAX_MODELS } from '../gpu/frame-input.js';
import { SceneDevice, type SceneDeviceHost } from './scene-device.js';
import { CanvasWatch } from './canvas-watch.js';
import type { SceneHost, SceneSettings } from './scene-host.js';

export type { SceneHost, SceneSettings } from './scene-host.js';

/** The first frame's step, in whole microseconds as every frame's (see `#drawFrame`). */
const FALLBACK_MICROS = Math.round(1e6 / 60);
/** Longest step the movement kernel takes, so a tab coming back does not teleport everything. */
const MAX_DT = 0.1;
/**
 * Frames after a read of `stats.visible`, `stats.gpuTime` or `stats.cpuTime` during which that figure is measured:
 * the GPU cull's count and the GPU time are read back from the GPU (a promise and a mapped range each time), the
 * frame is timed on the main thread (`performance.now()` makes a heap number until V8 fully optimises the
 * frame). Each figure is watched on its own, so a page that reads one pays for no other. A read every 250 ms,
 * as a `stats` listener makes, keeps them coming.
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
      this.#visibleRead = this.stats.frames;
      return this.#builtins.visible;
    },
    gpuTime: () => {
      this.#gpuTimeRead = this.stats.frames;
      return this.#renderer?.gpuMs ?? Number.NaN;
    },
    cpuTime: () => {
      this.#cpuTimeRead = this.stats.frames;
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
  /** Made by the first model or image request, whose chunk brings the code (see modelRequests). */
  #modelRequests: SceneModelRequests | undefined;
  /** Made on the first `<layerw-animate>`: the tween code is its own chunk in the package build. */
  #tweensLoad: Promise<SceneTweens | undefined> | undefined;
  #contactShadowLoad: Promise<void> | undefined;
  readonly #modelTable: (GpuModel | null)[] = new Array<GpuModel | null>(MAX_MODELS).fill(null);
  /** The objects' slots, once the memory is ready. */
  #slots: SceneSlots | undefined;
  readonly #controls: SceneControls;
  /** The canvas's size, pixel ratio and visibility, watched once the memory is ready. */
  #canvasWatch: CanvasWatch | undefined;
  #cssWidth = 0;
  #sizeDirty = true;
  #cssHeight = 0;
  #onScreen = true;
  #needsDraw = true;
  #moving = false;
  #firstFrame = true;
  #lastDrawn = 0;
  /** The renderer's GPU sample count at the last frame: a new count is a new GPU time. */
  #gpuSamples = 0;
  /** `stats.frames` when a page last read `stats.visible`, `stats.gpuTime` and `stats.cpuTime`. */
  #visibleRead = -WATCH_FRAMES;
  #gpuTimeRead = -WATCH_FRAMES;
  #cpuTimeRead = -WATCH_FRAMES;
  /** Main-thread milliseconds of the last frame drawn while watched (see WATCH_FRAMES). */
  #cpuTime = 0;
  #destroyed = false;
  #failed = false;
  readonly #clock: FrameClock = { now: 0, dt: 0, frame: 0 };
  readonly #builtins: BuiltinSteps;
  /**
   * Every per-frame step of this scene, built-in and added, in phase order. Features and user systems add
   * their steps here; the frame runs them in order.
   */
  readonly schedule = new FrameSchedule();
  #systems: LazySceneSystems | undefined;
  /** The canvas context and renderer on the page's device. */
  readonly #gpu = new SceneDevice(this.#deviceHost());

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
      const memory = await createSceneMemory({ budget: split.memory, limit: split.memoryLimit }, this.#settings.workers,
        this.#builtins, (error) => this.#host.report(error));
      this.#workers = memory.workers;
      if (this.#destroyed) memory.workers?.stop();
      this.#walloc = memory.walloc;
    } catch (error) {
      if (this.#destroyed) return;
      this.#failed = true;
      this.#host.report(asLayerWError(error, 'BUDGET_EXCEEDED'));
      this.#host.availabilityChanged(false);
      return;
    }
    if (this.#destroyed) return;
    this.#slots = new SceneSlots(this.#walloc, {
      report: (error, source) => this.#host.report(error, source),
      slotAllocated: (slot) => this.#systems?.components?.slotAllocated(slot),
      slotsChanged: this.#slotsChangedBound,
      requestDraw: this.#requestDrawBound,
    });
    this.#builtins.memoryReady(this.#walloc);
    this.#loadFrameKernels(this.#walloc);
    this.#systems = new LazySceneSystems({
      walloc: this.#walloc,
      schedule: this.schedule,
      report: (error) => this.#host.report(error),
      stopped: (name) => this.#host.systemStopped(name),
      requestDraw: this.#requestDrawBound,
      componentsReady: () => this.#host.componentsReady(),
    });
    this.#observe();
    this.#syncContactShadow();
    this.#host.memoryReady();
    Engine.get().register(this);
  }

  /** Gives the built-in steps their kernels once the renderer's chunk brings them; a failure stops the scene. */
  #loadFrameKernels(walloc: Walloc): void {
    loadFrameKernels(walloc).then(
      (kernels) => {
        this.#builtins.frame = kernels;
        this.requestDraw();
      },
      (cause: unknown) => {
        if (this.#destroyed) return;
        this.#failed = true;
        // The package build loads the renderer's code in the same chunk: one failed download is one error.
        if (this.#gpu.codeFailed) return;
        this.#host.report(cause instanceof LayerWError ? cause
          : new LayerWError('LOAD_FAILED', `the frame kernels could not be loaded: ${String(cause)}`, { cause }));
        this.#host.availabilityChanged(false);
      },
    );
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
    return this.#modelRequests?.models;
  }

  get #models(): SceneModels | undefined {
    return this.#modelRequests?.models;
  }

  get #prefetch(): ViewPrefetch | undefined {
    return this.#modelRequests?.prefetch;
  }

  get #renderer(): SceneRenderer | undefined {
    return this.#gpu.renderer;
  }

  get #context(): GPUCanvasContext | undefined {
    return this.#gpu.context;
  }

  /**
   * The scene's model and image requests, made with `make` by the first (components/model-request.ts and
   * components/shape-images.ts, chunks of their own, bring the code). Null before the memory is ready.
   */
  modelRequests(make: (host: ModelRequestsHost) => SceneModelRequests): SceneModelRequests | null {
    if (!this.#walloc) return null;
    return (this.#modelRequests ??= make(this.#modelRequestsHost(this.#walloc)));
  }

  /** The scene's user component columns, once the memory is ready and their code has arrived (see LazySceneSystems). */
  get components(): SceneComponents | undefined {
    return this.#systems?.components;
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
    return this.#slots?.alloc(source) ?? null;
  }

  /** Gives a slot back; the element forgets its ObjectSlot. */
  freeObject(object: ObjectSlot): void {
    this.#slots?.free(object);
  }

  /** The element that holds `slot`, if any. Read by picking. */
  ownerOf(slot: number): Element | undefined {
    return this.#slots?.ownerOf(slot);
  }

  /** Links `child` under `parent` (or to the scene root). Returns false if the link would make a loop. */
  setParent(child: ObjectSlot, parent: ObjectSlot | null): boolean {
    return this.#slots?.setParent(child, parent) ?? false;
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
    this.#canvasWatch?.stop();
    this.#controls.set('none');
    this.#gpu.release();
    this.#look.destroy();
    this.#systems?.dispose();
    this.#systems = undefined;
    this.#modelRequests?.destroy();
    this.#modelRequests = undefined;
    this.#workers?.stop();
    this.#workers = undefined;
    this.#slots = undefined;
    this.#walloc = undefined;
  }

  // ---- EngineClient ------------------------------------------------------------------------------------------

  deviceReady(device: GPUDevice): void {
    this.#gpu.deviceReady(device);
  }

  deviceFailed(error: LayerWError): void {
    this.#gpu.deviceFailed(error);
  }

  deviceLost(error: LayerWError): void {
    this.#gpu.deviceLost(error);
  }

  gpuError(error: LayerWError): void {
    this.#host.report(error);
  }

  tick(now: number): void {
    if (!this.#renderer || !this.#walloc || !this.#context || !this.#builtins.frame) return;
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
    const frames = this.stats.frames;
    const timed = frames - this.#cpuTimeRead < WATCH_FRAMES;
    const started = timed ? performance.now() : 0;
    const clock = this.#clock;
    // Each floating-point value is a heap number while V8 runs this unoptimised (a field holding doubles too,
    // at every read): the interval is worked out once.
    const elapsed = this.#lastDrawn > 0 ? now - this.#lastDrawn : 0;
    // Whole microseconds: the movement kernel takes them as an integer (see moveObjectsMicros).
    const micros = elapsed > 0 ? Math.round(Math.min(elapsed, MAX_DT * 1000) * 1000) : FALLBACK_MICROS;
    this.#builtins.stepMicros = micros;
    clock.dt = micros / 1e6;
    clock.now = now;
    clock.frame = frames;
    if (elapsed > 0) this.stats.frameTime = elapsed;
    this.#lastDrawn = now;
    this.#needsDraw = false;

    this.#resizeCanvas(this.#quality.preset);
    const renderer = this.#renderer!;
    renderer.timeGpu = frames - this.#gpuTimeRead < WATCH_FRAMES || this.#settings.quality === 'auto';
    renderer.countVisible = frames - this.#visibleRead < WATCH_FRAMES;
    walloc.frameBegin();
    try {
      this.#look.frame();
      this.#moving = this.schedule.run(clock);
    } finally {
      walloc.frameEnd();
    }

    const stats = this.stats;
    if (timed) this.#cpuTime = performance.now() - started;
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

  #observe(): void {
    this.#canvasWatch = new CanvasWatch(this.#host.canvas, {
      pixelRatioChanged: () => {
        this.#sizeDirty = true;
        this.requestDraw();
      },
      resized: (width, height) => {
        this.#cssWidth = width;
        this.#sizeDirty = true;
        this.#cssHeight = height;
        this.requestDraw();
      },
      shown: (onScreen) => {
        this.#onScreen = onScreen;
        if (onScreen) this.requestDraw();
      },
    });
    const canvas = this.#host.canvas;
    this.#cssWidth = canvas.clientWidth || canvas.width;
    this.#cssHeight = canvas.clientHeight || canvas.height;
    this.#syncControls();
  }

  #syncControls(): void {
    this.#controls.set(this.#destroyed || this.#walloc === undefined ? 'none' : this.#settings.controls);
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

  /** The view of this runtime that its device side reads. */
  #deviceHost(): SceneDeviceHost {
    const runtime = this;
    return {
      get canvas() { return runtime.#host.canvas; },
      get stopped() { return runtime.#destroyed || runtime.#failed; },
      report: (error) => this.#host.report(error),
      availabilityChanged: (available) => this.#host.availabilityChanged(available),
      using: (device, renderer) => {
        this.#gpuSamples = 0;
        this.#models?.setDevice(device);
        this.#look.setDevice(device, renderer.renderFormat, this.#environmentQuality());
        this.#firstFrame = true;
        this.#needsDraw = true;
      },
      released: () => {
        this.#look.setDevice(null, 'rgba8unorm', this.#environmentQuality());
        this.#models?.setDevice(null);
      },
    };
  }

  /** The view of this runtime that its model requests read. */
  #modelRequestsHost(walloc: Walloc): ModelRequestsHost {
    const runtime = this;
    return {
      walloc,
      camera: this.camera,
      get canvas() { return runtime.#host.canvas; },
      table: this.#modelTable,
      schedule: this.schedule,
      streaming: this.stats.streaming,
      get gpuAllowance() { return runtime.stats.streaming.gpuAllowance; },
      get device() { return runtime.#gpu.device; },
      get destroyed() { return runtime.#destroyed; },
      requestDraw: this.#requestDrawBound,
      budgetChanged: (degraded) => this.#host.budgetChanged(degraded),
      warmPipelines: (needs) => this.#renderer?.warmPipelines(needs) ?? null,
      lights: this.#lights,
      addLight: (values, index) => this.addLight(values, index),
      removeLight: (values) => this.removeLight(values),
      lightsChanged: () => this.lightsChanged(),
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

