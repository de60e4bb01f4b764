// glTF animation: sampling channels (LINEAR with slerp for rotations, STEP, CUBICSPLINE), blending two clips for a
// crossfade, node hierarchy to model-space matrices, and the per-instance palette the vertex shader reads (mesh
// node matrices and joint matrices = world · inverse bind), with morph weights and a bounding sphere.
//
// A rig block (written once per model by TypeScript, src/engine/rig-layout.ts) holds, from its start, RIG_HEADER
// u32 words of offsets and counts (RIG_*), then the tables they point at. An instance record (ANIM_RECORD_BYTES)
// holds one mesh's clock and clip choice; animateInstances advances and samples every record in one call.

import { COL_EMISSIVE, COL_LOCAL_BOUNDS } from './layout';
import { column, markDirty } from './columns';
import { blockAddress } from './blocks';

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

const PATH_TRANSLATION: u32 = 0;
const PATH_ROTATION: u32 = 1;
const PATH_WEIGHTS: u32 = 3;
const STEP: u32 = 1;
const CUBICSPLINE: u32 = 2;

@inline function word(rig: u32, field: u32): u32 {
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

/**
 * Writes the pose of `rig` at `time` seconds of animation `clip` (-1: the rest pose) to `pose` (NODE_FLOATS per
 * node) and `weights` (the morph weights). Called per instance per frame by animateInstances, and by tests.
 */
export function samplePose(rig: u32, clip: i32, time: f32, pose: u32, weights: u32): void {
  const nodes = word(rig, RIG_NODE_COUNT);
  memory.copy(pose, rig + word(rig, RIG_REST), nodes * NODE_FLOATS * 4);
  memory.copy(weights, rig + word(rig, RIG_WEIGHTS), word(rig, RIG_WEIGHT_COUNT) * 4);
  if (clip < 0 || <u32>clip >= word(rig, RIG_ANIMATION_COUNT)) return;
  const animation = rig + word(rig, RIG_ANIMATIONS) + <u32>clip * 16;
  const count = load<u32>(animation);
  const channels = rig + load<u32>(animation, 4);
  const weightOffsets = rig + word(rig, RIG_WEIGHT_OFFSETS);
  for (let c: u32 = 0; c < count; c++) {
    const channel = channels + c * RIG_CHANNEL_WORDS * 4;
    const node = load<u32>(channel);
    const path = load<u32>(channel, 4);
    let out: u32;
    if (path == PATH_WEIGHTS) out = weights + <u32>load<i32>(weightOffsets + node * 4) * 4;
    else out = pose + (node * NODE_FLOATS + (path == PATH_TRANSLATION ? 0 : path == PATH_ROTATION ? 3 : 7)) * 4;
    sampleChannel(rig, channel, time, out);
  }
}

/** Samples one channel at `time` into `out` (its components as f32). */
function sampleChannel(rig: u32, channel: u32, time: f32, out: u32): void {
  const path = load<u32>(channel, 4);
  const interpolation = load<u32>(channel, 8);
  const keys = load<u32>(channel, 12);
  const times = rig + load<u32>(channel, 16);
  const values = rig + load<u32>(channel, 20);
  const n = load<u32>(channel, 24);
  const cubic = interpolation == CUBICSPLINE;
  const stride = cubic ? n * 3 : n;
  const first: u32 = cubic ? n : 0; // a cubic key's value sits after its in-tangent
  if (keys == 0) return;
  if (keys == 1 || time <= load<f32>(times)) {
    memory.copy(out, values + first * 4, n * 4);
    return;
  }
  if (time >= load<f32>(times + (keys - 1) * 4)) {
    memory.copy(out, values + ((keys - 1) * stride + first) * 4, n * 4);
    return;
  }
  // Largest k with times[k] <= time.
  let lo: u32 = 0;
  let hi: u32 = keys - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (load<f32>(times + mid * 4) <= time) lo = mid;
    else hi = mid;
  }
  const t0 = load<f32>(times + lo * 4);
  const t1 = load<f32>(times + hi * 4);
  const span = t1 - t0;
  const s: f32 = span > 0 ? (time - t0) / span : 0;
  const a = values + lo * stride * 4;
  const b = values + hi * stride * 4;
  if (interpolation == STEP) {
    memory.copy(out, a, n * 4);
  } else if (cubic) {
    const s2 = s * s;
    const s3 = s2 * s;
    const h00: f32 = 2 * s3 - 3 * s2 + 1;
    const h10: f32 = (s3 - 2 * s2 + s) * span;
    const h01: f32 = -2 * s3 + 3 * s2;
    const h11: f32 = (s3 - s2) * span;
    for (let k: u32 = 0; k < n; k++) {
      const v0 = load<f32>(a + (n + k) * 4);
      const out0 = load<f32>(a + (2 * n + k) * 4);
      const v1 = load<f32>(b + (n + k) * 4);
      const in1 = load<f32>(b + k * 4);
      store<f32>(out + k * 4, h00 * v0 + h10 * out0 + h01 * v1 + h11 * in1);
    }
    if (path == PATH_ROTATION) normalizeQuat(out);
  } else if (path == PATH_ROTATION) {
    slerp(out, a, b, s);
  } else {
    for (let k: u32 = 0; k < n; k++) {
      const x = load<f32>(a + k * 4);
      store<f32>(out + k * 4, x + (load<f32>(b + k * 4) - x) * s);
    }
  }
}

