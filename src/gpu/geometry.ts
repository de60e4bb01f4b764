// Built-in geometries as plain arrays: interleaved vertices (position 3, normal 3, uv 2 floats) and triangle
// indices, counter-clockwise seen from outside, unit-sized and centred on the origin. Pure functions, no GPU.

import type { GeometryName } from './frame-input.js';
import { GEOMETRY_SPHERES, TORUS_RADIUS, TORUS_TUBE } from './geometry-spheres.js';

/**
 * 32-bit words per vertex: position x, y, z, normal x, y, z, u, v, a second u, v (glTF TEXCOORD_1; the built-in
 * geometries repeat the first), all f32, then the vertex colour as four unorm16 (r | g << 16, b | a << 16;
 * glTF COLOR_0, white where a mesh has none).
 */
export const VERTEX_FLOATS = 12;
/** Word of the vertex colour within a vertex (two words: red and green, blue and alpha). */
export const VERTEX_COLOR_WORD = 10;
/** A vertex colour word of two unorm16 ones: white, opaque. */
export const WHITE_WORD = 0xffffffff;
/** Bytes per vertex in the interleaved buffer. */
export const VERTEX_BYTES = VERTEX_FLOATS * 4;

/** One built geometry. `bounds` is the object-space bounding sphere (cx, cy, cz, r) the engine writes into
 *  the localBounds column. */
export interface GeometryData {
  vertices: Float32Array;
  indices: Uint16Array | Uint32Array;
  bounds: Float32Array;
}

/** Segment counts; each builder reads the ones it needs. */
export interface GeometrySegments {
  /** Around the Y axis (sphere, cylinder, cone) or around the torus ring. */
  radial: number;
  /** Latitude bands of the sphere. */
  rings: number;
  /** Around the torus tube. */
  tube: number;
}

export const DEFAULT_SEGMENTS: GeometrySegments = { radial: 32, rings: 16, tube: 16 };

/** Collects vertices and indices; grows plain arrays once at build time, then packs them. */
class MeshBuilder {
  readonly #v: number[] = [];
  readonly #i: number[] = [];

  get vertexCount(): number {
    return this.#v.length / VERTEX_FLOATS;
  }

  vertex(px: number, py: number, pz: number, nx: number, ny: number, nz: number, u: number, v: number): number {
    this.#v.push(px, py, pz, nx, ny, nz, u, v, u, v, 0, 0);
    return this.vertexCount - 1;
  }

  triangle(a: number, b: number, c: number): void {
    this.#i.push(a, b, c);
  }

  /** Quad a-b-c-d given counter-clockwise. */
  quad(a: number, b: number, c: number, d: number): void {
    this.#i.push(a, b, c, a, c, d);
  }

  build(bounds: readonly [number, number, number, number]): GeometryData {
    const vertices = new Float32Array(this.#v);
    const words = new Uint32Array(vertices.buffer);
    for (let o = VERTEX_COLOR_WORD; o < words.length; o += VERTEX_FLOATS) {
      words[o] = WHITE_WORD;
      words[o + 1] = WHITE_WORD;
    }
    const indices = this.vertexCount > 0xffff ? new Uint32Array(this.#i) : new Uint16Array(this.#i);
    return { vertices, indices, bounds: new Float32Array(bounds) };
  }
}

/** Axis-aligned box 1×1×1, one flat-shaded quad per face (24 vertices). */
export function buildBox(): GeometryData {
  const m = new MeshBuilder();
  // Each face: normal n, and two in-plane axes u, v with u × v = n, so corners in (u, v) order are CCW.
  const faces: [number[], number[], number[]][] = [
    [[1, 0, 0], [0, 0, -1], [0, 1, 0]],
    [[-1, 0, 0], [0, 0, 1], [0, 1, 0]],
    [[0, 1, 0], [1, 0, 0], [0, 0, -1]],
    [[0, -1, 0], [1, 0, 0], [0, 0, 1]],
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
    [[0, 0, -1], [-1, 0, 0], [0, 1, 0]],
  ];
  for (const [n, u, v] of faces) {
    const corner = (su: number, sv: number): number =>
      m.vertex(
        0.5 * (n[0]! + su * u[0]! + sv * v[0]!),
        0.5 * (n[1]! + su * u[1]! + sv * v[1]!),
        0.5 * (n[2]! + su * u[2]! + sv * v[2]!),
        n[0]!, n[1]!, n[2]!,
        (su + 1) / 2, (1 - sv) / 2,
      );
    m.quad(corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1));
  }
  return m.build(GEOMETRY_SPHERES.box);
}

/** UV sphere of radius 0.5: `radial` segments around Y, `rings` bands from the north pole down. */
export function buildSphere(radial = DEFAULT_SEGMENTS.radial, rings = DEFAULT_SEGMENTS.rings): GeometryData {
  const m = new MeshBuilder();
  for (let r = 0; r <= rings; r++) {
    const theta = (r / rings) * Math.PI; // from +Y
    for (let s = 0; s <= radial; s++) {
      const phi = (s / radial) * 2 * Math.PI;
      const nx = Math.sin(theta) * Math.sin(phi);
      const ny = Math.cos(theta);
      const nz = Math.sin(theta) * Math.cos(phi);
      m.vertex(0.5 * nx, 0.5 * ny, 0.5 * nz, nx, ny, nz, s / radial, r / rings);
    }
  }
  const row = radial + 1;
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < radial; s++) {
      const a = r * row + s; // upper left
      const b = a + row; // lower left
      if (r > 0) m.triangle(a, b, a + 1);
      if (r < rings - 1) m.triangle(a + 1, b, b + 1);
    }
  }
  return m.build(GEOMETRY_SPHERES.sphere);
}

