import { assertDeepEqual, assertEqual } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { constant } from '../../src/wasm/exports.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

describe('transparency kernels', () => {
  it('split transparent slots out of random lists, both parts keeping list order', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const { walloc, kernels } = await memoryWith(frameKernels);
      const transparentFlag = constant(walloc.core, 'FLAG_TRANSPARENT');
      const slots = allocSlots(walloc, size);
      const { uint } = walloc.columns;
      for (const s of slots) if (random.next() < 0.3) uint.flags[s]! |= transparentFlag;
      const list = slots.filter(() => random.next() < 0.7).reverse();
      walloc.frameBegin();
      const at = walloc.frameAlloc('scratch', Math.max(list.length, 1) * 4);
      const out = walloc.frameAlloc('scratch', Math.max(list.length, 1) * 4);
      new Uint32Array(walloc.memory.buffer, at, list.length).set(list);
      const count = kernels.splitTransparent(at, list.length, out) >>> 0;
      const isTransparent = (s: number) => (uint.flags[s]! & transparentFlag) !== 0;
      const expectedTransparent = list.filter(isTransparent);
      assertEqual(count, expectedTransparent.length, `seed ${random.seed}`);
      assertDeepEqual(Array.from(new Uint32Array(walloc.memory.buffer, out, count)), expectedTransparent, `transparent part, seed ${random.seed}`);
      assertDeepEqual(Array.from(new Uint32Array(walloc.memory.buffer, at, list.length - count)), list.filter((s) => !isTransparent(s)), `opaque part, seed ${random.seed}`);
    }
  });

  it('sorts random lists back to front from the eye, stable on ties, like Array.prototype.sort', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const { walloc, kernels } = await memoryWith(frameKernels);
      const slots = allocSlots(walloc, size);
      const { float } = walloc.columns;
      for (const s of slots) {
        // Few distinct positions, so equal distances (ties) happen.
        float.boundsX[s] = random.int(-3, 3);
        float.boundsY[s] = random.int(-3, 3);
        float.boundsZ[s] = random.int(-3, 3);
      }
      const eye = [random.range(-5, 5), random.range(-5, 5), random.range(-5, 5)] as const;
      const list = [...slots].sort(() => random.next() - 0.5);
      walloc.frameBegin();
      const at = walloc.frameAlloc('scratch', Math.max(list.length, 1) * 4);
      new Uint32Array(walloc.memory.buffer, at, list.length).set(list);
      assertEqual(kernels.sortBackToFront(at, list.length, ...eye), 1);
      const f = Math.fround;
      const distance = (s: number) => {
        const dx = f(float.boundsX[s]! - f(eye[0])), dy = f(float.boundsY[s]! - f(eye[1])), dz = f(float.boundsZ[s]! - f(eye[2]));
        return f(f(f(dx * dx) + f(dy * dy)) + f(dz * dz));
      };
      const expected = [...list].sort((a, b) => distance(b) - distance(a));
      assertDeepEqual(Array.from(new Uint32Array(walloc.memory.buffer, at, list.length)), expected, `${size} slots, seed ${random.seed}`);
    }
  });

});
