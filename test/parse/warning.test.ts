import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { parseVector } from '../../src/parse/vector.js';
import { badAttributeDetail, formatAttributeWarning, formatNumbers, WarnOnce } from '../../src/parse/warning.js';

describe('attribute warnings', () => {
  it('reads as in the style guide', () => {
    const kept = new Float32Array(3);
    const result = parseVector('1 2', 3, kept);
    assert(!result.ok);
    assertEqual(
      formatAttributeWarning('layerw-mesh', 'position', '1 2', result.reason, formatNumbers(kept)),
      'layerw-mesh: position="1 2" needs 3 numbers; keeping 0 0 0',
    );
  });

  it('shows the first 40 characters of a long value and its length', () => {
    const value = '1 '.repeat(50_000);
    const message = formatAttributeWarning('layerw-mesh', 'scale', value, 'is too long', 'the default');
    assertEqual(message, `layerw-mesh: scale="${value.slice(0, 40)}… (100000 characters)" is too long; keeping the default`);
  });

  it('builds an error-event detail with a stable code and the shortened value', () => {
    const cause = new Error('underlying');
    assertDeepEqual(badAttributeDetail('layerw-light', 'intensity', '-1', 'is below the minimum 0', '1', cause), {
      code: 'BAD_ATTRIBUTE',
      message: 'layerw-light: intensity="-1" is below the minimum 0; keeping 1',
      attribute: 'intensity',
      value: '-1',
      cause,
    });
    assertEqual('cause' in badAttributeDetail('layerw-mesh', 'color', 'x'.repeat(50), 'is not a CSS colour', 'white'), false);
    assertEqual(badAttributeDetail('layerw-mesh', 'color', 'x'.repeat(50), 'r', 'k').value, `${'x'.repeat(40)}… (50 characters)`);
  });

  it('formats kept float32 values the way they were written', () => {
    assertEqual(formatNumbers(new Float32Array([0.1, -2.5, 1e-7, 100])), '0.1 -2.5 1e-7 100');
    assertEqual(formatNumbers(new Float32Array([9, 0.1, 0.2, 0.3, 9]), 1, 3), '0.1 0.2 0.3');
  });

  it('warns once per element, attribute and reason', () => {
    const logged: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => logged.push(args[0]);
    try {
      const mesh = new WarnOnce();
      const other = new WarnOnce();
      assertEqual(mesh.warn('position', 'needs 3 numbers', 'a'), true);
      assertEqual(mesh.warn('position', 'needs 3 numbers', 'a again'), false);
      assertEqual(mesh.warn('scale', 'needs 3 numbers', 'b'), true);
      assertEqual(mesh.warn('position', 'is empty', 'c'), true);
      assertEqual(other.warn('position', 'needs 3 numbers', 'd'), true);
    } finally {
      console.warn = warn;
    }
    assertDeepEqual(logged, ['a', 'b', 'c', 'd']);
  });

  it('stops warning after 32 distinct warnings from one element', () => {
    const warn = console.warn;
    let count = 0;
    console.warn = () => count++;
    try {
      const owner = new WarnOnce();
      for (let i = 0; i < 100; i++) owner.warn('position', `has "x${i}" where a number should be`, 'm');
    } finally {
      console.warn = warn;
    }
    assertEqual(count, 32);
  });
});
