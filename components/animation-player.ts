import type { AnimationInstance, AnimationListener, LoopMode } from '../src/engine/scene-animation.js';
import type { ModelAnimationSource } from '../src/engine/scene-models.js';
import { LayerWError } from '../src/errors.js';
import { flagOr, numberOr, readKeyword, type Refuser } from './values.js';

/** Defaults of the animation attributes of `<layerw-mesh>`. */
export const DEFAULT_LOOP: LoopMode = 'repeat';
export const DEFAULT_ANIMATION_SPEED = 1;
export const DEFAULT_CROSSFADE = 0.3;
export const DEFAULT_AUTOPLAY = false;
const LOOP_MODES: readonly LoopMode[] = ['repeat', 'once', 'pingpong'];
/** Fastest playback either way, in clip seconds per second. */
const MAX_SPEED = 1000;

/** The element an animation belongs to: it refuses bad values, reports errors and receives the events. */
export interface AnimationOwner extends Refuser, EventTarget {
  report(error: LayerWError): void;
}

/**
 * The animation state of one `<layerw-mesh>`: the attributes (`animation`, `autoplay`, `loop`,
 * `animation-speed`, `crossfade`), the clock's properties and methods, and the events. Values are kept while
 * no animated model is shown and written into the mesh's instance record (src/engine/scene-animation.ts) once
 * one is. Made on first use, so meshes that never animate carry none of it.
 */
export class MeshAnimation implements AnimationListener {
  readonly #owner: AnimationOwner;
  /** The `animation` value as given (null: the first clip). */
  #clipText: string | null = null;
  #clip = 0;
  #autoplay = DEFAULT_AUTOPLAY;
  #loop: LoopMode = DEFAULT_LOOP;
  #speed = DEFAULT_ANIMATION_SPEED;
  #crossfade = DEFAULT_CROSSFADE;
  #paused = true;
  /** Whether `autoplay` has started the clock for the model now shown. */
  #started = false;
  /** The time while no instance holds it. */
  #time = 0;
  #weights: number[] | null = null;
  #source: ModelAnimationSource | null = null;
  #instance: AnimationInstance | null = null;

  constructor(owner: AnimationOwner) {
    this.#owner = owner;
  }

  get animation(): string | null {
    return this.#clipText;
  }

