import type { LoopMode } from '../src/engine/scene-animation.js';
import type { ModelAnimationSource } from '../src/engine/model-user.js';
import { DEFAULT_ANIMATION_SPEED, DEFAULT_AUTOPLAY, DEFAULT_CROSSFADE, DEFAULT_LOOP, MeshAnimation } from './mesh-animation.js';
import { LayerWNode } from './layerw-node.js';

/**
 * The glTF animation part of `<layerw-mesh>`, which extends it: the `animation`, `autoplay`, `loop`,
 * `animation-speed` and `crossfade` attributes, the clock's properties and `play()` / `pause()`, forwarded to a
 * MeshAnimation made on first use (most meshes never animate).
 */
export class LayerWAnimatedNode extends LayerWNode {
  static override attributeProperties: Readonly<Record<string, string>> = {
    ...LayerWNode.attributeProperties,
    animation: 'animation',
    autoplay: 'autoplay',
    loop: 'loop',
    'animation-speed': 'animationSpeed',
    crossfade: 'crossfade',
  };

  /** Made on first use: most meshes never animate. */
  #animationState: MeshAnimation | null = null;

  #animation(): MeshAnimation {
    return (this.#animationState ??= new MeshAnimation(this));
  }

  /** Plays a shown model's animation in `slot`, or stops the one playing. Handed to the model part of the element. */
  protected readonly animateModel = (animation: ModelAnimationSource | null, slot: number): void => {
    if (animation) this.#animation().attach(animation, slot);
    else this.#animationState?.detach();
  };

  /** The glTF animation played: a name or an index; the first when unset. An unknown one is refused. */
  get animation(): string | null {
    return this.#animationState?.animation ?? null;
  }

  set animation(value: string | number | null | undefined) {
    this.#animation().animation = value;
  }

  /** Start playing as soon as the model is shown. */
  get autoplay(): boolean {
    return this.#animationState?.autoplay ?? DEFAULT_AUTOPLAY;
  }

  set autoplay(value: boolean | string | null | undefined) {
    this.#animation().autoplay = value;
  }

  /** `repeat` (default), `once` (stop at the end, fire `finished`) or `pingpong`. */
  get loop(): LoopMode {
    return this.#animationState?.loop ?? DEFAULT_LOOP;
  }

  set loop(value: string | null | undefined) {
    this.#animation().loop = value;
  }

  /** Clip seconds per second; negative plays backwards. */
  get animationSpeed(): number {
    return this.#animationState?.animationSpeed ?? DEFAULT_ANIMATION_SPEED;
  }

  set animationSpeed(value: number | string | null | undefined) {
    this.#animation().animationSpeed = value;
  }

  /** Seconds over which a change of `animation` blends the old clip into the new. */
  get crossfade(): number {
    return this.#animationState?.crossfade ?? DEFAULT_CROSSFADE;
  }

  set crossfade(value: number | string | null | undefined) {
    this.#animation().crossfade = value;
  }

  /** Names of the model's animations ('' for unnamed ones); empty until an animated model is shown. */
  get animations(): string[] {
    return this.#animationState?.animations ?? [];
  }

  /** Seconds into the current animation; settable, also while paused. */
  get currentTime(): number {
    return this.#animationState?.currentTime ?? 0;
  }

  set currentTime(value: number) {
    this.#animation().currentTime = value;
  }

  /** Length of the current animation in seconds (0 until shown). */
  get duration(): number {
    return this.#animationState?.duration ?? 0;
  }

  /** True until `play()` (or `autoplay`), after `pause()`, and after a `loop="once"` animation finished. */
  get paused(): boolean {
    return this.#animationState?.paused ?? true;
  }

  /** Morph target weights replacing the model's and the animation's (null: theirs). */
  get morphWeights(): number[] | null {
    return this.#animationState?.morphWeights ?? null;
  }

  set morphWeights(value: ArrayLike<number> | null | undefined) {
    this.#animation().morphWeights = value;
  }

  /** Plays the animation (fires `play`); a finished `loop="once"` animation starts over. */
  play(): void {
    this.#animation().play();
  }

  /** Pauses the animation (fires `pause`). */
  pause(): void {
    this.#animation().pause();
  }

  /** The model went away (src changed, element removed): its animation stops. */
  protected override releaseResources(): void {
    this.#animationState?.detach();
  }
}
