import { assertEqual } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { constant } from '../../src/wasm/exports.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

describe('level-of-detail selection', () => {
  it('picks the level a TypeScript reference picks, for random spheres, keys and thresholds', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const { walloc, core, kernels } = await memoryWith(frameKernels);
      const lodFlag = constant(core, 'FLAG_LOD');
      const transparentFlag = constant(core, 'FLAG_TRANSPARENT');
      const slots = allocSlots(walloc, size);
      const { float, uint } = walloc.columns;
      const offset = 1000;
      for (const s of slots) {
        float.boundsX[s] = random.range(-50, 50);
        float.boundsY[s] = random.range(-50, 50);
        float.boundsZ[s] = random.range(-50, 50);
        float.boundsR[s] = random.range(0.1, 5);
        const levels = random.int(1, 4);
        for (let level = 0; level < 4; level++) {
          uint.lodKeys[s * 4 + level] = level < levels ? 10 + s * 4 + level : 0;
          float.lodCoverage[s * 4 + level] = [0.1, 0.025, 0.006, 0][level]!;
        }
        if (random.next() < 0.8) uint.flags[s]! |= lodFlag;
        if (random.next() < 0.2) uint.flags[s]! |= transparentFlag;
        uint.batch[s] = 7;
      }
      const eye = [random.range(-10, 10), random.range(-10, 10), random.range(-10, 10)] as const;
      const scale = 1 / Math.tan(random.range(0.3, 0.8));
      kernels.selectLod(eye[0], eye[1], eye[2], scale, offset);
      const f = Math.fround;
      for (const s of slots) {
        let expected = 7;
        if (uint.flags[s]! & lodFlag) {
          const dx = f(float.boundsX[s]! - f(eye[0])), dy = f(float.boundsY[s]! - f(eye[1])), dz = f(float.boundsZ[s]! - f(eye[2]));
          const distance = f(Math.sqrt(f(f(f(dx * dx) + f(dy * dy)) + f(dz * dz))));
          const r = float.boundsR[s]!;
          const share = distance > r ? f(f(r * f(scale)) / distance) : Infinity;
          const coverage = f(share * share);
          let level = 0;
          while (level < 3 && uint.lodKeys[s * 4 + level + 1] !== 0 && coverage < float.lodCoverage[s * 4 + level]!) level++;
          expected = uint.lodKeys[s * 4 + level]! + (uint.flags[s]! & transparentFlag ? offset : 0);
        }
        assertEqual(uint.batch[s], expected, `slot ${s}, seed ${random.seed}`);
      }
    }
  });
});
