import { LayerWError } from '../src/errors.js';
import { SceneSystemList } from './scene-system-list.js';
import { ComponentAttributeObserver } from './user-components.js';
import type { SystemOptions } from '../src/systems/scene-systems.js';
import { SceneRuntime, type SceneHost } from '../src/engine/scene-runtime.js';
import { makeSceneStats, type SceneStats } from '../src/engine/scene-stats.js';
import { LayerWElement } from './layerw-element.js';
import type { LayerWNode, NodeHost } from './layerw-node.js';
import type { LayerWLight, LightHost } from './layerw-light.js';
import type { LayerWCamera, CameraHost } from './layerw-camera.js';
import type { LayerWAnimate, AnimateHost } from './layerw-animate.js';
import type { LayerWLabel, LabelHost } from './layerw-label.js';
import { SceneChildren } from './scene-children.js';
import { FIT_PADDING, SceneCamera } from './scene-camera.js';
import { ScenePointerLoader } from './scene-pointer-loader.js';
import type { SettingEffect } from './scene-values.js';
import { SceneAttributes } from './scene-attributes.js';
import { buildSceneShadow, SceneProgress } from './scene-shadow.js';
import type { PickHit } from '../src/engine/picking/scene-picker.js';
import type { LayerWBudgetDetail, LayerWQualityDetail } from '../src/framework-types.js';

export { DEFAULT_QUALITY, DEFAULT_FPS_TARGET, DEFAULT_MEMORY_BUDGET, DEFAULT_CONTROLS, DEFAULT_RENDER, DEFAULT_MAX_PIXEL_RATIO, DEFAULT_CULLING } from './scene-values.js';
export { DEFAULT_BACKGROUND } from './scene-attributes.js';
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
export class LayerWScene extends SceneAttributes implements SceneHost, NodeHost, LightHost, CameraHost, AnimateHost, LabelHost {
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
    'camera-fit': 'cameraFit',
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

  readonly #nodes = new Set<LayerWNode>();
  readonly #lights: LayerWLight[] = [];
  readonly #camera = new SceneCamera(this, this.cameraValues, this.#nodes);
  /** Made with the shadow tree, in the constructor. */
  #children!: SceneChildren;
  /** Picking and pointer events: their own chunk, loaded on first use. Made with the shadow tree. */
  #pointers!: ScenePointerLoader;
  #runtime: SceneRuntime | null = null;
  readonly #systems = new SceneSystemList(() => this.#runtime);
  readonly #componentAttributes = new ComponentAttributeObserver(this);
  #canvas: HTMLCanvasElement | null = null;
  #fallback: HTMLDivElement | null = null;
  /** The bar shown while models download. Made with the shadow tree. */
  #progress!: SceneProgress;
  #lastStatsEvent = 0;
  #statsEvent: CustomEvent<LayerWStatsDetail> | null = null;

  constructor() {
    super();
    this.#buildShadow();
  }

  protected settingApplied(effect: SettingEffect): void {
    if (effect === 'restart' && this.#runtime) this.#restart();
    else if (effect === 'settings') this.#runtime?.settingsChanged();
  }

  protected backgroundChanged(): void {
    this.#runtime?.requestDraw();
  }

  protected cameraFitChanged(): void {
    this.#camera.fitToAttribute();
  }

  /** A model became ready in `mesh`, one of this scene's, about to be drawn: `camera-fit` may frame it first. */
  modelShown(mesh: Element): void {
    this.#camera.fitToAttribute(mesh);
  }

  /**
   * Points the camera, on the next frame, at the centre of `targets` (elements of this scene: meshes, and the meshes
   * in groups; all of its meshes when omitted) from where it looks now, at the distance where they fill the view
   * with `padding` (a fraction of their bounding sphere's radius, 0.1 by default) to spare; `near` and `far` widen
   * where they would cut them. Meshes that draw nothing yet (a model still loading) or are hidden are left out.
   * Written back to `camera-position`, `camera-target` (and `near`, `far`) with a `camerachange` event.
   */
  fitCamera(targets?: Element | Iterable<Element> | null, options: { padding?: number } = {}): void {
    let padding = options.padding ?? FIT_PADDING;
    if (!(padding >= 0 && padding < Infinity)) {
      this.reject('fitCamera padding', padding, 'is not a number from 0', String(FIT_PADDING));
      padding = FIT_PADDING;
    }
    this.#camera.fit(targets instanceof Element ? [targets] : targets ? [...targets] : [this], padding, false);
  }

  protected altChanged(): void {
    this.#canvas?.setAttribute('aria-label', this.alt || DEFAULT_ALT);
    this.#children.labelledChanged();
  }

  protected lookChanged(): void {
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

  /** Builds the shadow tree: the canvas, the fallback slot, the progress bar and a hidden default slot for the children. */
  #buildShadow(): void {
    const { canvas, fallback, progress, childSlot } = buildSceneShadow(this, this.alt || DEFAULT_ALT);
    this.#children = new SceneChildren(this, childSlot, () => this.#nodes, () => this.#pointers.want()?.picker ?? null);
    this.#pointers = new ScenePointerLoader(this, canvas);
    this.#canvas = canvas;
    this.#fallback = fallback;
    this.#progress = new SceneProgress(this, progress);
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
    const runtime = new SceneRuntime(this, this.sceneSettings);
    this.#runtime = runtime;
    this.#camera.apply();
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
    this.#camera.fitToAttribute();
  }

  componentsReady(): void {
    for (const node of this.#nodes) node.componentsReady();
  }

  systemStopped(name: string): void {
    this.#systems.stopped(name);
  }

  cameraMoved(): void {
    this.#camera.moved();
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
    this.#progress.forget(node);
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
    this.#camera.attach(camera);
  }

  detachCamera(camera: LayerWCamera): void {
    this.#camera.detach(camera);
  }

  cameraChanged(): void {
    this.#camera.apply();
  }
}

const EMPTY_STATS: Readonly<SceneStats> = Object.freeze(makeSceneStats({
  reservedBytes: () => 0, regions: () => null, gpuBytes: () => 0, visible: () => 0, gpuTime: () => Number.NaN, cpuTime: () => 0,
}));
