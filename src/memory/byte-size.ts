import { LayerWError } from '../errors.js';

/** The largest reservation LayerW asks for: a 32-bit WebAssembly memory, 4 GiB. */
export const MAX_BUDGET_BYTES = 4 * 1024 ** 3;

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

// A number (no exponent, no sign) and an optional unit; spaces allowed between them.
const SIZE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i;
/** Longer strings are refused before any parsing, so a hostile 100 kB value costs nothing. */
const MAX_SIZE_TEXT = 64;

/**
 * Parses a byte size as written in a `memory-budget` attribute: `64MB`, `1.5GiB`, `512KiB`, `1048576`, or
 * `max` (4 GiB). KB, MB, GB are powers of 1000; KiB, MiB, GiB powers of 1024; a bare number is bytes.
 * Throws a `BAD_ATTRIBUTE` LayerWError naming the problem for anything else, for zero, and for sizes above
 * 4 GiB. Called by the scene element when the attribute changes and by `Walloc.create`.
 */
export function parseByteSize(text: string): number {
  if (text.length > MAX_SIZE_TEXT) {
    throw new LayerWError('BAD_ATTRIBUTE', `a size is at most ${MAX_SIZE_TEXT} characters; got ${text.length}`);
  }
  if (text.trim().toLowerCase() === 'max') return MAX_BUDGET_BYTES;
  const match = SIZE.exec(text);
  if (!match) {
    throw new LayerWError('BAD_ATTRIBUTE', `"${text}" is not a size: write a number and a unit such as 64MB or 1.5GiB`);
  }
  const unit = UNITS[(match[2] || 'b').toLowerCase()];
  if (unit === undefined) {
    throw new LayerWError('BAD_ATTRIBUTE', `"${text}" has an unknown unit "${match[2]}": use B, KB, MB, GB, KiB, MiB or GiB`);
  }
  const bytes = Math.ceil(Number(match[1]) * unit);
  if (!(bytes > 0)) throw new LayerWError('BAD_ATTRIBUTE', `"${text}" is zero bytes`);
  if (bytes > MAX_BUDGET_BYTES) throw new LayerWError('BAD_ATTRIBUTE', `"${text}" is above the 4 GiB maximum`);
  return bytes;
}
