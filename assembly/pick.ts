// Ray picking over the scene columns: a ray from the pointer, a v128 pass over the world spheres, then exact
// triangles through a bounding-volume hierarchy per geometry, nearest sphere first.
//
// A ray record (RAY_BYTES) is origin x, y, z, the farthest distance, direction x, y, z (unit length), 0.
// A hit record (HIT_BYTES) is slot (u32), distance, world point x, y, z, world normal x, y, z, u, v, the
// triangle's index in its geometry (u32), 0.
//
// A hierarchy (BVH) is built once per geometry by TypeScript into a mesh-region block, laid out as:
//   header  BVH_HEADER_BYTES: node count, triangle count, vertex count, node offset, triangle offset,
//           vertex offset (u32 each, offsets in bytes from the block), 2 × 0
//   nodes   BVH_NODE_BYTES each: min x, y, z (f32), left child or first triangle (u32),
//           max x, y, z (f32), triangle count (u32; 0 for an inner node, whose children are left, left + 1)
//   tris    BVH_TRIANGLE_BYTES each, in leaf order: vertex indices a, b, c and the triangle's original index
//   verts   BVH_VERTEX_BYTES each: position x, y, z, normal x, y, z, u, v (object space)
// The table the kernels read maps a batch key (modulo the transparent offset) to a hierarchy's address, 0
// for keys with nothing to pick.

import {
  COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_FLAGS, COL_WORLD, COL_BATCH, FLAG_ALIVE,
  FLAG_VISIBLE, FLAG_UNPICKABLE, NO_SLOT, RAY_BYTES, HIT_BYTES, BVH_HEADER_BYTES, BVH_NODE_BYTES,
  BVH_TRIANGLE_BYTES, BVH_VERTEX_BYTES,
} from './layout';
import { column, slotEndNow } from './columns';

const PICKABLE_MASK: u32 = FLAG_ALIVE | FLAG_VISIBLE | FLAG_UNPICKABLE;
const PICKABLE: u32 = FLAG_ALIVE | FLAG_VISIBLE;
/** Deepest hierarchy walked; a median split of 2^32 triangles is 32 deep, so this is never reached. */
const STACK_DEPTH: u32 = 64;
const NONE: f32 = Infinity;
const EDGE_SLACK: f32 = 1e-5;
const stack = memory.data(STACK_DEPTH * 4, 16);
/** The object-space ray of the object being tested, and its component-wise inverse direction. */
const local = memory.data(48, 16);
/** The nearest triangle of the object being tested: distance, barycentrics u, v, triangle slot in leaf order. */
const best = memory.data(16, 16);

/**
 * Writes the ray through normalised device coordinates (`ndcX`, `ndcY`) at `out`: from the near plane
 * towards the far plane of the WebGPU view-projection whose inverse is at `inverseViewProj` (16 f32,
 * column-major, depth 0 … 1). Its farthest distance is the far plane's. Called once per pick.
 */
export function screenRay(inverseViewProj: u32, ndcX: f32, ndcY: f32, out: u32): void {
  const m = inverseViewProj;
  const nw = load<f32>(m, 12) * ndcX + load<f32>(m, 28) * ndcY + load<f32>(m, 60);
  const nx = (load<f32>(m, 0) * ndcX + load<f32>(m, 16) * ndcY + load<f32>(m, 48)) / nw;
  const ny = (load<f32>(m, 4) * ndcX + load<f32>(m, 20) * ndcY + load<f32>(m, 52)) / nw;
  const nz = (load<f32>(m, 8) * ndcX + load<f32>(m, 24) * ndcY + load<f32>(m, 56)) / nw;
  const fw = nw + load<f32>(m, 44);
  const fx = (load<f32>(m, 0) * ndcX + load<f32>(m, 16) * ndcY + load<f32>(m, 32) + load<f32>(m, 48)) / fw;
  const fy = (load<f32>(m, 4) * ndcX + load<f32>(m, 20) * ndcY + load<f32>(m, 36) + load<f32>(m, 52)) / fw;
  const fz = (load<f32>(m, 8) * ndcX + load<f32>(m, 24) * ndcY + load<f32>(m, 40) + load<f32>(m, 56)) / fw;
  const dx = fx - nx, dy = fy - ny, dz = fz - nz;
  const length = Mathf.sqrt(dx * dx + dy * dy + dz * dz);
  store<f32>(out, nx);
  store<f32>(out, ny, 4);
  store<f32>(out, nz, 8);
  store<f32>(out, length, 12);
  store<f32>(out, dx / length, 16);
  store<f32>(out, dy / length, 20);
  store<f32>(out, dz / length, 24);
  store<f32>(out, 0, 28);
}

