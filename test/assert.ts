// Tiny assertion helpers for browser tests (no chai in this project). All throw Error with a clear message.

export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

function fmt(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `${value.constructor.name}[${Array.from(value as unknown as ArrayLike<number>).join(', ')}]`;
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

function withMsg(msg: string | undefined, detail: string): string {
  return msg ? `${msg}: ${detail}` : detail;
}

export function assert(cond: unknown, msg?: string): asserts cond {
  if (!cond) throw new AssertionError(withMsg(msg, `expected a truthy value, got ${fmt(cond)}`));
}

export function assertEqual<T>(actual: T, expected: T, msg?: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(withMsg(msg, `expected ${fmt(expected)}, got ${fmt(actual)}`));
  }
}

export function assertClose(actual: number, expected: number, eps: number, msg?: string): void {
  if (!(Math.abs(actual - expected) <= eps)) {
    throw new AssertionError(
      withMsg(msg, `expected ${expected} ± ${eps}, got ${actual} (off by ${Math.abs(actual - expected)})`),
    );
  }
}

function deepEqual(a: unknown, b: unknown, path: string): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `at ${path || '<root>'}: expected ${fmt(b)}, got ${fmt(a)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    return `at ${path || '<root>'}: expected a ${b.constructor?.name ?? 'object'}, got a ${a.constructor?.name ?? 'object'}`;
  }
  if (ArrayBuffer.isView(a) && !(a instanceof DataView)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return `at ${path || '<root>'}: expected length ${y.length}, got ${x.length}`;
    for (let i = 0; i < x.length; i++) {
      if (!Object.is(x[i], y[i])) return `at ${path}[${i}]: expected ${fmt(y[i])}, got ${fmt(x[i])}`;
    }
    return null;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return `at ${path || '<root>'}: expected Map size ${b.size}, got ${a.size}`;
    for (const [k, v] of b) {
      if (!a.has(k)) return `at ${path || '<root>'}: missing Map key ${fmt(k)}`;
      const d = deepEqual(a.get(k), v, `${path}.get(${fmt(k)})`);
      if (d) return d;
    }
    return null;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return `at ${path || '<root>'}: expected Set size ${b.size}, got ${a.size}`;
    for (const v of b) if (!a.has(v)) return `at ${path || '<root>'}: missing Set value ${fmt(v)}`;
    return null;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) {
    return `at ${path || '<root>'}: expected length ${(b as unknown[]).length}, got ${a.length}`;
  }
  for (const k of kb) {
    if (!Object.prototype.hasOwnProperty.call(a, k)) return `at ${path}.${k}: missing key`;
  }
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return `at ${path}.${k}: unexpected key`;
    const d = deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

export function assertDeepEqual(actual: unknown, expected: unknown, msg?: string): void {
  const diff = deepEqual(actual, expected, '');
  if (diff) throw new AssertionError(withMsg(msg, diff));
}
