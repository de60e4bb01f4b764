import { parseNumber } from './number.js';
import { fail, ok, tooLong, type ParseResult } from './result.js';

/** Where steps() jumps, as CSS names it (`start` and `end` are read as `jump-start` and `jump-end`). */
export const STEP_POSITIONS = ['jump-start', 'jump-end', 'jump-none', 'jump-both'] as const;
export type StepPosition = (typeof STEP_POSITIONS)[number];

/** A CSS easing function, parsed. */
export type Easing =
  | { readonly kind: 'linear' }
  | { readonly kind: 'cubic-bezier'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }
  | { readonly kind: 'steps'; readonly count: number; readonly position: StepPosition };

const LINEAR: Easing = Object.freeze({ kind: 'linear' });
/** The CSS keywords and the curves CSS Easing 1 defines for them. */
const KEYWORDS: Readonly<Record<string, Easing>> = {
  linear: LINEAR,
  ease: { kind: 'cubic-bezier', x1: 0.25, y1: 0.1, x2: 0.25, y2: 1 },
  'ease-in': { kind: 'cubic-bezier', x1: 0.42, y1: 0, x2: 1, y2: 1 },
  'ease-out': { kind: 'cubic-bezier', x1: 0, y1: 0, x2: 0.58, y2: 1 },
  'ease-in-out': { kind: 'cubic-bezier', x1: 0.42, y1: 0, x2: 0.58, y2: 1 },
  'step-start': { kind: 'steps', count: 1, position: 'jump-start' },
  'step-end': { kind: 'steps', count: 1, position: 'jump-end' },
};
const MAX_TIMING_TEXT = 96;

/**
 * Parses a CSS easing: `linear`, `ease`, `ease-in`, `ease-out`, `ease-in-out`, `step-start`, `step-end`,
 * `cubic-bezier(x1, y1, x2, y2)` (x1 and x2 within [0, 1]) or `steps(n[, position])` with the CSS positions
 * `jump-start`, `jump-end`, `jump-none`, `jump-both`, `start`, `end`. Called by `<layerw-animate>`.
 */
export function parseEasing(text: string): ParseResult<Easing> {
  if (text.length > MAX_TIMING_TEXT) return fail(tooLong(text.length, MAX_TIMING_TEXT));
  const source = text.trim().toLowerCase();
  const keyword = KEYWORDS[source];
  if (keyword && Object.prototype.hasOwnProperty.call(KEYWORDS, source)) return ok(keyword);
  const call = /^([a-z-]+)\(([^()]*)\)$/.exec(source);
  if (!call) return fail('is not a CSS easing (linear, ease, ease-in, ease-out, ease-in-out, cubic-bezier(), steps())');
  const args = call[2]!.split(',').map((part) => part.trim());
  if (call[1] === 'cubic-bezier') {
    if (args.length !== 4) return fail('needs 4 numbers in cubic-bezier()');
    const numbers: number[] = [];
    for (const arg of args) {
      const result = parseNumber(arg);
      if (!result.ok) return fail(`has "${arg}" in cubic-bezier(), which ${result.reason}`);
      numbers.push(result.value);
    }
    const [x1, y1, x2, y2] = numbers as [number, number, number, number];
    if (x1 < 0 || x1 > 1 || x2 < 0 || x2 > 1) return fail('has a cubic-bezier() x outside 0 … 1');
    return ok({ kind: 'cubic-bezier', x1, y1, x2, y2 });
  }
  if (call[1] === 'steps') {
    if (args.length < 1 || args.length > 2) return fail('needs steps(count) or steps(count, position)');
    if (!/^\d+$/.test(args[0]!)) return fail('needs a whole number of steps');
    const count = Number(args[0]);
    const name = args[1] === undefined ? 'jump-end' : args[1] === 'start' ? 'jump-start' : args[1] === 'end' ? 'jump-end' : args[1];
    const position = STEP_POSITIONS.find((known) => known === name);
    if (!position) return fail(`has the step position "${args[1]}"; use ${STEP_POSITIONS.join(', ')}, start or end`);
    if (count < 1 || count > 1e6 || (position === 'jump-none' && count < 2)) return fail(`has ${count} steps, too few or too many for ${position}`);
    return ok({ kind: 'steps', count, position });
  }
  return fail(`uses ${call[1]}(), which is not a CSS easing function LayerW reads`);
}

/** The longest duration or delay taken, in seconds (a day): beyond it f32 clocks lose their milliseconds. */
export const MAX_SECONDS = 86_400;

/**
 * Parses a CSS time, `1s`, `500ms`, `0.25s` (a bare number is seconds), into seconds within
 * [`min`, MAX_SECONDS]. Called by `<layerw-animate>` for `duration` and `delay`.
 */
export function parseTime(text: string, min = 0): ParseResult<number> {
  if (text.length > MAX_TIMING_TEXT) return fail(tooLong(text.length, MAX_TIMING_TEXT));
  const source = text.trim().toLowerCase();
  const unit = source.endsWith('ms') ? 1000 : 1;
  const number = source.endsWith('ms') ? source.slice(0, -2) : source.endsWith('s') ? source.slice(0, -1) : source;
  const result = parseNumber(number);
  if (!result.ok) return fail('is not a time such as 1s or 500ms');
  const seconds = result.value / unit;
  if (seconds < min || seconds > MAX_SECONDS) return fail(`is outside ${min}s … ${MAX_SECONDS}s`);
  return ok(seconds);
}

/** Parses `repeat`: a number of iterations (0 or more, fractions allowed) or `infinite`. */
export function parseIterations(text: string): ParseResult<number> {
  const source = text.trim().toLowerCase();
  if (source === 'infinite' || source === 'indefinite') return ok(Infinity);
  const result = parseNumber(source, { min: 0, max: 1e9 });
  return result.ok ? result : fail('is not a number of iterations (0 or more) or infinite');
}

/**
 * Parses `key-times`: `count` offsets separated by `;`, ascending from 0 to 1 (SVG's rule for linear
 * interpolation). Called by `<layerw-animate>` once `values` is known.
 */
export function parseKeyTimes(text: string, count: number): ParseResult<number[]> {
  if (text.length > MAX_TIMING_TEXT * 2) return fail(tooLong(text.length, MAX_TIMING_TEXT * 2));
  const parts = text.split(';').map((part) => part.trim());
  if (parts.length !== count) return fail(`has ${parts.length} key times for ${count} values`);
  const times: number[] = [];
  for (const part of parts) {
    const result = parseNumber(part, { min: 0, max: 1 });
    if (!result.ok) return fail(`has "${part}", which ${result.reason}`);
    if (times.length > 0 && result.value < times[times.length - 1]!) return fail('is not in ascending order');
    times.push(result.value);
  }
  if (times[0] !== 0 || times[times.length - 1] !== 1) return fail('does not start at 0 and end at 1');
  return ok(times);
}
