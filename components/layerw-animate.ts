import { LayerWError } from '../src/errors.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import type { SceneTweens } from '../src/engine/scene-tweens.js';
import { LayerWElement } from './layerw-element.js';
import { flagOr } from './values.js';

export const DEFAULT_DURATION = '1s';
export const DEFAULT_DELAY = '0s';
export const DEFAULT_EASING = 'linear';
export const DEFAULT_REPEAT = '1';
export const DEFAULT_DIRECTION = 'normal';
export const DEFAULT_FILL = 'none';
export const DEFAULT_AUTOPLAY = true;

/** The `detail` of a `finished` event: the animated attribute and the clock at the end, in seconds. */
export interface LayerWFinishedDetail {
  readonly attribute: string;
  readonly currentTime: number;
}

/** What an animation needs from its scene element: attach and detach. Implemented by `<layerw-scene>`. */
export interface AnimateHost {
  attachAnimate(animate: LayerWAnimate): void;
  detachAnimate(animate: LayerWAnimate): void;
}

function isAnimateHost(element: Element): element is Element & AnimateHost {
  return typeof (element as Partial<AnimateHost>).attachAnimate === 'function';
}

/**
 * `<layerw-animate>`: a tween of one attribute of its parent (`<layerw-mesh>`, `<layerw-group>`,
 * `<layerw-light>`, `<layerw-camera>` or `<layerw-scene>`), with the timing of Web Animations and CSS easing.
 * The element only keeps its attribute text and its clock requests; the scene's tween table (a chunk loaded on
 * the first animation) parses them, refuses bad ones with BAD_ATTRIBUTE, and evaluates the tween in
 * WebAssembly every frame. Times are in seconds. Event: `finished`.
 */
export class LayerWAnimate extends LayerWElement {
  static override attributeProperties: Readonly<Record<string, string>> = {
    attribute: 'attribute',
    from: 'from',
    to: 'to',
    values: 'values',
    'key-times': 'keyTimes',
    duration: 'duration',
    delay: 'delay',
    easing: 'easing',
    repeat: 'repeat',
    direction: 'direction',
    fill: 'fill',
    autoplay: 'autoplay',
  };

  /** The attribute text, by property name; null where unset (the default applies). */
  readonly #text: Record<string, string | null> = {};
  #autoplay = DEFAULT_AUTOPLAY;
  /** The clock while not bound, and the play state asked for before the tween exists. */
  #time = 0;
  #playing = DEFAULT_AUTOPLAY;
  #host: (Element & AnimateHost) | null = null;
  #tweens: SceneTweens | null = null;
  #runtime: SceneRuntime | null = null;
  #updateQueued = false;

  /** The parent attribute animated: `position`, `rotation`, `scale`, `color`, `opacity`, `intensity`, … */
  get attribute(): string | null {
    return this.#text.attribute ?? null;
  }

  set attribute(value: string | null | undefined) {
    this.#set('attribute', value);
  }

  /** The start value; without it the parent's own value is the start. */
  get from(): string | null {
    return this.#text.from ?? null;
  }

  set from(value: string | null | undefined) {
    this.#set('from', value);
  }

  get to(): string | null {
    return this.#text.to ?? null;
  }

  set to(value: string | null | undefined) {
    this.#set('to', value);
  }

  /** Keyframe values separated by `;`, used instead of `from` and `to`. */
  get values(): string | null {
    return this.#text.values ?? null;
  }

  set values(value: string | null | undefined) {
    this.#set('values', value);
  }

  /** Offsets (0 … 1, ascending, `;`-separated) of `values`; evenly spaced without it. */
  get keyTimes(): string | null {
    return this.#text.keyTimes ?? null;
  }

  set keyTimes(value: string | null | undefined) {
    this.#set('keyTimes', value);
  }

  /** One iteration: `1s`, `500ms`. */
  get duration(): string {
    return this.#text.duration ?? DEFAULT_DURATION;
  }

  set duration(value: string | null | undefined) {
    this.#set('duration', value);
  }

  /** Time before the first iteration; may be negative (the tween starts part-way). */
  get delay(): string {
    return this.#text.delay ?? DEFAULT_DELAY;
  }

  set delay(value: string | null | undefined) {
    this.#set('delay', value);
  }

  /** A CSS easing: `linear`, `ease`, `ease-in`, `ease-out`, `ease-in-out`, `cubic-bezier()`, `steps()`. */
  get easing(): string {
    return this.#text.easing ?? DEFAULT_EASING;
  }

