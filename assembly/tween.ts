// Evaluates the tween table (tween-table.ts) once per frame: timing, easing (easing.ts), keyframes, and the
// writes into the columns.

import {
  COL_ROTATION, COL_COLOR, COL_FLAGS, FLAG_ALIVE, FLAG_DIRTY, FLAG_LOOK, FLAG_TRANSPARENT, H_TWEEN_END, H_TWEEN_EVENTS,
  H_TWEEN_EVENT_COUNT, TWEEN_EULER, TWEEN_OPACITY, TWEEN_NO_COLUMN, EASE_CUBIC, EASE_STEPS, DIRECTION_REVERSE,
  DIRECTION_ALTERNATE, DIRECTION_ALTERNATE_REVERSE, FILL_FORWARDS, FILL_BACKWARDS, FILL_BOTH, TWEEN_LIVE,
  TWEEN_PLAYING, TWEEN_IN_EFFECT, TWEEN_OUTPUT_CHANGED, TWEEN_EVENT_RESTORE, COL_BATCH,
} from './layout';
import { sys } from './walloc';
import { column, columnComponents, markDirty, slotEndNow } from './columns';
import {
  E_SLOT, E_COLUMN, E_FIRST, E_COUNT, E_KIND, E_KEYS, E_DELAY, E_DURATION, E_ITERATIONS, E_DIRECTION, E_FILL,
  E_EASING, E_PARAMS, E_TIME, E_STATE, E_SCALE, E_OUTPUT, E_KEY_TIMES, E_VALUES, entry, tweenCapacity,
  tweenEventCount,
} from './tween-table';
import { cubicBezier, steps } from './easing';

const HALF_DEGREE_TO_RADIAN: f64 = Math.PI / 360;

/**
 * Advances every playing tween by `dt` seconds and writes the value of every tween in effect into its column
 * (or its output), marking a slot dirty only when its value changed. An opacity crossing 1 moves the slot
 * between the opaque and blended passes (`transparentOffset` on its batch key, never on `noDrawKey`). A tween
 * that reaches its end stops and joins the finished list. Called once per frame per scene, in the animate
 * phase, before updateTransforms. Returns the number of tweens still playing.
 */
export function evaluateTweens(dt: f32, transparentOffset: u32, noDrawKey: u32): u32 {
  const end = load<u32>(sys + H_TWEEN_END);
  let playing: u32 = 0;
  for (let index: u32 = 0; index < end; index++) {
    const e = entry(index);
    const state = load<u32>(e + E_STATE);
    if ((state & TWEEN_LIVE) == 0) continue;
    if ((state & TWEEN_PLAYING) != 0 && advance(e, index, dt)) playing++;
    if (!evaluate(e, transparentOffset, noDrawKey) && (state & TWEEN_IN_EFFECT) != 0) listEvent(index | TWEEN_EVENT_RESTORE);
  }
  return playing;
}

/** Moves the clock on; stops it at the end and lists the entry as finished. True while still playing. */
@inline function advance(e: u32, index: u32, dt: f32): bool {
  const endTime = load<f32>(e + E_DELAY) + activeDuration(e);
  const time = load<f32>(e + E_TIME) + dt;
  if (time < endTime) {
    store<f32>(e + E_TIME, time);
    return true;
  }
  store<f32>(e + E_TIME, endTime);
  store<u32>(e + E_STATE, load<u32>(e + E_STATE) & ~TWEEN_PLAYING);
  listEvent(index);
  return false;
}

/** Adds an item to the finished list, which has room for two per entry (finished, restore). */
@inline function listEvent(item: u32): void {
  const count = tweenEventCount();
  if (count >= tweenCapacity() * 2) return;
  store<u32>(load<u32>(sys + H_TWEEN_EVENTS) + count * 4, item);
  store<u32>(sys + H_TWEEN_EVENT_COUNT, count + 1);
}

@inline function activeDuration(e: u32): f32 {
  const duration = load<f32>(e + E_DURATION);
  return duration == 0 ? 0 : duration * load<f32>(e + E_ITERATIONS);
}

// The value evaluated last, before it is written.
let v0: f64 = 0, v1: f64 = 0, v2: f64 = 0, v3: f64 = 0;

