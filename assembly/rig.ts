// The rig block and the instance record that glTF animation reads (see animation.ts): their layouts, which
// src/engine/rig-layout.ts writes, and the sizes TypeScript asks for.

// A rig block (written once per model by TypeScript, src/engine/rig-layout.ts) holds, from its start, RIG_HEADER
// u32 words of offsets and counts (RIG_*), then the tables they point at. An instance record (ANIM_RECORD_BYTES)
// holds one mesh's clock and clip choice; animateInstances advances and samples every record in one call.

// ---- rig block header (u32 word index) ----------------------------------------------------------------------
export const RIG_NODE_COUNT: u32 = 0;
export const RIG_PALETTE_COUNT: u32 = 1;
export const RIG_WEIGHT_COUNT: u32 = 2;
export const RIG_ANIMATION_COUNT: u32 = 3;
export const RIG_PARENTS: u32 = 4; //     byte offset of i32 × nodes
export const RIG_ORDER: u32 = 5; //       u32 × nodes, parents first
export const RIG_REST: u32 = 6; //        f32 × 10 per node: t xyz, r xyzw, s xyz
export const RIG_PALETTE: u32 = 7; //     f32 × 24 per entry: node, joint flag, 0, 0, inverse bind (16), sphere (4)
export const RIG_WEIGHTS: u32 = 8; //     f32 × weights, the defaults
export const RIG_ANIMATIONS: u32 = 9; //  u32 × 4 per animation: channel count, channels offset, duration (f32), 0
export const RIG_WEIGHT_OFFSETS: u32 = 10; // i32 × nodes: first weight of the node, -1 if none
export const RIG_HEADER: u32 = 16;
/** u32 words per channel: node, path, interpolation, key count, times offset, values offset, components, 0. */
export const RIG_CHANNEL_WORDS: u32 = 8;
export const NODE_FLOATS: u32 = 10;
export const PALETTE_ENTRY_FLOATS: u32 = 24;

// ---- instance record (byte offsets) --------------------------------------------------------------------------
export const ANIM_RECORD_BYTES: u32 = 128;
export const AR_SLOT: u32 = 0;
export const AR_RIG: u32 = 4; //          rig block handle
export const AR_CLIP: u32 = 8; //         i32 animation index, -1 none
export const AR_TIME: u32 = 12; //        f32 seconds
export const AR_SPEED: u32 = 16; //       f32
export const AR_MODE: u32 = 20; //        u32 ANIM_* bits
export const AR_PREVIOUS: u32 = 24; //    i32 clip fading out, -1 none
export const AR_PREVIOUS_TIME: u32 = 28;
export const AR_FADE: u32 = 32; //        f32 seconds into the crossfade
export const AR_FADE_LENGTH: u32 = 36; // f32 seconds
export const AR_EVENTS: u32 = 40; //      u32 ANIM_EVENT_* bits, set here, cleared by TypeScript
export const AR_BASE: u32 = 44; //        u32 first palette matrix of the instance this frame
export const AR_WEIGHTS: u32 = 64; //     f32 × MAX_OVERRIDE_WEIGHTS: the `morphWeights` property
export const MAX_OVERRIDE_WEIGHTS: u32 = 16;

export const ANIM_LOOP_MASK: u32 = 3;
export const ANIM_REPEAT: u32 = 0;
export const ANIM_ONCE: u32 = 1;
export const ANIM_PINGPONG: u32 = 2;
export const ANIM_PLAYING: u32 = 4;
/** Pingpong is on its way back. */
export const ANIM_RETURNING: u32 = 8;
/** `AR_WEIGHTS` replaces the morph weights. */
export const ANIM_OVERRIDE_WEIGHTS: u32 = 16;
export const ANIM_EVENT_LOOP: u32 = 1;
export const ANIM_EVENT_FINISHED: u32 = 2;

/** Word `field` (RIG_*) of the rig block at `rig`. */
@inline export function word(rig: u32, field: u32): u32 {
  return load<u32>(rig + field * 4);
}

/** Floats of scratch one instance of `rig` needs: two local poses, their weights, and world matrices. */
export function rigScratchFloats(rig: u32): u32 {
  const nodes = word(rig, RIG_NODE_COUNT);
  return nodes * (2 * NODE_FLOATS + 16) + 2 * word(rig, RIG_WEIGHT_COUNT) + 4;
}

/** Palette matrices one instance of `rig` writes: its entries, then its morph weights in whole matrices. */
export function rigPaletteMatrices(rig: u32): u32 {
  return word(rig, RIG_PALETTE_COUNT) + (word(rig, RIG_WEIGHT_COUNT) + 15) / 16;
}

/** Duration in seconds of animation `clip` of `rig` (0 for a clip it does not have). */
export function rigDuration(rig: u32, clip: i32): f32 {
  if (clip < 0 || <u32>clip >= word(rig, RIG_ANIMATION_COUNT)) return 0;
  return load<f32>(rig + word(rig, RIG_ANIMATIONS) + <u32>clip * 16 + 8);
}
