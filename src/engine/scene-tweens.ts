import { LayerWError } from '../errors.js';
import { constant, type FeatureExports } from '../wasm/exports.js';
import type { Walloc } from '../memory/walloc.js';
import { TRANSPARENT_KEY_OFFSET } from '../gpu/frame-input.js';
import { NO_DRAW_KEY } from './object-slot.js';
import type { FrameClock, FrameStep } from './frame-schedule.js';
import type { Camera } from './camera.js';
import type { LightValues } from './lights.js';
import { readTweenSpec, type TweenOwner, type TweenSpec } from './tween-spec.js';
import { tweenTarget, type TweenSink, type TweenTarget } from './tween-targets.js';

export type { TweenOwner } from './tween-spec.js';

/** What the tween table needs from its scene runtime. */
export interface TweenScene {
  readonly walloc: Walloc;
  readonly camera: Camera;
  lightsChanged(): void;
  requestDraw(): void;
}

/** One `<layerw-animate>` with an entry in the table. */
interface TweenRecord {
  readonly owner: TweenOwner;
  readonly index: number;
  /** The element animated; kept, since a removed animation has no parent any more when it restores it. */
  parent: Element;
  target: TweenTarget;
  /** Where a value with no column goes; null for column targets. */
  sink: (TweenSink & { light: LightValues | null }) | null;
  /** The parent's own value when the tween started, for targets whose property shows the animated value. */
  saved: string | null;
  /** Seconds from the start to the end of the last iteration. */
  end: number;
}

/**
 * One scene's tweens: entries in the WebAssembly tween table, set up from `<layerw-animate>` attributes, and the
 * `tweens` frame step (animate phase) that evaluates them all in one call, then dispatches `finished`, restores
 * targets a tween stopped affecting, and applies the few values that have no column (lights, camera). Loaded
 * with the first animation, as its own chunk.
 */
export class SceneTweens {
  /** The frame step; its `run` allocates nothing. */
  readonly step: FrameStep;
  readonly #scene: TweenScene;
  readonly #kernels: FeatureExports;
  readonly #records = new Map<TweenOwner, TweenRecord>();
  /** Records by entry index, for the finished list. */
  readonly #byIndex: (TweenRecord | null)[] = [];
  /** Records whose value TypeScript applies each frame it changes. */
  readonly #applied: TweenRecord[] = [];
  /** Animations whose parent has no slot yet; retried each frame until it has. */
  readonly #waiting = new Set<TweenOwner>();
  readonly #value = new Float32Array(4);
  readonly #bits: { playing: number; inEffect: number; changed: number; restore: number; noSlot: number };

  /**
   * The tween table of `scene`, once the feature kernels are loaded and attached to its memory (the first
   * scene on a page that animates loads them). Rejects with `WASM_UNAVAILABLE` when they cannot be had.
   */
  static async create(scene: TweenScene): Promise<SceneTweens> {
    const { featureKernels } = await import('../wasm/feature-kernels.js');
    return new SceneTweens(scene, await featureKernels(scene.walloc));
  }

