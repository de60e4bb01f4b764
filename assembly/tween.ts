// Tweens (`<layerw-animate>`): a table of entries in the scene region, each animating one value of one slot
// with the Web Animations timing model (delay, duration, iterations, direction, fill) and a CSS easing.
// `evaluateTweens` runs them all once per frame and writes straight into the columns; nothing per tween
// crosses into JavaScript except the finished list and the outputs of tweens that have no column.

import {
  NO_SLOT, COL_POSITION, COL_ROTATION, COL_SCALE, COL_COLOR, COL_MATERIAL, COL_EMISSIVE, COL_FLAGS, FLAG_ALIVE, FLAG_DIRTY,
  FLAG_TRANSPARENT, H_TWEEN_TABLE, H_TWEEN_CAPACITY, H_TWEEN_END, H_TWEEN_FREE, H_TWEEN_LIVE, H_TWEEN_EVENTS,
  H_TWEEN_EVENT_COUNT, TWEEN_BYTES, MAX_TWEEN_KEYS, TWEEN_PLAIN, TWEEN_EULER, TWEEN_OPACITY, TWEEN_NO_COLUMN,
  EASE_CUBIC, EASE_STEPS, JUMP_START, JUMP_NONE, JUMP_BOTH, DIRECTION_REVERSE, DIRECTION_ALTERNATE,
  DIRECTION_ALTERNATE_REVERSE, FILL_FORWARDS, FILL_BACKWARDS, FILL_BOTH, TWEEN_LIVE, TWEEN_PLAYING,
  TWEEN_IN_EFFECT, TWEEN_OUTPUT_CHANGED, TWEEN_EVENT_RESTORE, COL_BATCH,
} from './layout';
import { sys } from './walloc';
import { column, columnComponents, markDirty, slotEndNow } from './columns';

// Entry fields (byte offsets).
const E_SLOT: u32 = 0;
const E_COLUMN: u32 = 4;
const E_FIRST: u32 = 8; //       first component written in the column
const E_COUNT: u32 = 12; //      numbers per keyframe value (1..4)
const E_KIND: u32 = 16;
const E_KEYS: u32 = 20;
const E_DELAY: u32 = 24; //      f32 seconds
const E_DURATION: u32 = 28; //   f32 seconds per iteration
const E_ITERATIONS: u32 = 32; // f32, may be +Infinity
const E_DIRECTION: u32 = 36;
const E_FILL: u32 = 40;
const E_EASING: u32 = 44;
const E_PARAMS: u32 = 48; //     f32 x4
const E_TIME: u32 = 64; //       f32 seconds since the start (the element's currentTime)
const E_STATE: u32 = 68;
const E_SCALE: u32 = 72; //      f32: an opacity multiplies the colour's own alpha
const E_NEXT_FREE: u32 = 76;
const E_OUTPUT: u32 = 80; //     f32 x4, the last value evaluated
const E_KEY_TIMES: u32 = 96; //  f32 x MAX_TWEEN_KEYS, ascending from 0 to 1
const E_VALUES: u32 = 128; //    f32 x4 x MAX_TWEEN_KEYS

const HALF_DEGREE_TO_RADIAN: f64 = Math.PI / 360;

@inline function entry(index: u32): u32 {
  return load<u32>(sys + H_TWEEN_TABLE) + index * TWEEN_BYTES;
}

/**
 * Places the tween table and its finished list in [start, end) of the scene region. Called by wallocInit after
 * the columns are laid out.
 */
export function layoutTweens(start: u32, end: u32): void {
  const capacity = end > start ? (end - start) / (TWEEN_BYTES + 8) : 0;
  store<u32>(sys + H_TWEEN_TABLE, start);
  store<u32>(sys + H_TWEEN_CAPACITY, capacity);
  store<u32>(sys + H_TWEEN_EVENTS, start + capacity * TWEEN_BYTES);
  store<u32>(sys + H_TWEEN_END, 0);
  store<u32>(sys + H_TWEEN_FREE, NO_SLOT);
  store<u32>(sys + H_TWEEN_LIVE, 0);
  store<u32>(sys + H_TWEEN_EVENT_COUNT, 0);
}

/**
 * Moves the tween table and its finished list to [start, end), higher than before and at least as large: the
 * scene region grew. Entries keep their indices. Returns false when the new place holds fewer entries.
 * Called by wallocResize before the columns move: the table lies above them and every piece moves up, so
 * the highest moves first.
 */
export function relocateTweens(start: u32, end: u32): bool {
  const capacity = load<u32>(sys + H_TWEEN_CAPACITY);
  const newCapacity = end > start ? (end - start) / (TWEEN_BYTES + 8) : 0;
  if (newCapacity < capacity) return false;
  const events = start + newCapacity * TWEEN_BYTES;
  memory.copy(events, load<u32>(sys + H_TWEEN_EVENTS), load<u32>(sys + H_TWEEN_EVENT_COUNT) * 4);
  memory.copy(start, load<u32>(sys + H_TWEEN_TABLE), load<u32>(sys + H_TWEEN_END) * TWEEN_BYTES);
  store<u32>(sys + H_TWEEN_TABLE, start);
  store<u32>(sys + H_TWEEN_CAPACITY, newCapacity);
  store<u32>(sys + H_TWEEN_EVENTS, events);
  return true;
}

