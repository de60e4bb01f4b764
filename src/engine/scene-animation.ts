import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { constant, type FeatureExports } from '../wasm/exports.js';
import type { PaletteSource } from '../gpu/rig-resources.js';
import type { FrameClock, FrameSchedule, FrameStep } from './frame-schedule.js';

/** What an animated mesh hears from its clock. Implemented by `<layerw-mesh>`. */
export interface AnimationListener {
  /** The clip wrapped (repeat) or turned (pingpong). */
  animationLooped(): void;
  /** A `loop="once"` clip reached its end and stopped. */
  animationFinished(): void;
}

/** Loop modes, as `<layerw-mesh loop>` names them. */
export type LoopMode = 'repeat' | 'once' | 'pingpong';

/** Records the table holds before it first grows. */
const INITIAL_RECORDS = 64;
/** Bytes the palette buffer starts with. */
const INITIAL_PALETTE_BYTES = 64 * 1024;

/** Field offsets and bits of an instance record, read once from the feature kernels. */
interface RecordLayout {
  bytes: number; slot: number; rig: number; clip: number; time: number; speed: number; mode: number;
  previous: number; previousTime: number; fade: number; fadeLength: number; events: number; weights: number;
  maxWeights: number; loopMask: number; playing: number; returning: number; override: number;
  eventLoop: number; eventFinished: number; modes: Record<LoopMode, number>;
}

function readLayout(kernels: FeatureExports): RecordLayout {
  const c = (name: keyof FeatureExports & string): number => constant(kernels, name);
  return {
    bytes: c('ANIM_RECORD_BYTES'), slot: c('AR_SLOT'), rig: c('AR_RIG'), clip: c('AR_CLIP'), time: c('AR_TIME'),
    speed: c('AR_SPEED'), mode: c('AR_MODE'), previous: c('AR_PREVIOUS'), previousTime: c('AR_PREVIOUS_TIME'),
    fade: c('AR_FADE'), fadeLength: c('AR_FADE_LENGTH'), events: c('AR_EVENTS'), weights: c('AR_WEIGHTS'),
    maxWeights: c('MAX_OVERRIDE_WEIGHTS'), loopMask: c('ANIM_LOOP_MASK'), playing: c('ANIM_PLAYING'),
    returning: c('ANIM_RETURNING'), override: c('ANIM_OVERRIDE_WEIGHTS'), eventLoop: c('ANIM_EVENT_LOOP'),
    eventFinished: c('ANIM_EVENT_FINISHED'),
    modes: { repeat: c('ANIM_REPEAT'), once: c('ANIM_ONCE'), pingpong: c('ANIM_PINGPONG') },
  };
}

/**
 * The animated meshes of one scene: one instance record each in a table in the mesh region, advanced, sampled
 * and turned into palettes by one WebAssembly call per frame (the `animation` step of the animate phase), then
 * uploaded in one writeBuffer to the palette buffer every animated primitive reads. Created by SceneModels for
 * the first model with a rig; destroyed with the scene's models.
 */
export class SceneAnimation implements PaletteSource {
  readonly step: FrameStep;
  /** The feature kernels over the scene's memory: the animation kernels, and the rig layout's constants. */
  readonly kernels: FeatureExports;
  readonly #walloc: Walloc;
  readonly #schedule: FrameSchedule;
  readonly #requestDraw: () => void;
  readonly #layout: RecordLayout;
  /** Instances in record order: record i belongs to #instances[i]. */
  readonly #instances: AnimationInstance[] = [];
  #table = 0;
  #capacity = 0;
  #device: GPUDevice | null = null;
  #buffer: GPUBuffer | null = null;
  #version = 0;
  /** A clock was set, a record added or removed, or the buffer remade: palettes are due even if nothing plays. */
  #changed = true;

  /**
   * The animated meshes of the scene with memory `walloc`, once the feature kernels are loaded and attached to
   * it. Rejects with `WASM_UNAVAILABLE` when they cannot be had.
   */
  static async create(walloc: Walloc, schedule: FrameSchedule, requestDraw: () => void): Promise<SceneAnimation> {
    const { featureKernels } = await import('../wasm/feature-kernels.js');
    return new SceneAnimation(walloc, await featureKernels(walloc), schedule, requestDraw);
  }

