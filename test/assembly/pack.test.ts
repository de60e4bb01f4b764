import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { referencePack } from '../reference/kernels.js';
import { instanceRecord } from '../helpers/instance-record.js';
import { constant, type FrameKernels } from '../../src/wasm/exports.js';
import type { Walloc } from '../../src/memory/walloc.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

/** Random position, unit quaternion and scale for `slot`, marked dirty as the elements do. */
function randomTransform(walloc: Walloc, random: Random, slot: number): void {
  const { float } = walloc.columns;
  for (let k = 0; k < 3; k++) float.position[slot * 3 + k] = random.range(-10, 10);
  const q = [random.range(-1, 1), random.range(-1, 1), random.range(-1, 1), random.range(-1, 1)];
  const length = Math.hypot(...q) || 1;
  for (let k = 0; k < 4; k++) float.rotation[slot * 4 + k] = q[k]! / length;
  for (let k = 0; k < 3; k++) float.scale[slot * 3 + k] = random.range(0.1, 3);
  walloc.columns.markDirty(slot);
}

/** Every slot's range from changedRanges with `all` set: one range from slot 0, its source in the instance column. */
function allRecords(walloc: Walloc, kernels: FrameKernels, size: number): Uint8Array {
  const ranges = walloc.frameAlloc('command', (Math.ceil(size / 16) + 1) * 12, 16);
  assertEqual(kernels.changedRanges(1, ranges, 0) >>> 0, size > 0 ? 1 : 0, 'one range');
  const range = new Uint32Array(walloc.memory.buffer, ranges, 3);
  if (size > 0) assertDeepEqual([range[0], range[1]], [0, size], 'from slot 0, every slot');
  return new Uint8Array(walloc.memory.buffer, range[2]!, size * constant(walloc.core, 'INSTANCE_BYTES'));
}

/** Slot `s`'s record as the plain writer makes it from the columns. */
function recordOf(walloc: Walloc, s: number): number[] {
  const { float } = walloc.columns;
  return instanceRecord(float.world.subarray(s * 16, s * 16 + 16), float.color.subarray(s * 4, s * 4 + 4),
    float.material.subarray(s * 4, s * 4 + 4), float.emissive.subarray(s * 4, s * 4 + 4));
}

