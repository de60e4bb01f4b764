import { assertEqual } from '../assert.js';
import { expectError } from '../helpers/core.js';
import { parseByteSize, MAX_BUDGET_BYTES } from '../../src/memory/byte-size.js';

describe('parseByteSize', () => {
  it('reads decimal and binary units, bare bytes and max', () => {
    assertEqual(parseByteSize('64MB'), 64e6);
    assertEqual(parseByteSize('1.5GiB'), 1.5 * 1024 ** 3);
    assertEqual(parseByteSize('512 KiB'), 512 * 1024);
    assertEqual(parseByteSize('2kb'), 2000);
    assertEqual(parseByteSize('1048576'), 1048576);
    assertEqual(parseByteSize('100B'), 100);
    assertEqual(parseByteSize(' max '), MAX_BUDGET_BYTES);
    assertEqual(parseByteSize('4GiB'), MAX_BUDGET_BYTES);
  });

  for (const bad of ['', 'abc', '64 XB', '-5MB', '1e9', 'NaN', 'Infinity', '0', '0MB', '5GiB', '1.2.3MB', 'MB', '9'.repeat(100_000)]) {
    it(`rejects ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 8)}... (${bad.length} chars)` : bad)} with BAD_ATTRIBUTE`, async () => {
      const error = await expectError(() => parseByteSize(bad), 'BAD_ATTRIBUTE');
      if (error.message.length > 200) throw new Error(`message too long to read: ${error.message.length} chars`);
    });
  }
});