  /** The animated meshes over `walloc` with `kernels`, the feature kernels attached to it; joins `schedule`. */
  constructor(walloc: Walloc, kernels: FeatureExports, schedule: FrameSchedule, requestDraw: () => void) {
    this.#walloc = walloc;
    this.kernels = kernels;
    this.#schedule = schedule;
    this.#requestDraw = requestDraw;
    this.#layout = readLayout(kernels);
    this.step = {
      name: 'animation',
      phase: 'animate',
      reads: ['emissive', 'localBounds'],
      writes: ['emissive', 'localBounds', 'flags'],
      run: this.#run,
    };
    schedule.add(this.step);
  }

  /** The palette storage buffer (a small one until the first frame sizes it). */
  get buffer(): GPUBuffer {
    return this.#buffer!;
  }

  get version(): number {
    return this.#version;
  }

  /** GPU bytes of the palette buffer. */
  get gpuBytes(): number {
    return this.#buffer?.size ?? 0;
  }

  /** Instances being animated, for tests and stats. */
  get instanceCount(): number {
    return this.#instances.length;
  }

  /** The device came (first, or after a loss) or went. */
  setDevice(device: GPUDevice | null): void {
    this.#buffer?.destroy();
    this.#buffer = null;
    this.#device = device;
    if (device) this.#makeBuffer(INITIAL_PALETTE_BYTES);
    this.#changed = true;
  }

