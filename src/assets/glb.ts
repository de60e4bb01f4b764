import { invalid } from './asset-error.js';

/** The two parts of a glTF file: its JSON text and, for GLB, the binary chunk (buffer 0). */
export interface GltfContainer {
  json: unknown;
  bin: Uint8Array | null;
}

const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a; // 'JSON'
const CHUNK_BIN = 0x004e4942; // 'BIN\0'
const HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;

/**
 * Splits a downloaded file into JSON and binary chunk. Accepts GLB (magic 'glTF') or a JSON .gltf; anything
 * else (an HTML error page, an image) is refused. Every length in the GLB header and chunk headers is
 * checked against the bytes actually present. Called once per model by `parseGltf`.
 */
export function readContainer(bytes: Uint8Array, maxJsonBytes: number): GltfContainer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength >= 4 && view.getUint32(0, true) === GLB_MAGIC) return readGlb(bytes, view, maxJsonBytes);
  if (looksLikeJson(bytes)) return { json: parseJson(bytes, maxJsonBytes, 'the file'), bin: null };
  if (bytes.byteLength === 0) invalid('the file is empty');
  return invalid('the file is neither GLB (no "glTF" magic) nor glTF JSON (does not start with "{")');
}

function looksLikeJson(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3; // UTF-8 byte order mark
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b; // '{'
}

function readGlb(bytes: Uint8Array, view: DataView, maxJsonBytes: number): GltfContainer {
  if (bytes.byteLength < HEADER_BYTES + CHUNK_HEADER_BYTES) {
    invalid(`truncated GLB: ${bytes.byteLength} bytes cannot hold a header and a JSON chunk`);
  }
  const version = view.getUint32(4, true);
  if (version !== 2) invalid(`GLB version ${version} is not supported; LayerW reads glTF 2.0 (GLB version 2)`);
  const length = view.getUint32(8, true);
  if (length > bytes.byteLength) invalid(`truncated GLB: the header declares ${length} bytes but the file has ${bytes.byteLength}`);
  if (length < bytes.byteLength) invalid(`GLB header declares ${length} bytes but the file has ${bytes.byteLength}`);

  let json: unknown = undefined;
  let bin: Uint8Array | null = null;
  let offset = HEADER_BYTES;
  let chunkIndex = 0;
  // Each chunk advances `offset` by at least 8 bytes, so this loop ends within length / 8 rounds.
  while (offset < length) {
    if (length - offset < CHUNK_HEADER_BYTES) invalid(`GLB chunk ${chunkIndex} header at byte ${offset} is cut off`);
    const chunkLength = view.getUint32(offset, true);
    const chunkType = view.getUint32(offset + 4, true);
    const start = offset + CHUNK_HEADER_BYTES;
    if (chunkLength > length - start) {
      invalid(`GLB chunk ${chunkIndex} claims ${chunkLength} bytes but only ${length - start} remain in the file`);
    }
    if (chunkLength % 4 !== 0) invalid(`GLB chunk ${chunkIndex} length ${chunkLength} is not a multiple of 4`);
    const data = bytes.subarray(start, start + chunkLength);
    if (chunkIndex === 0) {
      if (chunkType !== CHUNK_JSON) invalid('the first GLB chunk is not JSON');
      json = parseJson(data, maxJsonBytes, 'the GLB JSON chunk');
    } else if (chunkType === CHUNK_JSON) {
      invalid(`GLB chunk ${chunkIndex} is a second JSON chunk`);
    } else if (chunkType === CHUNK_BIN) {
      if (chunkIndex !== 1) invalid(`GLB chunk ${chunkIndex} is a BIN chunk; only the second chunk may be`);
      bin = data;
    }
    // Chunks of unknown type are skipped, as the specification asks.
    offset = start + chunkLength;
    chunkIndex++;
  }
  if (chunkIndex === 0) invalid('the GLB has no JSON chunk');
  return { json, bin };
}

function parseJson(bytes: Uint8Array, maxJsonBytes: number, what: string): unknown {
  if (bytes.byteLength > maxJsonBytes) {
    invalid(`${what} has ${bytes.byteLength} bytes of JSON, more than the ${maxJsonBytes} allowed`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalid(`${what} is not valid UTF-8`);
  }
  try {
    return JSON.parse(text.replace(/[ \t\r\n\0]+$/, '')) as unknown;
  } catch (error) {
    return invalid(`${what} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
