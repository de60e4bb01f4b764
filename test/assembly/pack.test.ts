import { assertDeepEqual, assertEqual } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { referencePack } from '../reference/kernels.js';
import { instanceRecord } from '../helpers/instance-record.js';
import { constant } from '../../src/wasm/exports.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

describe('instance packing', () => {
  it('groups random visible lists by batch key, stable inside a batch, and packs every field of each changed slot', async () => {
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
        for (let k = 0; k < 16; k++) float.world[s * 16 + k] = random.range(-10, 10);
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

      // Every slot packed (a new GPU buffer): one range from slot 0, each record as the plain writer makes it.
      const packed = walloc.frameAlloc('command', Math.max(size, 1) * instanceBytes, 256);
      const ranges = walloc.frameAlloc('command', (Math.ceil(size / 16) + 1) * 12, 16);
      assertEqual(kernels.packChanged(1, packed, ranges, 0) >>> 0, size > 0 ? 1 : 0, `ranges, seed ${random.seed}`);
      const bytes = new Uint8Array(walloc.memory.buffer, packed, size * instanceBytes);
      for (let s = 0; s < size; s++) {
        const want = instanceRecord(float.world.subarray(s * 16, s * 16 + 16), float.color.subarray(s * 4, s * 4 + 4),
          float.material.subarray(s * 4, s * 4 + 4), float.emissive.subarray(s * 4, s * 4 + 4));
        assertDeepEqual(Array.from(bytes.subarray(s * instanceBytes, (s + 1) * instanceBytes)), want, `slot ${s}, seed ${random.seed}`);
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
    const instanceBytes = constant(walloc.core, 'INSTANCE_BYTES');
    const instances = walloc.frameAlloc('command', count * instanceBytes, 256);
    const ranges = walloc.frameAlloc('command', 24, 16);
    kernels.packChanged(1, instances, ranges, 0);
    const packed = new Uint8Array(walloc.memory.buffer, instances, count * instanceBytes);
    slots.forEach((s, i) => {
      const want = instanceRecord(float.world.subarray(s * 16, s * 16 + 16), float.color.subarray(s * 4, s * 4 + 4),
        float.material.subarray(s * 4, s * 4 + 4), float.emissive.subarray(s * 4, s * 4 + 4));
      assertDeepEqual(Array.from(packed.subarray(i * instanceBytes, (i + 1) * instanceBytes)), want, `instance ${i}`);
    });
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
