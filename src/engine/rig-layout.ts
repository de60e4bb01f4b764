import type { RigData } from '../assets/rig-data.js';
import { constant, type FeatureExports } from '../wasm/exports.js';

/**
 * Bytes the rig block of `rig` takes: the header, the node, palette and weight tables, the animation and channel
 * tables, and every channel's times and values. Called before allocating the block.
 */
export function rigBlockBytes(kernels: FeatureExports, rig: RigData): number {
  const n = rig.nodeCount;
  let bytes = constant(kernels, 'RIG_HEADER') * 4 + n * 4 * 3 + rig.rest.byteLength + rig.palette.byteLength + rig.weights.byteLength
    + rig.animations.length * 16;
  const channelBytes = constant(kernels, 'RIG_CHANNEL_WORDS') * 4;
  for (const animation of rig.animations) {
    for (const channel of animation.channels) bytes += channelBytes + channel.times.byteLength + channel.values.byteLength;
  }
  return bytes;
}

/**
 * Writes `rig` at byte `at` of the memory (u32 view `u32`, f32 view `f32`) in the rig block layout that
 * assembly/animation.ts reads: header words of counts and offsets from the block start, then the tables. The
 * field numbers come from the feature kernels' exports. Called once per model when it is staged.
 */
export function writeRigBlock(kernels: FeatureExports, u32: Uint32Array, f32: Float32Array, at: number, rig: RigData): void {
  const c = (name: `RIG_${string}`): number => constant(kernels, name);
  const i32 = new Int32Array(u32.buffer);
  const base = at >>> 2;
  let cursor = c('RIG_HEADER');
  const header = (field: number, value: number): void => {
    u32[base + field] = value;
  };
  const table = (field: number, words: number): number => {
    header(field, cursor * 4);
    const start = base + cursor;
    cursor += words;
    return start;
  };
  u32.fill(0, base, base + cursor);
  header(c('RIG_NODE_COUNT'), rig.nodeCount);
  header(c('RIG_PALETTE_COUNT'), rig.paletteCount);
  header(c('RIG_WEIGHT_COUNT'), rig.weights.length);
  header(c('RIG_ANIMATION_COUNT'), rig.animations.length);
  i32.set(rig.parents, table(c('RIG_PARENTS'), rig.nodeCount));
  u32.set(rig.order, table(c('RIG_ORDER'), rig.nodeCount));
  f32.set(rig.rest, table(c('RIG_REST'), rig.rest.length));
  f32.set(rig.palette, table(c('RIG_PALETTE'), rig.palette.length));
  f32.set(rig.weights, table(c('RIG_WEIGHTS'), rig.weights.length));
  i32.set(rig.weightOffset, table(c('RIG_WEIGHT_OFFSETS'), rig.nodeCount));
  const animations = table(c('RIG_ANIMATIONS'), rig.animations.length * 4);
  const channelWords = c('RIG_CHANNEL_WORDS');
  rig.animations.forEach((animation, a) => {
    const channels = cursor;
    cursor += animation.channels.length * channelWords;
    u32[animations + a * 4] = animation.channels.length;
    u32[animations + a * 4 + 1] = channels * 4;
    f32[animations + a * 4 + 2] = animation.duration;
    u32[animations + a * 4 + 3] = 0;
    animation.channels.forEach((channel, k) => {
      const record = base + channels + k * channelWords;
      u32[record] = channel.node;
      u32[record + 1] = channel.path;
      u32[record + 2] = channel.interpolation;
      u32[record + 3] = channel.times.length;
      u32[record + 4] = cursor * 4;
      f32.set(channel.times, base + cursor);
      cursor += channel.times.length;
      u32[record + 5] = cursor * 4;
      f32.set(channel.values, base + cursor);
      cursor += channel.values.length;
      u32[record + 6] = channel.components;
      u32[record + 7] = 0;
    });
  });
}
