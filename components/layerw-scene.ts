import { LayerWError } from '../src/errors.js';
import { formatNumbers } from '../src/parse/index.js';
import { SceneSystemList } from './scene-system-list.js';
import { ComponentAttributeObserver } from './user-components.js';
import type { SystemOptions } from '../src/systems/scene-systems.js';
import type { WorkerSetting } from '../src/engine/workers/worker-setting.js';
import { SceneRuntime, type SceneHost } from '../src/engine/scene-runtime.js';
import { makeSceneStats, type SceneStats } from '../src/engine/scene-stats.js';
import type { QualitySetting } from '../src/engine/quality.js';
import { ERROR_EVENT, LayerWElement } from './layerw-element.js';
import { CameraValues } from './camera-values.js';
import { LookValues, type LookProperty } from './look-values.js';
import type { ToneMapping } from '../src/gpu/look.js';
import type { LayerWNode, NodeHost } from './layerw-node.js';
import type { LayerWLight, LightHost } from './layerw-light.js';
import type { LayerWCamera, CameraHost } from './layerw-camera.js';
import type { LayerWAnimate, AnimateHost } from './layerw-animate.js';
import { readColor } from './values.js';
import type { ControlsKind } from '../src/engine/controls/controls-host.js';
import type { LayerWLabel, LabelHost } from './layerw-label.js';
import { SceneChildren } from './scene-children.js';
import { ScenePointerLoader } from './scene-pointer-loader.js';
import { SceneValues, type SettingProperty } from './scene-values.js';
import type { PickHit } from '../src/engine/picking/scene-picker.js';
import type { LayerWBudgetDetail, LayerWQualityDetail } from '../src/framework-types.js';

export { DEFAULT_QUALITY, DEFAULT_FPS_TARGET, DEFAULT_MEMORY_BUDGET, DEFAULT_CONTROLS, DEFAULT_RENDER, DEFAULT_MAX_PIXEL_RATIO, DEFAULT_CULLING } from './scene-values.js';
export const DEFAULT_BACKGROUND = '#101418';
export const DEFAULT_ALT = '3D scene';
/** The least time between two `stats` events. */
export const STATS_EVENT_INTERVAL_MS = 250;

/** The `detail` of `stats` events: the scene's live figures (`scene.stats`); copy what you want to keep. */
export type LayerWStatsDetail = Readonly<SceneStats>;

/**
 * `<layerw-scene>`: a canvas, a camera, lights and the objects inside it, drawn with WebGPU by the page's one
 * engine. Budgets (`memory-budget`, `quality`, `fps-target`) are attributes. Without WebGPU it shows its
 * `slot="fallback"` content and dispatches WEBGPU_UNAVAILABLE. Events: `ready` (a first frame is drawn),
 * `stats` (at most 4 per second), `camerachange` (the camera controls moved the camera), `budget` (the memory budget
 * started or stopped holding model textures below the level the screen wants), `qualitychange` (`quality="auto"`
 * changed its rung), `layerw-error`.
 */
export class LayerWScene extends LayerWElement implements SceneHost, NodeHost, LightHost, CameraHost, AnimateHost, LabelHost {
  static override attributeProperties: Readonly<Record<string, string>> = {
    quality: 'quality',
    'fps-target': 'fpsTarget',
    'memory-budget': 'memoryBudget',
    background: 'background',
    'camera-position': 'cameraPosition',
    'camera-target': 'cameraTarget',
    fov: 'fov',
    near: 'near',
    far: 'far',
    controls: 'controls',
    'auto-rotate': 'autoRotate',
    'auto-rotate-speed': 'autoRotateSpeed',
    'fly-speed': 'flySpeed',
    render: 'render',
    culling: 'culling',
    'max-pixel-ratio': 'maxPixelRatio',
    alt: 'alt',
    environment: 'environment',
    'environment-intensity': 'environmentIntensity',
    'environment-rotation': 'environmentRotation',
    skybox: 'skybox',
    'skybox-blur': 'skyboxBlur',
    'shadow-intensity': 'shadowIntensity',
    exposure: 'exposure',
    'tone-mapping': 'toneMapping',
    workers: 'workers',
  };

  readonly #look = new LookValues();

