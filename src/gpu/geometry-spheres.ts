// The bounding spheres of the built-in geometries, apart from the builders: an element writes its mesh's bounds
// when the geometry is set, before (and without) the renderer's code, which builds the vertices.

import type { GeometryName } from './frame-input.js';

/** Torus ring (major) radius and tube (minor) radius: the torus is 1.3 wide and 0.3 thick. */
export const TORUS_RADIUS = 0.5;
export const TORUS_TUBE = 0.15;

/** The object-space bounding sphere (cx, cy, cz, r) of each built-in geometry, as its builder makes it. */
export const GEOMETRY_SPHERES: Readonly<Record<GeometryName, readonly [number, number, number, number]>> = {
  box: [0, 0, 0, Math.sqrt(3) / 2],
  sphere: [0, 0, 0, 0.5],
  plane: [0, 0, 0, Math.SQRT1_2],
  cylinder: [0, 0, 0, Math.SQRT1_2],
  // The smallest sphere through the apex and the base rim: centre y = -1/8, radius 5/8.
  cone: [0, -0.125, 0, 0.625],
  torus: [0, 0, 0, TORUS_RADIUS + TORUS_TUBE],
};
