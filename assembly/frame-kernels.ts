// The frame kernels (assembly/frame.ts) as a module beside the core over a scene's memory, which a scene loads
// with the renderer's chunk (src/wasm/frame-kernels.ts). Like the feature and picking kernels, all WALLOC state is
// reached through `sys`, which `attachFrameKernels` sets; this module's static data (cull.ts's compaction table)
// starts at the `memoryBase` of its asconfig.json target, above the core's static data and below the feature
// kernels', which TypeScript checks at load time (STATIC_BASE, staticEnd, systemBase). Scenes with workers have a
// shared memory and the threaded core, which holds these kernels itself; there is no shared-memory build of this one.

export * from './frame';
export { STATIC_BASE, staticEnd, attachSideModule as attachFrameKernels } from './side-module';
