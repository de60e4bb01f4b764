import { LayerWError } from '../errors.js';
import { asLayerWError } from './error-of.js';
import type { Walloc } from '../memory/walloc.js';
import type { RenderQuality } from '../gpu/frame-input.js';
import { loadFrameKernels, loadRenderer } from './renderer-code.js';
import { Engine, type EngineClient } from './engine.js';
import { Camera } from './camera.js';
import { SceneControls } from './controls/scene-controls.js';
import { QUALITY_PRESETS, QualityController } from './quality.js';
import { DEFAULT_LIGHTS, DEFAULT_LIGHTS_WITH_ENVIRONMENT, type LightValues } from './lights.js';
import { SceneLook } from './scene-look.js';
import { FrameSchedule } from './frame-schedule.js';
import { BuiltinSteps } from './builtin-steps.js';
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
import type { GpuModel } from '../gpu/model.js';
import { MAX_MODELS } from '../gpu/frame-input.js';
import { SceneDevice, type SceneDeviceHost } from './scene-device.js';
import { SceneChunks, type SceneChunksHost } from './scene-chunks.js';
import { SceneFrame, type SceneFrameHost } from './scene-frame.js';
import type { SceneHost, SceneSettings } from './scene-host.js';

export type { SceneHost, SceneSettings } from './scene-host.js';

/** The runtime as its parts read it. */
type RuntimeView = SceneFrameHost & SceneChunksHost & SceneDeviceHost;

/**
 * One `<layerw-scene>`'s engine side: its WebAssembly memory (WALLOC), its canvas context and renderer, camera,
 * lights, quality control and the per-frame pipeline: movement → world matrices → cull → pack → one upload →
 * instanced draws, run by its SceneFrame. Created when the scene connects, destroyed when it disconnects.
 */
export class SceneRuntime implements EngineClient {
  readonly camera = new Camera();
  /** Updated in place every drawn frame; the figures of its StatsSource are worked out when read. */
  readonly stats: SceneStats = makeSceneStats({
    reservedBytes: () => this.#walloc?.reservedBytes ?? 0,
    regions: () => this.#walloc?.stats() ?? null,
    gpuBytes: () => (this.#gpu.renderer?.gpuBytes ?? 0) + (this.models?.gpuBytes ?? 0) + this.#look.gpuBytes,
    visible: () => this.#frame.visible,
    gpuTime: () => this.#frame.gpuTime,
    cpuTime: () => this.#frame.cpuTime,
  });
  readonly #host: SceneHost;
  readonly #settings: SceneSettings;
  readonly #quality = new QualityController();
  readonly #look: SceneLook;
  readonly #lights: LightValues[] = [];
  #walloc: Walloc | undefined;
  #workers: SceneWorkers | undefined;
  readonly #modelTable: (GpuModel | null)[] = new Array<GpuModel | null>(MAX_MODELS).fill(null);
  /** The objects' slots, once the memory is ready. */
  #slots: SceneSlots | undefined;
  readonly #controls: SceneControls;
  /** When and how the scene draws, and the canvas size it draws at (scene-frame.ts). */
  readonly #frame: SceneFrame;
  /** Tweens, the contact shadow and the model requests, made on first need (scene-chunks.ts). */
  readonly #chunks: SceneChunks;
  #destroyed = false;
  #failed = false;
  /** The engine's own steps, in the schedule from the start; the frame reads their figures. */
  readonly #builtins: BuiltinSteps;
  /**
   * Every per-frame step of this scene, built-in and added, in phase order. Features and user systems add
   * their steps here; the frame runs them in order.
   */
  readonly schedule = new FrameSchedule();
  #systems: LazySceneSystems | undefined;
  /** The canvas context and renderer on the page's device. */
  readonly #gpu: SceneDevice;

  constructor(host: SceneHost, settings: SceneSettings) {
    this.#host = host;
    this.#settings = settings;
    // Failure is reported when a device needs the renderer (deviceReady).
    loadRenderer().catch(() => {});
    this.#quality.setting = settings.quality;
    this.#look = new SceneLook(settings.look, (error) => host.report(error), this.#requestDrawBound);
    const view = this.#makeView();
    this.#builtins = new BuiltinSteps(view);
    for (const step of this.#builtins.steps) this.schedule.add(step);
    this.#frame = new SceneFrame(view, this.#builtins, this.#look, this.#quality);
    this.#chunks = new SceneChunks(view, this.#look);
    this.#gpu = new SceneDevice(view);
    this.#controls = new SceneControls({
      get canvas() { return host.canvas; },
      camera: this.camera,
      settings: settings.input,
      requestDraw: this.#requestDrawBound,
      cameraMoved: () => {
        this.requestDraw();
        host.cameraMoved();
      },
    }, this.schedule, (error) => host.report(error), () => this.#walloc?.columns.float);
  }

  /** The scene's camera controls and fits. */
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
    this.#frame.watchCanvas();
    this.#syncControls();
    this.#chunks.syncContactShadow();
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
    return this.#chunks.models;
  }

