import { parseVector, parseNumber, parseBoolean, parseColor, parseKeyword, type ParseResult } from '../src/parse/index.js';
import { MAX_F32 } from '../src/parse/decimal.js';

// Property values arrive as attribute strings or as JavaScript values (frameworks set properties). These read
// either into the element's own arrays, with the parsers' rules, and never throw on bad input.

const OK: ParseResult = { ok: true, value: undefined };
// The two option sets of parseVector, made once: a per-call object would be garbage on every write.
const UNIFORM = { allowUniform: true };
const NOT_UNIFORM = { allowUniform: false };

function isFiniteF32(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_F32;
}

/** Reads `arity` numbers from a string (`"0 1 2"`), an array-like of numbers, or (uniform) one number. */
export function readVector(value: unknown, arity: number, out: Float32Array, allowUniform = false): ParseResult {
  if (typeof value === 'string') return parseVector(value, arity, out, 0, allowUniform ? UNIFORM : NOT_UNIFORM);
  if (typeof value === 'number') {
    if (!allowUniform) return { ok: false, reason: `needs ${arity} numbers` };
    if (!isFiniteF32(value)) return { ok: false, reason: 'is not a finite number' };
    out.fill(value);
    return OK;
  }
  if (value !== null && typeof value === 'object' && 'length' in value) {
    const list = value as ArrayLike<unknown>;
    if (list.length !== arity) return { ok: false, reason: `needs ${arity} numbers` };
    for (let i = 0; i < arity; i++) if (!isFiniteF32(list[i])) return { ok: false, reason: 'has a number that is not finite' };
    for (let i = 0; i < arity; i++) out[i] = list[i] as number;
    return OK;
  }
  return { ok: false, reason: `needs ${arity} numbers` };
}

/** Reads one number from a string or a number, within [min, max]. */
export function readNumber(value: unknown, min: number, max: number): ParseResult<number> {
  if (typeof value === 'string') return parseNumber(value, { min, max });
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'is not a finite number' };
    if (value < min || value > max) return { ok: false, reason: `is outside ${min} … ${max}` };
    return { ok: true, value };
  }
  return { ok: false, reason: 'is not a number' };
}

/** Reads a boolean from a boolean or an attribute string (`""`, `"true"`, `"false"`, `"off"`, …). */
export function readBoolean(value: unknown): ParseResult<boolean> {
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string') return parseBoolean(value);
  return { ok: false, reason: 'is not true or false' };
}

/** Reads a CSS colour string into linear rgba. */
export function readColor(value: unknown, out: Float32Array): ParseResult {
  if (typeof value !== 'string') return { ok: false, reason: 'is not a CSS colour string' };
  return parseColor(value, out, 0);
}

/** Reads one of `allowed`, case-insensitively. */
export function readKeyword<T extends string>(value: unknown, allowed: readonly T[]): ParseResult<T> {
  if (typeof value !== 'string') return { ok: false, reason: `is not one of ${allowed.join(', ')}` };
  return parseKeyword(value, allowed);
}

/** Whoever refuses a bad value: warns once and dispatches BAD_ATTRIBUTE, naming what is kept. */
export interface Refuser {
  reject(attribute: string, value: unknown, reason: string, kept: string): void;
}

/**
 * The number to keep after reading `value` for `attribute`: `fallback` when it was removed (null or undefined),
 * the parsed number when it is one within [min, max], otherwise `kept`, after `owner` refused the value.
 */
export function numberOr(owner: Refuser, attribute: string, value: unknown, fallback: number, kept: number, min: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  const result = readNumber(value, min, max);
  if (result.ok) return result.value;
  owner.reject(attribute, value, result.reason, String(kept));
  return kept;
}

/** The boolean to keep after reading `value` for `attribute`, as `numberOr` does for numbers. */
export function flagOr(owner: Refuser, attribute: string, value: unknown, fallback: boolean, kept: boolean): boolean {
  if (value === null || value === undefined) return fallback;
  const result = readBoolean(value);
  if (result.ok) return result.value;
  owner.reject(attribute, value, result.reason, String(kept));
  return kept;
}
