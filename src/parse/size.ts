import { parseByteSize } from '../memory/byte-size.js';
import { fail, ok, type ParseResult } from './result.js';

/**
 * `parseByteSize` (`64MB`, `1.5GiB`, `max`, …) in the shape of the other attribute parsers: a result instead
 * of a thrown error, the reason phrased to follow the value, and the LayerWError kept as `cause`. Called by
 * the scene element when `memory-budget` changes.
 */
export function parseSize(text: string): ParseResult<number> {
  try {
    return ok(parseByteSize(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseByteSize starts most messages with the quoted value, which the warning already shows.
    const quoted = `"${text}" `;
    return fail(message.startsWith(quoted) ? message.slice(quoted.length) : `is not a size: ${message}`, error);
  }
}