  /**
   * Starts animating the object in `slot` with the rig block `rig` (a mesh-region handle). Returns null when the
   * mesh region has no room for a bigger table (the caller reports BUDGET_EXCEEDED).
   */
  attach(slot: number, rig: number, listener: AnimationListener): AnimationInstance | null {
    if (this.#instances.length === this.#capacity && !this.#grow()) return null;
    const instance = new AnimationInstance(this, this.#instances.length, listener, rig);
    this.#instances.push(instance);
    const u32 = this.#walloc.u32;
    const at = this.recordAddress(instance.index);
    this.#walloc.bytes.fill(0, at, at + this.#layout.bytes);
    u32[(at + this.#layout.slot) >>> 2] = slot;
    u32[(at + this.#layout.rig) >>> 2] = rig;
    new Int32Array(u32.buffer)[(at + this.#layout.clip) >>> 2] = -1;
    new Int32Array(u32.buffer)[(at + this.#layout.previous) >>> 2] = -1;
    this.#walloc.f32[(at + this.#layout.speed) >>> 2] = 1;
    this.changed();
    return instance;
  }

  /** Record layout, for AnimationInstance. */
  get layout(): RecordLayout {
    return this.#layout;
  }

  get walloc(): Walloc {
    return this.#walloc;
  }

  /** Byte address of record `index`. */
  recordAddress(index: number): number {
    return this.#walloc.blockAddress(this.#table) + index * this.#layout.bytes;
  }

  /** Duration in seconds of clip `clip` of the rig block `rig`. */
  duration(rig: number, clip: number): number {
    const address = this.#walloc.blockAddress(rig);
    return address === 0 ? 0 : this.kernels.rigDuration(address, clip);
  }

  /** Something of an instance changed: the next frame writes the palettes and asks to be drawn. */
  changed(): void {
    this.#changed = true;
    this.#requestDraw();
  }

  /** Removes an instance: the last record moves into its place. */
  detach(instance: AnimationInstance): void {
    const index = instance.index;
    if (this.#instances[index] !== instance) return;
    const last = this.#instances.pop()!;
    if (last !== instance) {
      const bytes = this.#walloc.bytes;
      const from = this.recordAddress(last.index);
      bytes.copyWithin(this.recordAddress(index), from, from + this.#layout.bytes);
      this.#instances[index] = last;
      last.index = index;
    }
    this.changed();
  }

  /** Lets go of the table, the palette buffer and the step. */
  destroy(): void {
    for (const instance of this.#instances) instance.index = -1;
    this.#instances.length = 0;
    this.#schedule.remove(this.step.name);
    if (this.#table !== 0) this.#walloc.freeBlock(this.#table);
    this.#table = 0;
    this.#capacity = 0;
    this.setDevice(null);
  }

  #grow(): boolean {
    const capacity = Math.max(INITIAL_RECORDS, this.#capacity * 2);
    const handle = this.#walloc.allocBlock('mesh', capacity * this.#layout.bytes, 0);
    if (handle === 0) return false;
    if (this.#table !== 0) {
      const from = this.#walloc.blockAddress(this.#table);
      this.#walloc.bytes.copyWithin(this.#walloc.blockAddress(handle), from, from + this.#instances.length * this.#layout.bytes);
      this.#walloc.freeBlock(this.#table);
    }
    this.#table = handle;
    this.#capacity = capacity;
    return true;
  }

  #makeBuffer(bytes: number): void {
    this.#buffer?.destroy();
    this.#buffer = this.#device!.createBuffer({
      label: 'LayerW.SceneAnimation.palettes',
      size: bytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.#version++;
  }

  readonly #run = (clock: FrameClock): boolean => {
    const count = this.#instances.length;
    if (count === 0 || this.#table === 0) return false;
    const walloc = this.#walloc;
    const kernels = this.kernels;
    walloc.touchBlock(this.#table, 0);
    const table = walloc.blockAddress(this.#table);
    let matrices = 0;
    let scratchFloats = 0;
    let busy = false;
    const u32 = walloc.u32;
    const layout = this.#layout;
    for (let i = 0; i < count; i++) {
      const record = table + i * layout.bytes;
      const rig = walloc.blockAddress(u32[(record + layout.rig) >>> 2]!);
      if (rig === 0) continue;
      matrices += kernels.rigPaletteMatrices(rig) >>> 0;
      scratchFloats = Math.max(scratchFloats, kernels.rigScratchFloats(rig) >>> 0);
      // Playing, or fading out a previous clip: another frame is wanted.
      if ((u32[(record + layout.mode) >>> 2]! & layout.playing) !== 0 || u32[(record + layout.previous) >>> 2] !== 0xffffffff) busy = true;
    }
    // A still crowd keeps last frame's palettes on the GPU: nothing is sampled, marked or uploaded.
    if (matrices === 0 || (!busy && !this.#changed)) return false;
    this.#changed = false;
    const out = walloc.frameAlloc('command', matrices * 64, 256);
    const scratch = walloc.frameAlloc('scratch', scratchFloats * 4, 16);
    if (out === 0 || scratch === 0) {
      throw new LayerWError('BUDGET_EXCEEDED', "this frame's animation palettes do not fit the command or scratch region; raise memory-budget");
    }
    const written = kernels.animateInstances(table, count, clock.dt, out, scratch) >>> 0;
    if (this.#device && written > 0) {
      if (this.#buffer!.size < written * 64) this.#makeBuffer(Math.max(written * 64, this.#buffer!.size * 2));
      this.#device.queue.writeBuffer(this.#buffer!, 0, walloc.bytes.buffer, out, written * 64);
    }
    this.#dispatchEvents(table, count);
    return busy;
  };

  #dispatchEvents(table: number, count: number): void {
    const u32 = this.#walloc.u32;
    const layout = this.#layout;
    for (let i = 0; i < count; i++) {
      const at = (table + i * layout.bytes + layout.events) >>> 2;
      const events = u32[at]!;
      if (events === 0) continue;
      u32[at] = 0;
      const listener = this.#instances[i]!.listener;
      if ((events & layout.eventLoop) !== 0) listener.animationLooped();
      if ((events & layout.eventFinished) !== 0) listener.animationFinished();
    }
  }
}

/**
 * One mesh's clock and clip choice, a record in its scene's table; every setter is a write into that record.
 * Held by `<layerw-mesh>` while it shows an animated model; `release` frees the record.
 */
export class AnimationInstance {
  /** The record's position in the table; -1 once released. */
  index: number;
  readonly listener: AnimationListener;
  readonly rig: number;
  readonly #scene: SceneAnimation;

  constructor(scene: SceneAnimation, index: number, listener: AnimationListener, rig: number) {
    this.#scene = scene;
    this.index = index;
    this.listener = listener;
    this.rig = rig;
  }

  /** Seconds into the current clip. */
  get time(): number {
    return this.index < 0 ? 0 : this.#f32()[this.#at('time')]!;
  }

  set time(seconds: number) {
    if (this.index < 0) return;
    this.#f32()[this.#at('time')] = Math.min(Math.max(seconds, 0), this.duration);
    this.#scene.changed();
  }

  /** Length of the current clip in seconds. */
  get duration(): number {
    return this.#scene.duration(this.rig, this.#i32()[this.#at('clip')]!);
  }

  get playing(): boolean {
    return this.index >= 0 && (this.#u32()[this.#at('mode')]! & this.#scene.layout.playing) !== 0;
  }

  /**
   * Switches to clip `clip` (-1: none) at time `time`, fading from the current one over `crossfade` seconds
   * (0: at once).
   */
  setClip(clip: number, crossfade: number, time: number): void {
    if (this.index < 0) return;
    const i32 = this.#i32();
    const f32 = this.#f32();
    const current = i32[this.#at('clip')]!;
    if (current >= 0 && current !== clip && crossfade > 0) {
      i32[this.#at('previous')] = current;
      f32[this.#at('previousTime')] = f32[this.#at('time')]!;
      f32[this.#at('fade')] = 0;
      f32[this.#at('fadeLength')] = crossfade;
    }
    i32[this.#at('clip')] = clip;
    f32[this.#at('time')] = time;
    this.#scene.changed();
  }

  setSpeed(speed: number): void {
    if (this.index < 0) return;
    this.#f32()[this.#at('speed')] = speed;
    this.#scene.changed();
  }

  setLoop(mode: LoopMode): void {
    if (this.index < 0) return;
    const layout = this.#scene.layout;
    const u32 = this.#u32();
    const at = this.#at('mode');
    u32[at] = (u32[at]! & ~(layout.loopMask | layout.returning)) | layout.modes[mode];
    this.#scene.changed();
  }

  setPlaying(playing: boolean): void {
    if (this.index < 0) return;
    const u32 = this.#u32();
    const at = this.#at('mode');
    const bit = this.#scene.layout.playing;
    u32[at] = playing ? u32[at]! | bit : u32[at]! & ~bit;
    this.#scene.changed();
  }

  /** Replaces the morph weights (the first MAX_OVERRIDE_WEIGHTS), or hands them back to the model with null. */
  setWeights(weights: ArrayLike<number> | null): void {
    if (this.index < 0) return;
    const layout = this.#scene.layout;
    const u32 = this.#u32();
    const at = this.#at('mode');
    if (weights) {
      const f32 = this.#f32();
      const first = (this.#scene.recordAddress(this.index) + layout.weights) >>> 2;
      for (let k = 0; k < layout.maxWeights; k++) f32[first + k] = k < weights.length ? weights[k]! : 0;
    }
    u32[at] = weights ? u32[at]! | layout.override : u32[at]! & ~layout.override;
    this.#scene.changed();
  }

  release(): void {
    if (this.index < 0) return;
    this.#scene.detach(this);
    this.index = -1;
  }

  #at(field: 'time' | 'clip' | 'mode' | 'speed' | 'previous' | 'previousTime' | 'fade' | 'fadeLength'): number {
    return (this.#scene.recordAddress(this.index) + this.#scene.layout[field]) >>> 2;
  }

  #f32(): Float32Array {
    return this.#scene.walloc.f32;
  }

  #u32(): Uint32Array {
    return this.#scene.walloc.u32;
  }

  #i32(): Int32Array {
    return new Int32Array(this.#scene.walloc.u32.buffer);
  }
}