/**
 * Writes to `slots` every live, visible, pickable slot whose world sphere the ray at `ray` passes through
 * within its farthest distance, and to `entries` (same order) the distance at which the ray enters that
 * sphere (0 when it starts inside). Four spheres per step, compacted like cullSimd: both lists must hold a
 * number for every slot below slotEnd. Called once per pick. Returns the count written.
 */
export function raySpheres(ray: u32, slots: u32, entries: u32): u32 {
  const end = slotEndNow();
  const xs = column(COL_BOUNDS_X), ys = column(COL_BOUNDS_Y), zs = column(COL_BOUNDS_Z), rs = column(COL_BOUNDS_R);
  const flagsCol = column(COL_FLAGS);
  const ox = f32x4.splat(load<f32>(ray)), oy = f32x4.splat(load<f32>(ray, 4)), oz = f32x4.splat(load<f32>(ray, 8));
  const far = f32x4.splat(load<f32>(ray, 12));
  const dx = f32x4.splat(load<f32>(ray, 16)), dy = f32x4.splat(load<f32>(ray, 20)), dz = f32x4.splat(load<f32>(ray, 24));
  const mask = i32x4.splat(PICKABLE_MASK), wanted = i32x4.splat(PICKABLE);
  const zero = f32x4.splat(0);
  // Spheres are widened a little so rounding never drops an object whose triangles the ray does touch.
  const widen = f32x4.splat(1.0001), pad = f32x4.splat(1e-5);
  const four = i32x4.splat(4);
  let lanes = i32x4(0, 1, 2, 3);
  let n: u32 = 0;
  for (let s: u32 = 0; s < end; s += 4) {
    const o = s * 4;
    const cx = f32x4.sub(v128.load(xs + o), ox), cy = f32x4.sub(v128.load(ys + o), oy), cz = f32x4.sub(v128.load(zs + o), oz);
    const r = f32x4.add(f32x4.mul(v128.load(rs + o), widen), pad);
    // Along the ray to the point nearest the centre, and the squared distance from the centre to that point.
    const along = f32x4.add(f32x4.add(f32x4.mul(cx, dx), f32x4.mul(cy, dy)), f32x4.mul(cz, dz));
    const px = f32x4.sub(cx, f32x4.mul(along, dx)), py = f32x4.sub(cy, f32x4.mul(along, dy)), pz = f32x4.sub(cz, f32x4.mul(along, dz));
    const miss2 = f32x4.add(f32x4.add(f32x4.mul(px, px), f32x4.mul(py, py)), f32x4.mul(pz, pz));
    const half = f32x4.sqrt(f32x4.max(f32x4.sub(f32x4.mul(r, r), miss2), zero));
    const enter = f32x4.sub(along, half);
    let ok = i32x4.eq(v128.and(v128.load(flagsCol + o), mask), wanted);
    ok = v128.and(ok, f32x4.le(miss2, f32x4.mul(r, r)));
    ok = v128.and(ok, f32x4.ge(f32x4.add(along, half), zero));
    ok = v128.and(ok, f32x4.le(enter, far));
    ok = v128.and(ok, f32x4.gt(r, pad));
    let bits = i32x4.bitmask(ok);
    const clamped = f32x4.max(enter, zero);
    if (s + 4 <= end) {
      const order = v128.load(COMPACT + (bits << 4));
      v128.store(slots + n * 4, i8x16.swizzle(lanes, order));
      v128.store(entries + n * 4, i8x16.swizzle(clamped, order));
      n += <u32>popcnt(bits);
      lanes = i32x4.add(lanes, four);
    } else {
      while (bits != 0) {
        const lane = <u32>ctz(bits);
        store<u32>(slots + n * 4, s + lane);
        store<f32>(entries + n * 4, laneOf(clamped, lane));
        n++;
        bits &= bits - 1;
      }
    }
  }
  return n;
}

@inline function laneOf(v: v128, lane: u32): f32 {
  return lane == 0 ? f32x4.extract_lane(v, 0) : lane == 1 ? f32x4.extract_lane(v, 1) : lane == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3);
}

