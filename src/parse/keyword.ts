import { fail, ok, tooLong, type ParseResult } from './result.js';

/** Keywords are short; longer values are refused by length alone. */
const MAX_KEYWORD_TEXT = 64;

/**
 * Matches `text` against `allowed`, ignoring case and surrounding spaces, and returns the entry of `allowed`
 * that matched (so the result is typed as the union of the keywords). Called by elements for `quality`,
 * `geometry`, `type`, `controls`, `render`, …
 */
export function parseKeyword<T extends string>(text: string, allowed: readonly T[]): ParseResult<T> {
  if (text.length > MAX_KEYWORD_TEXT) return fail(tooLong(text.length, MAX_KEYWORD_TEXT));
  const word = text.trim().toLowerCase();
  for (const keyword of allowed) {
    if (keyword.toLowerCase() === word) return ok(keyword);
  }
  return fail(word === '' ? `is empty; use one of ${allowed.join(', ')}` : `is not one of ${allowed.join(', ')}`);
}
