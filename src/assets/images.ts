import { invalid } from './asset-error.js';
import { viewData } from './buffer-views.js';
import { index, type JsonObject } from './gltf-json.js';
import type { EncodedImage } from './model-data.js';
import type { ParseContext } from './parse-context.js';

/**
 * The image type from the bytes' signature ('image/png', 'image/jpeg', 'image/webp'), or null. The
 * signature is trusted over a declared mimeType: servers and exporters get the latter wrong.
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  const at = (i: number, ...values: number[]): boolean => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/** The image as bytes and type; refuses bytes that are not PNG, JPEG or WebP. */
export function encodedImage(bytes: Uint8Array, what: string): EncodedImage {
  const mimeType = sniffImageType(bytes);
  if (!mimeType) invalid(`${what} is not a PNG, JPEG or WebP image`);
  return { bytes, mimeType };
}

/** The bytes of an image stored in a buffer view (GLB-embedded images); no copy. */
export function bufferViewImage(ctx: ParseContext, image: JsonObject, imageIndex: number): EncodedImage {
  const path = `images[${imageIndex}]`;
  const view = index(image, 'bufferView', path, ctx.bufferViews.length, 'bufferView');
  return encodedImage(viewData(ctx, view).bytes, path);
}
