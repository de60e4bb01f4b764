// The module's public surface: re-exports only. TypeScript reads the constants as exported globals.

export {
  PAGE_BYTES, MAX_PAGES, REGION_SYSTEM, REGION_SCENE, REGION_COMMAND, REGION_SCRATCH, REGION_MESH,
  REGION_TEXTURE, REGION_COUNT, MIN_RING_DEPTH, STATUS_OK, STATUS_BUDGET_TOO_SMALL, STATUS_CORRUPTED,
  STATUS_GROW_REFUSED, STATUS_BAD_LAYOUT, GUARD_BYTES, NO_SLOT, FLAG_ALIVE, FLAG_VISIBLE, FLAG_CAST_SHADOW,
  FLAG_RECEIVE_SHADOW, FLAG_DIRTY, FLAG_CHANGED, FLAG_MOVING, FLAG_TRANSPARENT, COL_POSITION, COL_ROTATION,
  COL_SCALE, COL_WORLD, COL_LOCAL_BOUNDS, COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_COLOR,
  COL_MATERIAL, COL_EMISSIVE, COL_VELOCITY, COL_SPIN, COL_FLAGS, COL_PARENT, COL_BATCH, COL_FREE, COL_ORDER,
  COL_LOD_KEYS, COL_LOD_COVERAGE, COL_COMPONENTS, COL_DIRTY_BITS, FLAG_LOD, USER_BYTES_PER_SLOT, FLAG_UNPICKABLE, RAY_BYTES,
  HIT_BYTES, BVH_HEADER_BYTES, BVH_NODE_BYTES, BVH_TRIANGLE_BYTES, BVH_VERTEX_BYTES, TWEEN_BYTES, MAX_TWEEN_KEYS, TWEEN_PLAIN, TWEEN_EULER, TWEEN_OPACITY,
  TWEEN_NO_COLUMN, EASE_LINEAR, EASE_CUBIC, EASE_STEPS, JUMP_START, JUMP_END, JUMP_NONE, JUMP_BOTH,
  DIRECTION_NORMAL, DIRECTION_REVERSE, DIRECTION_ALTERNATE, DIRECTION_ALTERNATE_REVERSE, FILL_NONE, FILL_FORWARDS,
  FILL_BACKWARDS, FILL_BOTH, TWEEN_LIVE, TWEEN_PLAYING, TWEEN_IN_EFFECT, TWEEN_OUTPUT_CHANGED,
  TWEEN_EVENT_RESTORE,
  COLUMN_COUNT, INSTANCE_BYTES, BATCH_RECORD_BYTES, MAX_BLOCKS, R_BASE, R_CAPACITY, R_USED, R_HIGH_WATER,
  R_ALLOCATIONS, R_EVICTIONS, R_FAILURES,
} from './layout';
export {
  wallocInit, checkGuards, frameBegin, frameAlloc, wallocResize, currentFrame, totalPages, regionStat,
  commandSliceBytes, ringIndex,
} from './walloc';
export { blockAlloc, blockAddress, blockSize, blockTouch, blockFree, blockCount } from './blocks';
export {
  columnAddress, columnComponents, slotCapacity, slotEnd, liveSlots, slotAlloc, slotFree, setParent,
  userColumnAlloc, userColumnAddress,
} from './columns';
export { moveObjects, moveObjectsMicros, updateMoving } from './movement';
export { selectLod } from './lod';
export { sortHierarchy, updateTransforms } from './transforms';
export { frustumPlanes } from './frustum';
export { cullScalar, cullSimd } from './cull';
export { packInstances, groupVisible } from './pack';
export { packChanged, diffRange, RANGE_RECORD_BYTES, RANGE_GAP } from './instances';
export { splitTransparent, sortBackToFront, packOrdered } from './transparency';
export {
  RIG_NODE_COUNT, RIG_PALETTE_COUNT, RIG_WEIGHT_COUNT, RIG_ANIMATION_COUNT, RIG_PARENTS, RIG_ORDER, RIG_REST, RIG_PALETTE,
  RIG_WEIGHTS, RIG_ANIMATIONS, RIG_WEIGHT_OFFSETS, RIG_HEADER, RIG_CHANNEL_WORDS, ANIM_RECORD_BYTES, AR_SLOT, AR_RIG,
  AR_CLIP, AR_TIME, AR_SPEED, AR_MODE, AR_PREVIOUS, AR_PREVIOUS_TIME, AR_FADE, AR_FADE_LENGTH, AR_EVENTS, AR_BASE,
  AR_WEIGHTS, MAX_OVERRIDE_WEIGHTS, ANIM_LOOP_MASK, ANIM_REPEAT, ANIM_ONCE, ANIM_PINGPONG, ANIM_PLAYING, ANIM_RETURNING,
  ANIM_OVERRIDE_WEIGHTS, ANIM_EVENT_LOOP, ANIM_EVENT_FINISHED,
  rigScratchFloats, rigPaletteMatrices, rigDuration,
} from './rig';
export { samplePose } from './pose';
export { worldMatrices, writePalette, animateInstances } from './animation';
export { selectSlots, markSlotsDirty } from './systems';
export {
  tweenCapacity, liveTweens, tweenAlloc, tweenFree, tweenTarget, tweenTiming, tweenEasing, tweenKey, tweenPlay,
  tweenSeek, tweenTime, tweenState, tweenOutput, tweenEventCount, tweenEventAt, tweenEventsClear,
} from './tween-table';
export { evaluateTweens } from './tween';
export { screenRay, raySpheres, pickNearest, pickAll } from './pick';
