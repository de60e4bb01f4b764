// The built-in geometries: winding, normals, bounds and sizes, checked on the arrays (no GPU).
import { assert, assertClose } from '../assert.js';
import { GEOMETRIES } from '../../src/gpu/frame-input.js';
import { buildGeometry, buildSphere, VERTEX_FLOATS, type GeometryData } from '../../src/gpu/geometry.js';

function position(g: GeometryData, i: number): [number, number, number] {
  const o = i * VERTEX_FLOATS;
  return [g.vertices[o]!, g.vertices[o + 1]!, g.vertices[o + 2]!];
}

function normal(g: GeometryData, i: number): [number, number, number] {
  const o = i * VERTEX_FLOATS + 3;
  return [g.vertices[o]!, g.vertices[o + 1]!, g.vertices[o + 2]!];
}

function extent(g: GeometryData, axis: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < g.vertices.length / VERTEX_FLOATS; i++) {
    lo = Math.min(lo, position(g, i)[axis]!);
    hi = Math.max(hi, position(g, i)[axis]!);
  }
  return [lo, hi];
}

const EXPECTED_EXTENTS: Record<string, [number, number, number]> = {
  box: [1, 1, 1],
  sphere: [1, 1, 1],
  plane: [1, 0, 1],
  cylinder: [1, 1, 1],
  cone: [1, 1, 1],
  torus: [1.3, 0.3, 1.3],
};

describe('built-in geometries', () => {
  for (const name of GEOMETRIES) {
    describe(name, () => {
      const g = buildGeometry(name);

      it('has counter-clockwise front faces that agree with the vertex normals', () => {
        assert(g.indices.length > 0 && g.indices.length % 3 === 0, `${g.indices.length} indices`);
        for (let t = 0; t < g.indices.length; t += 3) {
          const [a, b, c] = [g.indices[t]!, g.indices[t + 1]!, g.indices[t + 2]!];
          const pa = position(g, a);
          const pb = position(g, b);
          const pc = position(g, c);
          const e1 = [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]];
          const e2 = [pc[0] - pa[0], pc[1] - pa[1], pc[2] - pa[2]];
          const face = [
            e1[1]! * e2[2]! - e1[2]! * e2[1]!,
            e1[2]! * e2[0]! - e1[0]! * e2[2]!,
            e1[0]! * e2[1]! - e1[1]! * e2[0]!,
          ];
          const n = [0, 0, 0];
          for (const v of [a, b, c]) normal(g, v).forEach((x, k) => (n[k]! += x));
          const dot = face[0]! * n[0]! + face[1]! * n[1]! + face[2]! * n[2]!;
          assert(dot > 0, `triangle ${t / 3} (${a}, ${b}, ${c}) winds clockwise or is degenerate (dot ${dot})`);
        }
      });

      it('has unit normals and indices in range', () => {
        const count = g.vertices.length / VERTEX_FLOATS;
        for (let i = 0; i < count; i++) assertClose(Math.hypot(...normal(g, i)), 1, 1e-5, `normal ${i}`);
        for (const index of g.indices) assert(index < count, `index ${index} >= ${count}`);
      });

      it('is unit-sized, centred, and inside its bounding sphere', () => {
        const size = EXPECTED_EXTENTS[name]!;
        for (let axis = 0; axis < 3; axis++) {
          const [lo, hi] = extent(g, axis);
          assertClose(hi - lo, size[axis]!, 1e-5, `extent on axis ${axis}`);
          assertClose(hi + lo, 0, 1e-5, `centre on axis ${axis}`);
        }
        const [cx, cy, cz, r] = g.bounds;
        for (let i = 0; i < g.vertices.length / VERTEX_FLOATS; i++) {
          const p = position(g, i);
          assert(Math.hypot(p[0] - cx!, p[1] - cy!, p[2] - cz!) <= r! + 1e-5, `vertex ${i} outside bounds`);
        }
      });
    });
  }

  it('uses 32-bit indices only when 16 bits cannot address the vertices', () => {
    assert(buildSphere().indices instanceof Uint16Array, 'default sphere should use Uint16 indices');
    assert(buildSphere(300, 300).indices instanceof Uint32Array, 'a 90k-vertex sphere needs Uint32 indices');
  });
});