/** Tween entries the table holds. */
export function tweenCapacity(): u32 {
  return load<u32>(sys + H_TWEEN_CAPACITY);
}

/** Tween entries in use. */
export function liveTweens(): u32 {
  return load<u32>(sys + H_TWEEN_LIVE);
}

/**
 * Hands out a cleared, paused entry, reusing released ones first. Returns NO_SLOT when the table is full.
 * Called by TypeScript when a `<layerw-animate>` binds.
 */
export function tweenAlloc(): u32 {
  let index = load<u32>(sys + H_TWEEN_FREE);
  if (index != NO_SLOT) {
    store<u32>(sys + H_TWEEN_FREE, load<u32>(entry(index) + E_NEXT_FREE));
  } else {
    index = load<u32>(sys + H_TWEEN_END);
    if (index >= tweenCapacity()) return NO_SLOT;
    store<u32>(sys + H_TWEEN_END, index + 1);
  }
  const e = entry(index);
  memory.fill(e, 0, TWEEN_BYTES);
  store<u32>(e + E_SLOT, NO_SLOT);
  store<u32>(e + E_COLUMN, TWEEN_NO_COLUMN);
  store<f32>(e + E_ITERATIONS, 1);
  store<f32>(e + E_SCALE, 1);
  store<f32>(e + E_OUTPUT, NaN);
  store<u32>(e + E_STATE, TWEEN_LIVE);
  store<u32>(sys + H_TWEEN_LIVE, liveTweens() + 1);
  return index;
}

/** Releases an entry: the kernel skips it from now on. Returns false for one that is not live. */
export function tweenFree(index: u32): bool {
  if (!tweenLive(index)) return false;
  const e = entry(index);
  store<u32>(e + E_STATE, 0);
  store<u32>(e + E_NEXT_FREE, load<u32>(sys + H_TWEEN_FREE));
  store<u32>(sys + H_TWEEN_FREE, index);
  store<u32>(sys + H_TWEEN_LIVE, liveTweens() - 1);
  return true;
}

@inline function tweenLive(index: u32): bool {
  return index < load<u32>(sys + H_TWEEN_END) && (load<u32>(entry(index) + E_STATE) & TWEEN_LIVE) != 0;
}

/**
 * What an entry writes: `count` numbers (1..4) from component `first` of `col` at `slot`, as `kind`; `col`
 * TWEEN_NO_COLUMN leaves the value in the output only. `scale` multiplies an opacity. Returns false when the
 * entry is not live or the target does not exist. Called by TypeScript when a tween is set up.
 */
export function tweenTarget(index: u32, slot: u32, col: u32, first: u32, count: u32, kind: u32, scale: f32): bool {
  if (!tweenLive(index) || count == 0 || count > 4 || kind > TWEEN_OPACITY) return false;
  if (col != TWEEN_NO_COLUMN) {
    if (col != COL_POSITION && col != COL_ROTATION && col != COL_SCALE && col != COL_COLOR && col != COL_MATERIAL
      && col != COL_EMISSIVE) return false;
    const written: u32 = kind == TWEEN_EULER ? 4 : first + count;
    if (written > columnComponents(col)) return false;
  }
  const e = entry(index);
  store<u32>(e + E_SLOT, slot);
  store<u32>(e + E_COLUMN, col);
  store<u32>(e + E_FIRST, first);
  store<u32>(e + E_COUNT, count);
  store<u32>(e + E_KIND, kind);
  store<f32>(e + E_SCALE, scale);
  store<f32>(e + E_OUTPUT, NaN);
  return true;
}

/** Timing in seconds; `iterations` may be Infinity. Called by TypeScript when a tween is set up. */
export function tweenTiming(index: u32, delay: f32, duration: f32, iterations: f32, direction: u32, fill: u32): bool {
  if (!tweenLive(index)) return false;
  const e = entry(index);
  store<f32>(e + E_DELAY, delay);
  store<f32>(e + E_DURATION, max<f32>(duration, 0));
  store<f32>(e + E_ITERATIONS, max<f32>(iterations, 0));
  store<u32>(e + E_DIRECTION, direction & 3);
  store<u32>(e + E_FILL, fill & 3);
  return true;
}

/** An easing (EASE_*) and its parameters. Called by TypeScript when a tween is set up. */
export function tweenEasing(index: u32, kind: u32, p0: f32, p1: f32, p2: f32, p3: f32): bool {
  if (!tweenLive(index)) return false;
  const e = entry(index);
  store<u32>(e + E_EASING, kind);
  store<f32>(e + E_PARAMS, p0);
  store<f32>(e + E_PARAMS + 4, p1);
  store<f32>(e + E_PARAMS + 8, p2);
  store<f32>(e + E_PARAMS + 12, p3);
  return true;
}

