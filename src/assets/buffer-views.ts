import { invalid } from './asset-error.js';
import { asObject, index, int } from './gltf-json.js';
import type { ParseContext } from './parse-context.js';

/** The bytes of one buffer view and its stride (undefined: tightly packed). */
export interface ViewData {
  bytes: Uint8Array;
  byteStride: number | undefined;
}

/**
 * Resolves buffer view `viewIndex` to its bytes, checking that it lies inside its buffer. For views
 * compressed with EXT_meshopt_compression the decoded bytes are returned instead of the fallback buffer's.
 * Called by accessor and image reading; cheap (a subarray, no copy).
 */
export function viewData(ctx: ParseContext, viewIndex: number): ViewData {
  const path = `bufferViews[${viewIndex}]`;
  const view = asObject(ctx.bufferViews[viewIndex], path);
  const byteLength = int(view, 'byteLength', path, 1, Number.MAX_SAFE_INTEGER);
  const byteStride = view['byteStride'] === undefined ? undefined : int(view, 'byteStride', path, 4, 252);
  if (byteStride !== undefined && byteStride % 4 !== 0) invalid(`${path}.byteStride ${byteStride} is not a multiple of 4`);
  const decoded = ctx.decodedViews.get(viewIndex);
  if (decoded) {
    if (decoded.byteLength < byteLength) invalid(`${path} decodes to ${decoded.byteLength} bytes, fewer than its byteLength ${byteLength}`);
    return { bytes: decoded.subarray(0, byteLength), byteStride };
  }
  const bufferIndex = index(view, 'buffer', path, ctx.buffers.length, 'buffer');
  const byteOffset = int(view, 'byteOffset', path, 0, Number.MAX_SAFE_INTEGER, 0);
  const buffer = ctx.bufferData[bufferIndex];
  if (!buffer) invalid(`${path} reads buffer ${bufferIndex}, which holds no data (a meshopt fallback buffer)`);
  checkRange(byteOffset, byteLength, buffer.byteLength, `${path} (bytes ${byteOffset}…${byteOffset + byteLength})`, `buffer ${bufferIndex}`);
  return { bytes: buffer.subarray(byteOffset, byteOffset + byteLength), byteStride };
}

/** Refuses `[offset, offset + length)` unless it lies within `[0, size)`. */
export function checkRange(offset: number, length: number, size: number, what: string, within: string): void {
  if (offset < 0 || length < 0 || offset + length > size) invalid(`${what} lies outside ${within} (${size} bytes)`);
}
