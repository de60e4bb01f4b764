// Bounding-sphere vs frustum culling over the scene columns, scalar and v128.

import { COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_FLAGS, FLAG_ALIVE, FLAG_VISIBLE } from './layout';
import { column, slotEndNow } from './columns';

const DRAWABLE: u32 = FLAG_ALIVE | FLAG_VISIBLE;

/**
 * Writes to `out` (u32 each, ascending) every slot that is live, has `visible` on, and whose world sphere is
 * not entirely outside one of the six planes at `planes` (24 f32 from frustumPlanes). One sphere at a time.
 * The reference for cullSimd, and the path for hosts without SIMD. Returns the count written.
 */
export function cullScalar(planes: u32, out: u32): u32 {
  const end = slotEndNow();
  const xs = column(COL_BOUNDS_X), ys = column(COL_BOUNDS_Y), zs = column(COL_BOUNDS_Z), rs = column(COL_BOUNDS_R);
  const flagsCol = column(COL_FLAGS);
  let n: u32 = 0;
  for (let s: u32 = 0; s < end; s++) {
    if ((load<u32>(flagsCol + s * 4) & DRAWABLE) != DRAWABLE) continue;
    const x = load<f32>(xs + s * 4), y = load<f32>(ys + s * 4), z = load<f32>(zs + s * 4);
    const negR = -load<f32>(rs + s * 4);
    let inside = true;
    for (let p: u32 = 0; p < 6; p++) {
      const plane = planes + p * 16;
      const d = load<f32>(plane) * x + load<f32>(plane, 4) * y + load<f32>(plane, 8) * z + load<f32>(plane, 12);
      if (d < negR) { inside = false; break; }
    }
    if (inside) {
      store<u32>(out + n * 4, s);
      n++;
    }
  }
  return n;
}

/** Lane k of a u32x4 as the four byte indices i8x16.swizzle takes (k * 4 .. k * 4 + 3, little-endian). */
const L0: u32 = 0x03020100, L1: u32 = 0x07060504, L2: u32 = 0x0b0a0908, L3: u32 = 0x0f0e0d0c;

/**
 * For each 4-bit mask of visible lanes, the swizzle that moves those lanes, in order, to the front of the
 * vector (the lanes after them are don't-cares). Lets cullSimd write a group's visible slots with one store.
 */
const COMPACT = memory.data<u32>([
  L0, L0, L0, L0, /* 0000 */ L0, L0, L0, L0, /* 0001 */ L1, L0, L0, L0, /* 0010 */ L0, L1, L0, L0, // 0011
  L2, L0, L0, L0, /* 0100 */ L0, L2, L0, L0, /* 0101 */ L1, L2, L0, L0, /* 0110 */ L0, L1, L2, L0, // 0111
  L3, L0, L0, L0, /* 1000 */ L0, L3, L0, L0, /* 1001 */ L1, L3, L0, L0, /* 1010 */ L0, L1, L3, L0, // 1011
  L2, L3, L0, L0, /* 1100 */ L0, L2, L3, L0, /* 1101 */ L1, L2, L3, L0, /* 1110 */ L0, L1, L2, L3, // 1111
], 16);

/**
 * Same result as cullScalar, four slots per step: the bounds are stored one column per component, so one
 * v128 load brings four spheres' x (or y, z, r) and each plane costs three multiplies and three adds for all
 * four. The visible slots of a group go out with one v128 store of the compacted slot numbers, without a
 * branch per slot: `out` must hold a slot number for every slot below slotEnd, because the store writes 16
 * bytes even when fewer of them count (never past out + slotEnd * 4: the count before a group is at most
 * the slot number of its first lane). The last group, when slotEnd is not a multiple of four, is written
 * slot by slot.
 * Reads whole groups of four past the last slot, which the column capacity (a multiple of 16) allows; those
 * slots were never handed out, so their flags are zero and they never pass.
 * Called once per frame per scene and per shadow-casting light. Returns the count written.
 */
export function cullSimd(planes: u32, out: u32): u32 {
  return cullSlots(planes, out, 0, slotEndNow());
}

