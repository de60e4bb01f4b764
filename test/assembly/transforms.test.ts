import { assert, assertClose, assertEqual } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { referenceWorlds, referenceWorldSphere } from '../reference/kernels.js';
import { constant } from '../../src/wasm/exports.js';
import type { Walloc } from '../../src/memory/walloc.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

function randomiseTransforms(walloc: Walloc, slots: number[], random: Random): void {
  const { float } = walloc.columns;
  for (const s of slots) {
    float.position.set([random.range(-5, 5), random.range(-5, 5), random.range(-5, 5)], s * 3);
    float.rotation.set(random.quaternion(), s * 4);
    float.scale.set([random.range(0.2, 2), random.range(0.2, 2), random.range(0.2, 2)], s * 3);
    float.localBounds.set([random.range(-1, 1), random.range(-1, 1), random.range(-1, 1), random.range(0.1, 2)], s * 4);
  }
}

/** Compares every live slot's world matrix and world sphere with the gl-matrix reference. */
function compareWithReference(walloc: Walloc, end: number, label: string): void {
  const core = walloc.core;
  const alive = constant(core, 'FLAG_ALIVE');
  const { float, uint } = walloc.columns;
  const live = (s: number) => (uint.flags[s]! & alive) !== 0;
  const worlds = referenceWorlds(float.position, float.rotation, float.scale, uint.parent, live, end, constant(core, 'NO_SLOT'));
  for (const [s, world] of worlds) {
    for (let k = 0; k < 16; k++) {
      assertClose(float.world[s * 16 + k]!, world[k]!, 2e-4 * Math.max(1, Math.abs(world[k]!)), `${label}: slot ${s} world[${k}]`);
    }
    const sphere = referenceWorldSphere(world, float.localBounds.subarray(s * 4, s * 4 + 4));
    const got = [float.boundsX[s]!, float.boundsY[s]!, float.boundsZ[s]!, float.boundsR[s]!];
    for (let k = 0; k < 4; k++) assertClose(got[k]!, sphere[k]!, 2e-4 * Math.max(1, Math.abs(sphere[k]!)), `${label}: slot ${s} sphere[${k}]`);
  }
}

/** What every writer of a slot does: the DIRTY flag and the slot's bit in the dirty bitset. */
function markDirty(walloc: Walloc, slot: number): void {
  const { uint } = walloc.columns;
  uint.flags[slot]! |= constant(walloc.core, 'FLAG_DIRTY');
  uint.dirtyBits[slot >>> 5]! |= 1 << (slot & 31);
}

describe('transforms', () => {
  it('computes world matrices and spheres of random hierarchies like gl-matrix, parents before children', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const { walloc, core, kernels } = await memoryWith(frameKernels);
      const slots = allocSlots(walloc, size);
      randomiseTransforms(walloc, slots, random);
      // Random parents in both directions of slot order; links that would close a loop are refused.
      for (const s of slots) {
        if (random.next() < 0.6 && size > 1) core.setParent(s, slots[random.int(0, size - 1)]!);
      }
      walloc.frameBegin();
      const updated = kernels.updateTransforms(1) >>> 0;
      assertEqual(updated, size, `updated count, seed ${random.seed}`);
      compareWithReference(walloc, size, `${size} slots, seed ${random.seed}`);
    }
  });

  it('recomputes only dirty slots and the subtrees below them', async () => {
    const random = new Random();
    const { walloc, core, kernels } = await memoryWith(frameKernels);
    const [root, child, grandchild, other] = allocSlots(walloc, 4) as [number, number, number, number];
    randomiseTransforms(walloc, [root, child, grandchild, other], random);
    assert(core.setParent(grandchild, child));
    assert(core.setParent(child, root));
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 4, 'first update computes all new slots');
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 0, 'nothing changed, nothing recomputed');
    const { float } = walloc.columns;
    float.position[root * 3] = 7;
    markDirty(walloc, root);
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 3, 'a moved root recomputes its subtree and nothing else');
    compareWithReference(walloc, 4, `seed ${random.seed}`);
  });

  it('refuses a parent link that would close a loop, and treats a freed parent as none', async () => {
    const { walloc, core, kernels } = await memoryWith(frameKernels);
    const [a, b, c] = allocSlots(walloc, 3) as [number, number, number];
    assert(core.setParent(b, a));
    assert(core.setParent(c, b));
    assertEqual(core.setParent(a, c), 0, 'a -> c -> b -> a is a loop');
    assertEqual(core.setParent(a, a), 0, 'a slot is not its own parent');
    assertEqual(core.setParent(a, 999), 0, 'a parent must be live');
    randomiseTransforms(walloc, [a, b, c], new Random());
    core.slotFree(a);
    walloc.frameBegin();
    kernels.updateTransforms(1);
    compareWithReference(walloc, 3, 'after freeing the root');
  });

  it('updates the children of a parent that moved, and flags changed only the slots of the last pass', async () => {
    const random = new Random();
    const { walloc, core, kernels } = await memoryWith(frameKernels);
    const slots = allocSlots(walloc, 300);
    randomiseTransforms(walloc, slots, random);
    const [parent, child, grandchild] = [slots[200]!, slots[7]!, slots[150]!];
    assert(core.setParent(child, parent));
    assert(core.setParent(grandchild, child));
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 300, 'first pass computes every new slot');
    const { float, uint } = walloc.columns;
    const changedBit = constant(core, 'FLAG_CHANGED');
    float.velocity.set([0, 3, 0], parent * 3);
    core.updateMoving(parent);
    kernels.moveObjects(0.5);
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 3, 'the moved parent and its two descendants');
    compareWithReference(walloc, 300, `moved parent, seed ${random.seed}`);
    const changed = slots.filter((s) => (uint.flags[s]! & changedBit) !== 0).sort((x, y) => x - y);
    assertEqual(changed.join(), [child, grandchild, parent].sort((x, y) => x - y).join(), 'CHANGED on exactly the recomputed slots');
    float.velocity.set([0, 0, 0], parent * 3);
    core.updateMoving(parent);
    float.scale[slots[42]! * 3] = 4;
    markDirty(walloc, slots[42]!);
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 1, 'one dirty root, nothing else');
    const after = slots.filter((s) => (uint.flags[s]! & changedBit) !== 0);
    assertEqual(after.join(), String(slots[42]), 'the last pass\'s CHANGED flags are taken off');
    compareWithReference(walloc, 300, `after a scale change, seed ${random.seed}`);
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 0, 'a still scene recomputes nothing');
    assertEqual(slots.filter((s) => (uint.flags[s]! & changedBit) !== 0).length, 0, 'and leaves nothing flagged CHANGED');
  });
});
