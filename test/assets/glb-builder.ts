// Hand-made glTF files for the asset tests: exact control over every byte (strides, sparse, lies).

/** Binary data appended piece by piece, each piece 4-byte aligned; returns byte offsets. */
export class BinWriter {
  #parts: Uint8Array[] = [];
  #length = 0;

  /** Appends `data` (padded to 4 bytes) and returns its offset. */
  add(data: ArrayBufferView): number {
    const offset = this.#length;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.#parts.push(bytes);
    this.#length += bytes.byteLength;
    const pad = (4 - (this.#length % 4)) % 4;
    if (pad) {
      this.#parts.push(new Uint8Array(pad));
      this.#length += pad;
    }
    return offset;
  }

  get length(): number {
    return this.#length;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.byteLength;
    }
    return out;
  }
}

/** A GLB file from a JSON object and a binary chunk (omitted when null). */
export function makeGlb(json: unknown, bin: Uint8Array | null): Uint8Array {
  let jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const jsonPadded = new Uint8Array(Math.ceil(jsonBytes.byteLength / 4) * 4).fill(0x20);
  jsonPadded.set(jsonBytes);
  jsonBytes = jsonPadded;
  const binPadded = bin ? new Uint8Array(Math.ceil(bin.byteLength / 4) * 4) : null;
  binPadded?.set(bin!);
  const length = 12 + 8 + jsonBytes.byteLength + (binPadded ? 8 + binPadded.byteLength : 0);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, length, true);
  view.setUint32(12, jsonBytes.byteLength, true);
  view.setUint32(16, 0x4e4f534a, true);
  out.set(jsonBytes, 20);
  if (binPadded) {
    const at = 20 + jsonBytes.byteLength;
    view.setUint32(at, binPadded.byteLength, true);
    view.setUint32(at + 4, 0x004e4942, true);
    out.set(binPadded, at + 8);
  }
  return out;
}

/** Two triangles (a unit quad in z = 0) as a plain JSON model over a buffer: positions, u16 indices, normals. */
export function quadModel(): { json: Record<string, unknown>; bin: Uint8Array } {
  const bin = new BinWriter();
  const positions = bin.add(new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]));
  const indices = bin.add(new Uint16Array([0, 1, 2, 0, 2, 3]));
  const normals = bin.add(new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]));
  const json = {
    asset: { version: '2.0' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 2 }, indices: 1 }] }],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 4, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 0] },
      { bufferView: 1, componentType: 5123, count: 6, type: 'SCALAR' },
      { bufferView: 2, componentType: 5126, count: 4, type: 'VEC3' },
    ],
    bufferViews: [
      { buffer: 0, byteOffset: positions, byteLength: 48 },
      { buffer: 0, byteOffset: indices, byteLength: 12 },
      { buffer: 0, byteOffset: normals, byteLength: 48 },
    ],
    buffers: [{ byteLength: bin.length }],
  };
  return { json, bin: bin.bytes() };
}

/** Base64 of bytes (tests only; the parser has its own decoder). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** A 1×1 PNG. */
export const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** The JSON and binary chunk of a well-formed GLB (to edit files written by @gltf-transform). */
export function splitGlb(glb: Uint8Array): { json: Record<string, unknown>; bin: Uint8Array | null } {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as Record<string, unknown>;
  const at = 20 + jsonLength;
  const bin = at < glb.byteLength ? glb.slice(at + 8, at + 8 + view.getUint32(at, true)) : null;
  return { json, bin };
}
