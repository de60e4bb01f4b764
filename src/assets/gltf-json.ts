import { invalid } from './asset-error.js';

/** A JSON object of the glTF document. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * Checked reads of the untrusted glTF JSON. Each takes the object, the key and the path used in the error
 * ("accessors[3].count"), and either returns a value of the promised type or refuses the file. Called by
 * every part of the parser; nothing reads the JSON without them.
 */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object, or refuse. */
export function asObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) invalid(`${path} is not an object`);
  return value;
}

/** An optional object property. */
export function optObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  return asObject(value, `${path}.${key}`);
}

/** An optional array property (missing → []), at most `maxLength` long. */
export function list(obj: JsonObject, key: string, path: string, maxLength: number): readonly unknown[] {
  const value = obj[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(`${path}.${key} is not an array`);
  if (value.length > maxLength) invalid(`${path}.${key} has ${value.length} entries, more than the ${maxLength} allowed`);
  return value;
}

/** An integer property in [min, max]; `fallback` when missing (undefined fallback → required). */
export function int(obj: JsonObject, key: string, path: string, min: number, max: number, fallback?: number): number {
  const value = obj[key];
  if (value === undefined) {
    if (fallback === undefined) invalid(`${path}.${key} is missing`);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(`${path}.${key} is not an integer`);
  if (value < min || value > max) invalid(`${path}.${key} is ${value}, outside ${min}…${max}`);
  return value;
}

/** An index into an array of `length` entries (what: 'accessor', 'node', …). */
export function index(obj: JsonObject, key: string, path: string, length: number, what: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(`${path}.${key} is not a ${what} index`);
  if (value < 0 || value >= length) {
    invalid(`${path}.${key} refers to ${what} ${value}, but there ${length === 1 ? 'is 1' : `are ${length}`}`);
  }
  return value;
}

/** An optional index (missing → undefined). */
export function optIndex(obj: JsonObject, key: string, path: string, length: number, what: string): number | undefined {
  return obj[key] === undefined ? undefined : index(obj, key, path, length, what);
}

/** A finite number property in [min, max], `fallback` when missing. */
export function num(obj: JsonObject, key: string, path: string, fallback: number, min = -Infinity, max = Infinity): number {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${path}.${key} is not a finite number`);
  if (value < min || value > max) invalid(`${path}.${key} is ${value}, outside ${min}…${max}`);
  return value;
}

/** A fixed-length array of finite numbers, `fallback` when missing. */
export function numbers(obj: JsonObject, key: string, path: string, fallback: readonly number[]): number[] {
  const value = obj[key];
  if (value === undefined) return fallback.slice();
  if (!Array.isArray(value) || value.length !== fallback.length) invalid(`${path}.${key} is not an array of ${fallback.length} numbers`);
  for (const v of value) if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${path}.${key} holds a value that is not a finite number`);
  return value as number[];
}

/** A string property, `fallback` when missing. */
export function str(obj: JsonObject, key: string, path: string, fallback: string): string {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') invalid(`${path}.${key} is not a string`);
  return value;
}

/** A boolean property, `fallback` when missing. */
export function bool(obj: JsonObject, key: string, path: string, fallback: boolean): boolean {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(`${path}.${key} is not a boolean`);
  return value;
}

/** The object `obj.extensions[name]`, if present. */
export function extension(obj: JsonObject, name: string, path: string): JsonObject | undefined {
  const extensions = optObject(obj, 'extensions', path);
  return extensions ? optObject(extensions, name, `${path}.extensions`) : undefined;
}

/** An optional array of indices into an array of `length` entries (missing → []). */
export function indexList(obj: JsonObject, key: string, path: string, length: number, what: string, maxLength: number): number[] {
  const values = list(obj, key, path, maxLength);
  return values.map((value, k) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= length) {
      invalid(`${path}.${key}[${k}] is not a ${what} index below ${length}`);
    }
    return value;
  });
}