const L0: u32 = 0x03020100, L1: u32 = 0x07060504, L2: u32 = 0x0b0a0908, L3: u32 = 0x0f0e0d0c;
/** For each 4-bit lane mask, the swizzle that moves those lanes, in order, to the front (as in cullSimd). */
const COMPACT = memory.data<u32>([
  L0, L0, L0, L0, /* 0000 */ L0, L0, L0, L0, /* 0001 */ L1, L0, L0, L0, /* 0010 */ L0, L1, L0, L0, // 0011
  L2, L0, L0, L0, /* 0100 */ L0, L2, L0, L0, /* 0101 */ L1, L2, L0, L0, /* 0110 */ L0, L1, L2, L0, // 0111
  L3, L0, L0, L0, /* 1000 */ L0, L3, L0, L0, /* 1001 */ L1, L3, L0, L0, /* 1010 */ L0, L1, L3, L0, // 1011
  L2, L3, L0, L0, /* 1100 */ L0, L2, L3, L0, /* 1101 */ L1, L2, L3, L0, /* 1110 */ L0, L1, L2, L3, // 1111
], 16);

/**
 * The nearest hit of the ray at `ray` among the `count` candidates from raySpheres (`slots`, `entries`), written
 * to `out` as a hit record. Candidates are visited nearest sphere first (a heap built in place over the two
 * lists, which it reorders), and the walk stops at the first sphere that starts beyond the nearest hit so far.
 * `table` maps batch keys modulo `keyModulo` to hierarchies. Called once per pick. Returns the slot hit, or
 * NO_SLOT.
 */
export function pickNearest(ray: u32, slots: u32, entries: u32, count: u32, table: u32, keyModulo: u32, out: u32): u32 {
  for (let i = <i32>(count >> 1) - 1; i >= 0; i--) siftDown(slots, entries, <u32>i, count);
  let nearest: f32 = load<f32>(ray, 12);
  let hit: u32 = NO_SLOT;
  let size = count;
  while (size > 0) {
    if (load<f32>(entries) > nearest) break;
    const slot = load<u32>(slots);
    size--;
    swap(slots, entries, 0, size);
    siftDown(slots, entries, 0, size);
    const bvh = hierarchyOf(slot, table, keyModulo);
    if (bvh == 0) continue;
    if (rayObject(ray, slot, bvh, nearest, out)) {
      nearest = load<f32>(out, 4);
      hit = slot;
    }
  }
  return hit;
}

/**
 * Every candidate the ray hits, one hit record per object (its nearest triangle) written from `out`, at most
 * `limit`, in candidate order (the caller sorts by distance). Called by `scene.raycast`. Returns the count.
 */
export function pickAll(ray: u32, slots: u32, count: u32, table: u32, keyModulo: u32, out: u32, limit: u32): u32 {
  let n: u32 = 0;
  const far = load<f32>(ray, 12);
  for (let i: u32 = 0; i < count && n < limit; i++) {
    const slot = load<u32>(slots + i * 4);
    const bvh = hierarchyOf(slot, table, keyModulo);
    if (bvh != 0 && rayObject(ray, slot, bvh, far, out + n * HIT_BYTES)) n++;
  }
  return n;
}

@inline function hierarchyOf(slot: u32, table: u32, keyModulo: u32): u32 {
  const key = load<u32>(column(COL_BATCH) + slot * 4);
  return key >= keyModulo * 2 ? 0 : load<u32>(table + (key % keyModulo) * 4);
}

@inline function swap(slots: u32, entries: u32, a: u32, b: u32): void {
  const s = load<u32>(slots + a * 4);
  store<u32>(slots + a * 4, load<u32>(slots + b * 4));
  store<u32>(slots + b * 4, s);
  const e = load<f32>(entries + a * 4);
  store<f32>(entries + a * 4, load<f32>(entries + b * 4));
  store<f32>(entries + b * 4, e);
}

function siftDown(slots: u32, entries: u32, from: u32, size: u32): void {
  let i = from;
  while (true) {
    const left = i * 2 + 1;
    if (left >= size) return;
    let smallest = left;
    const right = left + 1;
    if (right < size && load<f32>(entries + right * 4) < load<f32>(entries + left * 4)) smallest = right;
    if (load<f32>(entries + smallest * 4) >= load<f32>(entries + i * 4)) return;
    swap(slots, entries, i, smallest);
    i = smallest;
  }
}

/**
 * Tests one object: the world ray taken into object space through the inverse of the slot's world matrix
 * (direction not renormalised, so distances stay world distances), walked through the hierarchy at `bvh`.
 * Writes a hit record to `out` and returns true when a triangle is nearer than `limit`.
 */