@inline function normalizeQuat(q: u32): void {
  const x = load<f32>(q), y = load<f32>(q, 4), z = load<f32>(q, 8), w = load<f32>(q, 12);
  const length = Mathf.sqrt(x * x + y * y + z * z + w * w);
  const inv: f32 = length > 0 ? 1 / length : 0;
  store<f32>(q, x * inv);
  store<f32>(q, y * inv, 4);
  store<f32>(q, z * inv, 8);
  store<f32>(q, length > 0 ? w * inv : 1, 12);
}

/** Spherical interpolation from quaternion `a` to `b` along the shorter arc; `out` may be `a`. */
function slerp(out: u32, a: u32, b: u32, s: f32): void {
  const ax = load<f32>(a), ay = load<f32>(a, 4), az = load<f32>(a, 8), aw = load<f32>(a, 12);
  let bx = load<f32>(b), by = load<f32>(b, 4), bz = load<f32>(b, 8), bw = load<f32>(b, 12);
  let cos = ax * bx + ay * by + az * bz + aw * bw;
  if (cos < 0) {
    cos = -cos;
    bx = -bx; by = -by; bz = -bz; bw = -bw;
  }
  let ka: f32 = 1 - s;
  let kb: f32 = s;
  if (cos < 0.9995) {
    const angle = Mathf.acos(cos);
    const sin = Mathf.sin(angle);
    ka = Mathf.sin((1 - s) * angle) / sin;
    kb = Mathf.sin(s * angle) / sin;
  }
  store<f32>(out, ka * ax + kb * bx);
  store<f32>(out, ka * ay + kb * by, 4);
  store<f32>(out, ka * az + kb * bz, 8);
  store<f32>(out, ka * aw + kb * bw, 12);
  normalizeQuat(out);
}

/** Blends pose `from` into `to` in place: `to` = mix(from, to, f), rotations by slerp. */
function blendPoses(to: u32, from: u32, nodes: u32, toWeights: u32, fromWeights: u32, weightCount: u32, f: f32): void {
  for (let n: u32 = 0; n < nodes; n++) {
    const p = to + n * NODE_FLOATS * 4;
    const q = from + n * NODE_FLOATS * 4;
    for (let k: u32 = 0; k < 3; k++) {
      const x = load<f32>(q + k * 4);
      store<f32>(p + k * 4, x + (load<f32>(p + k * 4) - x) * f);
      const y = load<f32>(q + (7 + k) * 4);
      store<f32>(p + (7 + k) * 4, y + (load<f32>(p + (7 + k) * 4) - y) * f);
    }
    slerp(p + 12, q + 12, p + 12, f);
  }
  for (let k: u32 = 0; k < weightCount; k++) {
    const x = load<f32>(fromWeights + k * 4);
    store<f32>(toWeights + k * 4, x + (load<f32>(toWeights + k * 4) - x) * f);
  }
}

