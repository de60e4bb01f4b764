// The built-in movement system: velocity and spin, with no script on the page.

import { COL_POSITION, COL_ROTATION, COL_VELOCITY, COL_SPIN, COL_MOVING_LIST, H_MOVING_COUNT } from './layout';
import { column, markDirty, setMoving } from './columns';
import { sys } from './walloc';
import { cosDegrees, sinCosDegrees } from './trig';

/**
 * Puts `slot` in the moving list when its velocity or spin is not zero, and takes it out when both are:
 * called by TypeScript after it writes either column. Returns whether the slot moves.
 */
export function updateMoving(slot: u32): bool {
  const v = column(COL_VELOCITY) + slot * 12;
  const w = column(COL_SPIN) + slot * 12;
  const moving = load<f32>(v) != 0 || load<f32>(v, 4) != 0 || load<f32>(v, 8) != 0
    || load<f32>(w) != 0 || load<f32>(w, 4) != 0 || load<f32>(w, 8) != 0;
  setMoving(slot, moving);
  return moving;
}

/**
 * Advances every slot of the moving list by `dt` seconds: position += velocity * dt, and rotation is turned
 * by the Euler angles spin * dt (degrees, applied in gl-matrix's default zyx order, about the local axes), then
 * renormalised. Marks what it moved dirty. The list holds only live slots flagged MOVING (slotFree and
 * updateMoving keep it so), so a scene of static objects costs nothing here. Called once per frame per scene,
 * before updateTransforms. Returns the number of slots moved.
 */
export function moveObjects(dt: f32): u32 {
  return moveSlots(dt, 0, movingCount());
}

/**
 * moveObjects with `dt` given as whole microseconds, the f32 nearest micros / 1e6 (as JavaScript's
 * `Math.fround(micros / 1e6)`). An integer argument is passed from JavaScript as is, where a floating-point one
 * is boxed as a heap number until V8 has fully optimised the caller.
 */
export function moveObjectsMicros(micros: u32): u32 {
  return moveObjects(<f32>(<f64>micros / 1e6));
}

/** Entries in the moving list: what moveSlots' ranges cut. Called by a scene with workers, once per frame. */
export function movingCount(): u32 {
  return load<u32>(sys + H_MOVING_COUNT);
}

/**
 * moveObjects over the entries `from` up to `to` of the moving list only. Each slot is in the list once, so
 * threads that take disjoint ranges together do exactly what one moveObjects call does (the dirty bitset's
 * shared words are set atomically in the threaded core). Called by each thread of a scene with workers, once
 * per frame. Returns the number of slots moved.
 */
@inline export function moveSlots(dt: f32, from: u32, to: u32): u32 {
  const end = min<u32>(to, movingCount());
  const list = column(COL_MOVING_LIST);
  const positions = column(COL_POSITION);
  const rotations = column(COL_ROTATION);
  const velocities = column(COL_VELOCITY);
  const spins = column(COL_SPIN);
  for (let i = from; i < end; i++) {
    const s = load<u32>(list + i * 4);
    const p = positions + s * 12;
    const v = velocities + s * 12;
    store<f32>(p, load<f32>(p) + load<f32>(v) * dt);
    store<f32>(p, load<f32>(p, 4) + load<f32>(v, 4) * dt, 4);
    store<f32>(p, load<f32>(p, 8) + load<f32>(v, 8) * dt, 8);
    const w = spins + s * 12;
    const ax = load<f32>(w), ay = load<f32>(w, 4), az = load<f32>(w, 8);
    if (ax != 0 || ay != 0 || az != 0) turn(rotations + s * 16, ax * dt, ay * dt, az * dt);
    markDirty(s);
  }
  return end > from ? end - from : 0;
}

/** q = normalize(q * euler(x, y, z)), angles in degrees. */
@inline function turn(q: u32, x: f32, y: f32, z: f32): void {
  const sx = sinCosDegrees(<f64>x * 0.5), cx = cosDegrees;
  const sy = sinCosDegrees(<f64>y * 0.5), cy = cosDegrees;
  const sz = sinCosDegrees(<f64>z * 0.5), cz = cosDegrees;
  const bx = sx * cy * cz - cx * sy * sz;
  const by = cx * sy * cz + sx * cy * sz;
  const bz = cx * cy * sz - sx * sy * cz;
  const bw = cx * cy * cz + sx * sy * sz;
  const ax = <f64>load<f32>(q), ay = <f64>load<f32>(q, 4), az = <f64>load<f32>(q, 8), aw = <f64>load<f32>(q, 12);
  let rx = ax * bw + aw * bx + ay * bz - az * by;
  let ry = ay * bw + aw * by + az * bx - ax * bz;
  let rz = az * bw + aw * bz + ax * by - ay * bx;
  let rw = aw * bw - ax * bx - ay * by - az * bz;
  const length = Math.sqrt(rx * rx + ry * ry + rz * rz + rw * rw);
  const inv = length > 0 ? 1 / length : 0;
  store<f32>(q, <f32>(rx * inv));
  store<f32>(q, <f32>(ry * inv), 4);
  store<f32>(q, <f32>(rz * inv), 8);
  store<f32>(q, <f32>(rw * inv), 12);
}
