// KHR_draco_mesh_compression primitives read into a parse: the extension's JSON checked against the accessors, the
// compressed bytes decoded by the Draco worker (draco-client.ts), the output checked and kept. A lazy chunk, loaded
// by draco.ts for files that use the extension.

import { LayerWError } from '../errors.js';
import { AssetError, InvalidContent, invalid } from './asset-error.js';
import { viewData } from './buffer-views.js';
import { decodeDraco, type DracoJob } from './draco-client.js';
import { DRACO_COMPONENTS, type DracoAttributeRequest, type DracoDecoded } from './draco-decode.js';
import { asObject, extension, index, int, list, type JsonObject } from './gltf-json.js';
import { DRACO_EXTENSION as NAME } from './draco.js';
import type { ParseContext } from './parse-context.js';

export { prepareDraco } from './draco-client.js';

const TYPE_COMPONENTS: Readonly<Record<string, number>> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 };
const INDEX_TYPES: readonly number[] = [5121, 5123, 5125];

/** One primitive's checked request, with the accessors its output fills. */
interface CheckedPrimitive {
  path: string;
  indexAccessor: number | null;
  attributeAccessors: number[];
  names: string[];
  job: DracoJob;
}

/**
 * Decodes every KHR_draco_mesh_compression primitive into `ctx.decodedAccessors`: its indices and each attribute
 * the extension maps, in the accessor's own component type, so accessors read the decoded elements. Every primitive
 * is posted to the Draco worker at once and decoded there (see draco-client.ts); the main thread only checks the
 * JSON before and the counts and allocation budget after. Malformed data refuses the file (InvalidContent naming
 * the primitive); a decoder that cannot be loaded rejects with LOAD_FAILED naming it.
 */
export async function decodeDracoPrimitives(ctx: ParseContext, url: string): Promise<void> {
  const jobs: CheckedPrimitive[] = [];
  ctx.meshes.forEach((meshJson, m) => {
    const meshPath = `meshes[${m}]`;
    list(asObject(meshJson, meshPath), 'primitives', meshPath, ctx.limits.maxItems).forEach((primitiveJson, p) => {
      const path = `${meshPath}.primitives[${p}]`;
      const primitive = asObject(primitiveJson, path);
      const ext = extension(primitive, NAME, path);
      if (ext) jobs.push(checkPrimitive(ctx, primitive, ext, path));
    });
  });
  // Posted only once every primitive's JSON passed, and every answer awaited: none is left to reject unobserved.
  const settled = await Promise.allSettled(jobs.map((checked) => decodeDraco(checked.job)));
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    const error: unknown = failure.reason;
    if (error instanceof LayerWError && error.code === 'LOAD_FAILED') throw new AssetError('LOAD_FAILED', url, error.message, { cause: error });
    throw error instanceof InvalidContent ? error : new InvalidContent(String(error));
  }
  settled.forEach((result, i) => store(ctx, jobs[i]!, (result as PromiseFulfilledResult<DracoDecoded>).value));
}

/** Checks one primitive's extension against its accessors and makes its request to the decoder. */
function checkPrimitive(ctx: ParseContext, primitive: JsonObject, ext: JsonObject, primitivePath: string): CheckedPrimitive {
  const path = `${primitivePath}.extensions.${NAME}`;
  const viewIndex = index(ext, 'bufferView', path, ctx.bufferViews.length, 'bufferView');
  const bytes = viewData(ctx, viewIndex).bytes;
  const attributeIds = asObject(ext['attributes'], `${path}.attributes`);
  let indexType = 0;
  let indexAccessor: number | null = null;
  if (primitive['indices'] !== undefined) {
    indexAccessor = index(primitive, 'indices', path, ctx.accessors.length, 'accessor');
    indexType = accessorShape(ctx, indexAccessor).componentType;
    if (!INDEX_TYPES.includes(indexType)) invalid(`accessors[${indexAccessor}] holds indices of componentType ${indexType}`);
  }
  const attributes: DracoAttributeRequest[] = [];
  const attributeAccessors: number[] = [];
  for (const [name, id] of Object.entries(attributeIds)) {
    const accessor = index(asObject(primitive['attributes'], `${path}.attributes`), name, `${path} attributes`, ctx.accessors.length, 'accessor');
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) invalid(`${path}.attributes.${name} is not a Draco attribute id`);
    attributes.push({ name, id, ...accessorShape(ctx, accessor) });
    attributeAccessors.push(accessor);
  }
  // The worker gets its own copy of the compressed bytes (they sit inside the file's buffer), transferred, not cloned.
  const job: DracoJob = { path, bytes: bytes.slice(), indexType, attributes, maxBytes: ctx.budget.bound - ctx.budget.used };
  return { path, indexAccessor, attributeAccessors, names: attributes.map((a) => a.name), job };
}

/** Checks a decoded primitive's counts against its accessors, takes its bytes from the budget and keeps them. */
function store(ctx: ParseContext, job: CheckedPrimitive, decoded: DracoDecoded): void {
  const { path } = job;
  if (job.indexAccessor !== null) {
    checkCount(ctx, job.indexAccessor, decoded.faces * 3, `${path} indices`);
    const indices = decoded.indices;
    if (!indices) invalid(`${path}: the Draco decoder returned no indices`);
    ctx.budget.take(indices.byteLength, `${path} indices`);
    ctx.decodedAccessors.set(job.indexAccessor, indices);
  }
  job.attributeAccessors.forEach((accessor, i) => {
    const what = `${path}.attributes.${job.names[i]}`;
    checkCount(ctx, accessor, decoded.points, what);
    const data = decoded.attributes[i];
    if (!data) invalid(`${what}: the Draco decoder returned no data`);
    ctx.budget.take(data.byteLength, what);
    ctx.decodedAccessors.set(accessor, data);
  });
}

function accessorShape(ctx: ParseContext, accessor: number): { componentType: number; components: number } {
  const path = `accessors[${accessor}]`;
  const json = asObject(ctx.accessors[accessor], path);
  const componentType = int(json, 'componentType', path, 0, 0xffff);
  const components = TYPE_COMPONENTS[String(json['type'])];
  if (!DRACO_COMPONENTS[componentType] || components === undefined) invalid(`${path} has a type Draco data cannot fill`);
  return { componentType, components };
}

function checkCount(ctx: ParseContext, accessor: number, count: number, what: string): void {
  const path = `accessors[${accessor}]`;
  const declared = int(asObject(ctx.accessors[accessor], path), 'count', path, 1, 2 ** 31);
  if (declared !== count) invalid(`${what}: the Draco data decodes ${count} elements but ${path}.count is ${declared}`);
}
