// A plain TypeScript picker for checking the WebAssembly one: every triangle of every object taken to world
// space in double precision, tested one by one (Möller–Trumbore, both faces), no spheres, no hierarchy.

import { VERTEX_FLOATS } from '../../src/gpu/geometry.js';

/** One object: an id, its column-major world matrix, and its geometry (VERTEX_FLOATS per vertex). */
export interface ReferenceObject {
  id: number;
  matrix: ArrayLike<number>;
  vertices: Float32Array;
  indices: ArrayLike<number>;
}

/** One object's nearest hit. */
export interface ReferenceHit {
  id: number;
  distance: number;
}

function transform(m: ArrayLike<number>, x: number, y: number, z: number): [number, number, number] {
  return [
    m[0]! * x + m[4]! * y + m[8]! * z + m[12]!,
    m[1]! * x + m[5]! * y + m[9]! * z + m[13]!,
    m[2]! * x + m[6]! * y + m[10]! * z + m[14]!,
  ];
}

/** Distance along the unit ray to the triangle a, b, c, or Infinity. */
export function rayTriangle(o: number[], d: number[], a: number[], b: number[], c: number[]): number {
  const e1 = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!];
  const e2 = [c[0]! - a[0]!, c[1]! - a[1]!, c[2]! - a[2]!];
  const p = [d[1]! * e2[2]! - d[2]! * e2[1]!, d[2]! * e2[0]! - d[0]! * e2[2]!, d[0]! * e2[1]! - d[1]! * e2[0]!];
  const det = e1[0]! * p[0]! + e1[1]! * p[1]! + e1[2]! * p[2]!;
  if (Math.abs(det) < 1e-14) return Infinity;
  const t0 = [o[0]! - a[0]!, o[1]! - a[1]!, o[2]! - a[2]!];
  const u = (t0[0]! * p[0]! + t0[1]! * p[1]! + t0[2]! * p[2]!) / det;
  if (u < 0 || u > 1) return Infinity;
  const q = [t0[1]! * e1[2]! - t0[2]! * e1[1]!, t0[2]! * e1[0]! - t0[0]! * e1[2]!, t0[0]! * e1[1]! - t0[1]! * e1[0]!];
  const v = (d[0]! * q[0]! + d[1]! * q[1]! + d[2]! * q[2]!) / det;
  if (v < 0 || u + v > 1) return Infinity;
  const t = (e2[0]! * q[0]! + e2[1]! * q[1]! + e2[2]! * q[2]!) / det;
  return t >= 0 ? t : Infinity;
}

/** Every object the ray hits, its nearest triangle each, nearest first. `direction` need not be unit length. */
export function referenceRaycast(objects: readonly ReferenceObject[], origin: number[], direction: number[]): ReferenceHit[] {
  const length = Math.hypot(direction[0]!, direction[1]!, direction[2]!);
  const d = direction.map((v) => v / length);
  const hits: ReferenceHit[] = [];
  for (const object of objects) {
    const v = object.vertices;
    const corner = (i: number): number[] => {
      const at = object.indices[i]! * VERTEX_FLOATS;
      return transform(object.matrix, v[at]!, v[at + 1]!, v[at + 2]!);
    };
    let nearest = Infinity;
    for (let i = 0; i + 2 < object.indices.length; i += 3) {
      nearest = Math.min(nearest, rayTriangle(origin, d, corner(i), corner(i + 1), corner(i + 2)));
    }
    if (nearest < Infinity) hits.push({ id: object.id, distance: nearest });
  }
  return hits.sort((a, b) => a.distance - b.distance);
}