  readonly #values = new SceneValues(this.#look.settings);
  readonly #settings = this.#values.settings;
  #backgroundText = DEFAULT_BACKGROUND;
  readonly #camera = new CameraValues();
  readonly #nodes = new Set<LayerWNode>();
  readonly #lights: LayerWLight[] = [];
  readonly #cameras: LayerWCamera[] = [];
  /** Made with the shadow tree, in the constructor. */
  #children!: SceneChildren;
  /** Picking and pointer events: their own chunk, loaded on first use. Made with the shadow tree. */
  #pointers!: ScenePointerLoader;
  readonly #parsedColor = new Float32Array(4);
  #runtime: SceneRuntime | null = null;
  readonly #systems = new SceneSystemList(() => this.#runtime);
  readonly #componentAttributes = new ComponentAttributeObserver(this);
  #canvas: HTMLCanvasElement | null = null;
  #fallback: HTMLDivElement | null = null;
  #progress: HTMLDivElement | null = null;
  /** Model downloads in flight inside this scene: bytes loaded and total (0 when unknown), by mesh. */
  readonly #downloads = new Map<EventTarget, { loaded: number; total: number }>();
  #alt = '';
  #lastStatsEvent = 0;
  #statsEvent: CustomEvent<LayerWStatsDetail> | null = null;