/** Square 1×1 in the XZ plane at y = 0, facing +Y. */
export function buildPlane(): GeometryData {
  const m = new MeshBuilder();
  const a = m.vertex(-0.5, 0, 0.5, 0, 1, 0, 0, 1);
  const b = m.vertex(0.5, 0, 0.5, 0, 1, 0, 1, 1);
  const c = m.vertex(0.5, 0, -0.5, 0, 1, 0, 1, 0);
  const d = m.vertex(-0.5, 0, -0.5, 0, 1, 0, 0, 0);
  m.quad(a, b, c, d);
  return m.build(GEOMETRY_SPHERES.plane);
}

/** Flat disc cap of radius 0.5 at height y facing up (+1) or down (-1). */
function cap(m: MeshBuilder, y: number, facing: 1 | -1, radial: number): void {
  const centre = m.vertex(0, y, 0, 0, facing, 0, 0.5, 0.5);
  const first = m.vertexCount;
  for (let s = 0; s <= radial; s++) {
    const phi = (s / radial) * 2 * Math.PI;
    const x = Math.sin(phi);
    const z = Math.cos(phi);
    m.vertex(0.5 * x, y, 0.5 * z, 0, facing, 0, 0.5 + 0.5 * x, 0.5 - 0.5 * facing * z);
  }
  for (let s = 0; s < radial; s++) {
    // Increasing phi turns counter-clockwise seen from +Y.
    if (facing > 0) m.triangle(centre, first + s, first + s + 1);
    else m.triangle(centre, first + s + 1, first + s);
  }
}

/**
 * Side wall from radius `bottom` at y = -0.5 to radius `top` at y = 0.5, with smooth normals. For a cone
 * (top = 0) the apex ring is kept so each segment gets its own apex normal.
 */
function wall(m: MeshBuilder, bottom: number, top: number, radial: number): void {
  const slope = bottom - top; // normal y component before normalising (height is 1)
  const len = Math.hypot(1, slope);
  const first = m.vertexCount;
  for (let s = 0; s <= radial; s++) {
    const phi = (s / radial) * 2 * Math.PI;
    const x = Math.sin(phi);
    const z = Math.cos(phi);
    m.vertex(bottom * x, -0.5, bottom * z, x / len, slope / len, z / len, s / radial, 1);
    m.vertex(top * x, 0.5, top * z, x / len, slope / len, z / len, s / radial, 0);
  }
  for (let s = 0; s < radial; s++) {
    const b0 = first + 2 * s;
    if (top > 0) m.quad(b0, b0 + 2, b0 + 3, b0 + 1);
    else m.triangle(b0, b0 + 2, b0 + 1);
  }
}

/** Closed cylinder of radius 0.5 and height 1 along Y. */
export function buildCylinder(radial = DEFAULT_SEGMENTS.radial): GeometryData {
  const m = new MeshBuilder();
  wall(m, 0.5, 0.5, radial);
  cap(m, 0.5, 1, radial);
  cap(m, -0.5, -1, radial);
  return m.build(GEOMETRY_SPHERES.cylinder);
}

/** Cone with base radius 0.5 at y = -0.5 and apex at y = 0.5, base closed. */
export function buildCone(radial = DEFAULT_SEGMENTS.radial): GeometryData {
  const m = new MeshBuilder();
  wall(m, 0.5, 0, radial);
  cap(m, -0.5, -1, radial);
  return m.build(GEOMETRY_SPHERES.cone);
}

/** Torus around the Y axis (ring in the XZ plane), ring radius TORUS_RADIUS, tube radius TORUS_TUBE. */
export function buildTorus(radial = 48, tube = DEFAULT_SEGMENTS.tube): GeometryData {
  const m = new MeshBuilder();
  for (let r = 0; r <= radial; r++) {
    const phi = (r / radial) * 2 * Math.PI;
    const cx = Math.sin(phi);
    const cz = Math.cos(phi);
    for (let t = 0; t <= tube; t++) {
      const psi = (t / tube) * 2 * Math.PI;
      const out = Math.cos(psi);
      const nx = out * cx;
      const ny = Math.sin(psi);
      const nz = out * cz;
      m.vertex((TORUS_RADIUS + TORUS_TUBE * out) * cx, TORUS_TUBE * ny, (TORUS_RADIUS + TORUS_TUBE * out) * cz,
        nx, ny, nz, r / radial, t / tube);
    }
  }
  const row = tube + 1;
  for (let r = 0; r < radial; r++) {
    for (let t = 0; t < tube; t++) {
      const a = r * row + t;
      // Along +psi the tube turns up over the outside; along +phi the ring turns counter-clockwise from +Y.
      m.quad(a, a + row, a + row + 1, a + 1);
    }
  }
  return m.build(GEOMETRY_SPHERES.torus);
}

/** Builds the named built-in geometry with default segment counts. */
export function buildGeometry(name: GeometryName): GeometryData {
  switch (name) {
    case 'box': return buildBox();
    case 'sphere': return buildSphere();
    case 'plane': return buildPlane();
    case 'cylinder': return buildCylinder();
    case 'cone': return buildCone();
    case 'torus': return buildTorus();
  }
}
