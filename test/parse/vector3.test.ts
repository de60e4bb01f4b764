import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { parsePlainVector3 } from '../../src/parse/vector3.js';
import { parseVector } from '../../src/parse/vector.js';
import { Random } from '../helpers/random.js';

describe('parsePlainVector3', () => {
  it('gives exactly the numbers parseVector gives, on random plain values', () => {
    const random = new Random();
    const fast = new Float32Array(3);
    const general = new Float32Array(3);
    for (let i = 0; i < 5000; i++) {
      const numbers = [0, 1, 2].map(() => {
        const places = random.int(0, 9);
        const value = random.range(-1e5, 1e5);
        return random.next() < 0.1 ? String(random.int(-50, 50)) : value.toFixed(places);
      });
      const text = numbers.join(' '.repeat(random.int(1, 3)));
      assert(parsePlainVector3(text, fast), `reads ${JSON.stringify(text)}, seed ${random.seed}`);
      assert(parseVector(text, 3, general).ok, text);
      assertDeepEqual(fast, general, `${JSON.stringify(text)}, seed ${random.seed}`);
    }
  });

  it('reads leading and trailing spaces, signs, bare fractions and a trailing dot', () => {
    const out = new Float32Array(3);
    assert(parsePlainVector3('  -0.5 .25 3.  ', out));
    assertDeepEqual(out, new Float32Array([-0.5, 0.25, 3]));
  });

  it('leaves every other form to parseVector and writes nothing then', () => {
    const forms = [
      '1,2,3', '1e3 2 3', '+1 2 3', '1\t2 3', '1 2', '1 2 3 4', '', '1 2 x', '1 2 3x', '1..2 2 3', '- 2 3', '. 2 3',
      '1234567890123456 1 1', '0.00000000000000000000001 1 1', 'NaN 1 1', 'Infinity 0 0',
    ];
    for (const text of forms) {
      const out = new Float32Array([7, 7, 7]);
      assertEqual(parsePlainVector3(text, out), false, JSON.stringify(text));
      assertDeepEqual(out, new Float32Array([7, 7, 7]), `${JSON.stringify(text)} wrote nothing`);
    }
  });
});
