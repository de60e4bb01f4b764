// The matrices a camera needs every time it moves, column-major as WebGPU reads them. The scene's own camera and
// the renderer's shadow pass use these rather than gl-matrix's mat4, so the initial load and the first frame carry
// no copy of mat4 (whose other functions only the models, picking and environment chunks need).

/** A 4×4 column-major matrix. */
export type Matrix4 = Float32Array;

/**
 * The view matrix of an eye at `eye` looking at `target` with `up` roughly up; the identity when the two points
 * (nearly) meet. `up` must not be parallel to the direction of view.
 */
export function lookAt(out: Matrix4, eye: ArrayLike<number>, target: ArrayLike<number>, up: ArrayLike<number>): Matrix4 {
  // z: from the target towards the eye (the camera looks down -z).
  let zx = eye[0]! - target[0]!;
  let zy = eye[1]! - target[1]!;
  let zz = eye[2]! - target[2]!;
  let length = Math.hypot(zx, zy, zz);
  if (length < 1e-6) {
    // No direction of view: nothing to turn to.
    out.fill(0);
    out[0] = out[5] = out[10] = out[15] = 1;
    return out;
  }
  zx /= length;
  zy /= length;
  zz /= length;
  // x = up × z, normalised.
  let xx = up[1]! * zz - up[2]! * zy;
  let xy = up[2]! * zx - up[0]! * zz;
  let xz = up[0]! * zy - up[1]! * zx;
  length = Math.hypot(xx, xy, xz) || 1;
  xx /= length;
  xy /= length;
  xz /= length;
  // y = z × x, already unit length.
  const yx = zy * xz - zz * xy;
  const yy = zz * xx - zx * xz;
  const yz = zx * xy - zy * xx;
  out[0] = xx; out[1] = yx; out[2] = zx; out[3] = 0;
  out[4] = xy; out[5] = yy; out[6] = zy; out[7] = 0;
  out[8] = xz; out[9] = yz; out[10] = zz; out[11] = 0;
  out[12] = -(xx * eye[0]! + xy * eye[1]! + xz * eye[2]!);
  out[13] = -(yx * eye[0]! + yy * eye[1]! + yz * eye[2]!);
  out[14] = -(zx * eye[0]! + zy * eye[1]! + zz * eye[2]!);
  out[15] = 1;
  return out;
}

/** A perspective projection (vertical field of view `fovy` in radians) mapping depth from `near` … `far` to 0 … 1. */
export function perspectiveZO(out: Matrix4, fovy: number, aspect: number, near: number, far: number): Matrix4 {
  const f = 1 / Math.tan(fovy / 2);
  const depth = far / (near - far);
  out.fill(0);
  out[0] = f / aspect;
  out[5] = f;
  out[10] = depth;
  out[11] = -1;
  out[14] = near * depth;
  return out;
}

/** An orthographic projection of the box left … right, bottom … top, mapping depth from `near` … `far` to 0 … 1. */
export function orthoZO(out: Matrix4, left: number, right: number, bottom: number, top: number, near: number, far: number): Matrix4 {
  out.fill(0);
  out[0] = 2 / (right - left);
  out[5] = 2 / (top - bottom);
  out[10] = 1 / (near - far);
  out[12] = (left + right) / (left - right);
  out[13] = (top + bottom) / (bottom - top);
  out[14] = near / (near - far);
  out[15] = 1;
  return out;
}

/** `out = a × b`; `out` may be `a` or `b`. */
export function multiply(out: Matrix4, a: ArrayLike<number>, b: ArrayLike<number>): Matrix4 {
  // a is read whole before out is written, and each column of b before its column of out.
  const a00 = a[0]!, a01 = a[1]!, a02 = a[2]!, a03 = a[3]!;
  const a10 = a[4]!, a11 = a[5]!, a12 = a[6]!, a13 = a[7]!;
  const a20 = a[8]!, a21 = a[9]!, a22 = a[10]!, a23 = a[11]!;
  const a30 = a[12]!, a31 = a[13]!, a32 = a[14]!, a33 = a[15]!;
  for (let i = 0; i < 16; i += 4) {
    const b0 = b[i]!, b1 = b[i + 1]!, b2 = b[i + 2]!, b3 = b[i + 3]!;
    out[i] = a00 * b0 + a10 * b1 + a20 * b2 + a30 * b3;
    out[i + 1] = a01 * b0 + a11 * b1 + a21 * b2 + a31 * b3;
    out[i + 2] = a02 * b0 + a12 * b1 + a22 * b2 + a32 * b3;
    out[i + 3] = a03 * b0 + a13 * b1 + a23 * b2 + a33 * b3;
  }
  return out;
}
