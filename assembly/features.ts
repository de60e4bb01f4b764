// The feature kernels: tweens (`<layerw-animate>`) and glTF animation, a second module over a scene's memory
// that pages load the first time a scene uses one of them (src/wasm/feature-kernels.ts), so a page that uses
// neither never downloads them. Built as build/layerw-features.wasm and, for shared memories,
// build/layerw-features-threads.wasm (atomic dirty bits, like the threaded core).
//
// Both modules read and write the same bytes: all WALLOC state hangs off `sys`, which `attachFeatures` sets the
// way attachThread does for workers. The static data of this module (animation.ts's scratch matrix) starts
// at the `memoryBase` of its asconfig.json targets, inside the gap between the core's static data and the
// system region; TypeScript checks both facts at load time (STATIC_BASE, staticEnd, systemBase).

export {
  TWEEN_BYTES, MAX_TWEEN_KEYS, TWEEN_PLAIN, TWEEN_EULER, TWEEN_OPACITY, TWEEN_NO_COLUMN, EASE_LINEAR, EASE_CUBIC,
  EASE_STEPS, JUMP_START, JUMP_END, JUMP_NONE, JUMP_BOTH, DIRECTION_NORMAL, DIRECTION_REVERSE, DIRECTION_ALTERNATE,
  DIRECTION_ALTERNATE_REVERSE, FILL_NONE, FILL_FORWARDS, FILL_BACKWARDS, FILL_BOTH, TWEEN_LIVE, TWEEN_PLAYING,
  TWEEN_IN_EFFECT, TWEEN_OUTPUT_CHANGED, TWEEN_EVENT_RESTORE,
} from './layout';
export { STATIC_BASE, staticEnd, attachSideModule as attachFeatures } from './side-module';
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
export {
  tweenCapacity, liveTweens, tweenAlloc, tweenFree, tweenTarget, tweenTiming, tweenEasing, tweenKey, tweenPlay,
  tweenSeek, tweenTime, tweenState, tweenOutput, tweenEventCount, tweenEventAt, tweenEventsClear,
} from './tween-table';
export { evaluateTweens } from './tween';