/**
 * cullSimd over the slots from `from` (a multiple of four) up to `to` only, writing from `out` on: `out` must
 * hold `to - from` slot numbers. Threads that take consecutive ranges and write to `list + from * 4` each
 * leave pieces that, moved together in range order, are exactly cullSimd's list. Called by each thread of a
 * scene with workers, once per frame.
 */
@inline export function cullSlots(planes: u32, out: u32, from: u32, to: u32): u32 {
  const xs = column(COL_BOUNDS_X), ys = column(COL_BOUNDS_Y), zs = column(COL_BOUNDS_Z), rs = column(COL_BOUNDS_R);
  const flagsCol = column(COL_FLAGS);
  const px0 = f32x4.splat(load<f32>(planes, 0)), py0 = f32x4.splat(load<f32>(planes, 4));
  const pz0 = f32x4.splat(load<f32>(planes, 8)), pw0 = f32x4.splat(load<f32>(planes, 12));
  const px1 = f32x4.splat(load<f32>(planes, 16)), py1 = f32x4.splat(load<f32>(planes, 20));
  const pz1 = f32x4.splat(load<f32>(planes, 24)), pw1 = f32x4.splat(load<f32>(planes, 28));
  const px2 = f32x4.splat(load<f32>(planes, 32)), py2 = f32x4.splat(load<f32>(planes, 36));
  const pz2 = f32x4.splat(load<f32>(planes, 40)), pw2 = f32x4.splat(load<f32>(planes, 44));
  const px3 = f32x4.splat(load<f32>(planes, 48)), py3 = f32x4.splat(load<f32>(planes, 52));
  const pz3 = f32x4.splat(load<f32>(planes, 56)), pw3 = f32x4.splat(load<f32>(planes, 60));
  const px4 = f32x4.splat(load<f32>(planes, 64)), py4 = f32x4.splat(load<f32>(planes, 68));
  const pz4 = f32x4.splat(load<f32>(planes, 72)), pw4 = f32x4.splat(load<f32>(planes, 76));
  const px5 = f32x4.splat(load<f32>(planes, 80)), py5 = f32x4.splat(load<f32>(planes, 84));
  const pz5 = f32x4.splat(load<f32>(planes, 88)), pw5 = f32x4.splat(load<f32>(planes, 92));
  const drawable = i32x4.splat(DRAWABLE);
  const four = i32x4.splat(4);
  let slots = i32x4(from, from + 1, from + 2, from + 3);
  let n: u32 = 0;
  for (let s = from; s < to; s += 4) {
    const o = s * 4;
    const x = v128.load(xs + o), y = v128.load(ys + o), z = v128.load(zs + o);
    const negR = f32x4.neg(v128.load(rs + o));
    let ok = i32x4.eq(v128.and(v128.load(flagsCol + o), drawable), drawable);
    ok = v128.and(ok, f32x4.ge(planeDistance(x, y, z, px0, py0, pz0, pw0), negR));
    ok = v128.and(ok, f32x4.ge(planeDistance(x, y, z, px1, py1, pz1, pw1), negR));
    ok = v128.and(ok, f32x4.ge(planeDistance(x, y, z, px2, py2, pz2, pw2), negR));
    ok = v128.and(ok, f32x4.ge(planeDistance(x, y, z, px3, py3, pz3, pw3), negR));
    ok = v128.and(ok, f32x4.ge(planeDistance(x, y, z, px4, py4, pz4, pw4), negR));
    ok = v128.and(ok, f32x4.ge(planeDistance(x, y, z, px5, py5, pz5, pw5), negR));
    let bits = i32x4.bitmask(ok);
    if (s + 4 <= to) {
      v128.store(out + n * 4, i8x16.swizzle(slots, v128.load(COMPACT + (bits << 4))));
      n += <u32>popcnt(bits);
      slots = i32x4.add(slots, four);
    } else {
      while (bits != 0) {
        store<u32>(out + n * 4, s + <u32>ctz(bits));
        n++;
        bits &= bits - 1;
      }
    }
  }
  return n;
}

@inline function planeDistance(x: v128, y: v128, z: v128, px: v128, py: v128, pz: v128, pw: v128): v128 {
  // Same order of operations as cullScalar, so both paths round alike and agree on every sphere.
  return f32x4.add(f32x4.add(f32x4.add(f32x4.mul(px, x), f32x4.mul(py, y)), f32x4.mul(pz, z)), pw);
}
