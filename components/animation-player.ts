import type { AnimationInstance, AnimationListener } from '../src/engine/scene-animation.js';
import type { ModelAnimationSource } from '../src/engine/model-user.js';
import { LayerWError } from '../src/errors.js';
import type { AnimationOwner, AnimationSettings } from './mesh-animation.js';

/**
 * The playing side of a `<layerw-mesh>`'s glTF animation: its own chunk, loaded when the mesh first shows an
 * animated model. Takes over the mesh's animation settings (as set before it arrived) and from then on writes
 * every change into the mesh's instance record (src/engine/scene-animation.ts), resolves clip names against the
 * model, and dispatches the clock's events.
 */
export class AnimationPlayer implements AnimationListener {
  readonly #owner: AnimationOwner;
  readonly #settings: AnimationSettings;
  #clip = 0;
  #source: ModelAnimationSource | null = null;
  #instance: AnimationInstance | null = null;

  constructor(owner: AnimationOwner, settings: AnimationSettings) {
    this.#owner = owner;
    this.#settings = settings;
  }

  /** `animation` changed to `text` (null: the first clip); refused, keeping the previous one, when the model has no such clip. */
  setClip(text: string | null): void {
    const settings = this.#settings;
    const source = this.#source;
    if (text !== null && source && this.#resolve(text, source) < 0) {
      this.#owner.reject('animation', text, `names no animation of this model (${this.#names(source)})`, settings.clipText ?? 'the first');
      return;
    }
    settings.clipText = text;
    if (!source) return;
    const clip = text === null ? 0 : this.#resolve(text, source);
    if (clip === this.#clip) return;
    this.#clip = clip;
    this.#instance?.setClip(clip, settings.crossfade, this.#startTime());
  }

  autoplayChanged(): void {
    if (this.#settings.autoplay && this.#instance && !this.#settings.started) this.#autostart();
  }

  loopChanged(): void {
    this.#instance?.setLoop(this.#settings.loop);
  }

  speedChanged(): void {
    this.#instance?.setSpeed(this.#settings.speed);
  }

  weightsChanged(): void {
    this.#instance?.setWeights(this.#settings.weights);
  }

  get names(): string[] {
    return this.#source ? [...this.#source.names] : [];
  }

  get duration(): number {
    return this.#source?.durations[this.#clip] ?? 0;
  }

  get time(): number {
    return this.#instance ? this.#instance.time : this.#settings.time;
  }

  /** Moves the clock to `seconds` (a finite number), within the clip. */
  seek(seconds: number): void {
    this.#settings.time = Math.max(0, this.#source ? Math.min(seconds, this.duration) : seconds);
    if (this.#instance) this.#instance.time = this.#settings.time;
  }

  /** Starts or resumes the clock; a clip that finished (`loop="once"`) starts over. */
  play(): void {
    const settings = this.#settings;
    const instance = this.#instance;
    if (instance && settings.loop === 'once' && !instance.playing) {
      const atEnd = settings.speed >= 0 ? instance.time >= instance.duration : instance.time <= 0;
      if (atEnd) instance.time = this.#startTime();
    }
    settings.started = true;
    if (!settings.paused) return;
    settings.paused = false;
    instance?.setPlaying(true);
    this.#dispatch('play');
  }

  pause(): void {
    if (this.#settings.paused) return;
    this.#settings.paused = true;
    this.#instance?.setPlaying(false);
    this.#dispatch('pause');
  }

  /** An animated model is shown in `slot`: take a clock from `source` and write every value into it. */
  attach(source: ModelAnimationSource, slot: number): void {
    const settings = this.#settings;
    const carried = this.time;
    this.#instance?.release();
    const newModel = source.names !== this.#source?.names;
    this.#source = source;
    let clip = 0;
    if (settings.clipText !== null) {
      clip = this.#resolve(settings.clipText, source);
      if (clip < 0) {
        this.#owner.reject('animation', settings.clipText, `names no animation of this model (${this.#names(source)})`, 'the first');
        settings.clipText = null;
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
    instance.setSpeed(settings.speed);
    instance.setLoop(settings.loop);
    instance.setWeights(settings.weights);
    instance.setClip(source.names.length > 0 ? clip : -1, 0, newModel ? this.#startTime() : carried);
    if (newModel) settings.started = false;
    instance.setPlaying(!settings.paused);
    if (settings.autoplay && !settings.started) this.#autostart();
  }

  /** The model went away (src changed, element removed): the clock's record is freed, its time kept. */
  detach(): void {
    if (!this.#instance) return;
    this.#settings.time = this.#instance.time;
    this.#instance.release();
    this.#instance = null;
  }

  animationLooped(): void {
    this.#dispatch('loop');
  }

  animationFinished(): void {
    this.#settings.paused = true;
    this.#dispatch('finished');
  }

  #autostart(): void {
    this.#settings.started = true;
    this.play();
  }

  /** Where a clip starts: its beginning, or its end when played backwards. */
  #startTime(): number {
    return this.#settings.speed < 0 ? (this.#source?.durations[this.#clip] ?? 0) : 0;
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
    const detail = { animation: this.#source?.names[this.#clip] ?? '', index: this.#clip };
    this.#owner.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
