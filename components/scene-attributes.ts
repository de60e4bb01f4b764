import type { SceneSettings } from '../src/engine/scene-host.js';
import type { QualitySetting } from '../src/engine/quality.js';
import type { WorkerSetting } from '../src/engine/workers/worker-setting.js';
import type { ControlsKind } from '../src/engine/controls/controls-host.js';
import type { ToneMapping } from '../src/gpu/look.js';
import { LayerWElement } from './layerw-element.js';
import { CameraValues } from './camera-values.js';
import { LookValues, type LookProperty } from './look-values.js';
import { SceneValues, type SettingEffect, type SettingProperty } from './scene-values.js';
import { readColor } from './values.js';

export const DEFAULT_BACKGROUND = '#101418';

/**
 * The attributes and properties of `<layerw-scene>`: each parsed into the settings its runtime reads (budgets,
 * quality, controls, camera, look), a refused value kept out with the previous one in place. LayerWScene applies
 * what changed through the hooks at the end.
 */
export abstract class SceneAttributes extends LayerWElement {
  readonly #look = new LookValues();
  readonly #values = new SceneValues(this.#look.settings);
  /** The settings the scene's runtime reads, written in place. */
  protected readonly sceneSettings: SceneSettings = this.#values.settings;
  #backgroundText = DEFAULT_BACKGROUND;
  /** `camera-position`, `camera-target`, `fov`, `near`, `far` as parsed. */
  protected readonly cameraValues = new CameraValues();
  readonly #parsedColor = new Float32Array(4);
  #alt = '';
  #cameraFit: string | null = null;

  constructor() {
    super();
    readColor(DEFAULT_BACKGROUND, this.sceneSettings.background);
  }

  get quality(): QualitySetting {
    return this.sceneSettings.quality;
  }

  set quality(value: QualitySetting | string | null | undefined) {
    this.#setSetting('quality', value);
  }

  get fpsTarget(): number {
    return this.sceneSettings.fpsTarget;
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
    this.sceneSettings.background.set(this.#parsedColor);
    this.#backgroundText = value ?? DEFAULT_BACKGROUND;
    this.backgroundChanged();
  }

  get cameraPosition(): number[] {
    return Array.from(this.cameraValues.position);
  }

  set cameraPosition(value: string | ArrayLike<number> | null | undefined) {
    if (this.cameraValues.setVector('camera-position', 'position', value, this)) this.cameraChanged();
  }

  get cameraTarget(): number[] {
    return Array.from(this.cameraValues.target);
  }

  set cameraTarget(value: string | ArrayLike<number> | null | undefined) {
    if (this.cameraValues.setVector('camera-target', 'target', value, this)) this.cameraChanged();
  }

  get fov(): number {
    return this.cameraValues.fov;
  }

  set fov(value: number | string | null | undefined) {
    if (this.cameraValues.setFov(value, this)) this.cameraChanged();
  }

  get near(): number {
    return this.cameraValues.near;
  }

  set near(value: number | string | null | undefined) {
    if (this.cameraValues.setNear(value, this)) this.cameraChanged();
  }

  get far(): number {
    return this.cameraValues.far;
  }

  set far(value: number | string | null | undefined) {
    if (this.cameraValues.setFar(value, this)) this.cameraChanged();
  }

  /** `none`, `orbit` (drag, pan, zoom; `auto-rotate`) or `fly` (keys, drag to look, gamepad). */
  get controls(): ControlsKind {
    return this.sceneSettings.controls;
  }

  set controls(value: string | null | undefined) {
    this.#setSetting('controls', value);
  }

  /** With orbit controls, the camera turns about its target while nobody drags. */
  get autoRotate(): boolean {
    return this.sceneSettings.input.autoRotate;
  }

  set autoRotate(value: boolean | string | null | undefined) {
    this.#setSetting('autoRotate', value);
  }

  /** Degrees per second (default 30); negative turns the other way. */
  get autoRotateSpeed(): number {
    return this.sceneSettings.input.autoRotateSpeed;
  }

  set autoRotateSpeed(value: number | string | null | undefined) {
    this.#setSetting('autoRotateSpeed', value);
  }

  /** Fly controls' speed in scene units per second (default 3). */
  get flySpeed(): number {
    return this.sceneSettings.input.flySpeed;
  }

  set flySpeed(value: number | string | null | undefined) {
    this.#setSetting('flySpeed', value);
  }

  /** `on-demand` (default) draws when something changed or moves; `continuous` draws every frame. */
  get render(): 'continuous' | 'on-demand' {
    return this.sceneSettings.render;
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
    return this.sceneSettings.culling;
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
    return this.sceneSettings.workers;
  }

  set workers(value: WorkerSetting | string | null | undefined) {
    this.#setSetting('workers', value);
  }

  get maxPixelRatio(): number {
    return this.sceneSettings.maxPixelRatio;
  }

  set maxPixelRatio(value: number | string | null | undefined) {
    this.#setSetting('maxPixelRatio', value);
  }

  #setSetting(property: SettingProperty, value: unknown): void {
    const effect = this.#values.set(property, value, this);
    this.settingApplied(effect);
  }

  /** Text for people who cannot see the canvas. */
  get alt(): string {
    return this.#alt;
  }

  set alt(value: string | null | undefined) {
    this.#alt = value ?? '';
    this.altChanged();
  }

  /**
   * `camera-fit`: the camera frames these elements (a CSS selector of elements in the scene; empty: every mesh)
   * now and whenever a model becomes ready in a mesh it frames, before the frame that shows it. Null: off.
   */
  get cameraFit(): string | null {
    return this.#cameraFit;
  }

  set cameraFit(value: string | null | undefined) {
    const text = value ?? null;
    if (text) {
      try {
        this.querySelector(text);
      } catch {
        this.reject('camera-fit', value, 'is not a CSS selector', this.#cameraFit ?? '');
        return;
      }
    }
    this.#cameraFit = text;
    this.cameraFitChanged();
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
    this.lookChanged();
  }

  /** A setting changed with `effect` (`restart`: the scene's memory is made again). */
  protected abstract settingApplied(effect: SettingEffect): void;

  /** The camera attributes (or an explicit camera's) changed. */
  abstract cameraChanged(): void;

  /** `background` changed. */
  protected abstract backgroundChanged(): void;

  /** `alt` changed. */
  protected abstract altChanged(): void;

  /** `camera-fit` changed. */
  protected abstract cameraFitChanged(): void;

  /** A look setting (environment, skybox, exposure, ...) changed. */
  protected abstract lookChanged(): void;
}