  /**
   * The scene's model and image requests, made with `make` by the first (components/model-request.ts and
   * components/shape-images.ts, chunks of their own, bring the code). Null before the memory is ready.
   */
  modelRequests(make: (host: ModelRequestsHost) => SceneModelRequests): SceneModelRequests | null {
    return this.#chunks.modelRequests(make);
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
    return this.#frame.cssWidth;
  }

  /** The canvas's height in CSS pixels, as last observed. */
  get cssHeight(): number {
    return this.#frame.cssHeight;
  }

  /** The scene's memory, for tests and tools. */
  get walloc(): Walloc | undefined {
    return this.#walloc;
  }

  /** Applies changed scene settings; the element calls this after parsing. */
  settingsChanged(): void {
    this.#frame.sizeChanged();
    this.#quality.setting = this.#settings.quality;
    this.#look.settingsChanged(this.#environmentQuality());
    this.#syncControls();
    this.requestDraw();
  }

  /** Applies changed look settings (environment, skybox, exposure, tone mapping, ...). */
  lookChanged(): void {
    this.#look.settingsChanged(this.#environmentQuality());
    this.#builtins.lightsChanged();
    this.#chunks.syncContactShadow();
  }

  /** Asks for a frame that shows something that just became ready: see SceneFrame.drawSoon. */
  drawSoon(): void {
    this.#frame.drawSoon();
  }

  /** Asks for a frame; in on-demand mode nothing is drawn until something asks. */
  requestDraw(): void {
    this.#frame.requestDraw();
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

  /** The scene's tween table, loaded with the first `<layerw-animate>` (see SceneChunks.tweens). */
  tweens(): Promise<SceneTweens | undefined> {
    return this.#chunks.tweens();
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
    this.#frame.stop();
    this.#controls.set('none');
    this.#gpu.release();
    this.#look.destroy();
    this.#systems?.dispose();
    this.#systems = undefined;
    this.#chunks.destroy();
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
    this.#frame.tick(now);
  }

  #syncControls(): void {
    this.#controls.set(this.#destroyed || this.#walloc === undefined ? 'none' : this.#settings.controls);
  }

  /** The view of this runtime that its frame and built-in steps, chunks and device side read, as live getters. */
  #makeView(): RuntimeView {
    const runtime = this;
    return {
      scene: this.#host,
      settings: this.#settings,
      schedule: this.schedule,
      stats: this.stats,
      get controls() { return runtime.#controls; },
      get prefetch() { return runtime.#chunks.prefetch; },
      get walloc() { return runtime.#walloc; },
      camera: this.camera,
      get canvas() { return runtime.#host.canvas; },
      get renderer() { return runtime.#gpu.renderer; },
      get context() { return runtime.#gpu.context; },
      get models() { return runtime.models; },
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
      get destroyed() { return runtime.#destroyed; },
      get device() { return runtime.#gpu.device; },
      lightsChanged: () => this.lightsChanged(),
      addLight: (values, index) => this.addLight(values, index),
      removeLight: (values) => this.removeLight(values),
      get stopped() { return runtime.#destroyed || runtime.#failed; },
      report: (error) => this.#host.report(error),
      availabilityChanged: (available) => this.#host.availabilityChanged(available),
      using: (device, renderer) => {
        this.models?.setDevice(device);
        this.#look.setDevice(device, renderer.renderFormat, this.#environmentQuality());
        this.#frame.restart();
      },
      released: () => {
        this.#look.setDevice(null, 'rgba8unorm', this.#environmentQuality());
        this.models?.setDevice(null);
      },
    };
  }

  readonly #requestDrawBound = (): void => {
    this.#frame.requestDraw();
  };

  readonly #slotsChangedBound = (): void => {
    this.#builtins.slotsChanged();
    this.#frame.requestDraw();
  };
}

