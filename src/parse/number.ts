import { decimalEnd, decimalValue, isSpace, MAX_F32 } from './decimal.js';
import { fail, ok, tooLong, type ParseResult } from './result.js';

/** Options for `parseNumber`: inclusive bounds. */
export interface NumberOptions {
  min?: number;
  max?: number;
}

/** A number needs far fewer characters than a vector; longer values are refused by length alone. */
const MAX_NUMBER_TEXT = 64;

/**
 * Parses one number (`"2"`, `" 0.5 "`, `"1e-3"`) with the same grammar as `parseVector`, checking it against
 * `min` and `max` (inclusive). Called by elements for scalar attributes: `intensity`, `fov`, `fps-target`, …
 */
export function parseNumber(text: string, options?: NumberOptions): ParseResult<number> {
  if (text.length > MAX_NUMBER_TEXT) return fail(tooLong(text.length, MAX_NUMBER_TEXT));
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return fail('is empty; it needs a number');
  if (decimalEnd(text, start, end) !== end) return fail('is not a number');
  const value = decimalValue(text, start, end);
  if (!(Math.abs(value) <= MAX_F32)) return fail('is too large for a 32-bit float');
  const min = options?.min;
  const max = options?.max;
  if (min !== undefined && value < min) return fail(`is below the minimum ${min}`);
  if (max !== undefined && value > max) return fail(`is above the maximum ${max}`);
  return ok(value);
}
