import { assertDeepEqual } from '../assert.js';
import { parseBoolean } from '../../src/parse/boolean.js';

describe('parseBoolean', () => {
  for (const text of ['', 'true', 'TRUE', ' True ', '1', 'on', 'yes']) {
    it(`reads ${JSON.stringify(text)} as true`, () => {
      assertDeepEqual(parseBoolean(text), { ok: true, value: true });
    });
  }
  for (const text of ['false', 'False', '0', 'off', 'no', ' NO ']) {
    it(`reads ${JSON.stringify(text)} as false, so visible="false" hides`, () => {
      assertDeepEqual(parseBoolean(text), { ok: true, value: false });
    });
  }
  for (const text of ['maybe', '2', 'visible', 'truex', 'true'.repeat(25_000)]) {
    it(`refuses ${JSON.stringify(text.slice(0, 12))}`, () => {
      assertDeepEqual(parseBoolean(text), {
        ok: false,
        reason: 'is not a boolean: write true or false (or 1/0, on/off, yes/no)',
      });
    });
  }
});
