// The threaded core: everything the plain core exports and the frame kernels (assembly/frame.ts), over a shared
// memory, plus the kernels that split a frame's movement, transforms and culling into ranges for several threads.
// Built only as build/layerw-threads.wasm, which pages load when they are cross-origin isolated.

export * from './index';
export * from './frame';
export { attachThread } from './walloc';
export { moveSlots, movingCount } from './movement';
export { transformBegin, transformRoots, transformChildren } from './transforms';
export { cullSlots } from './cull';
export { COL_CHANGED_LIST } from './layout';
