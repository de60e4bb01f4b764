import { invalid } from './asset-error.js';
import { BYTE, FLOAT, readFloats, readIndices, SHORT, UNSIGNED_BYTE, UNSIGNED_SHORT, type AccessorRule } from './accessor.js';
import { asObject, index, int, type JsonObject } from './gltf-json.js';
import { flatNormals, smoothNormals, unweld } from './normals.js';
import type { VertexArrays } from './model-data.js';
import type { ParseContext } from './parse-context.js';
import { toTriangleList, TRIANGLE_FAN, TRIANGLE_STRIP, TRIANGLES } from './topology.js';

/** The vertex and index data of one mesh primitive, shared by every node that uses the mesh. */
export interface Geometry extends VertexArrays {
  /** When flat normals gave each triangle corner its own vertex: the source vertex of each vertex; else null. */
  sourceVertices: Uint32Array | null;
}

/** How normals are made for primitives that have none. */
export type NormalMode = 'flat' | 'smooth';

// Accepted component types per attribute: glTF 2.0 core plus KHR_mesh_quantization.
const POSITION: AccessorRule = { types: ['VEC3'], componentTypes: { [FLOAT]: 'raw', [BYTE]: 'either', [UNSIGNED_BYTE]: 'either', [SHORT]: 'either', [UNSIGNED_SHORT]: 'either' } };
const NORMAL: AccessorRule = { types: ['VEC3'], componentTypes: { [FLOAT]: 'raw', [BYTE]: 'normalized', [SHORT]: 'normalized' } };
const TANGENT: AccessorRule = { types: ['VEC4'], componentTypes: { [FLOAT]: 'raw', [BYTE]: 'normalized', [SHORT]: 'normalized' } };
const TEXCOORD: AccessorRule = { types: ['VEC2'], componentTypes: { [FLOAT]: 'raw', [BYTE]: 'either', [UNSIGNED_BYTE]: 'either', [SHORT]: 'either', [UNSIGNED_SHORT]: 'either' } };
const COLOR: AccessorRule = { types: ['VEC3', 'VEC4'], componentTypes: { [FLOAT]: 'raw', [UNSIGNED_BYTE]: 'normalized', [UNSIGNED_SHORT]: 'normalized' } };

/**
 * Decodes one mesh primitive into triangle-list geometry: attributes
 * dequantized to f32, strips and fans converted, indices checked against the vertex count and generated
 * when absent, normals generated when absent. Returns null (with a warning) for primitives that draw no
 * triangles (points, lines, no POSITION). Called once per primitive, whatever the number of nodes using it;
 * `path` names the primitive in errors ('meshes[2].primitives[0]').
 */
