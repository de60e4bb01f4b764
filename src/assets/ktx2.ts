// The KTX2 container (KHR_texture_basisu images) as far as LayerW reads it before transcoding: the header and the
// level index, checked so that the transcoder only ever sees a 2D Basis Universal texture whose levels lie inside
// the file and whose size a GPU can hold.

import { invalid } from './asset-error.js';

/** The 12-byte KTX2 file identifier: «KTX 20», CR LF, EOF, LF. */
const IDENTIFIER = [0xab, 0x4b, 0x54, 0x58, 0x20, 0x32, 0x30, 0xbb, 0x0d, 0x0a, 0x1a, 0x0a];
/** Header (48 bytes) and index (32 bytes) before the level index. */
const LEVEL_INDEX_AT = 80;
/** Each level index entry: byteOffset, byteLength, uncompressedByteLength, all 64-bit. */
const LEVEL_ENTRY_BYTES = 24;
/** Supercompression schemes of Basis Universal payloads: none (UASTC), BasisLZ (ETC1S), Zstandard (UASTC). */
const SCHEMES = [0, 1, 2];
/** The widest texture LayerW accepts from a KTX2 header (WebGPU's default maxTextureDimension2D). */
export const KTX2_MAX_DIMENSION = 8192;

/** True when the bytes start with the KTX2 identifier. */
export function isKtx2(bytes: Uint8Array): boolean {
  return bytes.length >= IDENTIFIER.length && IDENTIFIER.every((value, i) => bytes[i] === value);
}

/** What LayerW uses of a KTX2 file's header. */
export interface Ktx2Header {
  width: number;
  height: number;
  /** Mip levels stored in the file (at least 1), largest first. */
  levels: number;
}

/**
 * Reads and checks a KTX2 header: a 2D texture (no depth, layers or cube faces) with Basis Universal content
 * (vkFormat undefined, a known supercompression), at most KTX2_MAX_DIMENSION texels across, no more levels than
 * its size has, and every level's bytes inside the file. Throws InvalidContent naming `what` otherwise.
 */
export function readKtx2Header(bytes: Uint8Array, what: string): Ktx2Header {
  if (!isKtx2(bytes)) invalid(`${what} is not a KTX2 file (no KTX2 identifier)`);
  if (bytes.length < LEVEL_INDEX_AT) invalid(`${what}: the KTX2 header is truncated (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => u32(at) + u32(at + 4) * 2 ** 32;
  const vkFormat = u32(12);
  const width = u32(20);
  const height = u32(24);
  const [depth, layers, faces, levelCount, scheme] = [u32(28), u32(32), u32(36), u32(40), u32(44)];
  if (vkFormat !== 0) invalid(`${what}: the KTX2 file holds vkFormat ${vkFormat}, not Basis Universal data (KHR_texture_basisu)`);
  if (width < 1 || height < 1 || width > KTX2_MAX_DIMENSION || height > KTX2_MAX_DIMENSION) {
    invalid(`${what}: the KTX2 size ${width}×${height} is not between 1 and ${KTX2_MAX_DIMENSION} texels`);
  }
  if (depth !== 0 || layers > 1 || faces !== 1) invalid(`${what}: the KTX2 file is not a 2D texture (depth ${depth}, ${layers} layers, ${faces} faces)`);
  if (!SCHEMES.includes(scheme)) invalid(`${what}: the KTX2 supercompression scheme ${scheme} is not a Basis Universal one`);
  const levels = Math.max(1, levelCount);
  const fullChain = Math.floor(Math.log2(Math.max(width, height))) + 1;
  if (levels > fullChain) invalid(`${what}: the KTX2 file declares ${levels} levels; a ${width}×${height} texture has at most ${fullChain}`);
  if (bytes.length < LEVEL_INDEX_AT + levels * LEVEL_ENTRY_BYTES) invalid(`${what}: the KTX2 level index is truncated`);
  for (let level = 0; level < levels; level++) {
    const at = LEVEL_INDEX_AT + level * LEVEL_ENTRY_BYTES;
    const offset = u64(at);
    const length = u64(at + 8);
    if (length === 0 || offset < LEVEL_INDEX_AT || offset + length > bytes.length) {
      invalid(`${what}: KTX2 level ${level} (bytes ${offset} to ${offset + length}) is not inside the file's ${bytes.length} bytes`);
    }
  }
  if (scheme === 1) {
    const sgdOffset = u64(64);
    const sgdLength = u64(72);
    if (sgdLength === 0 || sgdOffset + sgdLength > bytes.length) invalid(`${what}: the KTX2 BasisLZ global data is not inside the file`);
  }
  return { width, height, levels };
}
