// The built-in movement system: velocity and spin, with no script on the page.

import { COL_POSITION, COL_ROTATION, COL_VELOCITY, COL_SPIN, COL_MOVING_LIST, H_MOVING_COUNT } from './layout';
import { column, markMoved, setMoving } from './columns';
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
 * shared words are set atomically in the threaded core). Called by each thread of a scene with workers, once per
 * frame. Returns the number of slots moved.
 */
@inline export function moveSlots(dt: f32, from: u32, to: u32): u32 {
  const end = min<u32>(to, movingCount());
  const list = column(COL_MOVING_LIST);
  const positions = column(COL_POSITION);
  const rotations = column(COL_ROTATION);
  const velocities = column(COL_VELOCITY);
  const spins = column(COL_SPIN);
  // Four slots a step. The last step repeats the final slot in the lanes it lacks, moved once: every lane's
  // rotation is loaded before any is stored, so a repeated slot is written twice with the same value.
  const last = end - 1;
  for (let i = from; i < end; i += 4) {
    const s0 = load<u32>(list + i * 4);
    const s1 = load<u32>(list + min<u32>(i + 1, last) * 4);
    const s2 = load<u32>(list + min<u32>(i + 2, last) * 4);
    const s3 = load<u32>(list + min<u32>(i + 3, last) * 4);
    moveOne(s0, dt, positions, velocities);
    if (i + 1 < end) moveOne(s1, dt, positions, velocities);
    if (i + 2 < end) moveOne(s2, dt, positions, velocities);
    if (i + 3 < end) moveOne(s3, dt, positions, velocities);
    turnFour(s0, s1, s2, s3, dt, rotations, spins);
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
  markMoved(s);
}

/** Turns of this many degrees or more in one step leave a rotation as it is: past it, f32 cannot take whole turns off exactly. */
const LOST_DEGREES: f32 = 134217728;
/** pi / 2 in two parts, so that taking up to two quadrants off a half-angle stays exact (Cody and Waite). */
const HALF_PI_HIGH: f32 = 1.5703125;
const HALF_PI_LOW: f32 = <f32>(Math.PI / 2 - 1.5703125);

/**
 * q = normalize(q * euler(x, y, z)) for four slots at once, one per lane, with x y z = spin * dt in degrees
 * (applied in gl-matrix's default zyx order, about the local axes). The Euler half-angles' sines and cosines
 * come from a quadrant reduction and short series (sinCosFour); the quaternion product and the renormalisation
 * are in f32x4. A slot whose spin is zero keeps its rotation as is. Six library sines and cosines and a
 * square root in f64 per slot, one slot at a time, were most of the kernel's time with 100k spinning objects.
 */
@inline function turnFour(s0: u32, s1: u32, s2: u32, s3: u32, dt: f32, rotations: u32, spins: u32): void {
  const w0 = spins + s0 * 12, w1 = spins + s1 * 12, w2 = spins + s2 * 12, w3 = spins + s3 * 12;
  const step = f32x4.splat(dt);
  const dx = f32x4.mul(gatherFour(w0, w1, w2, w3, 0), step);
  const dy = f32x4.mul(gatherFour(w0, w1, w2, w3, 4), step);
  const dz = f32x4.mul(gatherFour(w0, w1, w2, w3, 8), step);
  const zero = f32x4.splat(0);
  const lost = f32x4.splat(LOST_DEGREES);
  const keep = v128.or(
    v128.and(f32x4.eq(dx, zero), v128.and(f32x4.eq(dy, zero), f32x4.eq(dz, zero))),
    v128.or(f32x4.ge(f32x4.abs(dx), lost), v128.or(f32x4.ge(f32x4.abs(dy), lost), f32x4.ge(f32x4.abs(dz), lost))),
  );
  const hx = halfRadians(dx), hy = halfRadians(dy), hz = halfRadians(dz);
  const sx = sinCosFour(hx), cx = cosine;
  const sy = sinCosFour(hy), cy = cosine;
  const sz = sinCosFour(hz), cz = cosine;
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
  rx = v128.bitselect(ax, f32x4.mul(rx, inverse), keep);
  ry = v128.bitselect(ay, f32x4.mul(ry, inverse), keep);
  rz = v128.bitselect(az, f32x4.mul(rz, inverse), keep);
  rw = v128.bitselect(aw, f32x4.mul(rw, inverse), keep);
  // And back: the same transposition turns lanes into the four quaternions.
  const u0 = v128.shuffle<f32>(rx, ry, 0, 4, 1, 5), u1 = v128.shuffle<f32>(rz, rw, 0, 4, 1, 5);
  const u2 = v128.shuffle<f32>(rx, ry, 2, 6, 3, 7), u3 = v128.shuffle<f32>(rz, rw, 2, 6, 3, 7);
  v128.store(rotations + s0 * 16, v128.shuffle<f32>(u0, u1, 0, 1, 4, 5));
  v128.store(rotations + s1 * 16, v128.shuffle<f32>(u0, u1, 2, 3, 6, 7));
  v128.store(rotations + s2 * 16, v128.shuffle<f32>(u2, u3, 0, 1, 4, 5));
  v128.store(rotations + s3 * 16, v128.shuffle<f32>(u2, u3, 2, 3, 6, 7));
}

/**
 * Degrees as the half-angle in radians, within [-pi, pi]: whole double turns (720 degrees, which leave a
 * quaternion as it is) come off first, exactly in f32 below LOST_DEGREES, so a fast spin loses no precision
 * to the conversion.
 */
@inline function halfRadians(degrees: v128): v128 {
  const turns = f32x4.nearest(f32x4.mul(degrees, f32x4.splat(<f32>(1.0 / 720))));
  const rest = f32x4.sub(degrees, f32x4.mul(turns, f32x4.splat(720)));
  return f32x4.mul(rest, f32x4.splat(<f32>HALF_DEGREE_TO_RADIAN));
}

/** One component (at byte `offset`) of four spins, one per lane. */
@inline function gatherFour(w0: u32, w1: u32, w2: u32, w3: u32, offset: u32): v128 {
  let lanes = f32x4.splat(load<f32>(w0 + offset));
  lanes = f32x4.replace_lane(lanes, 1, load<f32>(w1 + offset));
  lanes = f32x4.replace_lane(lanes, 2, load<f32>(w2 + offset));
  return f32x4.replace_lane(lanes, 3, load<f32>(w3 + offset));
}

/** The cosines of the last sinCosFour call. */
let cosine: v128 = f32x4.splat(1);

/**
 * sin(h) per lane, and cos(h) into `cosine`. h = k pi/2 + r with |r| <= pi/4; sin r and cos r by Taylor series
 * to r^9 and r^10, whose first omitted terms there are under 2e-9 and 2e-10 (beneath f32 precision); the
 * quadrant k picks which series each takes and its sign (cos h = sin(h + pi/2): one quadrant further).
 */
@inline function sinCosFour(h: v128): v128 {
  const k = f32x4.nearest(f32x4.mul(h, f32x4.splat(<f32>(2 / Math.PI))));
  const r = f32x4.sub(f32x4.sub(h, f32x4.mul(k, f32x4.splat(HALF_PI_HIGH))), f32x4.mul(k, f32x4.splat(HALF_PI_LOW)));
  const quadrant = i32x4.trunc_sat_f32x4_s(k);
  const r2 = f32x4.mul(r, r);
  const one = f32x4.splat(1);
  let t = f32x4.sub(one, f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 72))));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 42))), t));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 20))), t));
  t = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 6))), t));
  const sinR = f32x4.mul(r, t);
  let u = f32x4.sub(one, f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 90))));
  u = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 56))), u));
  u = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 30))), u));
  u = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(<f32>(1.0 / 12))), u));
  const cosR = f32x4.sub(one, f32x4.mul(f32x4.mul(r2, f32x4.splat(0.5)), u));
  cosine = quadrantPick(sinR, cosR, i32x4.add(quadrant, i32x4.splat(1)));
  return quadrantPick(sinR, cosR, quadrant);
}

/** sin of k pi/2 + r from sin r and cos r: quadrants 1 and 3 take the cosine; 2 and 3 are negated. */
@inline function quadrantPick(sinR: v128, cosR: v128, quadrant: v128): v128 {
  const odd = i32x4.ne(v128.and(quadrant, i32x4.splat(1)), i32x4.splat(0));
  // Bit 1 of the quadrant, moved to the sign bit.
  return v128.xor(v128.bitselect(cosR, sinR, odd), i32x4.shl(v128.and(quadrant, i32x4.splat(2)), 30));
}
