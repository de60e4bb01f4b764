// Plain TypeScript references for the WebAssembly kernels, written the obvious way with gl-matrix. The tests
// run both on the same random input and compare.

import { mat4, quat, vec3 } from 'gl-matrix';

/** Flags as the core defines them; passed in so this file does not restate the core's numbers. */
export interface FlagBits {
  alive: number;
  visible: number;
  moving: number;
}

/** position += velocity * dt; rotation = normalize(rotation * euler(spin * dt)). Mutates copies. */
export function referenceMove(
  position: Float32Array, rotation: Float32Array, velocity: Float32Array, spin: Float32Array, flags: Uint32Array,
  end: number, dt: number, bits: FlagBits,
): void {
  const delta = quat.create();
  const q = quat.create();
  for (let s = 0; s < end; s++) {
    if ((flags[s]! & (bits.alive | bits.moving)) !== (bits.alive | bits.moving)) continue;
    for (let k = 0; k < 3; k++) position[s * 3 + k] = position[s * 3 + k]! + velocity[s * 3 + k]! * dt;
    const [x, y, z] = [spin[s * 3]! * dt, spin[s * 3 + 1]! * dt, spin[s * 3 + 2]! * dt];
    if (x === 0 && y === 0 && z === 0) continue;
    quat.fromEuler(delta, x, y, z);
    quat.set(q, rotation[s * 4]!, rotation[s * 4 + 1]!, rotation[s * 4 + 2]!, rotation[s * 4 + 3]!);
    quat.multiply(q, q, delta);
    quat.normalize(q, q);
    rotation.set(q, s * 4);
  }
}

/** World matrices (16 per slot) of every live slot: parent world * TRS, recursing up the parents. */
export function referenceWorlds(
  position: Float32Array, rotation: Float32Array, scale: Float32Array, parent: Uint32Array, live: (slot: number) => boolean,
  end: number, noSlot: number,
): Map<number, mat4> {
  const worlds = new Map<number, mat4>();
  const worldOf = (s: number): mat4 => {
    const known = worlds.get(s);
    if (known) return known;
    const local = mat4.fromRotationTranslationScale(
      mat4.create(),
      quat.fromValues(rotation[s * 4]!, rotation[s * 4 + 1]!, rotation[s * 4 + 2]!, rotation[s * 4 + 3]!),
      vec3.fromValues(position[s * 3]!, position[s * 3 + 1]!, position[s * 3 + 2]!),
      vec3.fromValues(scale[s * 3]!, scale[s * 3 + 1]!, scale[s * 3 + 2]!),
    );
    const p = parent[s]!;
    const world = p !== noSlot && live(p) ? mat4.multiply(mat4.create(), worldOf(p), local) : local;
    worlds.set(s, world);
    return world;
  };
  for (let s = 0; s < end; s++) if (live(s)) worldOf(s);
  return worlds;
}

/** World bounding sphere: centre transformed, radius scaled by the largest axis scale. */
export function referenceWorldSphere(world: mat4, local: ArrayLike<number>): [number, number, number, number] {
  const centre = vec3.transformMat4(vec3.create(), vec3.fromValues(local[0]!, local[1]!, local[2]!), world);
  const axis = (c: number) => Math.hypot(world[c * 4]!, world[c * 4 + 1]!, world[c * 4 + 2]!);
  return [centre[0], centre[1], centre[2], local[3]! * Math.max(axis(0), axis(1), axis(2))];
}

/** The six normalised planes (left, right, bottom, top, near, far) of a WebGPU view-projection matrix. */
export function referencePlanes(m: ArrayLike<number>): number[][] {
  const row = (r: number) => [m[r]!, m[4 + r]!, m[8 + r]!, m[12 + r]!];
  const [r0, r1, r2, r3] = [row(0), row(1), row(2), row(3)];
  const combos = [
    r3!.map((v, i) => v + r0![i]!), r3!.map((v, i) => v - r0![i]!),
    r3!.map((v, i) => v + r1![i]!), r3!.map((v, i) => v - r1![i]!),
    r2!, r3!.map((v, i) => v - r2![i]!),
  ];
  return combos.map((p) => {
    const length = Math.hypot(p[0]!, p[1]!, p[2]!);
    return p.map((v) => v / length);
  });
}

/**
 * Visible slots, ascending: live, `visible` flag on, and sphere not wholly outside a plane. Single-precision
 * arithmetic in the kernels' order, so the answer matches bit for bit, borderline spheres included.
 */
export function referenceCull(
  planes: Float32Array, x: Float32Array, y: Float32Array, z: Float32Array, r: Float32Array, flags: Uint32Array,
  end: number, drawable: number,
): number[] {
  const f = Math.fround;
  const out: number[] = [];
  for (let s = 0; s < end; s++) {
    if ((flags[s]! & drawable) !== drawable) continue;
    let inside = true;
    for (let p = 0; p < 6; p++) {
      const d = f(f(f(f(planes[p * 4]! * x[s]!) + f(planes[p * 4 + 1]! * y[s]!)) + f(planes[p * 4 + 2]! * z[s]!)) + planes[p * 4 + 3]!);
      if (d < -r[s]!) {
        inside = false;
        break;
      }
    }
    if (inside) out.push(s);
  }
  return out;
}

/** Stable grouping by key: the expected batch records and the slot order of the packed instances. */
export function referencePack(visible: number[], keys: Uint32Array, keyLimit: number): {
  batches: [number, number, number][];
  order: number[];
} {
  const groups = new Map<number, number[]>();
  for (const s of visible) {
    const key = keys[s]!;
    if (key >= keyLimit) continue;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(s);
  }
  const batches: [number, number, number][] = [];
  const order: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const slots = groups.get(key)!;
    batches.push([key, order.length, slots.length]);
    order.push(...slots);
  }
  return { batches, order };
}
