import { canResolveInBrowser, resolveInBrowser } from './color-dom.js';
import { decimalEnd, decimalValue, isSpace } from './decimal.js';
import { NAMED_COLORS } from './named-colors.js';
import { checkRoom, fail, MAX_ATTRIBUTE_TEXT, tooLong, WRITTEN, type NumberSink, type ParseResult } from './result.js';
import { srgbToLinear } from './srgb.js';

const HASH = 35;
const PERCENT = 37;
const OPEN = 40;
const CLOSE = 41;
const COMMA = 44;
const HYPHEN = 45;
const SLASH = 47;

// Kinds of a function argument.
const NUMBER = 0;
const PERCENTAGE = 1;
const ANGLE = 2;
const NONE = 3;

// The functional parser keeps its state here rather than in objects, so parsing allocates nothing.
// It is synchronous and never re-entered.
const args = new Float64Array(4);
const kinds = new Uint8Array(4);
let argCount = 0;
let legacy = false;
let cursor = 0;
const rgba = new Float64Array(4);

/** The colour functions parsed here; other functions go to the browser. */
const BUILT_IN: ReadonlySet<string> = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'hwb']);
const CSS_WIDE_KEYWORDS: ReadonlySet<string> = new Set(['inherit', 'initial', 'unset', 'revert', 'revert-layer']);

/**
 * Parses any CSS colour and writes it into `out` from `offset` as linear-light RGBA: the sRGB transfer
 * function removed from red, green and blue, alpha straight (not premultiplied), all in [0, 1]. Hex (`#rgb`,
 * `#rgba`, `#rrggbb`, `#rrggbbaa`), `rgb()`/`rgba()`, `hsl()`/`hsla()`, `hwb()` (comma and space syntax,
 * percentages, `none`, `/ alpha`), the 148 named colours and `transparent` are parsed here without touching
 * the DOM, and hex allocates nothing. Other syntaxes (lab, lch, oklab, oklch, color(), color-mix(), …) are
 * resolved by the browser and fail with a clear reason where there is no DOM. `currentcolor`, CSS-wide
 * keywords and `var()` are refused: an attribute has no CSS context to take them from. `out` is written only
 * on success. Called by elements when `color`, `emissive` or `background` changes.
 */
export function parseColor(text: string, out: NumberSink, offset = 0): ParseResult {
  checkRoom(out, offset, 4);
  if (text.length > MAX_ATTRIBUTE_TEXT) return fail(tooLong(text.length));
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return fail('is empty; it needs a CSS colour');

  if (text.charCodeAt(start) === HASH) {
    if (!readHex(text, start + 1, end)) return fail('is not a hex colour: use #rgb, #rgba, #rrggbb or #rrggbbaa');
    return write(out, offset);
  }
  const nameEnd = identEnd(text, start, end);
  if (nameEnd === start) return fail('is not a CSS colour');
  const name = text.slice(start, nameEnd).toLowerCase();
  if (nameEnd === end) return named(name, out, offset);
  if (text.charCodeAt(nameEnd) !== OPEN || text.charCodeAt(end - 1) !== CLOSE) return fail('is not a CSS colour');
  if (readFunction(name, text, nameEnd + 1, end - 1)) return write(out, offset);
  const problem = refuse(text.slice(start, end).toLowerCase());
  if (problem) return fail(problem);
  if (canResolveInBrowser()) return resolveInBrowser(text.slice(start, end), out, offset);
  return fail(
    BUILT_IN.has(name)
      ? `is not a valid ${name}() colour`
      : `uses ${name}(), which only a browser can resolve; without a DOM use hex, rgb(), hsl(), hwb() or a colour name`,
  );
}

function named(name: string, out: NumberSink, offset: number): ParseResult {
  const hex = NAMED_COLORS.get(name);
  if (hex !== undefined) {
    rgba[0] = (hex >> 16) / 255;
    rgba[1] = ((hex >> 8) & 0xff) / 255;
    rgba[2] = (hex & 0xff) / 255;
    rgba[3] = 1;
    return write(out, offset);
  }
  if (name === 'transparent') {
    rgba.fill(0);
    return write(out, offset);
  }
  const problem = refuse(name);
  if (problem) return fail(problem);
  // System colours (Canvas, ButtonText, …) are real colours, but only the browser knows their values.
  if (canResolveInBrowser()) return resolveInBrowser(name, out, offset);
  return fail('is not a CSS colour name');
}

