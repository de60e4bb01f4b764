// glTF animation per instance: advances every clock, samples its clip (two while a crossfade runs, pose.ts), walks
// the node hierarchy to model-space matrices and writes the palette the vertex shader reads (mesh node matrices
// and joint matrices = world · inverse bind), with morph weights and a bounding sphere. The rig block and the
// instance record are laid out in rig.ts.

import { COL_EMISSIVE, COL_LOCAL_BOUNDS } from './layout';
import { column, markDirty } from './columns';
import { blockAddress } from './blocks';
import {
  RIG_NODE_COUNT, RIG_PALETTE_COUNT, RIG_WEIGHT_COUNT, RIG_PARENTS, RIG_ORDER, RIG_PALETTE, NODE_FLOATS,
  PALETTE_ENTRY_FLOATS, ANIM_RECORD_BYTES, AR_SLOT, AR_RIG, AR_CLIP, AR_TIME, AR_SPEED, AR_MODE, AR_PREVIOUS,
  AR_PREVIOUS_TIME, AR_FADE, AR_FADE_LENGTH, AR_EVENTS, AR_BASE, AR_WEIGHTS, MAX_OVERRIDE_WEIGHTS, ANIM_LOOP_MASK,
  ANIM_REPEAT, ANIM_ONCE, ANIM_PINGPONG, ANIM_PLAYING, ANIM_RETURNING, ANIM_OVERRIDE_WEIGHTS, ANIM_EVENT_LOOP,
  ANIM_EVENT_FINISHED, word, rigPaletteMatrices, rigDuration,
} from './rig';
import { blendPoses, samplePose } from './pose';

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
