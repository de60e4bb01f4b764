import { invalid } from './asset-error.js';
import { viewData } from './buffer-views.js';
import { index, type JsonObject } from './gltf-json.js';
import type { EncodedImage } from './model-data.js';
import { isKtx2 } from './ktx2.js';
import type { ParseContext } from './parse-context.js';

/**
 * The image type from the bytes' signature ('image/png', 'image/jpeg', 'image/webp', 'image/avif', 'image/ktx2'), or null. The
 * signature is trusted over a declared mimeType: servers and exporters get the latter wrong.
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  const at = (i: number, ...values: number[]): boolean => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (isKtx2(bytes)) return 'image/ktx2';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  // An ISO-BMFF 'ftyp' box with the 'avif' (still) or 'avis' (sequence) brand.
  if (at(4, 0x66, 0x74, 0x79, 0x70) && (at(8, 0x61, 0x76, 0x69, 0x66) || at(8, 0x61, 0x76, 0x69, 0x73))) return 'image/avif';
  return null;
}

/**
 * The image as bytes and type; refuses bytes that are not PNG, JPEG, WebP, AVIF or KTX2, except that an image the
 * file declares as 'image/ktx2' stays one whatever its bytes: its header is checked when its texture is made, and
 * a bad one leaves out that texture only.
 */
export function encodedImage(bytes: Uint8Array, what: string, declared?: unknown): EncodedImage {
  const mimeType = sniffImageType(bytes) ?? (declared === 'image/ktx2' ? declared : null);
  if (!mimeType) invalid(`${what} is not a PNG, JPEG, WebP, AVIF or KTX2 image`);
  return { bytes, mimeType };
}

/** The bytes of an image stored in a buffer view (GLB-embedded images); no copy. */
export function bufferViewImage(ctx: ParseContext, image: JsonObject, imageIndex: number): EncodedImage {
  const path = `images[${imageIndex}]`;
  const view = index(image, 'bufferView', path, ctx.bufferViews.length, 'bufferView');
  return encodedImage(viewData(ctx, view).bytes, path, image['mimeType']);
}

/**
 * Width and height read from an image's header (PNG IHDR, JPEG start-of-frame, WebP VP8 / VP8L / VP8X, the
 * AVIF image spatial extents property), or null
 * when the header is not there or not understood. Lets the texture streaming choose a decode size without
 * decoding first.
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = sniffImageType(bytes);
  if (type === 'image/png' && bytes.length >= 24) return sized(view.getUint32(16), view.getUint32(20));
  if (type === 'image/jpeg') return jpegSize(bytes, view);
  if (type === 'image/avif') return avifSize(bytes, view);
  if (type === 'image/webp' && bytes.length >= 30) {
    const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
    if (chunk === 'VP8 ') return sized(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
    if (chunk === 'VP8L') {
      const bits = view.getUint32(21, true);
      return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X') {
      const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
      const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
      return sized(width, height);
    }
  }
  return null;
}

function jpegSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    // Start-of-frame markers C0..CF, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized(view.getUint16(at + 7), view.getUint16(at + 5));
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

/** The first 'ispe' property (version and flags, then width and height, big-endian) in the file's header boxes. */
function avifSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | null {
  const end = Math.min(bytes.length - 12, 4096);
  for (let at = 12; at < end; at++) {
    if (bytes[at] === 0x69 && bytes[at + 1] === 0x73 && bytes[at + 2] === 0x70 && bytes[at + 3] === 0x65) {
      return sized(view.getUint32(at + 8), view.getUint32(at + 12));
    }
  }
  return null;
}

function sized(width: number, height: number): { width: number; height: number } | null {
  return width > 0 && height > 0 ? { width, height } : null;
}
