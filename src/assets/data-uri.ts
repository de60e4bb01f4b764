import { invalid } from './asset-error.js';

/** A decoded `data:` URI: its bytes and the media type it declared ('' when none). */
export interface DataUri {
  bytes: Uint8Array;
  mediaType: string;
}

/** 64 for characters outside the base64 alphabet. */
const BASE64_VALUES = (() => {
  const table = new Uint8Array(128).fill(64);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62; // base64url, which some exporters write
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/**
 * Decodes a `data:` URI of a glTF buffer or image (base64 or percent-encoded). Decoding is done by hand
 * rather than through fetch() so that it is synchronous, needs no network permission, and cannot allocate
 * more than `maxBytes` (the output is at most ¾ of the text, which the JSON limit already bounds).
 */
export function decodeDataUri(uri: string, maxBytes: number): DataUri {
  const comma = uri.indexOf(',');
  if (!uri.startsWith('data:') || comma < 0) invalid(`"${uri.slice(0, 40)}" is not a data: URI`);
  const header = uri.slice(5, comma);
  const parts = header.split(';');
  const base64 = parts[parts.length - 1]!.toLowerCase() === 'base64';
  const mediaType = (parts[0] ?? '').trim().toLowerCase();
  const body = uri.slice(comma + 1);
  const bytes = base64 ? decodeBase64(body, maxBytes) : decodePercent(body, maxBytes);
  return { bytes, mediaType };
}

function decodeBase64(text: string, maxBytes: number): Uint8Array {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let padding = 0;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d && padding < 2) {
    end--;
    padding++;
  }
  if (Math.floor((end * 3) / 4) > maxBytes) invalid(`a data: URI holds more than ${maxBytes} bytes`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let written = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    const value = code < 128 ? BASE64_VALUES[code]! : 64;
    if (value === 64) invalid(`a base64 data: URI has the character "${text[i]}" at position ${i}`);
    bits = (bits << 6) | value;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[written++] = (bits >> bitCount) & 0xff;
    }
  }
  if (bitCount >= 6) invalid('a base64 data: URI has a dangling character at its end');
  return out.subarray(0, written);
}

function decodePercent(text: string, maxBytes: number): Uint8Array {
  const out = new Uint8Array(Math.min(text.length, maxBytes + 1));
  let written = 0;
  for (let i = 0; i < text.length; i++) {
    if (written > maxBytes - 1) invalid(`a data: URI holds more than ${maxBytes} bytes`);
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      const hex = Number.parseInt(text.slice(i + 1, i + 3), 16);
      if (!/^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) invalid(`a data: URI has a bad escape at position ${i}`);
      out[written++] = hex;
      i += 2;
    } else if (code < 128) {
      out[written++] = code;
    } else {
      invalid(`a data: URI has the non-ASCII character "${text[i]}" at position ${i}`);
    }
  }
  return out.slice(0, written);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
