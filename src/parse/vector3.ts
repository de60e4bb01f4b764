import { MAX_F32, POW10 } from './decimal.js';

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MINUS = 45;
const DOT = 46;
const SPACE = 32;
/** Up to 15 significant digits a mantissa is an exact integer double (as in decimal.ts). */
const MAX_DIGITS = 15;

// The numbers of the value being read, kept here so a value that fails half way writes nothing (a typed
// array: a module variable would box each double).
const scratch = new Float64Array(3);

/**
 * Reads the common form of a three-number attribute in one pass and writes it into `out[0..3)`: three plain
 * decimals (an optional minus, digits, an optional fraction, at most 15 significant digits, no exponent)
 * separated by spaces. Returns false, writing nothing, for anything else (commas, exponents, a plus sign,
 * other whitespace, another count, more digits): the caller then runs `parseVector`, which reads every form
 * and explains what is wrong. On the forms it accepts it gives exactly the numbers `parseVector` gives (the
 * same integer mantissa and one exact division by a power of ten). Called by nodes for every `position`
 * attribute change, the value pages change most; allocates nothing.
 */
export function parsePlainVector3(text: string, out: Float32Array): boolean {
  const end = text.length;
  let at = 0;
  for (let index = 0; index < 3; index++) {
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    if (at === end) return false;
    let negative = false;
    if (text.charCodeAt(at) === MINUS) {
      negative = true;
      at++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    let seen = 0;
    let dot = false;
    for (; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code >= DIGIT_0 && code <= DIGIT_9) {
        if (digits > 0 || code !== DIGIT_0) digits++;
        mantissa = mantissa * 10 + (code - DIGIT_0);
        if (dot) scale++;
        seen++;
      } else if (code === DOT && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (seen === 0 || digits > MAX_DIGITS) return false;
    if (at < end && text.charCodeAt(at) !== SPACE) return false;
    const magnitude = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    if (!(magnitude <= MAX_F32)) return false;
    scratch[index] = negative ? -magnitude : magnitude;
  }
  while (at < end && text.charCodeAt(at) === SPACE) at++;
  if (at !== end) return false;
  out[0] = scratch[0]!;
  out[1] = scratch[1]!;
  out[2] = scratch[2]!;
  return true;
}