function rayObject(ray: u32, slot: u32, bvh: u32, limit: f32, out: u32): bool {
  const m = column(COL_WORLD) + slot * 64;
  const a = load<f32>(m, 0), b = load<f32>(m, 16), c = load<f32>(m, 32);
  const d = load<f32>(m, 4), e = load<f32>(m, 20), f = load<f32>(m, 36);
  const g = load<f32>(m, 8), h = load<f32>(m, 24), k = load<f32>(m, 40);
  // Inverse of the upper 3×3 by cofactors; a flat (zero-scale) object cannot be hit.
  const A = e * k - f * h, B = f * g - d * k, C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Mathf.abs(det) < 1e-30) return false;
  const inv: f32 = <f32>1 / det;
  const i00 = A * inv, i01 = (c * h - b * k) * inv, i02 = (b * f - c * e) * inv;
  const i10 = B * inv, i11 = (a * k - c * g) * inv, i12 = (c * d - a * f) * inv;
  const i20 = C * inv, i21 = (b * g - a * h) * inv, i22 = (a * e - b * d) * inv;
  const wx = load<f32>(ray) - load<f32>(m, 48), wy = load<f32>(ray, 4) - load<f32>(m, 52), wz = load<f32>(ray, 8) - load<f32>(m, 56);
  const rdx = load<f32>(ray, 16), rdy = load<f32>(ray, 20), rdz = load<f32>(ray, 24);
  const lox = i00 * wx + i01 * wy + i02 * wz, loy = i10 * wx + i11 * wy + i12 * wz, loz = i20 * wx + i21 * wy + i22 * wz;
  const ldx = i00 * rdx + i01 * rdy + i02 * rdz, ldy = i10 * rdx + i11 * rdy + i12 * rdz, ldz = i20 * rdx + i21 * rdy + i22 * rdz;
  store<f32>(local, lox);
  store<f32>(local, loy, 4);
  store<f32>(local, loz, 8);
  store<f32>(local, ldx, 16);
  store<f32>(local, ldy, 20);
  store<f32>(local, ldz, 24);
  store<f32>(local, <f32>1 / ldx, 32);
  store<f32>(local, <f32>1 / ldy, 36);
  store<f32>(local, <f32>1 / ldz, 40);
  if (!walk(bvh, limit)) return false;

  const t = load<f32>(best);
  const u = load<f32>(best, 4), v = load<f32>(best, 8);
  const tri = bvh + load<u32>(bvh, 16) + load<u32>(best, 12) * BVH_TRIANGLE_BYTES;
  const verts = bvh + load<u32>(bvh, 20);
  const va = verts + load<u32>(tri) * BVH_VERTEX_BYTES;
  const vb = verts + load<u32>(tri, 4) * BVH_VERTEX_BYTES;
  const vc = verts + load<u32>(tri, 8) * BVH_VERTEX_BYTES;
  const w: f32 = <f32>1 - u - v;
  const nx = w * load<f32>(va, 12) + u * load<f32>(vb, 12) + v * load<f32>(vc, 12);
  const ny = w * load<f32>(va, 16) + u * load<f32>(vb, 16) + v * load<f32>(vc, 16);
  const nz = w * load<f32>(va, 20) + u * load<f32>(vb, 20) + v * load<f32>(vc, 20);
  // Normals go to world space through the inverse transpose.
  let mx = i00 * nx + i10 * ny + i20 * nz, my = i01 * nx + i11 * ny + i21 * nz, mz = i02 * nx + i12 * ny + i22 * nz;
  const length = Mathf.sqrt(mx * mx + my * my + mz * mz);
  if (length > 0) {
    mx /= length;
    my /= length;
    mz /= length;
  }
  store<u32>(out, slot);
  store<f32>(out, t, 4);
  store<f32>(out, load<f32>(ray) + rdx * t, 8);
  store<f32>(out, load<f32>(ray, 4) + rdy * t, 12);
  store<f32>(out, load<f32>(ray, 8) + rdz * t, 16);
  store<f32>(out, mx, 20);
  store<f32>(out, my, 24);
  store<f32>(out, mz, 28);
  store<f32>(out, w * load<f32>(va, 24) + u * load<f32>(vb, 24) + v * load<f32>(vc, 24), 32);
  store<f32>(out, w * load<f32>(va, 28) + u * load<f32>(vb, 28) + v * load<f32>(vc, 28), 36);
  store<u32>(out, load<u32>(tri, 12), 40);
  store<u32>(out, 0, 44);
  return true;
}

