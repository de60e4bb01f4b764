// One KHR_draco_mesh_compression primitive decoded with the draco3d decoder module: the part of Draco decoding that
// runs where the decoder is (its worker in a browser, in-process under Node). It knows nothing of glTF JSON: the
// parser checks the extension and the accessors first and says here what to read out, and into which types.

import type { DecoderModule } from 'draco3d';
import type { WorkerReply } from './worker-client.js';

/** glTF component type → bytes per component and Draco's data type name. */
export const DRACO_COMPONENTS: Readonly<Record<number, { bytes: number; draco: 'DT_INT8' | 'DT_UINT8' | 'DT_INT16' | 'DT_UINT16' | 'DT_UINT32' | 'DT_FLOAT32' }>> = {
  5120: { bytes: 1, draco: 'DT_INT8' },
  5121: { bytes: 1, draco: 'DT_UINT8' },
  5122: { bytes: 2, draco: 'DT_INT16' },
  5123: { bytes: 2, draco: 'DT_UINT16' },
  5125: { bytes: 4, draco: 'DT_UINT32' },
  5126: { bytes: 4, draco: 'DT_FLOAT32' },
};

/** One attribute to read out: the Draco attribute's unique id, and the accessor's component type and count. */
export interface DracoAttributeRequest {
  /** The glTF attribute name (`POSITION`), for messages. */
  name: string;
  id: number;
  componentType: number;
  components: number;
}

/** What to decode of one primitive's compressed bytes; `path` names the primitive in messages. */
export interface DracoRequest {
  id: number;
  path: string;
  bytes: Uint8Array;
  /** The indices' glTF component type (5121, 5123 or 5125), or 0 when the primitive has no indices. */
  indexType: number;
  attributes: DracoAttributeRequest[];
  /** Output bytes the parse may still allocate: a mesh that decodes to more is refused before it is copied out. */
  maxBytes: number;
}

/** A decoded primitive: face and point counts, its indices (in the requested type) and attributes, in request order. */
export interface DracoDecoded {
  faces: number;
  points: number;
  indices: Uint8Array | null;
  attributes: Uint8Array[];
}

/** The worker's answer to a request: the primitive, or why not. */
export type DracoReply = WorkerReply<DracoDecoded>;

/** Bad compressed data: the message names the primitive. Other errors out of the decoder are traps. */
export class DracoDataError extends RangeError {}

function refuse(message: string): never {
  throw new DracoDataError(message);
}

/**
 * Decodes one primitive with `draco`. Throws DracoDataError for data that is malformed or does not match the
 * request; any other error is the decoder failing (a WebAssembly trap), after which the module should be replaced.
 */
export function decodeDracoPrimitive(draco: DecoderModule, request: DracoRequest): DracoDecoded {
  const { bytes, path } = request;
  const decoder = new draco.Decoder();
  const buffer = new draco.DecoderBuffer();
  const mesh = new draco.Mesh();
  try {
    buffer.Init(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength);
    if (decoder.GetEncodedGeometryType(buffer) !== draco.TRIANGULAR_MESH) refuse(`${path}: the data is not a Draco triangle mesh`);
    const status = decoder.DecodeBufferToMesh(buffer, mesh);
    if (!status.ok() || pointer(mesh) === 0) refuse(`${path}: the Draco data is malformed (${status.error_msg()})`);
    const points = mesh.num_points();
    const faces = mesh.num_faces();
    const indexBytes = request.indexType === 0 ? 0 : faces * 3 * DRACO_COMPONENTS[request.indexType]!.bytes;
    const total = request.attributes.reduce((sum, a) => sum + points * a.components * DRACO_COMPONENTS[a.componentType]!.bytes, indexBytes);
    if (total > request.maxBytes) {
      refuse(`${path}: the Draco data decodes to ${(total / 2 ** 20).toFixed(1)} MB, beyond the ${(request.maxBytes / 2 ** 20).toFixed(1)} MB a file of this size may use`);
    }
    const indices = request.indexType === 0 ? null : readIndices(draco, decoder, mesh, faces, request.indexType);
    const attributes = request.attributes.map((wanted) => {
      const attribute = decoder.GetAttributeByUniqueId(mesh, wanted.id);
      if (pointer(attribute) === 0) refuse(`${path}.attributes.${wanted.name}: the Draco data has no attribute ${wanted.id}`);
      if (attribute.num_components() !== wanted.components) {
        refuse(`${path}.attributes.${wanted.name}: Draco attribute ${wanted.id} has ${attribute.num_components()} components, its accessor ${wanted.components}`);
      }
      const kind = DRACO_COMPONENTS[wanted.componentType]!;
      const byteLength = points * wanted.components * kind.bytes;
      return withHeap(draco, byteLength, path, (ptr) => {
        decoder.GetAttributeDataArrayForAllPoints(mesh, attribute, draco[kind.draco], byteLength, ptr);
        return draco.HEAPU8.slice(ptr, ptr + byteLength);
      });
    });
    return { faces, points, indices, attributes };
  } finally {
    draco.destroy(mesh);
    draco.destroy(buffer);
    draco.destroy(decoder);
  }
}

/** The triangle indices, as Draco gives them (32-bit), in the accessor's own index type. */
function readIndices(draco: DecoderModule, decoder: InstanceType<DecoderModule['Decoder']>, mesh: InstanceType<DecoderModule['Mesh']>, faces: number, indexType: number): Uint8Array {
  const count = faces * 3;
  const wide = withHeap(draco, count * 4, 'indices', (ptr) => {
    decoder.GetTrianglesUInt32Array(mesh, count * 4, ptr);
    return draco.HEAPU32.slice(ptr >>> 2, (ptr >>> 2) + count);
  });
  if (indexType === 5125) return new Uint8Array(wide.buffer);
  const narrow = indexType === 5123 ? new Uint16Array(count) : new Uint8Array(count);
  narrow.set(wide);
  return new Uint8Array(narrow.buffer);
}

/** The address of a decoder object (Emscripten's WebIDL objects carry it as `ptr`; 0 stands for none). */
function pointer(object: unknown): number {
  return (object as { ptr?: number } | null)?.ptr ?? 0;
}

function withHeap<T>(draco: DecoderModule, bytes: number, what: string, use: (ptr: number) => T): T {
  const ptr = draco._malloc(bytes);
  if (ptr === 0) refuse(`${what}: the Draco decoder could not allocate ${bytes} bytes`);
  try {
    return use(ptr);
  } finally {
    draco._free(ptr);
  }
}