/** Column-major matrix of translation · rotation · scale from NODE_FLOATS at `trs`. */
function composeTrs(m: u32, trs: u32): void {
  const x = load<f32>(trs, 12), y = load<f32>(trs, 16), z = load<f32>(trs, 20), w = load<f32>(trs, 24);
  const sx = load<f32>(trs, 28), sy = load<f32>(trs, 32), sz = load<f32>(trs, 36);
  const x2 = x + x, y2 = y + y, z2 = z + z;
  const xx = x * x2, xy = x * y2, xz = x * z2, yy = y * y2, yz = y * z2, zz = z * z2;
  const wx = w * x2, wy = w * y2, wz = w * z2;
  store<f32>(m, (1 - (yy + zz)) * sx);
  store<f32>(m, (xy + wz) * sx, 4);
  store<f32>(m, (xz - wy) * sx, 8);
  store<f32>(m, 0, 12);
  store<f32>(m, (xy - wz) * sy, 16);
  store<f32>(m, (1 - (xx + zz)) * sy, 20);
  store<f32>(m, (yz + wx) * sy, 24);
  store<f32>(m, 0, 28);
  store<f32>(m, (xz + wy) * sz, 32);
  store<f32>(m, (yz - wx) * sz, 36);
  store<f32>(m, (1 - (xx + yy)) * sz, 40);
  store<f32>(m, 0, 44);
  store<f32>(m, load<f32>(trs), 48);
  store<f32>(m, load<f32>(trs, 4), 52);
  store<f32>(m, load<f32>(trs, 8), 56);
  store<f32>(m, 1, 60);
}

/** out = a · b (column-major 4×4; `out` must differ from both). */
function multiply(out: u32, a: u32, b: u32): void {
  const a0 = v128.load(a), a1 = v128.load(a, 16), a2 = v128.load(a, 32), a3 = v128.load(a, 48);
  for (let c: u32 = 0; c < 4; c++) {
    const col = b + c * 16;
    let r = f32x4.mul(a0, f32x4.splat(load<f32>(col)));
    r = f32x4.add(r, f32x4.mul(a1, f32x4.splat(load<f32>(col, 4))));
    r = f32x4.add(r, f32x4.mul(a2, f32x4.splat(load<f32>(col, 8))));
    r = f32x4.add(r, f32x4.mul(a3, f32x4.splat(load<f32>(col, 12))));
    v128.store(out + c * 16, r);
  }
}

/** Model-space matrix of every node (16 f32 each at `world`) from the local `pose`, parents first. */
export function worldMatrices(rig: u32, pose: u32, world: u32): void {
  const nodes = word(rig, RIG_NODE_COUNT);
  const order = rig + word(rig, RIG_ORDER);
  const parents = rig + word(rig, RIG_PARENTS);
  for (let i: u32 = 0; i < nodes; i++) {
    const n = load<u32>(order + i * 4);
    const parent = load<i32>(parents + n * 4);
    const m = world + n * 64;
    if (parent < 0) {
      composeTrs(m, pose + n * NODE_FLOATS * 4);
      continue;
    }
    // The local matrix goes in the palette's spare scratch first: multiply needs distinct operands.
    composeTrs(localScratch, pose + n * NODE_FLOATS * 4);
    multiply(m, world + <u32>parent * 64, localScratch);
  }
}

const localScratch: u32 = <u32>memory.data(64, 16);

/**
 * Writes the palette of one instance at `out`: every entry's matrix (world of its node, times the inverse bind
 * for joints), then the morph weights. Returns the model-space bounding sphere radius and leaves its centre in
 * `sphereX/Y/Z`: the union of every entry's bind-space sphere carried by its matrix.
 */