/** Evaluates one entry and writes its value; false when it has no effect at its current time. */
function evaluate(e: u32, transparentOffset: u32, noDrawKey: u32): bool {
  const progress = iterationProgress(e);
  let state = load<u32>(e + E_STATE) & ~(TWEEN_IN_EFFECT | TWEEN_OUTPUT_CHANGED);
  if (isNaN(progress)) {
    store<u32>(e + E_STATE, state);
    // Whatever value comes next counts as a change, so a target restored meanwhile is written again.
    store<f32>(e + E_OUTPUT, NaN);
    return false;
  }
  interpolate(e, progress);
  const out = e + E_OUTPUT;
  const changed = <f32>v0 != load<f32>(out) || <f32>v1 != load<f32>(out, 4) || <f32>v2 != load<f32>(out, 8) || <f32>v3 != load<f32>(out, 12);
  store<f32>(out, <f32>v0);
  store<f32>(out, <f32>v1, 4);
  store<f32>(out, <f32>v2, 8);
  store<f32>(out, <f32>v3, 12);
  state |= TWEEN_IN_EFFECT | (changed ? TWEEN_OUTPUT_CHANGED : 0);
  store<u32>(e + E_STATE, state);
  const col = load<u32>(e + E_COLUMN);
  const slot = load<u32>(e + E_SLOT);
  if (col == TWEEN_NO_COLUMN || slot >= slotEndNow()) return true;
  const flagsAt = column(COL_FLAGS) + slot * 4;
  const flags = load<u32>(flagsAt);
  if ((flags & FLAG_ALIVE) == 0) return true;
  const kind = load<u32>(e + E_KIND);
  if (kind == TWEEN_EULER) {
    if (writeEuler(column(COL_ROTATION) + slot * 16)) markDirty(slot);
  } else if (kind == TWEEN_OPACITY) {
    writeOpacity(slot, flagsAt, flags, <f32>(v0 * <f64>load<f32>(e + E_SCALE)), transparentOffset, noDrawKey);
  } else {
    // Any column a tween writes is part of the slot's packed instance: a change marks the slot dirty, so the
    // frame packs and uploads it again.
    const at = column(col) + (slot * columnComponents(col) + load<u32>(e + E_FIRST)) * 4;
    if (writeNumbers(at, load<u32>(e + E_COUNT))) markDirty(slot);
  }
  return true;
}

/** Writes v0.. into `count` numbers at `at`; true when any changed. */
@inline function writeNumbers(at: u32, count: u32): bool {
  let changed = false;
  for (let k: u32 = 0; k < count; k++) {
    const value = <f32>(k == 0 ? v0 : k == 1 ? v1 : k == 2 ? v2 : v3);
    if (load<f32>(at + k * 4) != value) {
      store<f32>(at + k * 4, value);
      changed = true;
    }
  }
  return changed;
}

/** Euler degrees (v0, v1, v2) as a unit quaternion, the element's own conversion; true when it changed. */
function writeEuler(at: u32): bool {
  const sx = Math.sin(v0 * HALF_DEGREE_TO_RADIAN), cx = Math.cos(v0 * HALF_DEGREE_TO_RADIAN);
  const sy = Math.sin(v1 * HALF_DEGREE_TO_RADIAN), cy = Math.cos(v1 * HALF_DEGREE_TO_RADIAN);
  const sz = Math.sin(v2 * HALF_DEGREE_TO_RADIAN), cz = Math.cos(v2 * HALF_DEGREE_TO_RADIAN);
  v0 = sx * cy * cz - cx * sy * sz;
  v1 = cx * sy * cz + sx * cy * sz;
  v2 = cx * cy * sz - sx * sy * cz;
  v3 = cx * cy * cz + sx * sy * sz;
  return writeNumbers(at, 4);
}

/**
 * Sets the colour's alpha and marks the slot dirty when it changed; crossing 1 flips the transparent flag and
 * moves the batch key between passes.
 */
function writeOpacity(slot: u32, flagsAt: u32, flags: u32, alpha: f32, transparentOffset: u32, noDrawKey: u32): void {
  const clamped = min<f32>(max<f32>(alpha, 0), 1);
  const at = column(COL_COLOR) + slot * 16 + 12;
  if (load<f32>(at) == clamped) return;
  store<f32>(at, clamped);
  markDirty(slot);
  flags |= FLAG_DIRTY | FLAG_LOOK;
  const transparent = clamped < 1;
  if (transparent == ((flags & FLAG_TRANSPARENT) != 0)) {
    store<u32>(flagsAt, flags);
    return;
  }
  store<u32>(flagsAt, transparent ? flags | FLAG_TRANSPARENT : flags & ~FLAG_TRANSPARENT);
  const batchAt = column(COL_BATCH) + slot * 4;
  const key = load<u32>(batchAt);
  if (key == noDrawKey) return;
  store<u32>(batchAt, transparent ? key + transparentOffset : key - transparentOffset);
}

