import { invalid } from './asset-error.js';
import { checkRange } from './buffer-views.js';
import { asObject, extension, index, int, str } from './gltf-json.js';
import type { ParseContext } from './parse-context.js';

const MODES = ['ATTRIBUTES', 'TRIANGLES', 'INDICES'] as const;
const FILTERS = ['NONE', 'OCTAHEDRAL', 'QUATERNION', 'EXPONENTIAL'] as const;

/** The decoder half of the `meshoptimizer` package, loaded only for files that need it. */
type MeshoptDecoderApi = (typeof import('meshoptimizer/decoder'))['MeshoptDecoder'];

/** True when some buffer view is compressed with EXT_meshopt_compression. */
export function usesMeshopt(ctx: ParseContext): boolean {
  return ctx.bufferViews.some((view, i) => extension(asObject(view, `bufferViews[${i}]`), 'EXT_meshopt_compression', `bufferViews[${i}]`) !== undefined);
}

/** Loads and instantiates the meshopt decoder (WebAssembly); called once per parse that needs it. */
export async function loadMeshoptDecoder(): Promise<MeshoptDecoderApi> {
  const { MeshoptDecoder } = await import('meshoptimizer/decoder');
  await MeshoptDecoder.ready;
  return MeshoptDecoder;
}

/** True for a buffer that only stands in for compressed data (`EXT_meshopt_compression.fallback`). */
export function isFallbackBuffer(buffer: unknown, path: string): boolean {
  const ext = extension(asObject(buffer, path), 'EXT_meshopt_compression', path);
  return ext !== undefined && ext['fallback'] === true;
}

/**
 * Decodes every EXT_meshopt_compression buffer view into `ctx.decodedViews`, so that accessors read the
 * decoded bytes and never the fallback buffer. Mode, filter, stride and count are checked against the
 * extension's rules before the decoder runs, the source range against its buffer, and the decoded size
 * against the allocation budget; a decoder failure (malformed data) refuses the file.
 */
export function decodeMeshoptViews(ctx: ParseContext, decoder: MeshoptDecoderApi): void {
  ctx.bufferViews.forEach((viewJson, viewIndex) => {
    const viewPath = `bufferViews[${viewIndex}]`;
    const view = asObject(viewJson, viewPath);
    const ext = extension(view, 'EXT_meshopt_compression', viewPath);
    if (!ext) return;
    const path = `${viewPath}.extensions.EXT_meshopt_compression`;
    const bufferIndex = index(ext, 'buffer', path, ctx.buffers.length, 'buffer');
    const byteOffset = int(ext, 'byteOffset', path, 0, Number.MAX_SAFE_INTEGER, 0);
    const byteLength = int(ext, 'byteLength', path, 1, Number.MAX_SAFE_INTEGER);
    const byteStride = int(ext, 'byteStride', path, 1, 256);
    const count = int(ext, 'count', path, 1, 2 ** 31);
    const mode = str(ext, 'mode', path, '');
    const filter = str(ext, 'filter', path, 'NONE');
    if (!(MODES as readonly string[]).includes(mode)) invalid(`${path}.mode "${mode}" is not one of ${MODES.join(', ')}`);
    if (!(FILTERS as readonly string[]).includes(filter)) invalid(`${path}.filter "${filter}" is not one of ${FILTERS.join(', ')}`);
    if (mode === 'ATTRIBUTES' && byteStride % 4 !== 0) invalid(`${path}.byteStride ${byteStride} is not a multiple of 4`);
    if (mode !== 'ATTRIBUTES' && byteStride !== 2 && byteStride !== 4) invalid(`${path}.byteStride must be 2 or 4 for ${mode}`);
    if (mode === 'TRIANGLES' && count % 3 !== 0) invalid(`${path}.count ${count} is not a multiple of 3`);
    if (filter !== 'NONE' && mode !== 'ATTRIBUTES') invalid(`${path} uses filter ${filter} with mode ${mode}`);
    if (filter === 'OCTAHEDRAL' && byteStride !== 4 && byteStride !== 8) invalid(`${path}: OCTAHEDRAL needs byteStride 4 or 8`);
    if (filter === 'QUATERNION' && byteStride !== 8) invalid(`${path}: QUATERNION needs byteStride 8`);
    const source = ctx.bufferData[bufferIndex];
    if (!source) invalid(`${path}.buffer ${bufferIndex} holds no data (it is itself a fallback buffer)`);
    checkRange(byteOffset, byteLength, source.byteLength, `${path} (bytes ${byteOffset}…${byteOffset + byteLength})`, `buffer ${bufferIndex}`);
    // The decoder works in a scratch area of count rounded up to 4 elements, plus a copy of the source.
    const decodedBytes = count * byteStride;
    ctx.budget.take(decodedBytes * 2 + byteLength, `meshopt bufferView ${viewIndex}`);
    const target = new Uint8Array(decodedBytes);
    try {
      decoder.decodeGltfBuffer(target, count, byteStride, source.subarray(byteOffset, byteOffset + byteLength), mode, filter);
    } catch (error) {
      invalid(`${path}: the compressed data is malformed (${error instanceof Error ? error.message : String(error)})`);
    }
    ctx.decodedViews.set(viewIndex, target);
  });
}
