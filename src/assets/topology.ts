import { invalid } from './asset-error.js';

/** glTF primitive modes. */
export const POINTS = 0;
export const TRIANGLES = 4;
export const TRIANGLE_STRIP = 5;
export const TRIANGLE_FAN = 6;

/**
 * Turns the vertex order of a triangle strip or fan into a triangle list, with the winding the glTF
 * specification defines (strip: {i, i+1+i%2, i+2-i%2}; fan: {i+1, i+2, 0}). Lists pass through after a
 * check that their length is a multiple of 3.
 */
export function toTriangleList(order: Uint32Array, mode: number, what: string): Uint32Array {
  if (mode === TRIANGLES) {
    if (order.length % 3 !== 0) invalid(`${what} has ${order.length} indices, not a multiple of 3`);
    return order;
  }
  const triangles = Math.max(0, order.length - 2);
  const out = new Uint32Array(triangles * 3);
  for (let i = 0; i < triangles; i++) {
    if (mode === TRIANGLE_STRIP) {
      out[i * 3] = order[i]!;
      out[i * 3 + 1] = order[i + 1 + (i % 2)]!;
      out[i * 3 + 2] = order[i + 2 - (i % 2)]!;
    } else {
      out[i * 3] = order[i + 1]!;
      out[i * 3 + 1] = order[i + 2]!;
      out[i * 3 + 2] = order[0]!;
    }
  }
  return out;
}
