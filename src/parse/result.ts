/**
 * The one shape every attribute parser in `src/parse` returns. On success `value` holds the parsed value
 * (or `undefined` for parsers that write into a caller's array); on failure `reason` is a short phrase that
 * reads after the attribute, as in `position="1 2" needs 3 numbers`, and `cause` keeps an underlying error
 * when there is one. Parsers never throw on bad input, so an
 * element can do: parse → on `ok` write to the engine; otherwise keep the previous value and report `reason`.
 */
export type ParseResult<T = undefined> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly cause?: unknown };

/** The success result of parsers that wrote into the caller's array; shared, so success allocates nothing. */
export const WRITTEN: ParseResult = Object.freeze({ ok: true, value: undefined });

/** A success result carrying `value`. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A failure result; `reason` follows the quoted value in a warning, so it starts with a verb. */
export function fail<T = undefined>(reason: string, cause?: unknown): ParseResult<T> {
  return cause === undefined ? { ok: false, reason } : { ok: false, reason, cause };
}

/**
 * The longest attribute value any parser looks at. Longer values are refused by their length alone, before
 * any scanning, so a hostile 100 kB value costs nothing.
 */
export const MAX_ATTRIBUTE_TEXT = 256;

/** The reason given for a value longer than `max` characters. */
export function tooLong(length: number, max = MAX_ATTRIBUTE_TEXT): string {
  return `is ${length} characters long; at most ${max} are read`;
}

/** An array parsers can write numbers into: an engine column view or a plain array of the right length. */
export type NumberSink = Float32Array | Float64Array | number[];

/** Throws a RangeError when `count` numbers from `offset` do not fit in `out`: a caller bug, not bad input. */
export function checkRoom(out: NumberSink, offset: number, count: number): void {
  if (!(offset >= 0 && offset + count <= out.length)) {
    throw new RangeError(`${count} numbers at offset ${offset} do not fit in an array of length ${out.length}`);
  }
}