/**
 * The Web Animations timing model: the eased, directed iteration progress at the entry's current time, or NaN
 * when the tween has no effect then (before its delay or after its end without the matching fill).
 */
function iterationProgress(e: u32): f64 {
  const time = <f64>load<f32>(e + E_TIME);
  const delay = <f64>load<f32>(e + E_DELAY);
  const duration = <f64>load<f32>(e + E_DURATION);
  const iterations = <f64>load<f32>(e + E_ITERATIONS);
  const fill = load<u32>(e + E_FILL);
  const active = duration == 0 ? 0 : duration * iterations;
  // Phases: -1 before, 0 active, 1 after.
  let phase: i32 = 0;
  let activeTime: f64;
  if (time < delay) {
    phase = -1;
    if (fill != FILL_BACKWARDS && fill != FILL_BOTH) return NaN;
    activeTime = 0;
  } else if (time >= delay + active) {
    phase = 1;
    if (fill != FILL_FORWARDS && fill != FILL_BOTH) return NaN;
    activeTime = active;
  } else {
    activeTime = time - delay;
  }
  let overall: f64;
  if (duration == 0) overall = phase < 0 ? 0 : iterations;
  else overall = activeTime / duration;
  let simple: f64 = isFinite(overall) ? overall - Math.floor(overall) : 0;
  if (simple == 0 && phase >= 0 && activeTime == active && iterations != 0 && isFinite(overall)) simple = 1;
  let iteration: f64;
  if (phase > 0 && !isFinite(iterations)) iteration = Infinity;
  else iteration = simple == 1 ? Math.floor(overall) - 1 : Math.floor(overall);
  const direction = load<u32>(e + E_DIRECTION);
  let forwards = true;
  if (direction == DIRECTION_REVERSE) forwards = false;
  else if (direction == DIRECTION_ALTERNATE || direction == DIRECTION_ALTERNATE_REVERSE) {
    const d = direction == DIRECTION_ALTERNATE_REVERSE ? iteration + 1 : iteration;
    forwards = !isFinite(d) || d - 2 * Math.floor(d / 2) == 0;
  }
  const directed = forwards ? simple : 1 - simple;
  const before = (phase < 0 && forwards) || (phase > 0 && !forwards);
  return ease(e, directed, before);
}

/** The entry's easing at progress `x`; `before` is the Web Animations before flag, read by steps(). */
function ease(e: u32, x: f64, before: bool): f64 {
  const kind = load<u32>(e + E_EASING);
  if (kind == EASE_CUBIC) {
    return cubicBezier(x, <f64>load<f32>(e + E_PARAMS), <f64>load<f32>(e + E_PARAMS + 4),
      <f64>load<f32>(e + E_PARAMS + 8), <f64>load<f32>(e + E_PARAMS + 12));
  }
  if (kind == EASE_STEPS) return steps(x, <f64>load<f32>(e + E_PARAMS), <u32>load<f32>(e + E_PARAMS + 4), before);
  return x;
}

/** Keyframe interpolation at `p` into v0..v3; outside [0, 1] the first or last interval continues. */
function interpolate(e: u32, p: f64): void {
  const keys = max<u32>(load<u32>(e + E_KEYS), 2);
  const times = e + E_KEY_TIMES;
  let i: u32 = 0;
  while (i + 2 < keys && p >= <f64>load<f32>(times + (i + 1) * 4)) i++;
  const t0 = <f64>load<f32>(times + i * 4), t1 = <f64>load<f32>(times + (i + 1) * 4);
  const local = t1 > t0 ? (p - t0) / (t1 - t0) : p >= t1 ? 1.0 : 0.0;
  const a = e + E_VALUES + i * 16, b = a + 16;
  v0 = lerp(<f64>load<f32>(a), <f64>load<f32>(b), local);
  v1 = lerp(<f64>load<f32>(a, 4), <f64>load<f32>(b, 4), local);
  v2 = lerp(<f64>load<f32>(a, 8), <f64>load<f32>(b, 8), local);
  v3 = lerp(<f64>load<f32>(a, 12), <f64>load<f32>(b, 12), local);
}

@inline function lerp(a: f64, b: f64, t: f64): f64 {
  return a + (b - a) * t;
}
