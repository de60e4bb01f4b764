// Scans and converts decimal numbers inside a longer string by index, so parsing "0 1.5 -2" creates no
// substrings. Shared by the vector, number and colour parsers, with the whitespace test they all use.

/** The largest finite 32-bit float. Every number LayerW reads ends up in f32 engine memory. */
export const MAX_F32 = 3.4028234663852886e38;

/** 10^0 … 10^22: every one is an exact double, which the fast conversions rely on. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
// Up to 15 significant digits an integer mantissa is below 2^53, so it is held exactly.
const MAX_FAST_DIGITS = 15;

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;

/** Whether `code` is HTML/CSS whitespace: space, tab, line feed, form feed, carriage return. */
export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function digitsEnd(text: string, at: number, end: number): number {
  while (at < end && isDigit(text.charCodeAt(at))) at++;
  return at;
}

/**
 * Returns where the decimal number starting at `start` ends (exclusive, at most `end`), or `start` when there
 * is none. The grammar is CSS's plus a trailing dot: an optional sign, digits with an optional fraction (`1`,
 * `1.5`, `.5`, `1.`), and an optional exponent (`1e3`, `2.5E-2`). Hex, binary, `_` separators, `Infinity` and
 * `NaN` are not numbers here; the caller sees the scan stop early and rejects the token.
 */
export function decimalEnd(text: string, start: number, end: number): number {
  let at = start;
  const sign = at < end ? text.charCodeAt(at) : 0;
  if (sign === PLUS || sign === MINUS) at++;
  const intEnd = digitsEnd(text, at, end);
  let mantissaEnd = intEnd;
  if (intEnd < end && text.charCodeAt(intEnd) === DOT) {
    const fracEnd = digitsEnd(text, intEnd + 1, end);
    if (fracEnd > intEnd + 1 || intEnd > at) mantissaEnd = fracEnd;
  }
  if (mantissaEnd === at) return start;
  if (mantissaEnd < end) {
    const e = text.charCodeAt(mantissaEnd);
    if (e === LOWER_E || e === UPPER_E) {
      let expAt = mantissaEnd + 1;
      const expSign = expAt < end ? text.charCodeAt(expAt) : 0;
      if (expSign === PLUS || expSign === MINUS) expAt++;
      const expEnd = digitsEnd(text, expAt, end);
      if (expEnd > expAt) return expEnd;
    }
  }
  return mantissaEnd;
}

/**
 * Converts `text[start, end)`, which `decimalEnd` accepted in full, to the same double `Number()` gives. Common
 * values (up to 15 significant digits, decimal exponent within ±22) are converted from the characters with one
 * exactly rounded multiply or divide and allocate nothing; the rest go through `Number()` on a substring.
 */
export function decimalValue(text: string, start: number, end: number): number {
  let at = start;
  let negative = false;
  const sign = text.charCodeAt(at);
  if (sign === PLUS || sign === MINUS) {
    negative = sign === MINUS;
    at++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === DOT) {
      seenDot = true;
    } else if (isDigit(code)) {
      if (digits > 0 || code !== DIGIT_0) digits++;
      mantissa = mantissa * 10 + (code - DIGIT_0);
      if (seenDot) scale--;
    } else {
      break;
    }
  }
  if (at < end) {
    at++; // the 'e'
    let expNegative = false;
    const expSign = text.charCodeAt(at);
    if (expSign === PLUS || expSign === MINUS) {
      expNegative = expSign === MINUS;
      at++;
    }
    let exponent = 0;
    // Beyond 9999 the exact value no longer matters: the fallback below returns 0 or Infinity.
    for (; at < end; at++) exponent = Math.min(exponent * 10 + (text.charCodeAt(at) - DIGIT_0), 9999);
    scale += expNegative ? -exponent : exponent;
  }
  if (digits > MAX_FAST_DIGITS || scale > 22 || scale < -22) return Number(text.slice(start, end));
  const magnitude = scale >= 0 ? mantissa * POW10[scale]! : mantissa / POW10[-scale]!;
  return negative ? -magnitude : magnitude;
}