/** Why a colour that CSS would accept in a stylesheet cannot be used in an attribute, or '' if it can. */
function refuse(lower: string): string {
  if (lower.includes('currentcolor')) {
    return 'uses currentcolor, which comes from CSS that LayerW does not read; write the colour itself';
  }
  if (CSS_WIDE_KEYWORDS.has(lower)) return 'is a CSS-wide keyword, not a colour; write the colour itself';
  if (lower.includes('var(') || lower.includes('env(') || lower.includes('attr(')) {
    return 'uses var(), env() or attr(), which only stylesheets resolve; write the colour itself';
  }
  return '';
}

function write(out: NumberSink, offset: number): ParseResult {
  out[offset] = srgbToLinear(rgba[0]!);
  out[offset + 1] = srgbToLinear(rgba[1]!);
  out[offset + 2] = srgbToLinear(rgba[2]!);
  out[offset + 3] = rgba[3]!;
  return WRITTEN;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Reads 3, 4, 6 or 8 hex digits from text[start, end) into `rgba` as sRGB in [0, 1]. */
function readHex(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 3 && length !== 4 && length !== 6 && length !== 8) return false;
  const short = length <= 4;
  rgba[3] = 1;
  for (let channel = 0; channel * (short ? 1 : 2) < length; channel++) {
    const high = hexDigit(text.charCodeAt(start + channel * (short ? 1 : 2)));
    const low = short ? high : hexDigit(text.charCodeAt(start + channel * 2 + 1));
    if (high < 0 || low < 0) return false;
    rgba[channel] = (high * 16 + low) / 255;
  }
  return true;
}

function isIdentChar(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 97 && lower <= 122) || (code >= 48 && code <= 57) || code === HYPHEN;
}

function identEnd(text: string, at: number, end: number): number {
  while (at < end && isIdentChar(text.charCodeAt(at))) at++;
  return at;
}

function skipSpace(text: string, end: number): boolean {
  const from = cursor;
  while (cursor < end && isSpace(text.charCodeAt(cursor))) cursor++;
  return cursor > from;
}

