import { VERTEX_FLOATS } from '../../gpu/geometry.js';

/** One triangle list to pick against: vertices in the staged VERTEX_FLOATS layout, and their indices. */
export interface PickPrimitive {
  readonly vertices: Float32Array;
  readonly indices: Uint16Array | Uint32Array;
}

/** Byte sizes of the hierarchy layout; the values come from the WebAssembly core's exports. */
export interface HierarchySizes {
  header: number;
  node: number;
  triangle: number;
  vertex: number;
}

/** Triangles per leaf: few enough that a leaf costs about what one more box test would. */
const LEAF_TRIANGLES = 4;
/** f32 / u32 words per node, triangle and vertex in the layout assembly/pick.ts reads. */
const NODE_WORDS = 8;
const TRIANGLE_WORDS = 4;
const VERTEX_WORDS = 8;

/**
 * A bounding-volume hierarchy over every triangle of `primitives` (their triangles numbered one after the
 * other, in order), laid out as assembly/pick.ts reads it: header, nodes, triangles in leaf order, vertices.
 * Median split along the widest axis of the triangles' centres. Built once per geometry, in TypeScript, then
 * copied into a mesh-region block; never per frame.
 */
export function buildHierarchy(primitives: readonly PickPrimitive[], sizes: HierarchySizes): Uint8Array {
  let vertexCount = 0;
  let triangleCount = 0;
  for (const p of primitives) {
    vertexCount += p.vertices.length / VERTEX_FLOATS;
    triangleCount += Math.floor(p.indices.length / 3);
  }
  const vertices = new Float32Array(vertexCount * VERTEX_WORDS);
  const triangles = new Uint32Array(triangleCount * 3);
  let vertexBase = 0;
  let t = 0;
  for (const p of primitives) {
    const n = p.vertices.length / VERTEX_FLOATS;
    for (let i = 0; i < n; i++) {
      // Position, normal and the first uv set; the second set is not reported.
      for (let k = 0; k < VERTEX_WORDS; k++) vertices[(vertexBase + i) * VERTEX_WORDS + k] = p.vertices[i * VERTEX_FLOATS + k]!;
    }
    const whole = Math.floor(p.indices.length / 3) * 3;
    for (let i = 0; i < whole; i++) triangles[t++] = vertexBase + p.indices[i]!;
    vertexBase += n;
  }

  const centres = new Float32Array(triangleCount * 3);
  for (let i = 0; i < triangleCount; i++) {
    for (let axis = 0; axis < 3; axis++) {
      centres[i * 3 + axis] = (vertices[triangles[i * 3]! * VERTEX_WORDS + axis]! + vertices[triangles[i * 3 + 1]! * VERTEX_WORDS + axis]!
        + vertices[triangles[i * 3 + 2]! * VERTEX_WORDS + axis]!) / 3;
    }
  }
  const order = new Uint32Array(triangleCount);
  for (let i = 0; i < triangleCount; i++) order[i] = i;
  const nodeFloats = new Float32Array(Math.max(1, 2 * triangleCount) * NODE_WORDS);
  const nodeWords = new Uint32Array(nodeFloats.buffer);
  let nodeCount = triangleCount > 0 ? 1 : 0;
  const pending: number[] = triangleCount > 0 ? [0, 0, triangleCount] : [];
  while (pending.length > 0) {
    const end = pending.pop()!, start = pending.pop()!, node = pending.pop()!;
    const at = node * NODE_WORDS;
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    const clo = [Infinity, Infinity, Infinity], chi = [-Infinity, -Infinity, -Infinity];
    for (let i = start; i < end; i++) {
      const tri = order[i]!;
      for (let corner = 0; corner < 3; corner++) {
        const v = triangles[tri * 3 + corner]! * VERTEX_WORDS;
        for (let axis = 0; axis < 3; axis++) {
          lo[axis] = Math.min(lo[axis]!, vertices[v + axis]!);
          hi[axis] = Math.max(hi[axis]!, vertices[v + axis]!);
        }
      }
      for (let axis = 0; axis < 3; axis++) {
        clo[axis] = Math.min(clo[axis]!, centres[tri * 3 + axis]!);
        chi[axis] = Math.max(chi[axis]!, centres[tri * 3 + axis]!);
      }
    }
    for (let axis = 0; axis < 3; axis++) {
      nodeFloats[at + axis] = lo[axis]!;
      nodeFloats[at + 4 + axis] = hi[axis]!;
    }
    const axis = widest(clo, chi);
    if (end - start <= LEAF_TRIANGLES || chi[axis]! - clo[axis]! <= 0) {
      nodeWords[at + 3] = start;
      nodeWords[at + 7] = end - start;
      continue;
    }
    const middle = (start + end) >>> 1;
    selectNth(order, centres, axis, start, end, middle);
    const left = nodeCount;
    nodeCount += 2;
    nodeWords[at + 3] = left;
    nodeWords[at + 7] = 0;
    pending.push(left, start, middle, left + 1, middle, end);
  }

  const nodesAt = sizes.header;
  const trianglesAt = nodesAt + nodeCount * sizes.node;
  const verticesAt = trianglesAt + triangleCount * sizes.triangle;
  const bytes = new Uint8Array(verticesAt + vertexCount * sizes.vertex);
  const words = new Uint32Array(bytes.buffer);
  words.set([nodeCount, triangleCount, vertexCount, nodesAt, trianglesAt, verticesAt, 0, 0]);
  words.set(nodeWords.subarray(0, nodeCount * NODE_WORDS), nodesAt / 4);
  for (let i = 0; i < triangleCount; i++) {
    const tri = order[i]!;
    const o = trianglesAt / 4 + i * TRIANGLE_WORDS;
    words[o] = triangles[tri * 3]!;
    words[o + 1] = triangles[tri * 3 + 1]!;
    words[o + 2] = triangles[tri * 3 + 2]!;
    words[o + 3] = tri;
  }
  new Float32Array(bytes.buffer, verticesAt, vertexCount * VERTEX_WORDS).set(vertices);
  return bytes;
}

function widest(lo: number[], hi: number[]): number {
  const x = hi[0]! - lo[0]!, y = hi[1]! - lo[1]!, z = hi[2]! - lo[2]!;
  return x >= y && x >= z ? 0 : y >= z ? 1 : 2;
}

/** Reorders `order[start..end)` so that `order[nth]` is where sorting by centre along `axis` would put it. */
function selectNth(order: Uint32Array, centres: Float32Array, axis: number, start: number, end: number, nth: number): void {
  let lo = start, hi = end - 1;
  while (hi > lo) {
    const pivot = centres[order[(lo + hi) >>> 1]! * 3 + axis]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (centres[order[i]! * 3 + axis]! < pivot) i++;
      while (centres[order[j]! * 3 + axis]! > pivot) j--;
      if (i <= j) {
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
