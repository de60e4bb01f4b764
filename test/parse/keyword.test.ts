import { assertDeepEqual, assertEqual } from '../assert.js';
import { parseKeyword } from '../../src/parse/keyword.js';

const GEOMETRIES = ['box', 'sphere', 'plane', 'cylinder', 'cone', 'torus'] as const;

describe('parseKeyword', () => {
  for (const [text, expected] of [['box', 'box'], [' Sphere ', 'sphere'], ['TORUS', 'torus']] as const) {
    it(`reads ${JSON.stringify(text)} as ${expected}`, () => {
      const result = parseKeyword(text, GEOMETRIES);
      assertDeepEqual(result, { ok: true, value: expected });
    });
  }

  it('returns the entry of the allowed list, typed as the union', () => {
    const result = parseKeyword('Orbit', ['none', 'orbit'] as const);
    const value: 'none' | 'orbit' | undefined = result.ok ? result.value : undefined;
    assertEqual(value, 'orbit');
  });

  const rejected: readonly (readonly [string, string])[] = [
    ['cube', 'is not one of box, sphere, plane, cylinder, cone, torus'],
    ['box sphere', 'is not one of box, sphere, plane, cylinder, cone, torus'],
    ['', 'is empty; use one of box, sphere, plane, cylinder, cone, torus'],
    ['b'.repeat(100_000), 'is 100000 characters long; at most 64 are read'],
  ];
  for (const [text, reason] of rejected) {
    it(`refuses ${JSON.stringify(text.slice(0, 12))}`, () => {
      assertDeepEqual(parseKeyword(text, GEOMETRIES), { ok: false, reason });
    });
  }
});
