import type { GeometryName } from '../gpu/frame-input.js';
import { GEOMETRY_SPHERES } from '../gpu/geometry-spheres.js';

const cache = new Map<GeometryName, Float32Array>();

/**
 * The object-space bounding sphere (cx, cy, cz, r) of a built-in geometry, the one its builder gives it. Written
 * into a mesh's localBounds column when its geometry is set.
 */
export function geometryBounds(name: GeometryName): Float32Array {
  let bounds = cache.get(name);
  if (!bounds) {
    bounds = new Float32Array(GEOMETRY_SPHERES[name]);
    cache.set(name, bounds);
  }
  return bounds;
}