  /** The tween table of `scene` over `kernels`, the feature kernels attached to its memory. */
  constructor(scene: TweenScene, kernels: FeatureExports) {
    this.#scene = scene;
    this.#kernels = kernels;
    this.#bits = {
      playing: constant(kernels, 'TWEEN_PLAYING'),
      inEffect: constant(kernels, 'TWEEN_IN_EFFECT'),
      changed: constant(kernels, 'TWEEN_OUTPUT_CHANGED'),
      restore: constant(kernels, 'TWEEN_EVENT_RESTORE'),
      noSlot: constant(scene.walloc.core, 'NO_SLOT'),
    };
    this.step = {
      name: 'tweens',
      phase: 'animate',
      reads: ['tweens'],
      writes: ['position', 'rotation', 'scale', 'color', 'material', 'emissive', 'flags', 'batch'],
      run: (clock) => this.#run(clock),
    };
  }

  /** Sets up `owner`'s tween (or waits for its parent's slot). Called when a `<layerw-animate>` binds. */
  add(owner: TweenOwner): void {
    if (this.#records.has(owner)) return;
    this.#setUp(owner);
  }

  /** Reads `owner`'s attributes again; a bad one keeps the tween as it was. Called after attribute changes. */
  update(owner: TweenOwner): void {
    if (this.#records.has(owner) || this.#waiting.has(owner)) this.#setUp(owner);
  }

  /** Frees `owner`'s entry (`free`) and gives its target its own value back. */
  remove(owner: TweenOwner, free: boolean): void {
    this.#waiting.delete(owner);
    const record = this.#records.get(owner);
    if (!record) return;
    const inEffect = (this.#kernels.tweenState(record.index) & this.#bits.inEffect) !== 0;
    this.#records.delete(owner);
    this.#byIndex[record.index] = null;
    const at = this.#applied.indexOf(record);
    if (at >= 0) this.#applied.splice(at, 1);
    if (!free) return;
    this.#kernels.tweenFree(record.index);
    if (inEffect) this.#restore(record);
    this.#scene.requestDraw();
  }

  /** The clock of `owner`'s tween, seconds. */
  timeOf(owner: TweenOwner): number {
    const record = this.#records.get(owner);
    return record ? this.#kernels.tweenTime(record.index) : owner.timeRequested;
  }

  isPlaying(owner: TweenOwner): boolean {
    const record = this.#records.get(owner);
    return record ? (this.#kernels.tweenState(record.index) & this.#bits.playing) !== 0 : owner.playRequested;
  }

  seek(owner: TweenOwner, time: number): void {
    const record = this.#records.get(owner);
    if (!record) return;
    this.#kernels.tweenSeek(record.index, time);
    this.#scene.requestDraw();
  }

  /** Runs the clock; from 0 again when it stands at (or past) the end. */
  play(owner: TweenOwner): void {
    const record = this.#records.get(owner);
    if (!record) return;
    if (this.#kernels.tweenTime(record.index) >= record.end) this.#kernels.tweenSeek(record.index, 0);
    this.#kernels.tweenPlay(record.index, 1);
    this.#scene.requestDraw();
  }

  pause(owner: TweenOwner): void {
    const record = this.#records.get(owner);
    if (!record) return;
    this.#kernels.tweenPlay(record.index, 0);
    this.#scene.requestDraw();
  }

  /** Entries in use, for tests and tools. */
  get count(): number {
    return this.#records.size;
  }

  #setUp(owner: TweenOwner): void {
    const parent = owner.parentElement;
    const previous = this.#records.get(owner);
    const kept = previous ? 'the tween as it was' : 'no tween';
    const attribute = owner.attribute;
    if (!parent) return;
    const target = attribute === null ? null : tweenTarget(parent, attribute.trim().toLowerCase());
    if (target === null || Array.isArray(target)) {
      const known = target && target.length > 0 ? `; ${parent.localName} can animate ${target.join(', ')}` : '';
      const reason = attribute === null ? 'is missing' : target!.length === 0 ? `names nothing: the parent ${parent.localName} has no animatable attributes` : `is not an animatable attribute of ${parent.localName}${known}`;
      owner.reject('attribute', attribute ?? '', reason, kept);
      return;
    }
    let slot = this.#bits.noSlot;
    if (target.column) {
      const bound = (parent as Element & { columnSlot?: number | null }).columnSlot;
      if (bound === null || bound === undefined) {
        this.#waiting.add(owner);
        return;
      }
      slot = bound;
    }
    this.#waiting.delete(owner);
    const spec = readTweenSpec(owner, target);
    if (!('delay' in spec)) {
      owner.reject(spec.attribute, spec.value, spec.reason, kept);
      return;
    }
    const kernels = this.#kernels;
    let record = previous;
    if (!record) {
      let index = kernels.tweenAlloc() >>> 0;
      // The table grows with the slot columns, when the memory may grow.
      if (index === this.#bits.noSlot && this.#scene.walloc.growSlots()) index = kernels.tweenAlloc() >>> 0;
      if (index === this.#bits.noSlot) {
        owner.report(new LayerWError('BUDGET_EXCEEDED', `the scene's tween table holds ${kernels.tweenCapacity() >>> 0} tweens; raise memory-budget to add more`));
        return;
      }
      record = { owner, index, parent, target, sink: null, saved: null, end: 0 };
      this.#records.set(owner, record);
      this.#byIndex[index] = record;
      kernels.tweenSeek(index, owner.timeRequested);
      kernels.tweenPlay(index, owner.playRequested ? 1 : 0);
    } else if (record.target !== target) {
      if ((kernels.tweenState(record.index) & this.#bits.inEffect) !== 0) this.#restore(record);
    }
    if (record.target !== target || record.parent !== parent || record.saved === null) {
      record.target = target;
      record.parent = parent;
      record.saved = target.restoresSaved ? String((parent as unknown as Record<string, unknown>)[target.property]) : null;
    }
    // In f32 steps as the kernel adds them, so a clock it stopped at the end compares equal.
    const f = Math.fround;
    record.end = f(f(spec.delay) + (spec.duration === 0 ? 0 : f(f(spec.duration) * f(spec.iterations))));
    this.#write(record, spec, slot, parent);
    this.#scene.requestDraw();
  }

  #write(record: TweenRecord, spec: TweenSpec, slot: number, parent: Element): void {
    const kernels = this.#kernels;
    const { index, target } = record;
    const kind = constant(kernels, target.kind === 'euler' ? 'TWEEN_EULER' : target.kind === 'opacity' ? 'TWEEN_OPACITY' : 'TWEEN_PLAIN');
    const column = target.column ? constant(this.#scene.walloc.core, columnExport(target.column)) : constant(kernels, 'TWEEN_NO_COLUMN');
    kernels.tweenTarget(index, slot, column, target.first ?? 0, target.count, kind, spec.scale);
    kernels.tweenTiming(index, spec.delay, spec.duration, spec.iterations, constant(kernels, spec.direction), constant(kernels, spec.fill));
    const easing = spec.easing;
    if (easing.kind === 'cubic-bezier') kernels.tweenEasing(index, constant(kernels, 'EASE_CUBIC'), easing.x1, easing.y1, easing.x2, easing.y2);
    else if (easing.kind === 'steps') {
      kernels.tweenEasing(index, constant(kernels, 'EASE_STEPS'), easing.count, constant(kernels, `JUMP_${easing.position.slice(5).toUpperCase()}` as 'JUMP_START'), 0, 0);
    } else kernels.tweenEasing(index, constant(kernels, 'EASE_LINEAR'), 0, 0, 0, 0);
    const keys = spec.offsets.length;
    for (let k = 0; k < keys; k++) {
      const v = spec.values[k]!;
      kernels.tweenKey(index, k, keys, spec.offsets[k]!, v[0]!, v[1]!, v[2]!, v[3]!);
    }
    const applied = this.#applied.indexOf(record);
    if (target.apply) {
      const light = parent.localName === 'layerw-light' ? (parent as Element & { values: LightValues }).values : null;
      record.sink = {
        light,
        camera: this.#scene.camera,
        lightsChanged: () => this.#scene.lightsChanged(),
        cameraChanged: () => {
          this.#scene.camera.changed();
          this.#scene.requestDraw();
        },
      };
      if (applied < 0) this.#applied.push(record);
    } else {
      record.sink = null;
      if (applied >= 0) this.#applied.splice(applied, 1);
    }
  }

  /** Gives the target its own value back: the parent writes its property again. */
  #restore(record: TweenRecord): void {
    const property = record.target.property;
    const self = record.parent as unknown as Record<string, unknown>;
    self[property] = record.target.restoresSaved && record.saved !== null ? record.saved : self[property];
  }

  #run(clock: FrameClock): boolean {
    if (this.#waiting.size > 0) for (const owner of this.#waiting) this.#setUp(owner);
    if (this.#records.size === 0) return false;
    const kernels = this.#kernels;
    const playing = kernels.evaluateTweens(clock.dt, TRANSPARENT_KEY_OFFSET, NO_DRAW_KEY) >>> 0;
    const applied = this.#applied;
    if (applied.length > 0) {
      const f32 = this.#scene.walloc.f32;
      for (let i = 0; i < applied.length; i++) {
        const record = applied[i]!;
        if ((kernels.tweenState(record.index) & this.#bits.changed) === 0) continue;
        const at = (kernels.tweenOutput(record.index) >>> 0) >>> 2;
        for (let k = 0; k < 4; k++) this.#value[k] = f32[at + k]!;
        record.target.apply!(record.sink!, this.#value);
      }
    }
    const events = kernels.tweenEventCount() >>> 0;
    if (events > 0) this.#dispatch(events);
    return playing > 0;
  }

  /** Finished events and restores, from the kernel's list; runs only in frames where something finished. */
  #dispatch(events: number): void {
    const kernels = this.#kernels;
    const restore = this.#bits.restore;
    for (let i = 0; i < events; i++) {
      const item = kernels.tweenEventAt(i) >>> 0;
      const record = this.#byIndex[(item & ~restore) >>> 0];
      if (!record) continue;
      if ((item & restore) !== 0) this.#restore(record);
      else record.owner.finished(kernels.tweenTime(record.index));
    }
    kernels.tweenEventsClear();
  }
}

/** `emissive` -> `COL_EMISSIVE`. */
function columnExport(column: string): `COL_${string}` {
  return `COL_${column.toUpperCase()}`;
}
