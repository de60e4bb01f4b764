import { assertEqual } from '../assert.js';
import { Random } from '../helpers/random.js';
import { decimalEnd, decimalValue } from '../../src/parse/decimal.js';

/** The whole of `text` as a number, or undefined when the scan stops early. */
function scan(text: string): number | undefined {
  return text !== '' && decimalEnd(text, 0, text.length) === text.length ? decimalValue(text, 0, text.length) : undefined;
}

describe('decimalEnd / decimalValue', () => {
  const valid: readonly string[] = [
    '0', '-0', '+5', '1.5', '.5', '-.5', '1.', '1e3', '1E3', '2.5e-2', '-1e+2', '007', '0.1', '0.2', '0.3',
    '123456789012345', '1234567890123456789', '3.4028234663852886e38', '1e-400', '1e400', '9007199254740993',
    '0.000000000000000000000001', '1e22', '1e23', '4.35', '0.1e1', '123.456e-7',
  ];
  for (const text of valid) {
    it(`reads ${text} as Number() does`, () => {
      assertEqual(scan(text), Number(text));
    });
  }

  const invalid: readonly string[] = ['', '+', '-', '.', 'e3', '0x10', '0b1', '0o7', '1_000', 'Infinity', 'NaN', '1e', '1e+', '--1', '1..2', ' 1'];
  for (const text of invalid) {
    it(`does not accept ${JSON.stringify(text)} as a whole number`, () => {
      assertEqual(scan(text), undefined);
    });
  }

  it('matches Number() on random decimal strings', () => {
    const random = new Random();
    for (let i = 0; i < 5000; i++) {
      const int = String(random.int(0, 10 ** random.int(0, 9)));
      const frac = random.next() < 0.6 ? `.${String(random.int(0, 10 ** random.int(1, 12))).padStart(random.int(1, 12), '0')}` : '';
      const exp = random.next() < 0.3 ? `e${random.int(-30, 30)}` : '';
      const text = `${random.next() < 0.3 ? '-' : ''}${int}${frac}${exp}`;
      assertEqual(scan(text), Number(text), `${text} (seed ${random.seed})`);
    }
  });

  it('reads a number inside a longer string without looking past its end', () => {
    const text = 'x 12.5e1deg y';
    assertEqual(decimalEnd(text, 2, text.length), 8);
    assertEqual(decimalValue(text, 2, 8), 125);
  });
});
