import type { NumberSink } from './result.js';

const HALF_DEGREE_IN_RADIANS = Math.PI / 360;

/**
 * Converts a `rotation` attribute's Euler angles (degrees about x, y, z) into a unit quaternion (x, y, z, w)
 * written into `out` from `offset` — the layout of the rotation column. Same convention as gl-matrix
 * `quat.fromEuler` with its default order "zyx" and as the movement kernel's `spin`. Called by elements after
 * `parseVector(rotation, 3, …)` succeeds.
 */
export function eulerDegreesToQuaternion(x: number, y: number, z: number, out: NumberSink, offset = 0): void {
  const sx = Math.sin(x * HALF_DEGREE_IN_RADIANS);
  const cx = Math.cos(x * HALF_DEGREE_IN_RADIANS);
  const sy = Math.sin(y * HALF_DEGREE_IN_RADIANS);
  const cy = Math.cos(y * HALF_DEGREE_IN_RADIANS);
  const sz = Math.sin(z * HALF_DEGREE_IN_RADIANS);
  const cz = Math.cos(z * HALF_DEGREE_IN_RADIANS);
  out[offset] = sx * cy * cz - cx * sy * sz;
  out[offset + 1] = cx * sy * cz + sx * cy * sz;
  out[offset + 2] = cx * cy * sz - sx * sy * cz;
  out[offset + 3] = cx * cy * cz + sx * sy * sz;
}
