import { quat } from 'gl-matrix';
import { assertClose } from '../assert.js';
import { Random } from '../helpers/random.js';
import { eulerDegreesToQuaternion } from '../../src/parse/euler.js';

describe('eulerDegreesToQuaternion', () => {
  it('matches gl-matrix quat.fromEuler (default order zyx) on random angles', () => {
    const random = new Random();
    const expected = quat.create();
    const out = new Float32Array(8);
    for (let i = 0; i < 1000; i++) {
      const [x, y, z] = [random.range(-720, 720), random.range(-720, 720), random.range(-720, 720)];
      quat.fromEuler(expected, x, y, z);
      eulerDegreesToQuaternion(x, y, z, out, 4);
      for (let k = 0; k < 4; k++) {
        assertClose(out[4 + k]!, expected[k]!, 1e-6, `(${x}, ${y}, ${z})[${k}] (seed ${random.seed})`);
      }
    }
  });

  it('turns 90 degrees about y into (0, sin 45°, 0, cos 45°)', () => {
    const out = [0, 0, 0, 0];
    eulerDegreesToQuaternion(0, 90, 0, out);
    const h = Math.SQRT1_2;
    [0, h, 0, h].forEach((v, k) => assertClose(out[k]!, v, 1e-12, `[${k}]`));
  });
});