describe('instance packing', () => {
  it('groups random visible lists by batch key, stable inside a batch, and packs every field of each recomputed slot', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const { walloc, core, kernels } = await memoryWith(frameKernels);
      const instanceBytes = constant(core, 'INSTANCE_BYTES');
      const recordWords = constant(core, 'BATCH_RECORD_BYTES') / 4;
      allocSlots(walloc, size);
      const keyLimit = random.int(1, 40);
      const { float, uint } = walloc.columns;
      for (let s = 0; s < size; s++) {
        // Some keys at or above the limit: those objects must be left out.
        uint.batch[s] = random.int(0, keyLimit + 2);
        randomTransform(walloc, random, s);
        for (let k = 0; k < 4; k++) {
          float.color[s * 4 + k] = random.next();
          float.material[s * 4 + k] = random.next();
          float.emissive[s * 4 + k] = random.next();
        }
      }
      const visible = Array.from({ length: size }, (_, s) => s).filter(() => random.next() < 0.6);
      for (let i = visible.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [visible[i], visible[j]] = [visible[j]!, visible[i]!];
      }
      walloc.frameBegin();
      const list = walloc.frameAlloc('scratch', Math.max(visible.length, 1) * 4);
      new Uint32Array(walloc.memory.buffer, list, visible.length).set(visible);
      const grouped = walloc.frameAlloc('command', Math.max(visible.length, 1) * 4, 16);
      const batches = walloc.frameAlloc('scratch', keyLimit * recordWords * 4);
      const batchCount = kernels.groupVisible(list, visible.length, keyLimit, grouped, batches) >>> 0;

      const expected = referencePack(visible, uint.batch, keyLimit);
      const records = new Uint32Array(walloc.memory.buffer, batches, batchCount * recordWords);
      const got: [number, number, number][] = [];
      for (let b = 0; b < batchCount; b++) got.push([records[b * 3]!, records[b * 3 + 1]!, records[b * 3 + 2]!]);
      assertDeepEqual(got, expected.batches, `batches, ${size} slots, seed ${random.seed}`);
      assertDeepEqual(Array.from(new Uint32Array(walloc.memory.buffer, grouped, expected.order.length)), expected.order,
        `grouped list, ${size} slots, seed ${random.seed}`);

      // The transform pass packs each slot it recomputes into the instance column, which a new GPU buffer takes whole.
      kernels.updateTransforms(0);
      const bytes = allRecords(walloc, kernels, size);
      for (let s = 0; s < size; s++) {
        assertDeepEqual(Array.from(bytes.subarray(s * instanceBytes, (s + 1) * instanceBytes)), recordOf(walloc, s),
          `slot ${s}, seed ${random.seed}`);
      }
    }
  });

  it('writes emissive as the nearest half floats (ties to even) and metalness and roughness as unorm16, at the range edges too', async () => {
    // Largest half, just below and at the overflow tie, far beyond, negative, subnormal ties (to even: 0, then
    // 2 * 2^-24), just below the smallest normal, a tie between normals (down to 1, up past 1 + 2^-10),
    // infinity, minus zero, NaN, and ordinary values.
    const values = [65504, 65519, 65520, 1e6, -1.5, 2 ** -25, 3 * 2 ** -25, 6e-5, 1 + 2 ** -11, 1 + 3 * 2 ** -11,
      Infinity, -0, NaN, 0.3, 0.5, 1 / 3, 0.04, 0.999];
    const { walloc, kernels } = await memoryWith(frameKernels);
    const count = Math.ceil(values.length / 5);
    const slots = allocSlots(walloc, count);
    const { float } = walloc.columns;
    const at = (k: number): number => values[k % values.length]!;
    slots.forEach((s, i) => {
      float.emissive.set([at(i * 5), at(i * 5 + 1), at(i * 5 + 2), s * 64], s * 4);
      // Shadow flags in every combination.
      float.material.set([at(i * 5 + 3), at(i * 5 + 4), i & 1, (i >> 1) & 1], s * 4);
    });
    walloc.frameBegin();
    kernels.updateTransforms(0);
    const instanceBytes = constant(walloc.core, 'INSTANCE_BYTES');
    const packed = allRecords(walloc, kernels, count);
    slots.forEach((s, i) => {
      assertDeepEqual(Array.from(packed.subarray(i * instanceBytes, (i + 1) * instanceBytes)), recordOf(walloc, s), `instance ${i}`);
    });
  });

  it('packs only the matrix rows of a slot that moved, and the whole record again once anything else is written', async () => {
    const { walloc, kernels } = await memoryWith(frameKernels);
    const random = new Random();
    const slots = allocSlots(walloc, 8);
    const { float } = walloc.columns;
    const instanceBytes = constant(walloc.core, 'INSTANCE_BYTES');
    for (const s of slots) {
      randomTransform(walloc, random, s);
      float.color.set([random.next(), random.next(), random.next(), 1], s * 4);
    }
    walloc.frameBegin();
    kernels.updateTransforms(0);
    const first = Array.from(allRecords(walloc, kernels, slots.length).subarray(0, instanceBytes));
    assertDeepEqual(first, recordOf(walloc, slots[0]!), 'packed whole on its first pass');
    // A colour written without telling the frame, then a move: the rows follow the new matrix, the look stays.
    float.color.set([0.25, 0.5, 0.75, 1], slots[0]! * 4);
    float.velocity.set([1, 2, 3], slots[0]! * 3);
    walloc.core.updateMoving(slots[0]!);
    walloc.frameBegin();
    assertEqual(kernels.moveObjects(0.5) >>> 0, 1, 'one slot moved');
    kernels.updateTransforms(0);
    const moved = Array.from(allRecords(walloc, kernels, slots.length).subarray(0, instanceBytes));
    const rowBytes = 48;
    assertDeepEqual(moved.slice(0, rowBytes), recordOf(walloc, slots[0]!).slice(0, rowBytes), 'rows of the moved matrix');
    assert(moved.slice(0, rowBytes).join() !== first.slice(0, rowBytes).join(), 'the rows changed');
    assertDeepEqual(moved.slice(rowBytes), first.slice(rowBytes), 'the look as packed before');
    // Written as the elements write it: the whole record is packed again.
    walloc.columns.markDirty(slots[0]!);
    walloc.frameBegin();
    kernels.updateTransforms(0);
    assertDeepEqual(Array.from(allRecords(walloc, kernels, slots.length).subarray(0, instanceBytes)), recordOf(walloc, slots[0]!),
      'packed whole after markDirty');
  });

  it('reports a full scratch region instead of writing past it', async () => {
    const { walloc, kernels } = await memoryWith(frameKernels, { budget: '4MB' });
    walloc.frameBegin();
    const { capacity } = walloc.regionBounds('scratch');
    // The histogram for this many keys cannot fit in scratch.
    const result = kernels.groupVisible(0, 0, capacity, 0, 0) >>> 0;
    assertEqual(result, 0xffffffff);
  });
});
