import type { DecoderModule } from 'draco3d';
import { AssetError, InvalidContent, invalid } from './asset-error.js';
import { viewData } from './buffer-views.js';
import { asObject, extension, index, int, list, type JsonObject } from './gltf-json.js';
import type { ParseContext } from './parse-context.js';

const NAME = 'KHR_draco_mesh_compression';

/** glTF component type → bytes per component, the typed array, and Draco's data type name. */
const COMPONENTS: Readonly<Record<number, { bytes: number; array: new (buffer: ArrayBuffer) => ArrayBufferView; draco: keyof DecoderModule }>> = {
  5120: { bytes: 1, array: Int8Array, draco: 'DT_INT8' },
  5121: { bytes: 1, array: Uint8Array, draco: 'DT_UINT8' },
  5122: { bytes: 2, array: Int16Array, draco: 'DT_INT16' },
  5123: { bytes: 2, array: Uint16Array, draco: 'DT_UINT16' },
  5125: { bytes: 4, array: Uint32Array, draco: 'DT_UINT32' },
  5126: { bytes: 4, array: Float32Array, draco: 'DT_FLOAT32' },
};
const TYPE_COMPONENTS: Readonly<Record<string, number>> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 };

/** True when some mesh primitive is compressed with KHR_draco_mesh_compression. */
export function usesDraco(ctx: ParseContext): boolean {
  return ctx.meshes.some((mesh, m) => list(asObject(mesh, `meshes[${m}]`), 'primitives', `meshes[${m}]`, ctx.limits.maxItems)
    .some((primitive, p) => extension(asObject(primitive, `meshes[${m}].primitives[${p}]`), NAME, `meshes[${m}].primitives[${p}]`) !== undefined));
}

/** The page's decoder, instantiated on first use; forgotten if it ever fails in a way that may leave it broken. */
let shared: Promise<DecoderModule> | null = null;

/**
 * Loads and instantiates the Draco decoder (its own chunk, WebAssembly inlined) the first time a parse needs
 * it. Rejects with LOAD_FAILED naming the decoder when its chunk cannot be loaded.
 */
export async function loadDracoDecoder(url: string): Promise<DecoderModule> {
  shared ??= import('../../build/draco-decoder.js').then(({ default: create }) => create());
  try {
    return await shared;
  } catch (cause) {
    shared = null;
    throw new AssetError('LOAD_FAILED', url, `the Draco decoder (KHR_draco_mesh_compression) could not be loaded: ${String(cause)}`, { cause });
  }
}

/**
 * Decodes every KHR_draco_mesh_compression primitive into `ctx.decodedAccessors`: its indices and each attribute
 * the extension maps, in the accessor's own component type, so accessors read the decoded elements. Counts are
 * checked against the accessors, the output against the allocation budget; malformed data refuses the file.
 */
export function decodeDracoPrimitives(ctx: ParseContext, draco: DecoderModule): void {
  ctx.meshes.forEach((meshJson, m) => {
    const meshPath = `meshes[${m}]`;
    list(asObject(meshJson, meshPath), 'primitives', meshPath, ctx.limits.maxItems).forEach((primitiveJson, p) => {
      const path = `${meshPath}.primitives[${p}]`;
      const primitive = asObject(primitiveJson, path);
      const ext = extension(primitive, NAME, path);
      if (!ext) return;
      try {
        decodePrimitive(ctx, draco, primitive, ext, `${path}.extensions.${NAME}`);
      } catch (error) {
        if (error instanceof InvalidContent) throw error;
        // The decoder itself failed (a WebAssembly trap): a new one is made for the next file.
        shared = null;
        invalid(`${path}: the Draco decoder failed on this data (${error instanceof Error ? error.message : String(error)})`);
      }
    });
  });
}

