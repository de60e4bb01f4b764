// glTF animation written straight from the glTF 2.0 specification (Appendix C, "Animation sampler interpolation
// modes"; section 3.7.3, skins), in plain TypeScript with f64 arithmetic, for checking the WebAssembly kernels.

import { NODE_FLOATS, PALETTE_ENTRY_FLOATS, type ChannelData, type RigData } from '../../src/assets/rig-data.js';

type Vec = number[];

/** The value of `channel` at time `t` (clamped to the first and last key). */
export function referenceSample(channel: ChannelData, t: number): Vec {
  const { times, values, components: n, interpolation } = channel;
  const cubic = interpolation === 2;
  const stride = cubic ? 3 * n : n;
  const valueAt = (k: number): Vec => Array.from(values.subarray(k * stride + (cubic ? n : 0), k * stride + (cubic ? n : 0) + n));
  const keys = times.length;
  if (keys === 1 || t <= times[0]!) return valueAt(0);
  if (t >= times[keys - 1]!) return valueAt(keys - 1);
  let k = 0;
  while (times[k + 1]! <= t) k++;
  const td = times[k + 1]! - times[k]!;
  const s = td > 0 ? (t - times[k]!) / td : 0;
  if (interpolation === 1) return valueAt(k);
  if (cubic) {
    // p(t) = (2s³ − 3s² + 1)·v_k + td(s³ − 2s² + s)·b_k + (−2s³ + 3s²)·v_k+1 + td(s³ − s²)·a_k+1
    const v0 = valueAt(k);
    const v1 = valueAt(k + 1);
    const b0 = Array.from(values.subarray(k * stride + 2 * n, k * stride + 3 * n));
    const a1 = Array.from(values.subarray((k + 1) * stride, (k + 1) * stride + n));
    const out = v0.map((_, c) => (2 * s ** 3 - 3 * s ** 2 + 1) * v0[c]! + td * (s ** 3 - 2 * s ** 2 + s) * b0[c]!
      + (-2 * s ** 3 + 3 * s ** 2) * v1[c]! + td * (s ** 3 - s ** 2) * a1[c]!);
    return channel.path === 1 ? normalize(out) : out;
  }
  const v0 = valueAt(k);
  const v1 = valueAt(k + 1);
  if (channel.path === 1) return slerp(v0, v1, s);
  return v0.map((x, c) => x + (v1[c]! - x) * s);
}

function normalize(q: Vec): Vec {
  const length = Math.hypot(...q);
  return q.map((v) => v / length);
}

/** slerp(q_k, q_k+1, s) along the shorter arc, as the specification writes it. */
export function slerp(a: Vec, b: Vec, s: number): Vec {
  let dot = a.reduce((sum, v, i) => sum + v * b[i]!, 0);
  let c = b;
  if (dot < 0) {
    dot = -dot;
    c = b.map((v) => -v);
  }
  if (dot > 0.9995) return normalize(a.map((v, i) => v + (c[i]! - v) * s));
  const angle = Math.acos(dot);
  const sin = Math.sin(angle);
  return normalize(a.map((v, i) => (Math.sin((1 - s) * angle) / sin) * v + (Math.sin(s * angle) / sin) * c[i]!));
}

/** Local pose (NODE_FLOATS per node) and morph weights of `rig` at `t` of animation `clip` (-1: rest). */
export function referencePose(rig: RigData, clip: number, t: number): { pose: Float64Array; weights: Float64Array } {
  const pose = Float64Array.from(rig.rest);
  const weights = Float64Array.from(rig.weights);
  for (const channel of rig.animations[clip]?.channels ?? []) {
    const value = referenceSample(channel, t);
    if (channel.path === 3) weights.set(value, rig.weightOffset[channel.node]!);
    else pose.set(value, channel.node * NODE_FLOATS + [0, 3, 7][channel.path]!);
  }
  return { pose, weights };
}

/** Column-major T · R · S. */
export function trsMatrix(p: ArrayLike<number>, at: number): Vec {
  const [tx, ty, tz, x, y, z, w, sx, sy, sz] = Array.from({ length: 10 }, (_, k) => p[at + k]!) as number[];
  return [
    (1 - 2 * (y! * y! + z! * z!)) * sx!, 2 * (x! * y! + w! * z!) * sx!, 2 * (x! * z! - w! * y!) * sx!, 0,
    2 * (x! * y! - w! * z!) * sy!, (1 - 2 * (x! * x! + z! * z!)) * sy!, 2 * (y! * z! + w! * x!) * sy!, 0,
    2 * (x! * z! + w! * y!) * sz!, 2 * (y! * z! - w! * x!) * sz!, (1 - 2 * (x! * x! + y! * y!)) * sz!, 0,
    tx!, ty!, tz!, 1,
  ];
}

export function multiply(a: Vec, b: Vec): Vec {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r]! += a[k * 4 + r]! * b[c * 4 + k]!;
  return out;
}

/** Palette of `rig` for a local pose: global transform of each entry's node, times its inverse bind matrix. */
export function referencePalette(rig: RigData, pose: ArrayLike<number>): Vec[] {
  const world: Vec[] = [];
  const globalOf = (n: number): Vec => {
    if (world[n]) return world[n]!;
    const local = trsMatrix(pose, n * NODE_FLOATS);
    const parent = rig.parents[n]!;
    return (world[n] = parent < 0 ? local : multiply(globalOf(parent), local));
  };
  const palette: Vec[] = [];
  for (let e = 0; e < rig.paletteCount; e++) {
    const at = e * PALETTE_ENTRY_FLOATS;
    const global = globalOf(rig.palette[at]!);
    palette.push(rig.palette[at + 1] ? multiply(global, Array.from(rig.palette.subarray(at + 4, at + 20))) : global);
  }
  return palette;
}
