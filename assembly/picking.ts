// The picking kernels: rays from the pointer or from `raycast` against the scene's world spheres and the
// triangles of each geometry (assembly/pick.ts), a third module over a scene's memory that a scene loads with its
// pointer handling (src/wasm/picking-kernels.ts), so the initial load does not carry them. Built as
// build/layerw-picking.wasm and, for shared memories, build/layerw-picking-threads.wasm.
//
// Like the feature kernels (assembly/features.ts), all WALLOC state is reached through `sys`, which
// `attachPicking` sets; this module's static data (pick.ts's traversal stack, ray and compaction table) starts at
// the `memoryBase` of its asconfig.json targets, above the feature kernels' and below the system region, which
// TypeScript checks at load time (STATIC_BASE, staticEnd, systemBase).

export {
  NO_SLOT, RAY_BYTES, HIT_BYTES, BVH_HEADER_BYTES, BVH_NODE_BYTES, BVH_TRIANGLE_BYTES, BVH_VERTEX_BYTES,
} from './layout';
export { STATIC_BASE, staticEnd, attachSideModule as attachPicking } from './side-module';
export { screenRay, raySpheres, pickNearest, pickAll } from './pick';