export function writePalette(rig: u32, world: u32, weights: u32, out: u32): f32 {
  const entries = word(rig, RIG_PALETTE_COUNT);
  const palette = rig + word(rig, RIG_PALETTE);
  let minX: f32 = Infinity, minY: f32 = Infinity, minZ: f32 = Infinity;
  let maxX: f32 = -Infinity, maxY: f32 = -Infinity, maxZ: f32 = -Infinity;
  for (let e: u32 = 0; e < entries; e++) {
    const entry = palette + e * PALETTE_ENTRY_FLOATS * 4;
    const node = <u32>load<f32>(entry);
    const m = out + e * 64;
    if (load<f32>(entry, 4) != 0) multiply(m, world + node * 64, entry + 16);
    else memory.copy(m, world + node * 64, 64);
    const r = load<f32>(entry, 92);
    if (r < 0) continue;
    const x = load<f32>(entry, 80), y = load<f32>(entry, 84), z = load<f32>(entry, 88);
    const cx = load<f32>(m) * x + load<f32>(m, 16) * y + load<f32>(m, 32) * z + load<f32>(m, 48);
    const cy = load<f32>(m, 4) * x + load<f32>(m, 20) * y + load<f32>(m, 36) * z + load<f32>(m, 52);
    const cz = load<f32>(m, 8) * x + load<f32>(m, 24) * y + load<f32>(m, 40) * z + load<f32>(m, 56);
    const scale = Mathf.sqrt(max(max(axis2(m, 0), axis2(m, 16)), axis2(m, 32)));
    const radius = r * scale;
    minX = min(minX, cx - radius); minY = min(minY, cy - radius); minZ = min(minZ, cz - radius);
    maxX = max(maxX, cx + radius); maxY = max(maxY, cy + radius); maxZ = max(maxZ, cz + radius);
  }
  memory.copy(out + entries * 64, weights, word(rig, RIG_WEIGHT_COUNT) * 4);
  if (minX > maxX) {
    sphereX = 0; sphereY = 0; sphereZ = 0;
    return 0;
  }
  sphereX = (minX + maxX) * 0.5;
  sphereY = (minY + maxY) * 0.5;
  sphereZ = (minZ + maxZ) * 0.5;
  const dx = maxX - minX, dy = maxY - minY, dz = maxZ - minZ;
  return Mathf.sqrt(dx * dx + dy * dy + dz * dz) * 0.5;
}

@inline function axis2(m: u32, at: u32): f32 {
  const x = load<f32>(m + at), y = load<f32>(m + at, 4), z = load<f32>(m + at, 8);
  return x * x + y * y + z * z;
}

/** Centre of the sphere writePalette last measured. */
export let sphereX: f32 = 0;
export let sphereY: f32 = 0;
export let sphereZ: f32 = 0;

/** Moves a record's clock by `dt` seconds (times its speed), handling repeat, once and pingpong. */
function advance(record: u32, duration: f32, dt: f32): void {
  let mode = load<u32>(record, AR_MODE);
  if ((mode & ANIM_PLAYING) == 0) return;
  const loop = mode & ANIM_LOOP_MASK;
  let time = load<f32>(record, AR_TIME);
  let speed = load<f32>(record, AR_SPEED);
  if (loop == ANIM_PINGPONG && (mode & ANIM_RETURNING) != 0) speed = -speed;
  time += dt * speed;
  let events: u32 = 0;
  if (duration <= 0) {
    time = 0;
  } else if (loop == ANIM_REPEAT) {
    if (time >= duration || time < 0) {
      time -= Mathf.floor(time / duration) * duration;
      events |= ANIM_EVENT_LOOP;
    }
  } else if (loop == ANIM_ONCE) {
    if (time >= duration || time <= 0) {
      time = time >= duration ? duration : 0;
      mode &= ~ANIM_PLAYING;
      events |= ANIM_EVENT_FINISHED;
    }
  } else {
    // Pingpong reflects off either end; a step longer than the clip reflects as often as it needs.
    let guard = 0;
    while ((time > duration || time < 0) && guard++ < 64) {
      time = time > duration ? 2 * duration - time : -time;
      mode ^= ANIM_RETURNING;
      events |= ANIM_EVENT_LOOP;
    }
    time = min(max(time, 0), duration);
  }
  store<f32>(record, time, AR_TIME);
  store<u32>(record, mode, AR_MODE);
  store<u32>(record, load<u32>(record, AR_EVENTS) | events, AR_EVENTS);
}