  set animation(value: string | number | null | undefined) {
    const text = value === null || value === undefined || value === '' ? null : String(value);
    if (text !== null && this.#source) {
      const clip = this.#resolve(text, this.#source);
      if (clip < 0) {
        this.#owner.reject('animation', text, `names no animation of this model (${this.#names(this.#source)})`, this.#clipText ?? 'the first');
        return;
      }
    }
    this.#clipText = text;
    if (!this.#source) return;
    const clip = text === null ? 0 : this.#resolve(text, this.#source);
    if (clip === this.#clip) return;
    this.#clip = clip;
    this.#instance?.setClip(clip, this.#crossfade, this.#startTime());
  }

  get autoplay(): boolean {
    return this.#autoplay;
  }

  set autoplay(value: boolean | string | null | undefined) {
    this.#autoplay = flagOr(this.#owner, 'autoplay', value, DEFAULT_AUTOPLAY, this.#autoplay);
    if (this.#autoplay && this.#instance && !this.#started) this.#autostart();
  }

  get loop(): LoopMode {
    return this.#loop;
  }

  set loop(value: string | null | undefined) {
    if (value === null || value === undefined || value === '') this.#loop = DEFAULT_LOOP;
    else {
      const result = readKeyword(value, LOOP_MODES);
      if (!result.ok) {
        this.#owner.reject('loop', value, result.reason, this.#loop);
        return;
      }
      this.#loop = result.value;
    }
    this.#instance?.setLoop(this.#loop);
  }

  get animationSpeed(): number {
    return this.#speed;
  }

  set animationSpeed(value: number | string | null | undefined) {
    this.#speed = numberOr(this.#owner, 'animation-speed', value, DEFAULT_ANIMATION_SPEED, this.#speed, -MAX_SPEED, MAX_SPEED);
    this.#instance?.setSpeed(this.#speed);
  }

  get crossfade(): number {
    return this.#crossfade;
  }

  set crossfade(value: number | string | null | undefined) {
    this.#crossfade = numberOr(this.#owner, 'crossfade', value, DEFAULT_CROSSFADE, this.#crossfade, 0, 3600);
  }

  /** Clip names of the model shown ('' for unnamed clips); empty until an animated model is ready. */
  get animations(): string[] {
    return this.#source ? [...this.#source.names] : [];
  }

  get duration(): number {
    return this.#source?.durations[this.#clip] ?? 0;
  }

  get currentTime(): number {
    return this.#instance ? this.#instance.time : this.#time;
  }

  set currentTime(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.#owner.reject('currentTime', value, 'is not a finite number', String(this.currentTime));
      return;
    }
    this.#time = Math.max(0, this.#source ? Math.min(value, this.duration) : value);
    if (this.#instance) this.#instance.time = this.#time;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get morphWeights(): number[] | null {
    return this.#weights ? [...this.#weights] : null;
  }

  set morphWeights(value: ArrayLike<number> | null | undefined) {
    if (value === null || value === undefined) this.#weights = null;
    else {
      const list = Array.from(value as ArrayLike<unknown>);
      if (!list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        this.#owner.reject('morphWeights', value, 'is not a list of finite numbers', this.#weights ? this.#weights.join(' ') : 'the model\'s');
        return;
      }
      this.#weights = list as number[];
    }
    this.#instance?.setWeights(this.#weights);
  }

  /** Starts or resumes the clock; a clip that finished (`loop="once"`) starts over. */
  play(): void {
    const instance = this.#instance;
    if (instance && this.#loop === 'once' && !instance.playing) {
      const atEnd = this.#speed >= 0 ? instance.time >= instance.duration : instance.time <= 0;
      if (atEnd) instance.time = this.#startTime();
    }
    this.#started = true;
    if (!this.#paused) return;
    this.#paused = false;
    instance?.setPlaying(true);
    this.#dispatch('play');
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#instance?.setPlaying(false);
    this.#dispatch('pause');
  }

  /** An animated model is shown in `slot`: take a clock from `source` and write every value into it. */
  attach(source: ModelAnimationSource, slot: number): void {
    const carried = this.#instance ? this.#instance.time : this.#time;
    this.#instance?.release();
    const newModel = source.names !== this.#source?.names;
    this.#source = source;
    let clip = 0;
    if (this.#clipText !== null) {
      clip = this.#resolve(this.#clipText, source);
      if (clip < 0) {
        this.#owner.reject('animation', this.#clipText, `names no animation of this model (${this.#names(source)})`, 'the first');
        this.#clipText = null;
        clip = 0;
      }
    }
    this.#clip = clip;
    const instance = source.attach(slot, this);
    this.#instance = instance;
    if (!instance) {
      this.#owner.report(new LayerWError('BUDGET_EXCEEDED', "the mesh region has no room for another animated mesh; raise memory-budget"));
      return;
    }
    instance.setSpeed(this.#speed);
    instance.setLoop(this.#loop);
    instance.setWeights(this.#weights);
    instance.setClip(source.names.length > 0 ? clip : -1, 0, newModel ? this.#startTime() : carried);
    if (newModel) this.#started = false;
    instance.setPlaying(!this.#paused);
    if (this.#autoplay && !this.#started) this.#autostart();
  }

  /** The model went away (src changed, element removed): the clock's record is freed, its time kept. */
  detach(): void {
    if (!this.#instance) return;
    this.#time = this.#instance.time;
    this.#instance.release();
    this.#instance = null;
  }

  animationLooped(): void {
    this.#dispatch('loop');
  }

  animationFinished(): void {
    this.#paused = true;
    this.#dispatch('finished');
  }

  #autostart(): void {
    this.#started = true;
    this.play();
  }

  /** Where a clip starts: its beginning, or its end when played backwards. */
  #startTime(): number {
    return this.#speed < 0 ? (this.#source?.durations[this.#clip] ?? 0) : 0;
  }

  /** A clip's index by name, else by index; -1 when neither. */
  #resolve(text: string, source: ModelAnimationSource): number {
    const byName = source.names.indexOf(text);
    if (byName >= 0) return byName;
    if (/^\d+$/.test(text)) {
      const index = Number(text);
      if (index < source.names.length) return index;
    }
    return -1;
  }

  #names(source: ModelAnimationSource): string {
    if (source.names.length === 0) return 'it has none';
    return `it has ${source.names.map((name, i) => (name ? `"${name.slice(0, 40)}"` : String(i))).join(', ')}`;
  }

  #dispatch(type: 'play' | 'pause' | 'loop' | 'finished'): void {
    const name = this.#source?.names[this.#clip] ?? '';
    this.#owner.dispatchEvent(new CustomEvent(type, { detail: { animation: name, index: this.#clip }, bubbles: true, composed: true }));
  }
}
