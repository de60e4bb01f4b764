import { assertClose, assertEqual } from '../assert.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random } from '../helpers/random.js';
import { referencePalette, referencePose } from '../reference/animation.js';
import { NODE_FLOATS, PALETTE_ENTRY_FLOATS, type AnimationData, type ChannelData, type RigData } from '../../src/assets/rig-data.js';
import { rigBlockBytes, writeRigBlock } from '../../src/engine/rig-layout.js';
import type { FeatureExports } from '../../src/wasm/exports.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import type { Walloc } from '../../src/memory/walloc.js';

/** A random rig: a forest of nodes in shuffled index order, joints and mesh nodes, morph weights, clips. */
function randomRig(random: Random): RigData {
  const nodeCount = random.int(1, 24);
  // Parents precede children in a random permutation, so indices themselves are in no particular order.
  const permutation = Array.from({ length: nodeCount }, (_, i) => i).sort(() => random.next() - 0.5);
  const parents = new Int32Array(nodeCount).fill(-1);
  for (let k = 1; k < nodeCount; k++) if (random.next() < 0.85) parents[permutation[k]!] = permutation[random.int(0, k - 1)]!;
  const order: number[] = [];
  const visit = (n: number): void => {
    order.push(n);
    for (let c = 0; c < nodeCount; c++) if (parents[c] === n) visit(c);
  };
  for (let n = 0; n < nodeCount; n++) if (parents[n] === -1) visit(n);
  const rest = new Float32Array(nodeCount * NODE_FLOATS);
  for (let n = 0; n < nodeCount; n++) {
    rest.set([random.range(-2, 2), random.range(-2, 2), random.range(-2, 2), ...random.quaternion(),
      random.range(0.5, 1.5), random.range(0.5, 1.5), random.range(0.5, 1.5)], n * NODE_FLOATS);
  }
  const paletteCount = random.int(1, 12);
  const palette = new Float32Array(paletteCount * PALETTE_ENTRY_FLOATS);
  for (let e = 0; e < paletteCount; e++) {
    const at = e * PALETTE_ENTRY_FLOATS;
    palette[at] = random.int(0, nodeCount - 1);
    palette[at + 1] = random.next() < 0.7 ? 1 : 0;
    for (let k = 0; k < 16; k++) palette[at + 4 + k] = palette[at + 1] ? (k === 15 ? 1 : k % 4 === 3 ? 0 : random.range(-1.5, 1.5)) : k % 5 === 0 ? 1 : 0;
    palette.set([random.range(-1, 1), random.range(-1, 1), random.range(-1, 1), random.range(0.1, 1)], at + 20);
  }
  const weightOffset = new Int32Array(nodeCount).fill(-1);
  const weightCount = new Int32Array(nodeCount);
  let weights = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (random.next() < 0.3) {
      weightOffset[n] = weights;
      weightCount[n] = random.int(1, 5);
      weights += weightCount[n]!;
    }
  }
  const animations: AnimationData[] = [];
  for (let a = random.int(1, 3); a > 0; a--) {
    const channels: ChannelData[] = [];
    for (let c = random.int(1, 12); c > 0; c--) {
      const node = random.int(0, nodeCount - 1);
      const path = weightCount[node]! > 0 && random.next() < 0.4 ? 3 : random.int(0, 2);
      const interpolation = random.int(0, 2);
      const components = path === 3 ? weightCount[node]! : path === 1 ? 4 : 3;
      const keys = random.int(1, 9);
      const times = new Float32Array(keys);
      let t = random.range(0, 0.5);
      for (let k = 0; k < keys; k++) {
        times[k] = t;
        t += random.range(0.05, 0.6);
      }
      const groups = interpolation === 2 ? 3 : 1;
      const values = new Float32Array(keys * groups * components);
      for (let k = 0; k < keys * groups; k++) {
        const value = path === 1 ? random.quaternion() : Array.from({ length: components }, () => random.range(path === 2 ? 0.5 : -2, 2));
        values.set(value, k * components);
      }
      channels.push({ node, path, interpolation, times, values, components });
    }
    animations.push({ name: `clip${a}`, duration: Math.max(...channels.map((ch) => ch.times[ch.times.length - 1]!)), channels });
  }
  return {
    nodeCount, parents, order: new Uint32Array(order), rest, palette, paletteCount,
    weights: Float32Array.from({ length: weights }, () => random.range(0, 1)), weightOffset, weightCount, animations,
  };
}

function stage(walloc: Walloc, kernels: FeatureExports, rig: RigData): number {
  const handle = walloc.allocBlock('mesh', rigBlockBytes(kernels, rig), 0);
  const at = walloc.blockAddress(handle);
  writeRigBlock(kernels, walloc.u32, walloc.f32, at, rig);
  return at;
}

describe('animation kernels', () => {
  it('samples poses and palettes like the glTF specification reference on random rigs', async () => {
    const random = new Random();
    const { walloc, kernels } = await memoryWith(featureKernels);
    for (let round = 0; round < 40; round++) {
      walloc.frameBegin();
      const rig = randomRig(random);
      const at = stage(walloc, kernels, rig);
      const weightCount = rig.weights.length;
      const pose = walloc.frameAlloc('scratch', rig.nodeCount * NODE_FLOATS * 4);
      const weights = walloc.frameAlloc('scratch', Math.max(weightCount, 1) * 4);
      const world = walloc.frameAlloc('scratch', rig.nodeCount * 64);
      const out = walloc.frameAlloc('scratch', (rig.paletteCount + 1) * 64 + weightCount * 4);
      for (let sample = 0; sample < 6; sample++) {
        const clip = random.int(-1, rig.animations.length - 1);
        const duration = rig.animations[clip]?.duration ?? 1;
        const time = random.range(-0.2, duration + 0.3);
        const what = `seed ${random.seed}, round ${round}, clip ${clip}, t ${time}`;
        kernels.samplePose(at, clip, time, pose, weights);
        const expected = referencePose(rig, clip, Math.fround(time));
        const f32 = walloc.f32;
        for (let i = 0; i < expected.pose.length; i++) assertClose(f32[(pose >>> 2) + i]!, expected.pose[i]!, 2e-4 * (1 + Math.abs(expected.pose[i]!)), `pose[${i}], ${what}`);
        for (let i = 0; i < weightCount; i++) assertClose(f32[(weights >>> 2) + i]!, expected.weights[i]!, 2e-4 * (1 + Math.abs(expected.weights[i]!)), `weights[${i}], ${what}`);
        kernels.worldMatrices(at, pose, world);
        kernels.writePalette(at, world, weights, out);
        const palette = referencePalette(rig, Float32Array.from(expected.pose));
        for (let e = 0; e < rig.paletteCount; e++) {
          for (let k = 0; k < 16; k++) {
            const want = palette[e]![k]!;
            assertClose(walloc.f32[(out >>> 2) + e * 16 + k]!, want, 1e-3 * (1 + Math.abs(want)), `palette[${e}][${k}], ${what}`);
          }
        }
        for (let i = 0; i < weightCount; i++) assertEqual(walloc.f32[(out >>> 2) + rig.paletteCount * 16 + i], walloc.f32[(weights >>> 2) + i], `weights after the palette, ${what}`);
      }
    }
  });
});