function decodePrimitive(ctx: ParseContext, draco: DecoderModule, primitive: JsonObject, ext: JsonObject, path: string): void {
  const viewIndex = index(ext, 'bufferView', path, ctx.bufferViews.length, 'bufferView');
  const bytes = viewData(ctx, viewIndex).bytes;
  const attributes = asObject(ext['attributes'], `${path}.attributes`);
  const decoder = new draco.Decoder();
  const buffer = new draco.DecoderBuffer();
  const mesh = new draco.Mesh();
  try {
    buffer.Init(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength);
    if (decoder.GetEncodedGeometryType(buffer) !== draco.TRIANGULAR_MESH) invalid(`${path}: the data is not a Draco triangle mesh`);
    const status = decoder.DecodeBufferToMesh(buffer, mesh);
    if (!status.ok() || pointer(mesh) === 0) invalid(`${path}: the Draco data is malformed (${status.error_msg()})`);
    const points = mesh.num_points();
    const faces = mesh.num_faces();
    if (primitive['indices'] !== undefined) {
      const accessor = index(primitive, 'indices', path, ctx.accessors.length, 'accessor');
      checkCount(ctx, accessor, faces * 3, `${path} indices`);
      ctx.budget.take(faces * 12, `${path} indices`);
      const indices = new Uint32Array(faces * 3);
      withHeap(draco, indices.byteLength, (ptr) => {
        decoder.GetTrianglesUInt32Array(mesh, indices.byteLength, ptr);
        indices.set(draco.HEAPU32.subarray(ptr >>> 2, (ptr >>> 2) + indices.length));
      });
      // The accessor is read as its declared component type; the decoded indices become that type.
      ctx.decodedAccessors.set(accessor, asComponentType(ctx, accessor, indices));
    }
    for (const [name, id] of Object.entries(attributes)) {
      const accessor = index(asObject(primitive['attributes'], `${path}.attributes`), name, `${path} attributes`, ctx.accessors.length, 'accessor');
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) invalid(`${path}.attributes.${name} is not a Draco attribute id`);
      const attribute = decoder.GetAttributeByUniqueId(mesh, id);
      if (pointer(attribute) === 0) invalid(`${path}.attributes.${name}: the Draco data has no attribute ${id}`);
      const { componentType, components } = accessorShape(ctx, accessor);
      checkCount(ctx, accessor, points, `${path}.attributes.${name}`);
      if (attribute.num_components() !== components) {
        invalid(`${path}.attributes.${name}: Draco attribute ${id} has ${attribute.num_components()} components, accessors[${accessor}] ${components}`);
      }
      const kind = COMPONENTS[componentType]!;
      const byteLength = points * components * kind.bytes;
      ctx.budget.take(byteLength, `${path}.attributes.${name}`);
      const out = new Uint8Array(byteLength);
      withHeap(draco, byteLength, (ptr) => {
        decoder.GetAttributeDataArrayForAllPoints(mesh, attribute, draco[kind.draco] as never, byteLength, ptr);
        out.set(draco.HEAPU8.subarray(ptr, ptr + byteLength));
      });
      ctx.decodedAccessors.set(accessor, out);
    }
  } finally {
    draco.destroy(mesh);
    draco.destroy(buffer);
    draco.destroy(decoder);
  }
}

/** The address of a decoder object (Emscripten's WebIDL objects carry it as `ptr`; 0 stands for none). */
function pointer(object: unknown): number {
  return (object as { ptr?: number } | null)?.ptr ?? 0;
}

function withHeap(draco: DecoderModule, bytes: number, use: (ptr: number) => void): void {
  const ptr = draco._malloc(bytes);
  if (ptr === 0) invalid(`the Draco decoder could not allocate ${bytes} bytes`);
  try {
    use(ptr);
  } finally {
    draco._free(ptr);
  }
}

function accessorShape(ctx: ParseContext, accessor: number): { componentType: number; components: number } {
  const path = `accessors[${accessor}]`;
  const json = asObject(ctx.accessors[accessor], path);
  const componentType = int(json, 'componentType', path, 0, 0xffff);
  const components = TYPE_COMPONENTS[String(json['type'])];
  if (!COMPONENTS[componentType] || components === undefined) invalid(`${path} has a type Draco data cannot fill`);
  return { componentType, components };
}

function checkCount(ctx: ParseContext, accessor: number, count: number, what: string): void {
  const path = `accessors[${accessor}]`;
  const declared = int(asObject(ctx.accessors[accessor], path), 'count', path, 1, 2 ** 31);
  if (declared !== count) invalid(`${what}: the Draco data decodes ${count} elements but ${path}.count is ${declared}`);
}

function asComponentType(ctx: ParseContext, accessor: number, indices: Uint32Array): Uint8Array {
  const { componentType } = accessorShape(ctx, accessor);
  const kind = COMPONENTS[componentType]!;
  const out = new kind.array(new ArrayBuffer(indices.length * kind.bytes)) as Uint8Array | Uint16Array | Uint32Array;
  if (!(out instanceof Uint8Array || out instanceof Uint16Array || out instanceof Uint32Array)) invalid(`accessors[${accessor}] holds indices of componentType ${componentType}`);
  out.set(indices);
  return new Uint8Array(out.buffer);
}
