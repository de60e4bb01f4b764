import { assertDeepEqual } from '../assert.js';
import { parseNumber } from '../../src/parse/number.js';

describe('parseNumber', () => {
  const cases: readonly (readonly [string, { min?: number; max?: number } | undefined, unknown])[] = [
    ['2', undefined, { ok: true, value: 2 }],
    [' 0.5 ', { min: 0, max: 1 }, { ok: true, value: 0.5 }],
    ['1e-3', undefined, { ok: true, value: 0.001 }],
    ['-4', undefined, { ok: true, value: -4 }],
    ['0', { min: 0 }, { ok: true, value: 0 }],
    ['1', { max: 1 }, { ok: true, value: 1 }],
    ['-1', { min: 0 }, { ok: false, reason: 'is below the minimum 0' }],
    ['1.5', { min: 0, max: 1 }, { ok: false, reason: 'is above the maximum 1' }],
    ['NaN', undefined, { ok: false, reason: 'is not a number' }],
    ['Infinity', undefined, { ok: false, reason: 'is not a number' }],
    ['1e39', undefined, { ok: false, reason: 'is too large for a 32-bit float' }],
    ['1 2', undefined, { ok: false, reason: 'is not a number' }],
    ['0x1f', undefined, { ok: false, reason: 'is not a number' }],
    ['60fps', undefined, { ok: false, reason: 'is not a number' }],
    ['', undefined, { ok: false, reason: 'is empty; it needs a number' }],
    ['9'.repeat(100_000), undefined, { ok: false, reason: 'is 100000 characters long; at most 64 are read' }],
  ];
  for (const [text, options, expected] of cases) {
    it(`${(expected as { ok: boolean }).ok ? 'reads' : 'refuses'} ${JSON.stringify(text.slice(0, 12))}${options ? ` within ${JSON.stringify(options)}` : ''}`, () => {
      assertDeepEqual(parseNumber(text, options), expected);
    });
  }
});