/** Whether text[at, end) starts with `word` (lowercase), ignoring case. */
function startsWithWord(text: string, at: number, end: number, word: string): boolean {
  if (end - at < word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(at + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

// Degrees per unit; the longest unit names come first so "grad" is not read as "rad" plus junk.
const ANGLE_UNITS: readonly (readonly [string, number])[] = [
  ['grad', 0.9],
  ['turn', 360],
  ['deg', 1],
  ['rad', 180 / Math.PI],
];

/** Reads one argument at `cursor` into args[index]/kinds[index]. */
function readArgument(text: string, end: number, index: number): boolean {
  if (index > 3) return false;
  const start = cursor;
  if (startsWithWord(text, start, end, 'none')) {
    cursor = start + 4;
    args[index] = 0;
    kinds[index] = NONE;
    return true;
  }
  const numberEnd = decimalEnd(text, start, end);
  if (numberEnd === start) return false;
  const value = decimalValue(text, start, numberEnd);
  if (!Number.isFinite(value)) return false;
  cursor = numberEnd;
  args[index] = value;
  kinds[index] = NUMBER;
  if (cursor < end && text.charCodeAt(cursor) === PERCENT) {
    cursor++;
    kinds[index] = PERCENTAGE;
    return true;
  }
  const unitEnd = identEnd(text, cursor, end);
  if (unitEnd === cursor) return true;
  for (const [unit, degrees] of ANGLE_UNITS) {
    if (unitEnd - cursor === unit.length && startsWithWord(text, cursor, unitEnd, unit)) {
      cursor = unitEnd;
      args[index] = value * degrees;
      kinds[index] = ANGLE;
      return true;
    }
  }
  return false;
}

/**
 * Reads the arguments between the parentheses, text[start, end): either legacy `a, b, c[, alpha]` or modern
 * `a b c[ / alpha]`. Sets argCount (4 when there is an alpha) and legacy.
 */
function readArguments(text: string, start: number, end: number): boolean {
  cursor = start;
  skipSpace(text, end);
  if (!readArgument(text, end, 0)) return false;
  argCount = 1;
  let spaced = skipSpace(text, end);
  legacy = cursor < end && text.charCodeAt(cursor) === COMMA;
  if (legacy) {
    while (cursor < end) {
      if (text.charCodeAt(cursor) !== COMMA) return false;
      cursor++;
      skipSpace(text, end);
      if (!readArgument(text, end, argCount)) return false;
      argCount++;
      skipSpace(text, end);
    }
    return argCount >= 3;
  }
  while (argCount < 3) {
    if (!spaced || !readArgument(text, end, argCount)) return false;
    argCount++;
    spaced = skipSpace(text, end);
  }
  if (cursor < end && text.charCodeAt(cursor) === SLASH) {
    cursor++;
    skipSpace(text, end);
    if (!readArgument(text, end, 3)) return false;
    argCount = 4;
    skipSpace(text, end);
  }
  return cursor === end;
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** A kind check shared by every function: legacy syntax has no `none`. */
function kindAllowed(index: number, allowed: readonly number[]): boolean {
  const kind = kinds[index]!;
  return (!legacy || kind !== NONE) && allowed.includes(kind);
}

const ALPHA_KINDS = [NUMBER, PERCENTAGE, NONE];
const CHANNEL_KINDS = [NUMBER, PERCENTAGE, NONE];
const HUE_KINDS = [NUMBER, ANGLE, NONE];
const LEGACY_PERCENT = [PERCENTAGE];

function readAlpha(): boolean {
  if (argCount < 4) {
    rgba[3] = 1;
    return true;
  }
  if (!kindAllowed(3, ALPHA_KINDS)) return false;
  rgba[3] = clamp01(kinds[3] === PERCENTAGE ? args[3]! / 100 : args[3]!);
  return true;
}

/** Reads the function `name` with arguments text[start, end) into `rgba` as sRGB; false if it is not one. */
function readFunction(name: string, text: string, start: number, end: number): boolean {
  if (!BUILT_IN.has(name) || !readArguments(text, start, end) || !readAlpha()) return false;
  if (name === 'rgb' || name === 'rgba') {
    // Legacy syntax takes three numbers or three percentages, not a mix.
    if (legacy && (kinds[0] !== kinds[1] || kinds[1] !== kinds[2])) return false;
    for (let i = 0; i < 3; i++) {
      if (!kindAllowed(i, CHANNEL_KINDS)) return false;
      rgba[i] = clamp01(kinds[i] === PERCENTAGE ? args[i]! / 100 : args[i]! / 255);
    }
    return true;
  }
  if (name === 'hwb' && legacy) return false;
  const percentKinds = legacy ? LEGACY_PERCENT : CHANNEL_KINDS;
  if (!kindAllowed(0, HUE_KINDS) || !kindAllowed(1, percentKinds) || !kindAllowed(2, percentKinds)) return false;
  const hue = ((args[0]! % 360) + 360) % 360;
  const second = clamp01(args[1]! / 100);
  const third = clamp01(args[2]! / 100);
  if (name === 'hwb') {
    hwbToSrgb(hue, second, third);
  } else {
    hslToSrgb(hue, second, third);
  }
  return true;
}

// CSS Color 4, section 7.1: hue in degrees, saturation and lightness in [0, 1].
function hslChannel(n: number, hue: number, saturation: number, lightness: number): number {
  const k = (n + hue / 30) % 12;
  const a = saturation * Math.min(lightness, 1 - lightness);
  return lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
}

function hslToSrgb(hue: number, saturation: number, lightness: number): void {
  rgba[0] = hslChannel(0, hue, saturation, lightness);
  rgba[1] = hslChannel(8, hue, saturation, lightness);
  rgba[2] = hslChannel(4, hue, saturation, lightness);
}

// CSS Color 4, section 8.1.
function hwbToSrgb(hue: number, white: number, black: number): void {
  if (white + black >= 1) {
    rgba[0] = rgba[1] = rgba[2] = white / (white + black);
    return;
  }
  hslToSrgb(hue, 1, 0.5);
  for (let i = 0; i < 3; i++) rgba[i] = rgba[i]! * (1 - white - black) + white;
}
