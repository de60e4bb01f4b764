// The per-frame kernels, re-exports only: movement, world transforms, levels of detail, frustum culling,
// transparency sorting and instance packing. Only a drawn frame calls them, and a scene draws no frame before the
// renderer's chunk has arrived, so they are not in the plain core: they are their own module over a scene's memory
// (assembly/frame-kernels.ts), loaded with the renderer. The threaded core keeps them (assembly/threads.ts).

export { moveObjects, moveObjectsMicros } from './movement';
export { selectLod } from './lod';
export { updateTransforms } from './transforms';
export { frustumPlanes } from './frustum';
export { cullScalar, cullSimd } from './cull';
export { groupVisible } from './pack';
export { changedRanges, diffRange, RANGE_RECORD_BYTES } from './instances';
export { splitTransparent, sortBackToFront } from './transparency';
