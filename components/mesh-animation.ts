import type { LoopMode } from '../src/engine/scene-animation.js';
import type { ModelAnimationSource } from '../src/engine/model-user.js';
import type { LayerWError } from '../src/errors.js';
import type { AnimationPlayer } from './animation-player.js';
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

/** A mesh's animation values as set, shared with its AnimationPlayer once that exists. */
export interface AnimationSettings {
  /** The `animation` value as given (null: the first clip). */
  clipText: string | null;
  autoplay: boolean;
  loop: LoopMode;
  speed: number;
  crossfade: number;
  paused: boolean;
  /** Whether `autoplay` has started the clock for the model now shown. */
  started: boolean;
  /** The time while no instance holds it. */
  time: number;
  weights: number[] | null;
}

let playerClass: typeof AnimationPlayer | undefined;
let playerLoading: Promise<unknown> | undefined;

/** Starts loading the player's chunk once per page (again after a failure); resolves when it is on the page. */
export function loadAnimationPlayer(): Promise<unknown> {
  playerLoading ??= import('./animation-player.js').then(
    (module) => (playerClass = module.AnimationPlayer),
    (cause: unknown) => {
      playerLoading = undefined;
      throw cause;
    },
  );
  return playerLoading;
}

/** Whether the player's code is on the page, so an animated model can be attached at once. */
export function animationPlayerLoaded(): boolean {
  return playerClass !== undefined;
}

/**
 * The animation attributes of one `<layerw-mesh>` (`animation`, `autoplay`, `loop`, `animation-speed`,
 * `crossfade`), the clock's properties and methods, and the events. Values are checked here, at once; playing
 * them is the AnimationPlayer's work (its own chunk, which this starts loading when made), once an animated model
 * is shown. Made on first use, so meshes that never animate carry none of it.
 */
export class MeshAnimation {
  readonly #owner: AnimationOwner;
  readonly #settings: AnimationSettings = {
    clipText: null,
    autoplay: DEFAULT_AUTOPLAY,
    loop: DEFAULT_LOOP,
    speed: DEFAULT_ANIMATION_SPEED,
    crossfade: DEFAULT_CROSSFADE,
    paused: true,
    started: false,
    time: 0,
    weights: null,
  };
  /** Made when the first animated model is shown. */
  #player: AnimationPlayer | null = null;

  constructor(owner: AnimationOwner) {
    this.#owner = owner;
    void loadAnimationPlayer().catch(() => undefined);
  }

  get animation(): string | null {
    return this.#settings.clipText;
  }

  set animation(value: string | number | null | undefined) {
    const text = value === null || value === undefined || value === '' ? null : String(value);
    if (this.#player) this.#player.setClip(text);
    else this.#settings.clipText = text;
  }

  get autoplay(): boolean {
    return this.#settings.autoplay;
  }

  set autoplay(value: boolean | string | null | undefined) {
    this.#settings.autoplay = flagOr(this.#owner, 'autoplay', value, DEFAULT_AUTOPLAY, this.#settings.autoplay);
    this.#player?.autoplayChanged();
  }

  get loop(): LoopMode {
    return this.#settings.loop;
  }

  set loop(value: string | null | undefined) {
    if (value === null || value === undefined || value === '') this.#settings.loop = DEFAULT_LOOP;
    else {
      const result = readKeyword(value, LOOP_MODES);
      if (!result.ok) {
        this.#owner.reject('loop', value, result.reason, this.#settings.loop);
        return;
      }
      this.#settings.loop = result.value;
    }
    this.#player?.loopChanged();
  }

  get animationSpeed(): number {
    return this.#settings.speed;
  }

  set animationSpeed(value: number | string | null | undefined) {
    this.#settings.speed = numberOr(this.#owner, 'animation-speed', value, DEFAULT_ANIMATION_SPEED, this.#settings.speed, -MAX_SPEED, MAX_SPEED);
    this.#player?.speedChanged();
  }

  get crossfade(): number {
    return this.#settings.crossfade;
  }

  set crossfade(value: number | string | null | undefined) {
    this.#settings.crossfade = numberOr(this.#owner, 'crossfade', value, DEFAULT_CROSSFADE, this.#settings.crossfade, 0, 3600);
  }

  /** Clip names of the model shown ('' for unnamed clips); empty until an animated model is ready. */
  get animations(): string[] {
    return this.#player?.names ?? [];
  }

  get duration(): number {
    return this.#player?.duration ?? 0;
  }

  get currentTime(): number {
    return this.#player?.time ?? this.#settings.time;
  }

  set currentTime(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.#owner.reject('currentTime', value, 'is not a finite number', String(this.currentTime));
      return;
    }
    if (this.#player) this.#player.seek(value);
    else this.#settings.time = Math.max(0, value);
  }

  get paused(): boolean {
    return this.#settings.paused;
  }

  get morphWeights(): number[] | null {
    return this.#settings.weights ? [...this.#settings.weights] : null;
  }

  set morphWeights(value: ArrayLike<number> | null | undefined) {
    const settings = this.#settings;
    if (value === null || value === undefined) settings.weights = null;
    else {
      const list = Array.from(value as ArrayLike<unknown>);
      if (!list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        this.#owner.reject('morphWeights', value, 'is not a list of finite numbers', settings.weights ? settings.weights.join(' ') : 'the model\'s');
        return;
      }
      settings.weights = list as number[];
    }
    this.#player?.weightsChanged();
  }

  /** Starts or resumes the clock; a clip that finished (`loop="once"`) starts over. */
  play(): void {
    if (this.#player) {
      this.#player.play();
      return;
    }
    this.#settings.started = true;
    if (!this.#settings.paused) return;
    this.#settings.paused = false;
    this.#dispatch('play');
  }

  pause(): void {
    if (this.#player) {
      this.#player.pause();
      return;
    }
    if (this.#settings.paused) return;
    this.#settings.paused = true;
    this.#dispatch('pause');
  }

  /**
   * An animated model is shown in `slot`: the player takes a clock from `source` and writes every value into it.
   * Called once `loadAnimationPlayer` has resolved.
   */
  attach(source: ModelAnimationSource, slot: number): void {
    if (!playerClass) return;
    this.#player ??= new playerClass(this.#owner, this.#settings);
    this.#player.attach(source, slot);
  }

  /** The model went away (src changed, element removed): the clock's record is freed, its time kept. */
  detach(): void {
    this.#player?.detach();
  }

  /** Before a model is shown there is no clip: events name none. */
  #dispatch(type: 'play' | 'pause'): void {
    this.#owner.dispatchEvent(new CustomEvent(type, { detail: { animation: '', index: 0 }, bubbles: true, composed: true }));
  }
}