export function decodeGeometry(ctx: ParseContext, primitive: JsonObject, path: string, normalMode: NormalMode): Geometry | null {
  const mode = int(primitive, 'mode', path, 0, 6, TRIANGLES);
  if (mode !== TRIANGLES && mode !== TRIANGLE_STRIP && mode !== TRIANGLE_FAN) {
    ctx.warnings.push(`${path} draws ${mode === 0 ? 'points' : 'lines'}, which LayerW does not render; skipped`);
    return null;
  }
  const attributes = asObject(primitive['attributes'], `${path}.attributes`);
  if (attributes['POSITION'] === undefined) {
    ctx.warnings.push(`${path} has no POSITION attribute; skipped`);
    return null;
  }
  const positions = attribute(ctx, attributes, 'POSITION', path, POSITION, 3)!;
  const vertexCount = positions.length / 3;
  const read = (name: string, rule: AccessorRule, size: number): Float32Array | null => {
    const values = attribute(ctx, attributes, name, path, rule, size);
    if (values && values.length / size !== vertexCount) {
      invalid(`${path}.attributes.${name} has ${values.length / size} elements but POSITION has ${vertexCount}`);
    }
    return values;
  };
  let normals = read('NORMAL', NORMAL, 3);
  let tangents = normals ? read('TANGENT', TANGENT, 4) : null; // tangents mean nothing without normals
  let uvs = read('TEXCOORD_0', TEXCOORD, 2);
  let uvs1 = read('TEXCOORD_1', TEXCOORD, 2);
  let colors = read('COLOR_0', COLOR, 4);
  // One pass both refuses non-finite positions and bounds them (flat normals below may bound a subset again).
  let bounds = finiteBounds(positions, `${path}.attributes.POSITION`);

  let order: Uint32Array;
  if (primitive['indices'] !== undefined) {
    order = readIndices(ctx, index(primitive, 'indices', path, ctx.accessors.length, 'accessor'), `${path}.indices`);
    checkIndices(order, vertexCount, `${path}.indices`);
  } else {
    ctx.budget.take(vertexCount * 4, `${path} generated indices`);
    order = new Uint32Array(vertexCount);
    for (let i = 0; i < vertexCount; i++) order[i] = i;
  }
  ctx.budget.take(mode === TRIANGLES ? 0 : order.length * 12, `${path} triangle list`);
  let triangles = toTriangleList(order, mode, path);
  if (triangles.length === 0) {
    ctx.warnings.push(`${path} has no complete triangle; skipped`);
    return null;
  }

  let finalPositions = positions;
  let finalCount = vertexCount;
  let sourceVertices: Uint32Array | null = null;
  if (!normals && normalMode === 'flat') {
    // Flat shading gives each triangle corner its own vertex.
    const corners = triangles.length;
    const perCorner = 3 + 3 + (uvs ? 2 : 0) + (uvs1 ? 2 : 0) + (colors ? 4 : 0);
    ctx.budget.take(corners * (perCorner * 4 + 4), `${path} flat normals`);
    finalPositions = unweld(positions, 3, triangles);
    uvs = uvs && unweld(uvs, 2, triangles);
    uvs1 = uvs1 && unweld(uvs1, 2, triangles);
    colors = colors && unweld(colors, 4, triangles);
    tangents = null;
    sourceVertices = triangles;
    normals = flatNormals(finalPositions);
    bounds = finiteBounds(finalPositions, `${path}.attributes.POSITION`);
    finalCount = corners;
    triangles = new Uint32Array(corners);
    for (let i = 0; i < corners; i++) triangles[i] = i;
  } else if (!normals) {
    ctx.budget.take(vertexCount * 12, `${path} smooth normals`);
    normals = smoothNormals(positions, triangles);
  }

  const { min, max } = bounds;
  if (finalCount <= 0x10000) ctx.budget.take(triangles.length * 2, `${path} indices`);
  return {
    positions: finalPositions,
    normals,
    uvs,
    uvs1,
    tangents,
    colors,
    indices: finalCount <= 0x10000 ? new Uint16Array(triangles) : triangles,
    vertexCount: finalCount,
    boundsMin: min,
    boundsMax: max,
    sourceVertices,
  };
}

function attribute(ctx: ParseContext, attributes: JsonObject, name: string, path: string, rule: AccessorRule, size: number): Float32Array | null {
  if (attributes[name] === undefined) return null;
  const accessor = index(attributes, name, `${path}.attributes`, ctx.accessors.length, 'accessor');
  const { info, values } = readFloats(ctx, accessor, rule, `${path}.attributes.${name}`);
  if (info.components === size) return values;
  // COLOR_0 as VEC3: widen to RGBA with alpha 1.
  ctx.budget.take(info.count * size * 4, `${path}.attributes.${name}`);
  const widened = new Float32Array(info.count * size);
  for (let i = 0; i < info.count; i++) {
    for (let c = 0; c < size; c++) widened[i * size + c] = c < info.components ? values[i * info.components + c]! : 1;
  }
  return widened;
}

/** Refuses an index at or past `vertexCount`, naming the first; a single compare per index when all are in range. */
function checkIndices(order: Uint32Array, vertexCount: number, what: string): void {
  let largest = 0;
  for (let i = 0; i < order.length; i++) largest = Math.max(largest, order[i]!);
  if (largest < vertexCount) return;
  const at = order.findIndex((value) => value >= vertexCount);
  invalid(`${what}[${at}] is ${order[at]}, past the ${vertexCount} vertices`);
}

/** The box of `positions` (x, y, z triples), refusing a component that is not finite. */
function finiteBounds(positions: Float32Array, what: string): { min: [number, number, number]; max: [number, number, number] } {
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  // x - x is 0 for every finite x and NaN for infinities and NaN: one test for all three components.
  let check = 0;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    const z = positions[i + 2]!;
    check += (x - x) + (y - y) + (z - z);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  if (check !== 0) {
    const at = positions.findIndex((value) => !Number.isFinite(value));
    invalid(`${what} holds ${positions[at]} at component ${at}`);
  }
  return { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] };
}
