import { decimalEnd, decimalValue, isSpace, MAX_F32 } from './decimal.js';
import { checkRoom, fail, MAX_ATTRIBUTE_TEXT, tooLong, WRITTEN, type NumberSink, type ParseResult } from './result.js';

/** Options for `parseVector`. */
export interface VectorOptions {
  /** Accept a single number and repeat it, as in `scale="2"`. */
  allowUniform?: boolean;
}

/** The most numbers one vector attribute holds (a 4×4 matrix). */
export const MAX_ARITY = 16;

// Numbers are collected here first, so a value that fails half way leaves the caller's array untouched.
const scratch = new Float64Array(MAX_ARITY);
const COMMA = 44;

/** A token quoted for a reason, shortened so a long token cannot make the warning unreadable. */
function quoteToken(text: string, start: number, end: number): string {
  return end - start > 20 ? `"${text.slice(start, start + 20)}…"` : `"${text.slice(start, end)}"`;
}

function needs(arity: number, allowUniform: boolean): string {
  const noun = arity === 1 ? 'number' : 'numbers';
  return allowUniform && arity > 1 ? `needs 1 or ${arity} numbers` : `needs ${arity} ${noun}`;
}

/**
 * Parses `arity` numbers separated by spaces and/or commas (`"0 1.5 -2"`, `"0, 1.5, -2"`) and writes them into
 * `out` from `offset`; with `allowUniform`, one number fills all `arity` places. Numbers are CSS-style
 * decimals with optional exponent and must fit a 32-bit float; `NaN`, `Infinity`, hex and empty entries are
 * refused. `out` is written only on success, so it can be the engine column itself. Allocates nothing for
 * ordinary values. Called by elements whenever a vector attribute (`position`, `rotation`, `scale`, …)
 * changes. Throws only for a caller bug: an arity outside 1…16 or an `out` too short.
 */
export function parseVector(
  text: string,
  arity: number,
  out: NumberSink,
  offset = 0,
  options?: VectorOptions,
): ParseResult {
  if (!(arity >= 1 && arity <= MAX_ARITY)) throw new RangeError(`arity must be 1…${MAX_ARITY}; got ${arity}`);
  checkRoom(out, offset, arity);
  if (text.length > MAX_ATTRIBUTE_TEXT) return fail(tooLong(text.length));
  const allowUniform = options?.allowUniform === true;
  const end = text.length;
  let count = 0;
  let afterComma = false;
  let at = 0;
  for (;;) {
    while (at < end && isSpace(text.charCodeAt(at))) at++;
    if (at === end) break;
    if (text.charCodeAt(at) === COMMA) {
      if (count === 0 || afterComma) return fail('has an empty entry between commas');
      afterComma = true;
      at++;
      continue;
    }
    let tokenEnd = at;
    while (tokenEnd < end && !isSpace(text.charCodeAt(tokenEnd)) && text.charCodeAt(tokenEnd) !== COMMA) tokenEnd++;
    if (decimalEnd(text, at, tokenEnd) !== tokenEnd) {
      return fail(`has ${quoteToken(text, at, tokenEnd)} where a number should be`);
    }
    const value = decimalValue(text, at, tokenEnd);
    if (!(Math.abs(value) <= MAX_F32)) {
      return fail(`has ${quoteToken(text, at, tokenEnd)}, which is too large for a 32-bit float`);
    }
    if (count < arity) scratch[count] = value;
    count++;
    afterComma = false;
    at = tokenEnd;
  }
  if (afterComma) return fail('ends with a comma');
  if (count === 0) return fail(`is empty; it ${needs(arity, allowUniform)}`);
  if (count === arity) {
    for (let i = 0; i < arity; i++) out[offset + i] = scratch[i]!;
  } else if (count === 1 && allowUniform) {
    for (let i = 0; i < arity; i++) out[offset + i] = scratch[0]!;
  } else {
    return fail(needs(arity, allowUniform));
  }
  return WRITTEN;
}
