// The module's public surface: re-exports only. TypeScript reads the constants as exported globals. The kernels
// only a drawn frame calls (assembly/frame.ts) are in the frame kernels (assembly/frame-kernels.ts), a module over
// the same memory that scenes load with the renderer's chunk. Tweens and glTF animation are in the feature kernels
// (assembly/features.ts), a module over the same memory that pages load with their first `<layerw-animate>` or
// animated model; ray picking is in the picking kernels (assembly/picking.ts), one that scenes load with their
// pointer handling.

export {
  PAGE_BYTES, MAX_PAGES, REGION_SYSTEM, REGION_SCENE, REGION_COMMAND, REGION_SCRATCH, REGION_MESH,
  REGION_TEXTURE, STATUS_OK, STATUS_BUDGET_TOO_SMALL, GUARD_BYTES, NO_SLOT, FLAG_ALIVE, FLAG_VISIBLE, FLAG_CAST_SHADOW,
  FLAG_RECEIVE_SHADOW, FLAG_DIRTY, FLAG_CHANGED, FLAG_MOVING, FLAG_TRANSPARENT, COL_POSITION, COL_ROTATION,
  COL_SCALE, COL_WORLD, COL_LOCAL_BOUNDS, COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_COLOR,
  COL_MATERIAL, COL_EMISSIVE, COL_VELOCITY, COL_SPIN, COL_FLAGS, COL_PARENT, COL_BATCH, COL_FREE, COL_ORDER,
  COL_LOD_KEYS, COL_LOD_COVERAGE, COL_COMPONENTS, COL_DIRTY_BITS, FLAG_LOD, FLAG_UNPICKABLE, FLAG_LOOK,
  INSTANCE_BYTES, BATCH_RECORD_BYTES, R_BASE, R_CAPACITY, R_USED, R_HIGH_WATER,
  R_ALLOCATIONS, R_EVICTIONS, R_FAILURES,
} from './layout';
export {
  wallocInit, checkGuards, frameBegin, frameAlloc, wallocResize, currentFrame, totalPages, regionStat,
  commandSliceBytes, ringIndex, systemBase, staticEnd,
} from './walloc';
export { blockAlloc, blockAddress, blockSize, blockTouch, blockFree, blockCount } from './blocks';
export {
  columnAddress, columnComponents, slotCapacity, slotEnd, liveSlots, slotAlloc, slotFree, setParent,
  userColumnAlloc, userColumnAddress,
} from './columns';
export { updateMoving } from './movement';
export { selectSlots, markSlotsDirty } from './systems';
