import { buildGeometry } from '../gpu/geometry.js';
import type { GeometryName } from '../gpu/frame-input.js';

const cache = new Map<GeometryName, Float32Array>();

/**
 * The object-space bounding sphere (cx, cy, cz, r) of a built-in geometry, built once per page. Written into
 * a mesh's localBounds column when its geometry is set.
 */
export function geometryBounds(name: GeometryName): Float32Array {
  let bounds = cache.get(name);
  if (!bounds) {
    bounds = buildGeometry(name).bounds;
    cache.set(name, bounds);
  }
  return bounds;
}
