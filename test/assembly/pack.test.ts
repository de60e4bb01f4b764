import { assertDeepEqual, assertEqual } from '../assert.js';
import { createWalloc, allocSlots } from '../helpers/core.js';
import { Random, testSizes } from '../helpers/random.js';
import { referencePack } from '../reference/kernels.js';
import { constant } from '../../src/wasm/exports.js';

describe('instance packing', () => {
  it('groups random visible lists by batch key, stable inside a batch, and copies every instance field', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const walloc = await createWalloc();
      const core = walloc.core;
      const instanceFloats = constant(core, 'INSTANCE_BYTES') / 4;
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
      const instances = walloc.frameAlloc('command', Math.max(visible.length, 1) * instanceFloats * 4, 256);
      const batches = walloc.frameAlloc('scratch', keyLimit * recordWords * 4);
      const batchCount = core.packInstances(list, visible.length, keyLimit, instances, batches) >>> 0;

      const expected = referencePack(visible, uint.batch, keyLimit);
      const records = new Uint32Array(walloc.memory.buffer, batches, batchCount * recordWords);
      const got: [number, number, number][] = [];
      for (let b = 0; b < batchCount; b++) got.push([records[b * 3]!, records[b * 3 + 1]!, records[b * 3 + 2]!]);
      assertDeepEqual(got, expected.batches, `batches, ${size} slots, seed ${random.seed}`);
      const packed = new Float32Array(walloc.memory.buffer, instances, expected.order.length * instanceFloats);
      expected.order.forEach((s, i) => {
        const want = [
          ...float.world.subarray(s * 16, s * 16 + 16), ...float.color.subarray(s * 4, s * 4 + 4),
          ...float.material.subarray(s * 4, s * 4 + 4), ...float.emissive.subarray(s * 4, s * 4 + 4),
        ];
        assertDeepEqual(Array.from(packed.subarray(i * instanceFloats, (i + 1) * instanceFloats)), want, `instance ${i} (slot ${s}), seed ${random.seed}`);
      });
    }
  });

  it('reports a full scratch region instead of writing past it', async () => {
    const walloc = await createWalloc({ budget: '4MB' });
    walloc.frameBegin();
    const { capacity } = walloc.regionBounds('scratch');
    // The histogram for this many keys cannot fit in scratch.
    const result = walloc.core.packInstances(0, 0, capacity, 0, 0) >>> 0;
    assertEqual(result, 0xffffffff);
  });
});