/**
 * Advances, samples and writes the palettes of the `count` records at `records` (ANIM_RECORD_BYTES each), one
 * after another from `out` (64 bytes per matrix), using `scratch` (rigScratchFloats of the largest rig).
 * For each record with a live rig: writes its first matrix to AR_BASE and to the slot's emissive w (the shader
 * reads it there), its animated bounding sphere to the slot's local bounds, and marks the slot dirty so the
 * transform step carries the bounds to world space. Called once per frame per scene, in the animate phase.
 * Returns the matrices written.
 */
export function animateInstances(records: u32, count: u32, dt: f32, out: u32, scratch: u32): u32 {
  let base: u32 = 0;
  const emissive = column(COL_EMISSIVE);
  const bounds = column(COL_LOCAL_BOUNDS);
  for (let i: u32 = 0; i < count; i++) {
    const record = records + i * ANIM_RECORD_BYTES;
    const rig = blockAddress(load<u32>(record, AR_RIG));
    if (rig == 0) continue;
    const nodes = word(rig, RIG_NODE_COUNT);
    const weightCount = word(rig, RIG_WEIGHT_COUNT);
    const pose = scratch;
    const fromPose = pose + nodes * NODE_FLOATS * 4;
    const world = fromPose + nodes * NODE_FLOATS * 4;
    const weights = world + nodes * 64;
    const fromWeights = weights + weightCount * 4;
    const clip = load<i32>(record, AR_CLIP);
    advance(record, rigDuration(rig, clip), dt);
    samplePose(rig, clip, load<f32>(record, AR_TIME), pose, weights);
    const previous = load<i32>(record, AR_PREVIOUS);
    if (previous >= 0) {
      // The fade runs on the scene's clock, playing or not, so a paused mesh still arrives at its new clip.
      const fade = load<f32>(record, AR_FADE) + dt;
      const length = load<f32>(record, AR_FADE_LENGTH);
      if (fade >= length) {
        store<i32>(record, -1, AR_PREVIOUS);
      } else {
        store<f32>(record, fade, AR_FADE);
        const duration = rigDuration(rig, previous);
        let previousTime = load<f32>(record, AR_PREVIOUS_TIME);
        if (load<u32>(record, AR_MODE) & ANIM_PLAYING) previousTime += dt * load<f32>(record, AR_SPEED);
        if (duration > 0) previousTime -= Mathf.floor(previousTime / duration) * duration;
        store<f32>(record, previousTime, AR_PREVIOUS_TIME);
        samplePose(rig, previous, previousTime, fromPose, fromWeights);
        blendPoses(pose, fromPose, nodes, weights, fromWeights, weightCount, fade / length);
      }
    }
    if (load<u32>(record, AR_MODE) & ANIM_OVERRIDE_WEIGHTS) {
      memory.copy(weights, record + AR_WEIGHTS, min<u32>(weightCount, MAX_OVERRIDE_WEIGHTS) * 4);
    }
    worldMatrices(rig, pose, world);
    const radius = writePalette(rig, world, weights, out + base * 64);
    const slot = load<u32>(record, AR_SLOT);
    store<u32>(record, base, AR_BASE);
    store<f32>(emissive + slot * 16, <f32>base, 12);
    const b = bounds + slot * 16;
    store<f32>(b, sphereX);
    store<f32>(b, sphereY, 4);
    store<f32>(b, sphereZ, 8);
    store<f32>(b, radius, 12);
    markDirty(slot);
    base += rigPaletteMatrices(rig);
  }
  return base;
}