  constructor() {
    super();
    readColor(DEFAULT_BACKGROUND, this.#settings.background);
    this.#buildShadow();
  }

  // ---- attributes --------------------------------------------------------------------------------------------

  get quality(): QualitySetting {
    return this.#settings.quality;
  }

  set quality(value: QualitySetting | string | null | undefined) {
    this.#setSetting('quality', value);
  }

  get fpsTarget(): number {
    return this.#settings.fpsTarget;
  }

  set fpsTarget(value: number | string | null | undefined) {
    this.#setSetting('fpsTarget', value);
  }

  /**
   * The scene's memory: its WebAssembly reservation and its models' GPU bytes together, `auto` (the default:
   * grows with content within what the device can spare) or a hard cap (`64MB`, `1.5GiB`, `max`). Changing it
   * restarts the scene's memory.
   */
  get memoryBudget(): string {
    return this.#values.budgetText;
  }

  set memoryBudget(value: string | null | undefined) {
    this.#setSetting('memoryBudget', value);
  }

  get background(): string {
    return this.#backgroundText;
  }

  set background(value: string | null | undefined) {
    const result = readColor(value ?? DEFAULT_BACKGROUND, this.#parsedColor);
    if (!result.ok) {
      this.reject('background', value, result.reason, this.#backgroundText);
      return;
    }
    this.#settings.background.set(this.#parsedColor);
    this.#backgroundText = value ?? DEFAULT_BACKGROUND;
    this.#runtime?.requestDraw();
  }

  get cameraPosition(): number[] {
    return Array.from(this.#camera.position);
  }

  set cameraPosition(value: string | ArrayLike<number> | null | undefined) {
    if (this.#camera.setVector('camera-position', 'position', value, this)) this.#applyCamera();
  }

  get cameraTarget(): number[] {
    return Array.from(this.#camera.target);
  }

  set cameraTarget(value: string | ArrayLike<number> | null | undefined) {
    if (this.#camera.setVector('camera-target', 'target', value, this)) this.#applyCamera();
  }

  get fov(): number {
    return this.#camera.fov;
  }

  set fov(value: number | string | null | undefined) {
    if (this.#camera.setFov(value, this)) this.#applyCamera();
  }

  get near(): number {
    return this.#camera.near;
  }

  set near(value: number | string | null | undefined) {
    if (this.#camera.setNear(value, this)) this.#applyCamera();
  }

  get far(): number {
    return this.#camera.far;
  }

  set far(value: number | string | null | undefined) {
    if (this.#camera.setFar(value, this)) this.#applyCamera();
  }

  /** `none`, `orbit` (drag, pan, zoom; `auto-rotate`) or `fly` (keys, drag to look, gamepad). */
  get controls(): ControlsKind {
    return this.#settings.controls;
  }

  set controls(value: string | null | undefined) {
    this.#setSetting('controls', value);
  }

  /** With orbit controls, the camera turns about its target while nobody drags. */
  get autoRotate(): boolean {
    return this.#settings.input.autoRotate;
  }

  set autoRotate(value: boolean | string | null | undefined) {
    this.#setSetting('autoRotate', value);
  }

  /** Degrees per second (default 30); negative turns the other way. */
  get autoRotateSpeed(): number {
    return this.#settings.input.autoRotateSpeed;
  }

  set autoRotateSpeed(value: number | string | null | undefined) {
    this.#setSetting('autoRotateSpeed', value);
  }

  /** Fly controls' speed in scene units per second (default 3). */
  get flySpeed(): number {
    return this.#settings.input.flySpeed;
  }

  set flySpeed(value: number | string | null | undefined) {
    this.#setSetting('flySpeed', value);
  }

  /** `on-demand` (default) draws when something changed or moves; `continuous` draws every frame. */
  get render(): 'continuous' | 'on-demand' {
    return this.#settings.render;
  }

  set render(value: string | null | undefined) {
    this.#setSetting('render', value);
  }

  /**
   * Where objects are tested against the view: `gpu` (a compute pass writes the visible lists and indirect draws),
   * `cpu` (WebAssembly), or `auto` (default: `gpu` for scenes of 16,384 objects or more, most of them still). `gpu` applies to scenes
   * of opaque built-in shapes; others are culled in WebAssembly whatever the setting. `stats.culling` says which.
   */
  get culling(): 'auto' | 'gpu' | 'cpu' {
    return this.#settings.culling;
  }

  set culling(value: string | null | undefined) {
    this.#setSetting('culling', value);
  }

  /**
   * Workers that share movement, transforms and culling with the main thread: `auto` (the default: one per
   * core beyond two, at most 4, so none on two cores) or a count up to 16, `0` for none. Used only on
   * cross-origin isolated pages (shared memory needs it); elsewhere the scene runs on one thread with the same
   * results. A change restarts the scene's memory.
   */
  get workers(): WorkerSetting {
    return this.#settings.workers;
  }

  set workers(value: WorkerSetting | string | null | undefined) {
    this.#setSetting('workers', value);
  }

  get maxPixelRatio(): number {
    return this.#settings.maxPixelRatio;
  }

  set maxPixelRatio(value: number | string | null | undefined) {
    this.#setSetting('maxPixelRatio', value);
  }

  #setSetting(property: SettingProperty, value: unknown): void {
    const effect = this.#values.set(property, value, this);
    if (effect === 'restart' && this.#runtime) this.#restart();
    else if (effect === 'settings') this.#runtime?.settingsChanged();
  }

  /** Text for people who cannot see the canvas. */
  get alt(): string {
    return this.#alt;
  }

  set alt(value: string | null | undefined) {
    this.#alt = value ?? '';
    this.#canvas?.setAttribute('aria-label', this.#alt || DEFAULT_ALT);
    this.#children.labelledChanged();
  }

  /** `neutral` (a studio made on the GPU), `none`, or the URL of an equirectangular `.hdr`, `.jpg`, `.png`, `.webp`. */
  get environment(): string {
    return this.#look.settings.environment;
  }

  set environment(value: string | null | undefined) {
    this.#setLook('environment', value);
  }

  get environmentIntensity(): number {
    return this.#look.settings.environmentIntensity;
  }

  set environmentIntensity(value: number | string | null | undefined) {
    this.#setLook('environmentIntensity', value);
  }

  /** Degrees about y. */
  get environmentRotation(): number {
    return this.#look.settings.environmentRotation;
  }

  set environmentRotation(value: number | string | null | undefined) {
    this.#setLook('environmentRotation', value);
  }

  /** `none` (the background colour shows), `environment`, or a URL. */
  get skybox(): string {
    return this.#look.settings.skybox;
  }

  set skybox(value: string | null | undefined) {
    this.#setLook('skybox', value);
  }

  get skyboxBlur(): number {
    return this.#look.settings.skyboxBlur;
  }

  set skyboxBlur(value: number | string | null | undefined) {
    this.#setLook('skyboxBlur', value);
  }

  /** 0 … 1 (default 0): a soft contact shadow on an invisible ground under the scene's objects. */
  get shadowIntensity(): number {
    return this.#look.settings.shadowIntensity;
  }

  set shadowIntensity(value: number | string | null | undefined) {
    this.#setLook('shadowIntensity', value);
  }

  get exposure(): number {
    return this.#look.settings.exposure;
  }

  set exposure(value: number | string | null | undefined) {
    this.#setLook('exposure', value);
  }

  /** `neutral` (Khronos PBR Neutral), `aces`, `agx` or `none`. */
  get toneMapping(): ToneMapping {
    return this.#look.settings.toneMapping;
  }

  set toneMapping(value: string | null | undefined) {
    this.#setLook('toneMapping', value);
  }

  #setLook(property: LookProperty, value: unknown): void {
    this.#look.set(property, value, this);
    this.#runtime?.lookChanged();
  }

  /** The scene's figures: frame and CPU time, draws, objects, visible, quality in force, memory per region. */
  get stats(): Readonly<SceneStats> {
    const runtime = this.#runtime;
    if (!runtime) return EMPTY_STATS;
    return runtime.stats;
  }

  /**
   * The nearest mesh under viewport coordinates (`event.clientX`, `event.clientY`) as the last drawn frame
   * shows it: `{ element, point, normal, distance, uv, node?, material? }`, or null over empty space. The first
   * call (or the first pointer event on the canvas) starts loading the picking code; until it has arrived, shortly
   * after (and not before the memory is ready), this returns null.
   */
  pick(clientX: number, clientY: number): PickHit | null {
    if (!Number.isFinite(clientX) || !Number.isFinite(clientY)) return null;
    return this.#pointers.want()?.pick(clientX, clientY) ?? null;
  }

  /**
   * Every mesh a world-space ray from `origin` along `direction` passes through, nearest first, one hit each
   * (its nearest point). Meshes with `pickable="false"` or hidden are passed through. Like `pick`, the first call
   * starts loading the picking code (JavaScript and its WebAssembly kernels) and the result is empty until it has
   * arrived. Throws a TypeError when either argument is not three finite numbers or `direction` is zero.
   */
  raycast(origin: ArrayLike<number>, direction: ArrayLike<number>): PickHit[] {
    for (const vector of [origin, direction]) {
      if (!vector || vector.length !== 3 || !Array.from(vector).every(Number.isFinite)) {
        throw new TypeError('layerw-scene: raycast needs an origin and a direction of three finite numbers each');
      }
    }
    if (direction[0] === 0 && direction[1] === 0 && direction[2] === 0) throw new TypeError('layerw-scene: raycast needs a non-zero direction');
    return this.#pointers.want()?.picker.raycast(origin, direction) ?? [];
  }

  /**
   * Loads the picking code now instead of on first use (the first pointer event on the canvas, `pick` or
   * `raycast` call, or label); resolves once `pick` and `raycast` answer, which is not before the scene's memory is
   * ready, and rejects with the `LOAD_FAILED` error the scene also dispatches when the code cannot be loaded.
   */
  loadPicking(): Promise<void> {
    return this.#pointers.whenLoaded();
  }

  /** The engine side of this scene, for tests and tools; null while disconnected. */
  get runtime(): SceneRuntime | null {
    return this.#runtime;
  }

  // ---- user systems ------------------------------------------------------------------------------------------

  /**
   * Runs a user system over the scene's columns every frame (see SystemOptions), from now until
   * `removeSystem`; kept across restarts of the scene's memory. Throws a LayerWError (BAD_ATTRIBUTE) for
   * options that cannot be used; a system that throws while running is stopped with SYSTEM_FAILED.
   */
  addSystem(options: SystemOptions): void {
    this.#systems.add(options);
  }

  /** Stops the system named `name`; returns whether there was one. */
  removeSystem(name: string): boolean {
    return this.#systems.remove(name);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  /** Builds the shadow tree: the canvas, the fallback slot, and a hidden default slot for the children. */
  #buildShadow(): void {
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sceneStyles()];
    const canvas = document.createElement('canvas');
    canvas.setAttribute('part', 'canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', this.#alt || DEFAULT_ALT);
    const fallback = document.createElement('div');
    fallback.className = 'fallback';
    fallback.setAttribute('part', 'fallback');
    fallback.hidden = true;
    const fallbackSlot = document.createElement('slot');
    fallbackSlot.name = 'fallback';
    fallback.append(fallbackSlot);
    // A thin bar while models load; pages restyle it with ::part(progress) or hide it with display: none.
    const progress = document.createElement('div');
    progress.className = 'progress';
    progress.setAttribute('part', 'progress');
    progress.setAttribute('role', 'progressbar');
    progress.setAttribute('aria-label', 'loading models');
    progress.hidden = true;
    progress.append(document.createElement('div'));
    const childSlot = document.createElement('slot');
    root.append(canvas, progress, fallback, childSlot);
    this.#children = new SceneChildren(this, childSlot, () => this.#nodes, () => this.#pointers.want()?.picker ?? null);
    this.#pointers = new ScenePointerLoader(this, canvas);
    this.#canvas = canvas;
    this.#fallback = fallback;
    this.#progress = progress;
    this.addEventListener('progress', this.#onDownload);
    this.addEventListener('load', this.#onDownload);
    this.addEventListener(ERROR_EVENT, this.#onDownload);
  }

  readonly #onDownload = (event: Event): void => {
    const source = event.target;
    if (!source || source === this) return;
    if (event.type === 'progress') {
      const detail = (event as CustomEvent<{ loaded: number; total: number | null }>).detail;
      this.#downloads.set(source, { loaded: detail.loaded, total: detail.total ?? 0 });
    } else {
      this.#downloads.delete(source);
    }
    this.#showProgress();
  };

  #showProgress(): void {
    const bar = this.#progress;
    if (!bar) return;
    let loaded = 0;
    let total = 0;
    for (const [source, download] of this.#downloads) {
      if (source instanceof Node && !source.isConnected) {
        this.#downloads.delete(source);
        continue;
      }
      loaded += download.loaded;
      total += download.total || download.loaded;
    }
    bar.hidden = this.#downloads.size === 0;
    const share = total > 0 ? Math.min(1, loaded / total) : 0;
    bar.setAttribute('aria-valuenow', String(Math.round(share * 100)));
    (bar.firstElementChild as HTMLElement).style.width = `${share * 100}%`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#systems.connected(true);
    this.#componentAttributes.connect();
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#systems.connected(false);
    this.#componentAttributes.disconnect();
    this.#stop();
  }

  #start(): void {
    if (this.#runtime) return;
    const runtime = new SceneRuntime(this, this.#settings);
    this.#runtime = runtime;
    this.#applyCamera();
    for (const light of this.#lights) runtime.addLight(light.values, this.#lights.indexOf(light));
    void runtime.start();
  }

  #stop(): void {
    const runtime = this.#runtime;
    if (!runtime) return;
    this.#runtime = null;
    this.#pointers.release();
    this.#children.stop();
    for (const node of this.#nodes) node.unbind(false);
    runtime.destroy();
  }

  #restart(): void {
    this.#stop();
    if (this.isConnected) this.#start();
  }

  // ---- SceneHost ---------------------------------------------------------------------------------------------

  get canvas(): HTMLCanvasElement {
    return this.#canvas!;
  }

  override report(error: LayerWError, source?: Element): void {
    if (source instanceof LayerWElement && source !== this) source.report(error);
    else super.report(error);
  }

  availabilityChanged(available: boolean): void {
    if (this.#fallback) this.#fallback.hidden = available;
  }

  memoryReady(): void {
    const runtime = this.#runtime;
    if (!runtime) return;
    // Document order puts every group before what it contains.
    const nodes = [...this.#nodes].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    for (const node of nodes) node.bind(runtime);
    this.#pointers.memoryReady(runtime);
    this.#systems.applyTo(runtime, (error) => this.report(error));
    this.#children.memoryReady(runtime);
  }

  systemStopped(name: string): void {
    this.#systems.stopped(name);
  }

  cameraMoved(): void {
    const runtime = this.#runtime;
    if (!runtime) return;
    const explicit = this.#cameras[this.#cameras.length - 1];
    const values = explicit ? explicit.values : this.#camera;
    const targetMoved = values.takeFrom(runtime.camera);
    (explicit ?? this).setAttribute(explicit ? 'position' : 'camera-position', formatNumbers(values.position));
    if (targetMoved) (explicit ?? this).setAttribute(explicit ? 'target' : 'camera-target', formatNumbers(values.target));
    this.dispatchEvent(new CustomEvent('camerachange', { detail: { position: Array.from(values.position), target: Array.from(values.target) }, bubbles: true, composed: true }));
  }

  budgetChanged(degraded: boolean): void {
    const streaming = this.stats.streaming;
    const detail: LayerWBudgetDetail = {
      degraded,
      wanted: streaming.texture.wanted + streaming.mesh.wanted,
      resident: streaming.texture.resident + streaming.mesh.resident,
      allowance: streaming.gpuAllowance,
    };
    this.dispatchEvent(new CustomEvent('budget', { detail, bubbles: true, composed: true }));
  }

  qualityChanged(): void {
    // The live figures, as `stats` events carry them: `quality`, `rung`, `renderScale` and `gpuTime` are the change.
    this.dispatchEvent(new CustomEvent<LayerWQualityDetail>('qualitychange', { detail: this.stats, bubbles: true, composed: true }));
  }

  frameDrawn(first: boolean, now: number): void {
    if (first) this.dispatchEvent(new CustomEvent('ready', { bubbles: true, composed: true }));
    if (now - this.#lastStatsEvent >= STATS_EVENT_INTERVAL_MS) {
      this.#lastStatsEvent = now;
      // The detail is the scene's live figures, not a copy, so one event object serves every dispatch (an event
      // may be dispatched again once its dispatch is over) and a steady scene allocates nothing for it.
      const stats = this.stats;
      if (this.#statsEvent?.detail !== stats) {
        this.#statsEvent = new CustomEvent<LayerWStatsDetail>('stats', { detail: stats, bubbles: true, composed: true });
      }
      this.dispatchEvent(this.#statsEvent);
    }
  }

  // ---- children ----------------------------------------------------------------------------------------------

  attachNode(node: LayerWNode): void {
    this.#nodes.add(node);
    if (this.#runtime?.memoryReady) node.bind(this.#runtime);
    this.labelledChanged(node);
  }

  detachNode(node: LayerWNode): void {
    this.#nodes.delete(node);
    this.#children.labelledChanged();
    node.unbind(true);
    if (this.#downloads.delete(node)) this.#showProgress();
  }

  labelledChanged(node: LayerWNode): void {
    this.#children.labelledChanged(node);
  }

  attachAnimate(animate: LayerWAnimate): void {
    this.#children.attachAnimate(animate);
  }

  detachAnimate(animate: LayerWAnimate): void {
    this.#children.detachAnimate(animate);
  }

  attachLabel(label: LayerWLabel): void {
    this.#children.attachLabel(label);
  }

  detachLabel(label: LayerWLabel): void {
    this.#children.detachLabel(label);
  }

  labelChanged(): void {
    this.#children.labelChanged();
  }

  attachLight(light: LayerWLight): void {
    this.#lights.push(light);
    this.#lights.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    this.#runtime?.addLight(light.values, this.#lights.indexOf(light));
  }

  detachLight(light: LayerWLight): void {
    const at = this.#lights.indexOf(light);
    if (at >= 0) this.#lights.splice(at, 1);
    this.#runtime?.removeLight(light.values);
  }

  lightChanged(): void {
    this.#runtime?.lightsChanged();
  }

  attachCamera(camera: LayerWCamera): void {
    this.#cameras.push(camera);
    this.#applyCamera();
  }

  detachCamera(camera: LayerWCamera): void {
    const at = this.#cameras.indexOf(camera);
    if (at >= 0) this.#cameras.splice(at, 1);
    this.#applyCamera();
  }

  cameraChanged(): void {
    this.#applyCamera();
  }

  #applyCamera(): void {
    const runtime = this.#runtime;
    if (!runtime) return;
    (this.#cameras[this.#cameras.length - 1]?.values ?? this.#camera).applyTo(runtime.camera);
    runtime.requestDraw();
  }
}

/**
 * The shadow tree's styles, made once on first use: a constructed sheet, because a page's Content Security Policy
 * can refuse `<style>` elements but not adopted sheets, and there is no CSSStyleSheet under server-side rendering.
 */
let styles: CSSStyleSheet | undefined;

function sceneStyles(): CSSStyleSheet {
  if (styles) return styles;
  styles = new CSSStyleSheet();
  styles.replaceSync(`
    :host { display: block; position: relative; height: 360px; overflow: hidden; }
    :host([hidden]) { display: none; }
    canvas { display: block; width: 100%; height: 100%; outline: none; }
    .fallback { position: absolute; inset: 0; }
    .fallback[hidden], slot:not([name]), .progress[hidden] { display: none; }
    .progress { position: absolute; left: 0; right: 0; top: 0; height: 3px; background: rgb(255 255 255 / 0.15); pointer-events: none; }
    .progress > div { height: 100%; width: 0; background: #88c0d0; transition: width 0.2s; }
  `);
  return styles;
}

const EMPTY_STATS: Readonly<SceneStats> = Object.freeze(makeSceneStats({
  reservedBytes: () => 0, regions: () => null, gpuBytes: () => 0, visible: () => 0, gpuTime: () => Number.NaN, cpuTime: () => 0,
}));
