import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { LayerWError } from '../../src/errors.js';
import { parseSize } from '../../src/parse/size.js';

describe('parseSize', () => {
  it('reads what parseByteSize reads', () => {
    assertDeepEqual(parseSize('64MB'), { ok: true, value: 64e6 });
    assertDeepEqual(parseSize('1.5GiB'), { ok: true, value: 1.5 * 1024 ** 3 });
  });

  it('turns a thrown error into a reason that follows the value, keeping the error as cause', () => {
    const result = parseSize('64 XB');
    assert(!result.ok);
    assertEqual(result.reason, 'has an unknown unit "XB": use B, KB, MB, GB, KiB, MiB or GiB');
    assert(result.cause instanceof LayerWError && result.cause.code === 'BAD_ATTRIBUTE');
  });

  it('refuses a 100 kB string', () => {
    const result = parseSize('9'.repeat(100_000));
    assert(!result.ok);
    assertEqual(result.reason, 'is not a size: a size is at most 64 characters; got 100000');
  });
});
