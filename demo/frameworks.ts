// What the React, Vue and Svelte demos share: the list of meshes they start with and how a new one looks.

/** One mesh in a demo's list; `id` is the key frameworks use to keep each element with its entry. */
export interface DemoMesh {
  id: number;
  geometry: 'box' | 'sphere' | 'torus' | 'cone' | 'cylinder';
  color: string;
}

const GEOMETRIES: DemoMesh['geometry'][] = ['box', 'sphere', 'torus', 'cone', 'cylinder'];
const COLORS = ['tomato', '#4c8bf5', 'gold', '#c678dd', '#88c070'];
let nextId = 1;

/** A new mesh, cycling through geometries and colours. */
export function newMesh(): DemoMesh {
  const id = nextId++;
  return { id, geometry: GEOMETRIES[(id - 1) % GEOMETRIES.length]!, color: COLORS[(id - 1) % COLORS.length]! };
}

/** The demos' starting list. */
export function firstMeshes(): DemoMesh[] {
  return [newMesh(), newMesh(), newMesh()];
}

/** Where the i-th of n meshes stands: a row across the floor. */
export function meshPosition(index: number, count: number): [number, number, number] {
  return [(index - (count - 1) / 2) * 1.4, 0.55, 0];
}