/**
 * Keyframe `key` of `keys` (2..MAX_TWEEN_KEYS): its offset in [0, 1] and up to four numbers. Called by
 * TypeScript when a tween is set up, once per keyframe.
 */
export function tweenKey(index: u32, key: u32, keys: u32, offset: f32, a: f32, b: f32, c: f32, d: f32): bool {
  if (!tweenLive(index) || keys < 2 || keys > MAX_TWEEN_KEYS || key >= keys) return false;
  const e = entry(index);
  store<u32>(e + E_KEYS, keys);
  store<f32>(e + E_KEY_TIMES + key * 4, offset);
  const v = e + E_VALUES + key * 16;
  store<f32>(v, a);
  store<f32>(v, b, 4);
  store<f32>(v, c, 8);
  store<f32>(v, d, 12);
  return true;
}

/** Starts or stops the entry's clock. */
export function tweenPlay(index: u32, playing: bool): bool {
  if (!tweenLive(index)) return false;
  const e = entry(index);
  const state = load<u32>(e + E_STATE);
  store<u32>(e + E_STATE, playing ? state | TWEEN_PLAYING : state & ~TWEEN_PLAYING);
  return true;
}

/** Sets the entry's clock (seconds since its start, delay included); the next evaluation shows that time. */
export function tweenSeek(index: u32, time: f32): bool {
  if (!tweenLive(index)) return false;
  store<f32>(entry(index) + E_TIME, time);
  return true;
}

/** The entry's clock, in seconds since its start. */
export function tweenTime(index: u32): f32 {
  return tweenLive(index) ? load<f32>(entry(index) + E_TIME) : 0;
}

/** The entry's state bits (TWEEN_*), 0 for an entry that is not live. */
export function tweenState(index: u32): u32 {
  return tweenLive(index) ? load<u32>(entry(index) + E_STATE) : 0;
}

/** Address of the entry's four output numbers, for TypeScript to read the value of a tween with no column. */
export function tweenOutput(index: u32): u32 {
  return tweenLive(index) ? entry(index) + E_OUTPUT : 0;
}

/** Entries that finished in the evaluations since the list was last cleared. */
export function tweenEventCount(): u32 {
  return load<u32>(sys + H_TWEEN_EVENT_COUNT);
}

/** The `i`-th entry that finished. */
export function tweenEventAt(i: u32): u32 {
  return i < tweenEventCount() ? load<u32>(load<u32>(sys + H_TWEEN_EVENTS) + i * 4) : NO_SLOT;
}

/** Empties the finished list. Called by TypeScript after it dispatched the events. */
export function tweenEventsClear(): void {
  store<u32>(sys + H_TWEEN_EVENT_COUNT, 0);
}

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
  flags |= FLAG_DIRTY;
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

/** CSS steps(): the step-easing algorithm of CSS Easing 1, including its before flag. */
export function steps(x: f64, count: f64, position: u32, before: bool): f64 {
  let step = Math.floor(x * count);
  if (position == JUMP_START || position == JUMP_BOTH) step += 1;
  if (before && Math.floor(x * count) == x * count) step -= 1;
  if (x >= 0 && step < 0) step = 0;
  const jumps = position == JUMP_NONE ? count - 1 : position == JUMP_BOTH ? count + 1 : count;
  if (x <= 1 && step > jumps) step = jumps;
  return step / jumps;
}

/**
 * CSS cubic-bezier(x1, y1, x2, y2) at `x`: solves the curve's x(t) = x (Newton's method, then bisection where
 * it stalls) and returns y(t). Outside [0, 1] the curve continues along its end tangents, as CSS says.
 */
export function cubicBezier(x: f64, x1: f64, y1: f64, x2: f64, y2: f64): f64 {
  if (x <= 0) {
    const slope = x1 > 0 ? y1 / x1 : y1 == 0 && x2 > 0 ? y2 / x2 : 0;
    return slope * x;
  }
  if (x >= 1) {
    const slope = x2 < 1 ? (y2 - 1) / (x2 - 1) : y2 == 1 && x1 < 1 ? (y1 - 1) / (x1 - 1) : 0;
    return 1 + slope * (x - 1);
  }
  const cx = 3 * x1, bx = 3 * (x2 - x1) - cx, ax = 1 - cx - bx;
  const cy = 3 * y1, by = 3 * (y2 - y1) - cy, ay = 1 - cy - by;
  let t = x;
  for (let i = 0; i < 8; i++) {
    const error = ((ax * t + bx) * t + cx) * t - x;
    if (Math.abs(error) < 1e-9) return ((ay * t + by) * t + cy) * t;
    const slope = (3 * ax * t + 2 * bx) * t + cx;
    if (Math.abs(slope) < 1e-6) break;
    t -= error / slope;
  }
  let low: f64 = 0, high: f64 = 1;
  t = x;
  for (let i = 0; i < 64; i++) {
    const value = ((ax * t + bx) * t + cx) * t;
    if (Math.abs(value - x) < 1e-9) break;
    if (value < x) low = t;
    else high = t;
    t = (low + high) / 2;
  }
  return ((ay * t + by) * t + cy) * t;
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
