import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { parseVector } from '../../src/parse/vector.js';

describe('parseVector', () => {
  const valid: readonly (readonly [string, number, number[]])[] = [
    ['0 1.5 -2', 3, [0, 1.5, -2]],
    ['0, 1.5, -2', 3, [0, 1.5, -2]],
    ['0,1.5,-2', 3, [0, 1.5, -2]],
    ['  1\t2\n3  ', 3, [1, 2, 3]],
    ['1 2,3', 3, [1, 2, 3]],
    ['1e3 -2.5E-1 +.5', 3, [1000, -0.25, 0.5]],
    ['1 2 3 4', 4, [1, 2, 3, 4]],
    ['7', 1, [7]],
    ['-1 -2', 2, [-1, -2]],
  ];
  for (const [text, arity, expected] of valid) {
    it(`reads ${JSON.stringify(text)} as ${expected.join(' ')}`, () => {
      const out = [9, 9, 9, 9, 9];
      const result = parseVector(text, arity, out, 1);
      assert(result.ok, result.ok ? '' : result.reason);
      assertDeepEqual(out, [9, ...expected, ...Array<number>(4 - arity).fill(9)]);
    });
  }

  it('repeats a single number when uniform values are allowed', () => {
    const out = new Float32Array(3);
    assert(parseVector('2', 3, out, 0, { allowUniform: true }).ok);
    assertDeepEqual(out, new Float32Array([2, 2, 2]));
  });

  it('writes into a Float32Array at an offset and nowhere else', () => {
    const out = new Float32Array(8).fill(-1);
    assert(parseVector('0.1 0.2 0.3', 3, out, 4).ok);
    assertDeepEqual(out, new Float32Array([-1, -1, -1, -1, 0.1, 0.2, 0.3, -1]));
  });

  const rejected: readonly (readonly [string, string, number, string, boolean?])[] = [
    ['wrong arity (two of three)', '1 2', 3, 'needs 3 numbers'],
    ['wrong arity (four of three)', '1 2 3 4', 3, 'needs 3 numbers'],
    ['one number where uniform is not allowed', '2', 3, 'needs 3 numbers'],
    ['two numbers where uniform is allowed', '1 2', 3, 'needs 1 or 3 numbers', true],
    ['NaN', '1 NaN 3', 3, 'has "NaN" where a number should be'],
    ['Infinity', '1 2 Infinity', 3, 'has "Infinity" where a number should be'],
    ['-Infinity', '-Infinity 2 3', 3, 'has "-Infinity" where a number should be'],
    ['a number beyond float32', '1 1e39 3', 3, 'has "1e39", which is too large for a 32-bit float'],
    ['a number beyond float64', '1 1e400 3', 3, 'has "1e400", which is too large for a 32-bit float'],
    ['hex', '0x10 0 0', 3, 'has "0x10" where a number should be'],
    ['a unit', '1px 2 3', 3, 'has "1px" where a number should be'],
    ['a word', 'up', 3, 'has "up" where a number should be'],
    ['an empty string', '', 3, 'is empty; it needs 3 numbers'],
    ['only spaces', '   ', 3, 'is empty; it needs 3 numbers'],
    ['a doubled comma', '1,,2,3', 3, 'has an empty entry between commas'],
    ['a leading comma', ',1,2,3', 3, 'has an empty entry between commas'],
    ['a trailing comma', '1,2,3,', 3, 'ends with a comma'],
    ['a 100 kB string', '1 '.repeat(50_000), 3, 'is 100000 characters long; at most 256 are read'],
    ['a long token', `${'9'.repeat(30)}x 1 2`, 3, `has "${'9'.repeat(20)}…" where a number should be`],
  ];
  for (const [what, text, arity, reason, allowUniform] of rejected) {
    it(`refuses ${what} and leaves the output untouched`, () => {
      const out = new Float32Array([5, 6, 7]);
      const result = parseVector(text, arity, out, 0, { allowUniform: allowUniform === true });
      assert(!result.ok, 'expected a failure');
      assertEqual(result.reason, reason);
      assertDeepEqual(out, new Float32Array([5, 6, 7]));
    });
  }

  it('throws on caller bugs: an arity out of range or an output too short', () => {
    for (const call of [() => parseVector('1', 0, [0]), () => parseVector('1 2 3', 3, new Float32Array(4), 2)]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      assert(caught instanceof RangeError, `expected a RangeError, got ${String(caught)}`);
    }
  });

  it('returns the same success object every time, so success allocates no result', () => {
    const out = new Float32Array(3);
    assertEqual(parseVector('1 2 3', 3, out), parseVector('4 5 6', 3, out));
  });
});