  set easing(value: string | null | undefined) {
    this.#set('easing', value);
  }

  /** Iterations: a number (fractions allowed) or `infinite`. */
  get repeat(): string {
    return this.#text.repeat ?? DEFAULT_REPEAT;
  }

  set repeat(value: string | number | null | undefined) {
    this.#set('repeat', value === null || value === undefined ? value : String(value));
  }

  /** `normal`, `reverse`, `alternate`, `alternate-reverse`. */
  get direction(): string {
    return this.#text.direction ?? DEFAULT_DIRECTION;
  }

  set direction(value: string | null | undefined) {
    this.#set('direction', value);
  }

  /** `none`, `forwards`, `backwards`, `both`: whether the tween holds its value before and after it runs. */
  get fill(): string {
    return this.#text.fill ?? DEFAULT_FILL;
  }

  set fill(value: string | null | undefined) {
    this.#set('fill', value);
  }

  /** Starts playing once in a scene (true); false waits for `play()`. */
  get autoplay(): boolean {
    return this.#autoplay;
  }

  set autoplay(value: boolean | string | null | undefined) {
    this.#autoplay = flagOr(this, 'autoplay', value, DEFAULT_AUTOPLAY, this.#autoplay);
    if (!this.#tweens) this.#playing = this.#autoplay;
  }

  /** Seconds since the start, delay included; settable at any time, also while paused. */
  get currentTime(): number {
    return this.#tweens ? this.#tweens.timeOf(this) : this.#time;
  }

  set currentTime(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.reject('currentTime', value, 'is not a finite number of seconds', String(this.currentTime));
      return;
    }
    this.#time = value;
    this.#tweens?.seek(this, value);
  }

  /** True while the clock runs. */
  get paused(): boolean {
    return this.#tweens ? !this.#tweens.isPlaying(this) : !this.#playing;
  }

  /** Runs the clock; a tween that has finished starts again from 0. */
  play(): void {
    this.#playing = true;
    this.#tweens?.play(this);
  }

  /** Stops the clock; the value shown stays. */
  pause(): void {
    this.#playing = false;
    this.#tweens?.pause(this);
  }

  /** Whether the clock should run once the tween exists; read by the tween table when it sets the tween up. */
  get playRequested(): boolean {
    return this.#playing;
  }

  /** The clock asked for before the tween existed; read by the tween table when it sets the tween up. */
  get timeRequested(): number {
    return this.#time;
  }

  /** Dispatches `finished`. Called by the tween table when the clock reaches the end. */
  finished(currentTime: number): void {
    this.#time = currentTime;
    this.#playing = false;
    this.dispatchEvent(new CustomEvent<LayerWFinishedDetail>('finished', {
      detail: { attribute: this.attribute ?? '', currentTime }, bubbles: true, composed: true,
    }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.withScene(isAnimateHost, (scene) => {
      if (this.#host) return;
      this.#host = scene;
      scene.attachAnimate(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#host?.detachAnimate(this);
    this.#host = null;
  }

  /** Sets the tween up in `runtime`'s tween table, loading it on first use. Called by the scene. */
  bind(runtime: SceneRuntime): void {
    if (this.#runtime === runtime) return;
    this.#runtime = runtime;
    void runtime.tweens().then((tweens) => {
      if (!tweens || this.#runtime !== runtime || !this.isConnected) return;
      this.#tweens = tweens;
      tweens.add(this);
    }, (cause: unknown) => this.report(runtimeError(cause)));
  }

  /** Lets go of the table entry (`free`), or just forgets it when the whole memory is going away. */
  unbind(free: boolean): void {
    if (this.#tweens) {
      this.#time = this.#tweens.timeOf(this);
      this.#playing = this.#tweens.isPlaying(this);
      this.#tweens.remove(this, free);
    }
    this.#tweens = null;
    this.#runtime = null;
  }

  #set(property: string, value: string | null | undefined): void {
    this.#text[property] = value ?? null;
    if (!this.#tweens || this.#updateQueued) return;
    // Several attributes set together are read once.
    this.#updateQueued = true;
    queueMicrotask(() => {
      this.#updateQueued = false;
      this.#tweens?.update(this);
    });
  }
}

function runtimeError(cause: unknown): LayerWError {
  return new LayerWError('SYSTEM_FAILED', `the animation code could not be loaded: ${String(cause)}`, { cause });
}
