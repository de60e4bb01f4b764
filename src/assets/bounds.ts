import type { BoundingSphere, PrimitiveData } from './model-data.js';

/**
 * A sphere around every primitive in model space: centred on the box of the transformed local boxes, with a
 * radius that covers each primitive's own sphere (local box centre and half-diagonal, scaled by the
 * largest axis scale of its world matrix). Loose by at most the box-to-sphere factor; never too small.
 */
export function boundingSphere(primitives: readonly PrimitiveData[]): BoundingSphere {
  if (primitives.length === 0) return { center: [0, 0, 0], radius: 0 };
  const spheres = primitives.map(worldSphere);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const { center, radius } of spheres) {
    for (let c = 0; c < 3; c++) {
      min[c] = Math.min(min[c]!, center[c]! - radius);
      max[c] = Math.max(max[c]!, center[c]! + radius);
    }
  }
  const center: [number, number, number] = [(min[0]! + max[0]!) / 2, (min[1]! + max[1]!) / 2, (min[2]! + max[2]!) / 2];
  let radius = 0;
  for (const s of spheres) {
    radius = Math.max(radius, Math.hypot(s.center[0] - center[0], s.center[1] - center[1], s.center[2] - center[2]) + s.radius);
  }
  return { center, radius };
}

function worldSphere(primitive: PrimitiveData): BoundingSphere {
  const { boundsMin: lo, boundsMax: hi, worldMatrix: m } = primitive;
  const x = (lo[0] + hi[0]) / 2, y = (lo[1] + hi[1]) / 2, z = (lo[2] + hi[2]) / 2;
  const local = Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2;
  const scale = Math.max(Math.hypot(m[0]!, m[1]!, m[2]!), Math.hypot(m[4]!, m[5]!, m[6]!), Math.hypot(m[8]!, m[9]!, m[10]!));
  return {
    center: [
      m[0]! * x + m[4]! * y + m[8]! * z + m[12]!,
      m[1]! * x + m[5]! * y + m[9]! * z + m[13]!,
      m[2]! * x + m[6]! * y + m[10]! * z + m[14]!,
    ],
    radius: local * scale,
  };
}
