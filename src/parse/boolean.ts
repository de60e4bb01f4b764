import { fail, type ParseResult } from './result.js';

const TRUE: ParseResult<boolean> = Object.freeze({ ok: true, value: true });
const FALSE: ParseResult<boolean> = Object.freeze({ ok: true, value: false });

const WORDS: ReadonlyMap<string, ParseResult<boolean>> = new Map([
  ['', TRUE],
  ['true', TRUE],
  ['1', TRUE],
  ['on', TRUE],
  ['yes', TRUE],
  ['false', FALSE],
  ['0', FALSE],
  ['off', FALSE],
  ['no', FALSE],
]);

/** No accepted word is longer than this; longer values are refused by length alone. */
const MAX_BOOLEAN_TEXT = 16;

/**
 * Parses a boolean attribute's value. Presence alone (`cast-shadow`, i.e. the empty string) means true, and
 * so do `true`, `1`, `on`, `yes`; `false`, `0`, `off`, `no` mean false, so `visible="false"` hides. Case and
 * surrounding spaces do not matter. An absent attribute is the element's business: it restores the default.
 */
export function parseBoolean(text: string): ParseResult<boolean> {
  const result = text.length <= MAX_BOOLEAN_TEXT ? WORDS.get(text.trim().toLowerCase()) : undefined;
  return result ?? fail('is not a boolean: write true or false (or 1/0, on/off, yes/no)');
}
