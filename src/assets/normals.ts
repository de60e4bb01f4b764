/**
 * Normal generation for primitives that have none. The glTF specification asks for flat normals; smooth
 * (area-weighted, per index) is offered for files whose authors left normals out to save space.
 */

/**
 * Flat normals for an unindexed triangle soup (vertex i*3..i*3+2 is triangle i): every corner gets its
 * triangle's normal. Degenerate triangles get +Z.
 */
export function flatNormals(positions: Float32Array): Float32Array {
  const normals = new Float32Array(positions.length);
  const triangleCount = Math.floor(positions.length / 9);
  for (let t = 0; t < triangleCount; t++) {
    const o = t * 9;
    const [nx, ny, nz] = faceNormal(positions, o, o + 3, o + 6);
    const length = Math.hypot(nx, ny, nz);
    const [x, y, z] = length > 0 ? [nx / length, ny / length, nz / length] : [0, 0, 1];
    for (let c = 0; c < 3; c++) {
      normals[o + c * 3] = x;
      normals[o + c * 3 + 1] = y;
      normals[o + c * 3 + 2] = z;
    }
  }
  return normals;
}

/** Smooth normals: each vertex gets the normalized sum of the (area-weighted) normals of its triangles. */
export function smoothNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const normals = new Float32Array(positions.length);
  for (let i = 0; i + 2 < indices.length; i += 3) {
    const a = indices[i]! * 3;
    const b = indices[i + 1]! * 3;
    const c = indices[i + 2]! * 3;
    const [nx, ny, nz] = faceNormal(positions, a, b, c);
    for (const v of [a, b, c]) {
      normals[v] += nx;
      normals[v + 1] += ny;
      normals[v + 2] += nz;
    }
  }
  for (let v = 0; v < normals.length; v += 3) {
    const length = Math.hypot(normals[v]!, normals[v + 1]!, normals[v + 2]!);
    if (length > 0) {
      normals[v] /= length;
      normals[v + 1] /= length;
      normals[v + 2] /= length;
    } else {
      normals[v + 2] = 1;
    }
  }
  return normals;
}

/** Unnormalized normal (twice the area) of the triangle whose corners start at offsets a, b, c. */
function faceNormal(p: Float32Array, a: number, b: number, c: number): [number, number, number] {
  const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
  const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
  return [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
}

/** Expands an indexed attribute to one element per index (for flat shading). */
export function unweld(values: Float32Array, size: number, indices: Uint32Array): Float32Array {
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * size;
    for (let c = 0; c < size; c++) out[i * size + c] = values[from + c]!;
  }
  return out;
}
