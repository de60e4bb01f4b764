// Sampling glTF animation channels into a local pose (LINEAR with slerp for rotations, STEP, CUBICSPLINE), and
// blending two poses for a crossfade.

import {
  NODE_FLOATS, RIG_ANIMATION_COUNT, RIG_ANIMATIONS, RIG_CHANNEL_WORDS, RIG_NODE_COUNT, RIG_REST, RIG_WEIGHT_COUNT,
  RIG_WEIGHT_OFFSETS, RIG_WEIGHTS, word,
} from './rig';

const PATH_TRANSLATION: u32 = 0;
const PATH_ROTATION: u32 = 1;
const PATH_WEIGHTS: u32 = 3;
const STEP: u32 = 1;
const CUBICSPLINE: u32 = 2;

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
export function blendPoses(to: u32, from: u32, nodes: u32, toWeights: u32, fromWeights: u32, weightCount: u32, f: f32): void {
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
