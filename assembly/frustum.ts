// Frustum planes from a view-projection matrix (WebGPU clip space: x, y in [-w, w], z in [0, w]).

/** Element (row r, column c) of the column-major 4x4 matrix at m. */
@inline function at(m: u32, r: u32, c: u32): f32 {
  return load<f32>(m + (c * 4 + r) * 4);
}

/**
 * Writes the six planes (left, right, bottom, top, near, far) of the column-major view-projection matrix at
 * `viewProj` to `out` as 24 f32 (nx, ny, nz, d), normalised so that n.p + d is the signed distance of p,
 * positive inside. Called once per frame per camera.
 */
export function frustumPlanes(viewProj: u32, out: u32): void {
  for (let i: u32 = 0; i < 6; i++) {
    const r: u32 = i >> 1; //                             left/right: row 0, bottom/top: row 1, near/far: row 2
    const sign: f32 = (i & 1) == 0 ? 1 : -1; //           left, bottom, near add the row; the others subtract it
    const w: f32 = i == 4 ? 0 : 1; //                      near is z >= 0 (row 2 alone); the rest pair with row 3
    const nx = w * at(viewProj, 3, 0) + sign * at(viewProj, r, 0);
    const ny = w * at(viewProj, 3, 1) + sign * at(viewProj, r, 1);
    const nz = w * at(viewProj, 3, 2) + sign * at(viewProj, r, 2);
    const d = w * at(viewProj, 3, 3) + sign * at(viewProj, r, 3);
    const length = Mathf.sqrt(nx * nx + ny * ny + nz * nz);
    const inv: f32 = length > 0 ? 1 / length : 0;
    store<f32>(out + i * 16, nx * inv);
    store<f32>(out + i * 16, ny * inv, 4);
    store<f32>(out + i * 16, nz * inv, 8);
    store<f32>(out + i * 16, d * inv, 12);
  }
}
