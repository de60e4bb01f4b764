// The built-in movement system: velocity and spin, with no script on the page.

import { COL_POSITION, COL_ROTATION, COL_VELOCITY, COL_SPIN, COL_FLAGS, FLAG_ALIVE, FLAG_MOVING, FLAG_DIRTY } from './layout';
import { column, slotEndNow } from './columns';

const HALF_DEGREE_TO_RADIAN: f64 = Math.PI / 360;

/**
 * Advances every live slot flagged MOVING by `dt` seconds: position += velocity * dt, and rotation is turned
 * by the Euler angles spin * dt (degrees, applied in gl-matrix's default zyx order, about the local axes), then
 * renormalised. Marks what it moved dirty. Called once per frame per scene, before updateTransforms.
 * Returns the number of slots moved.
 */
export function moveObjects(dt: f32): u32 {
  return moveSlots(dt, 0, slotEndNow());
}

/**
 * moveObjects over the slots from `from` up to `to` only. Slots are independent, so threads that take
 * disjoint ranges together do exactly what one moveObjects call does. Called by each thread of a scene
 * with workers, once per frame.
 */
@inline export function moveSlots(dt: f32, from: u32, to: u32): u32 {
  const flagsCol = column(COL_FLAGS);
  const positions = column(COL_POSITION);
  const rotations = column(COL_ROTATION);
  const velocities = column(COL_VELOCITY);
  const spins = column(COL_SPIN);
  const need = FLAG_ALIVE | FLAG_MOVING;
  let moved: u32 = 0;
  for (let s = from; s < to; s++) {
    const flags = load<u32>(flagsCol + s * 4);
    if ((flags & need) != need) continue;
    const p = positions + s * 12;
    const v = velocities + s * 12;
    store<f32>(p, load<f32>(p) + load<f32>(v) * dt);
    store<f32>(p, load<f32>(p, 4) + load<f32>(v, 4) * dt, 4);
    store<f32>(p, load<f32>(p, 8) + load<f32>(v, 8) * dt, 8);
    const w = spins + s * 12;
    const ax = load<f32>(w), ay = load<f32>(w, 4), az = load<f32>(w, 8);
    if (ax != 0 || ay != 0 || az != 0) turn(rotations + s * 16, ax * dt, ay * dt, az * dt);
    store<u32>(flagsCol + s * 4, flags | FLAG_DIRTY);
    moved++;
  }
  return moved;
}

/** q = normalize(q * euler(x, y, z)), angles in degrees. */
@inline function turn(q: u32, x: f32, y: f32, z: f32): void {
  const hx = <f64>x * HALF_DEGREE_TO_RADIAN, hy = <f64>y * HALF_DEGREE_TO_RADIAN, hz = <f64>z * HALF_DEGREE_TO_RADIAN;
  const sx = Math.sin(hx), cx = Math.cos(hx);
  const sy = Math.sin(hy), cy = Math.cos(hy);
  const sz = Math.sin(hz), cz = Math.cos(hz);
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
