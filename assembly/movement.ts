// The built-in movement system: velocity and spin, with no script on the page.

import { COL_POSITION, COL_ROTATION, COL_VELOCITY, COL_SPIN, COL_MOVING_LIST, H_MOVING_COUNT } from './layout';
import { column, markDirty, setMoving } from './columns';
import { sys } from './walloc';

const HALF_DEGREE_TO_RADIAN: f64 = Math.PI / 360;

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
 * shared words are set atomically in the threaded core). Slots are turned four at a time (turnFour), the rest
 * one by one. Called by each thread of a scene with workers, once per frame. Returns the number of slots moved.
 */
@inline export function moveSlots(dt: f32, from: u32, to: u32): u32 {
  const end = min<u32>(to, movingCount());
  const list = column(COL_MOVING_LIST);
  const positions = column(COL_POSITION);
  const rotations = column(COL_ROTATION);
  const velocities = column(COL_VELOCITY);
  const spins = column(COL_SPIN);
  let i = from;
  for (; i + 4 <= end; i += 4) {
    const s0 = load<u32>(list + i * 4), s1 = load<u32>(list + i * 4, 4);
    const s2 = load<u32>(list + i * 4, 8), s3 = load<u32>(list + i * 4, 12);
    moveOne(s0, dt, positions, velocities);
    moveOne(s1, dt, positions, velocities);
    moveOne(s2, dt, positions, velocities);
    moveOne(s3, dt, positions, velocities);
    turnFour(s0, s1, s2, s3, dt, rotations, spins);
  }
  for (; i < end; i++) {
    const s = load<u32>(list + i * 4);
    moveOne(s, dt, positions, velocities);
    turnSlot(s, dt, rotations, spins);
  }
  return end > from ? end - from : 0;
}

/** Slot `s`: position += velocity * dt, marked dirty. */
@inline function moveOne(s: u32, dt: f32, positions: u32, velocities: u32): void {
  const p = positions + s * 12;
  const v = velocities + s * 12;
  store<f32>(p, load<f32>(p) + load<f32>(v) * dt);
  store<f32>(p, load<f32>(p, 4) + load<f32>(v, 4) * dt, 4);
  store<f32>(p, load<f32>(p, 8) + load<f32>(v, 8) * dt, 8);
  markDirty(s);
}

/**
 * Half-angles (radians) up to this are turned four slots at a time with the short series below. One frame's
 * turn is small (45 degrees a second over a 16 ms frame is a half-angle of 0.0065), so nearly every group
 * qualifies; a group with a larger one is turned slot by slot with the library functions.
 */
const SERIES_LIMIT: f32 = 0.5;

/**
 * turn for four slots at once, one per lane: the Euler half-angles' sines and cosines by Taylor series (to
 * h^7 and h^8; below SERIES_LIMIT the first omitted terms are under 6e-9 and 3e-10, beneath f32 precision), the
 * quaternion product and the renormalisation in f32x4. A slot whose spin is zero keeps its rotation as is.
 * The scalar path computed six library sines and cosines and a square root per slot in f64, which made it
 * most of the kernel's time with 100k spinning objects.
 */
