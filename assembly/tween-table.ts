// Tweens (`<layerw-animate>`): a table of entries in the scene region, each animating one value of one slot
// with the Web Animations timing model (delay, duration, iterations, direction, fill) and a CSS easing.
// This file holds the table and the calls TypeScript makes to set entries up; tween.ts evaluates them.
// `evaluateTweens` runs them all once per frame and writes straight into the columns; nothing per tween
// crosses into JavaScript except the finished list and the outputs of tweens that have no column.

import {
  NO_SLOT, COL_POSITION, COL_ROTATION, COL_SCALE, COL_COLOR, COL_MATERIAL, COL_EMISSIVE, H_TWEEN_TABLE,
  H_TWEEN_CAPACITY, H_TWEEN_END, H_TWEEN_FREE, H_TWEEN_LIVE, H_TWEEN_EVENTS, H_TWEEN_EVENT_COUNT, TWEEN_BYTES,
  MAX_TWEEN_KEYS, TWEEN_EULER, TWEEN_OPACITY, TWEEN_NO_COLUMN, TWEEN_LIVE, TWEEN_PLAYING,
} from './layout';
import { sys } from './walloc';
import { column, columnComponents } from './columns';


// Entry fields (byte offsets).
export const E_SLOT: u32 = 0;
export const E_COLUMN: u32 = 4;
export const E_FIRST: u32 = 8; //       first component written in the column
export const E_COUNT: u32 = 12; //      numbers per keyframe value (1..4)
export const E_KIND: u32 = 16;
export const E_KEYS: u32 = 20;
export const E_DELAY: u32 = 24; //      f32 seconds
export const E_DURATION: u32 = 28; //   f32 seconds per iteration
export const E_ITERATIONS: u32 = 32; // f32, may be +Infinity
export const E_DIRECTION: u32 = 36;
export const E_FILL: u32 = 40;
export const E_EASING: u32 = 44;
export const E_PARAMS: u32 = 48; //     f32 x4
export const E_TIME: u32 = 64; //       f32 seconds since the start (the element's currentTime)
export const E_STATE: u32 = 68;
export const E_SCALE: u32 = 72; //      f32: an opacity multiplies the colour's own alpha
export const E_NEXT_FREE: u32 = 76;
export const E_OUTPUT: u32 = 80; //     f32 x4, the last value evaluated
export const E_KEY_TIMES: u32 = 96; //  f32 x MAX_TWEEN_KEYS, ascending from 0 to 1
export const E_VALUES: u32 = 128; //    f32 x4 x MAX_TWEEN_KEYS

/** Address of tween entry `index`. */
@inline export function entry(index: u32): u32 {
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