/** Walks the hierarchy at `bvh` with the object-space ray in `local`; the nearest triangle goes to `best`. */
function walk(bvh: u32, limit: f32): bool {
  const nodes = bvh + load<u32>(bvh, 12);
  const tris = bvh + load<u32>(bvh, 16);
  const verts = bvh + load<u32>(bvh, 20);
  if (load<u32>(bvh) == 0) return false;
  let nearest = limit;
  let found = false;
  let depth: u32 = 0;
  let node: u32 = 0;
  while (true) {
    const at = nodes + node * BVH_NODE_BYTES;
    const count = load<u32>(at, 28);
    if (count > 0) {
      const first = load<u32>(at, 12);
      for (let i: u32 = 0; i < count; i++) {
        const tri = tris + (first + i) * BVH_TRIANGLE_BYTES;
        if (rayTriangle(verts + load<u32>(tri) * BVH_VERTEX_BYTES, verts + load<u32>(tri, 4) * BVH_VERTEX_BYTES,
          verts + load<u32>(tri, 8) * BVH_VERTEX_BYTES, nearest)) {
          nearest = load<f32>(best);
          store<u32>(best, first + i, 12);
          found = true;
        }
      }
    } else {
      const left = load<u32>(at, 12);
      const right = left + 1;
      const tl = boxEntry(nodes + left * BVH_NODE_BYTES, nearest);
      const tr = boxEntry(nodes + right * BVH_NODE_BYTES, nearest);
      if (tl <= tr) {
        if (tr != NONE && depth < STACK_DEPTH) store<u32>(stack + (depth++) * 4, right);
        if (tl != NONE) { node = left; continue; }
      } else {
        if (tl != NONE && depth < STACK_DEPTH) store<u32>(stack + (depth++) * 4, left);
        node = right;
        continue;
      }
    }
    if (depth == 0) break;
    node = load<u32>(stack + (--depth) * 4);
  }
  return found;
}

/**
 * Distance at which the local ray enters the box of the node at `at`, or NONE when it misses it before
 * `limit`. An axis the ray does not move along only asks whether the origin lies between the box's faces
 * (its slab product would be 0 × ∞ for an origin on a face).
 */
@inline function boxEntry(at: u32, limit: f32): f32 {
  let near: f32 = 0, far = limit;
  for (let axis: u32 = 0; axis < 12; axis += 4) {
    const o = load<f32>(local + axis), inv = load<f32>(local + 32 + axis);
    const lo = load<f32>(at + axis), hi = load<f32>(at + 16 + axis);
    if (Mathf.abs(inv) < NONE) {
      const a = (lo - o) * inv, b = (hi - o) * inv;
      near = max(near, min(a, b));
      far = min(far, max(a, b));
    } else if (o < lo || o > hi) {
      return NONE;
    }
  }
  return near <= far * 1.00001 ? near : NONE;
}

/**
 * Möller–Trumbore against the triangle with vertices at `a`, `b`, `c`, both faces counted. On a hit nearer
 * than `limit` (and not behind the origin) writes distance and barycentrics to `best` and returns true.
 */
@inline function rayTriangle(a: u32, b: u32, c: u32, limit: f32): bool {
  const ax = load<f32>(a), ay = load<f32>(a, 4), az = load<f32>(a, 8);
  const e1x = load<f32>(b) - ax, e1y = load<f32>(b, 4) - ay, e1z = load<f32>(b, 8) - az;
  const e2x = load<f32>(c) - ax, e2y = load<f32>(c, 4) - ay, e2z = load<f32>(c, 8) - az;
  const dx = load<f32>(local, 16), dy = load<f32>(local, 20), dz = load<f32>(local, 24);
  const px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
  const det = e1x * px + e1y * py + e1z * pz;
  if (Mathf.abs(det) < 1e-20) return false;
  const inv: f32 = <f32>1 / det;
  const tx = load<f32>(local) - ax, ty = load<f32>(local, 4) - ay, tz = load<f32>(local, 8) - az;
  const u = (tx * px + ty * py + tz * pz) * inv;
  // A hair of slack on the edges, so a ray through a shared edge or vertex cannot slip between two triangles.
  if (u < -EDGE_SLACK || u > 1 + EDGE_SLACK) return false;
  const qx = ty * e1z - tz * e1y, qy = tz * e1x - tx * e1z, qz = tx * e1y - ty * e1x;
  const v = (dx * qx + dy * qy + dz * qz) * inv;
  if (v < -EDGE_SLACK || u + v > 1 + EDGE_SLACK) return false;
  const t = (e2x * qx + e2y * qy + e2z * qz) * inv;
  if (t < 0 || t >= limit) return false;
  store<f32>(best, t);
  store<f32>(best, u, 4);
  store<f32>(best, v, 8);
  return true;
}
