/** How much of a bad value a warning repeats; the rest is summarised by its length. */
export const MAX_SHOWN_VALUE = 40;

/** Distinct warnings one element logs at most; past that it stays quiet rather than flood the console. */
const MAX_WARNINGS_PER_OWNER = 32;

/** The `detail` of the error event an element dispatches for a bad attribute value. */
export interface BadAttributeDetail {
  readonly code: 'BAD_ATTRIBUTE';
  /** The full warning, as logged: `layerw-mesh: position="1 2" needs 3 numbers; keeping 0 0 0`. */
  readonly message: string;
  /** The attribute's kebab-case name. */
  readonly attribute: string;
  /** The value as given, cut to `MAX_SHOWN_VALUE` characters plus its length when longer. */
  readonly value: string;
  readonly cause?: unknown;
}

/** `value` cut for display: the first 40 characters and the total length when it is longer. */
export function shortenValue(value: string): string {
  return value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}… (${value.length} characters)` : value;
}

/**
 * The warning for a rejected attribute value, naming the element and the attribute:
 * `layerw-mesh: position="1 2" needs 3 numbers; keeping 0 0 0`. `reason` comes from a parser's failure and
 * `kept` describes the value still in force (see `formatNumbers`, or `'the default'`).
 */
export function formatAttributeWarning(
  tag: string,
  attribute: string,
  value: string,
  reason: string,
  kept: string,
): string {
  return `${tag}: ${attribute}="${shortenValue(value)}" ${reason}; keeping ${kept}`;
}

/** The error-event detail for a rejected value, its message built by `formatAttributeWarning`. */
export function badAttributeDetail(
  tag: string,
  attribute: string,
  value: string,
  reason: string,
  kept: string,
  cause?: unknown,
): BadAttributeDetail {
  const detail = {
    code: 'BAD_ATTRIBUTE' as const,
    message: formatAttributeWarning(tag, attribute, value, reason, kept),
    attribute,
    value: shortenValue(value),
  };
  return cause === undefined ? detail : { ...detail, cause };
}

/**
 * `count` numbers of `values` from `offset` as an attribute would spell them, for the "keeping …" part of a
 * warning. Seven significant digits, so a float32 0.1 reads `0.1`.
 */
export function formatNumbers(values: ArrayLike<number>, offset = 0, count = values.length - offset): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `${i > 0 ? ' ' : ''}${Number(values[offset + i]!.toPrecision(7))}`;
  return text;
}

/**
 * Remembers which warnings one element has logged, so a value set again and again (an animation, a re-render)
 * warns once per attribute and reason rather than every time. Each element owns one:
 * `#warnings = new WarnOnce()`.
 */
export class WarnOnce {
  #seen = new Set<string>();

  /** Logs `message` with `console.warn` unless this attribute and reason were logged before; says whether it logged. */
  warn(attribute: string, reason: string, message: string): boolean {
    const key = `${attribute}\n${reason}`;
    if (this.#seen.has(key) || this.#seen.size >= MAX_WARNINGS_PER_OWNER) return false;
    this.#seen.add(key);
    console.warn(message);
    return true;
  }
}