@inline function turnFour(s0: u32, s1: u32, s2: u32, s3: u32, dt: f32, rotations: u32, spins: u32): void {
  const w0 = spins + s0 * 12, w1 = spins + s1 * 12, w2 = spins + s2 * 12, w3 = spins + s3 * 12;
  const scale = f32x4.splat(dt * <f32>HALF_DEGREE_TO_RADIAN);
  const hx = f32x4.mul(gatherFour(w0, w1, w2, w3, 0), scale);
  const hy = f32x4.mul(gatherFour(w0, w1, w2, w3, 4), scale);
  const hz = f32x4.mul(gatherFour(w0, w1, w2, w3, 8), scale);
  const limit = f32x4.splat(SERIES_LIMIT);
  const large = v128.or(f32x4.gt(f32x4.abs(hx), limit), v128.or(f32x4.gt(f32x4.abs(hy), limit), f32x4.gt(f32x4.abs(hz), limit)));
  if (v128.any_true(large)) {
    turnSlot(s0, dt, rotations, spins);
    turnSlot(s1, dt, rotations, spins);
    turnSlot(s2, dt, rotations, spins);
    turnSlot(s3, dt, rotations, spins);
    return;
  }
  const zero = f32x4.splat(0);
  const still = v128.and(f32x4.eq(hx, zero), v128.and(f32x4.eq(hy, zero), f32x4.eq(hz, zero)));
  const sx = seriesSin(hx), cx = seriesCos(hx);
  const sy = seriesSin(hy), cy = seriesCos(hy);
  const sz = seriesSin(hz), cz = seriesCos(hz);
  const cycz = f32x4.mul(cy, cz), sysz = f32x4.mul(sy, sz), sycz = f32x4.mul(sy, cz), cysz = f32x4.mul(cy, sz);
  const bx = f32x4.sub(f32x4.mul(sx, cycz), f32x4.mul(cx, sysz));
  const by = f32x4.add(f32x4.mul(cx, sycz), f32x4.mul(sx, cysz));
  const bz = f32x4.sub(f32x4.mul(cx, cysz), f32x4.mul(sx, sycz));
  const bw = f32x4.add(f32x4.mul(cx, cycz), f32x4.mul(sx, sysz));
  // Four quaternions (x y z w each) turned into lanes: ax holds the four x, and so on.
  const q0 = v128.load(rotations + s0 * 16), q1 = v128.load(rotations + s1 * 16);
  const q2 = v128.load(rotations + s2 * 16), q3 = v128.load(rotations + s3 * 16);
  const t0 = v128.shuffle<f32>(q0, q1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(q2, q3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(q0, q1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(q2, q3, 2, 6, 3, 7);
  const ax = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), ay = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
  const az = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), aw = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
  let rx = f32x4.sub(f32x4.add(f32x4.add(f32x4.mul(ax, bw), f32x4.mul(aw, bx)), f32x4.mul(ay, bz)), f32x4.mul(az, by));
  let ry = f32x4.sub(f32x4.add(f32x4.add(f32x4.mul(ay, bw), f32x4.mul(aw, by)), f32x4.mul(az, bx)), f32x4.mul(ax, bz));
  let rz = f32x4.sub(f32x4.add(f32x4.add(f32x4.mul(az, bw), f32x4.mul(aw, bz)), f32x4.mul(ax, by)), f32x4.mul(ay, bx));
  let rw = f32x4.sub(f32x4.sub(f32x4.sub(f32x4.mul(aw, bw), f32x4.mul(ax, bx)), f32x4.mul(ay, by)), f32x4.mul(az, bz));
  const squared = f32x4.add(f32x4.add(f32x4.mul(rx, rx), f32x4.mul(ry, ry)), f32x4.add(f32x4.mul(rz, rz), f32x4.mul(rw, rw)));
  const length = f32x4.sqrt(squared);
  const inverse = v128.and(f32x4.div(f32x4.splat(1), length), f32x4.gt(length, zero));
  rx = v128.bitselect(ax, f32x4.mul(rx, inverse), still);
  ry = v128.bitselect(ay, f32x4.mul(ry, inverse), still);
  rz = v128.bitselect(az, f32x4.mul(rz, inverse), still);
  rw = v128.bitselect(aw, f32x4.mul(rw, inverse), still);
  // And back: the same transposition turns lanes into the four quaternions.
  const u0 = v128.shuffle<f32>(rx, ry, 0, 4, 1, 5), u1 = v128.shuffle<f32>(rz, rw, 0, 4, 1, 5);
  const u2 = v128.shuffle<f32>(rx, ry, 2, 6, 3, 7), u3 = v128.shuffle<f32>(rz, rw, 2, 6, 3, 7);
  v128.store(rotations + s0 * 16, v128.shuffle<f32>(u0, u1, 0, 1, 4, 5));
  v128.store(rotations + s1 * 16, v128.shuffle<f32>(u0, u1, 2, 3, 6, 7));
  v128.store(rotations + s2 * 16, v128.shuffle<f32>(u2, u3, 0, 1, 4, 5));
  v128.store(rotations + s3 * 16, v128.shuffle<f32>(u2, u3, 2, 3, 6, 7));
}

/** One component (at byte `offset`) of four spins, one per lane. */
@inline function gatherFour(w0: u32, w1: u32, w2: u32, w3: u32, offset: u32): v128 {
  let lanes = f32x4.splat(load<f32>(w0 + offset));
  lanes = f32x4.replace_lane(lanes, 1, load<f32>(w1 + offset));
  lanes = f32x4.replace_lane(lanes, 2, load<f32>(w2 + offset));
  return f32x4.replace_lane(lanes, 3, load<f32>(w3 + offset));
}

/** sin(h) per lane for |h| <= SERIES_LIMIT: h (1 - h^2/6 (1 - h^2/20 (1 - h^2/42))). */
@inline function seriesSin(h: v128): v128 {
  const h2 = f32x4.mul(h, h);
  const one = f32x4.splat(1);
  let t = f32x4.sub(one, f32x4.mul(h2, f32x4.splat(<f32>(1.0 / 42))));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(h2, f32x4.splat(<f32>(1.0 / 20))), t));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(h2, f32x4.splat(<f32>(1.0 / 6))), t));
  return f32x4.mul(h, t);
}

/** cos(h) per lane for |h| <= SERIES_LIMIT: 1 - h^2/2 (1 - h^2/12 (1 - h^2/30 (1 - h^2/56))). */
@inline function seriesCos(h: v128): v128 {
  const h2 = f32x4.mul(h, h);
  const one = f32x4.splat(1);
  let t = f32x4.sub(one, f32x4.mul(h2, f32x4.splat(<f32>(1.0 / 56))));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(h2, f32x4.splat(<f32>(1.0 / 30))), t));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(h2, f32x4.splat(<f32>(1.0 / 12))), t));
  return f32x4.sub(one, f32x4.mul(f32x4.mul(h2, f32x4.splat(0.5)), t));
}

/** The scalar turn of slot `s`, when its spin is not zero. */
@inline function turnSlot(s: u32, dt: f32, rotations: u32, spins: u32): void {
  const w = spins + s * 12;
  const ax = load<f32>(w), ay = load<f32>(w, 4), az = load<f32>(w, 8);
  if (ax != 0 || ay != 0 || az != 0) turn(rotations + s * 16, ax * dt, ay * dt, az * dt);
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
