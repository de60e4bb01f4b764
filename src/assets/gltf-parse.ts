import { AssetAbortError, AssetError, InvalidContent, invalid, isAbortError } from './asset-error.js';
import { boundingSphere } from './bounds.js';
import { platformFetch, type CrossOrigin, type FetchLike } from './fetch-bytes.js';
import { decodeGeometry, type Geometry, type NormalMode } from './geometry.js';
import { readContainer } from './glb.js';
import { asObject, list, str } from './gltf-json.js';
import { bufferViewImage } from './images.js';
import { AllocBudget, DEFAULT_LIMITS, type ParseLimits } from './limits.js';
import { readVariantMappings, readVariantNames } from './material-extensions.js';
import { readMaterials, readTextures } from './materials.js';
import { decodeMeshoptViews, loadMeshoptDecoder, usesMeshopt } from './meshopt.js';
import { loadDraco, usesDraco } from './draco.js';
import type { MaterialData, ModelData, ModelOutline, PrimitiveData, TextureData } from './model-data.js';
import { collectInstances } from './nodes.js';
import { lightDefinitions, readLights } from './lights.js';
import type { ParseContext } from './parse-context.js';
import { loadResources } from './resources.js';
import { readRig, type RigPrimitive } from './rig.js';

/** Extensions LayerW implements; a file that requires any other is refused. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  'KHR_mesh_quantization',
  'EXT_meshopt_compression',
  'KHR_draco_mesh_compression',
  'KHR_texture_transform',
  'KHR_materials_emissive_strength',
  'KHR_materials_unlit',
  'EXT_texture_webp',
  'EXT_texture_avif',
  'KHR_texture_basisu',
  'MSFT_lod',
  'KHR_lights_punctual',
  'KHR_materials_clearcoat',
  'KHR_materials_specular',
  'KHR_materials_ior',
  'KHR_materials_sheen',
  'KHR_materials_transmission',
  'KHR_materials_variants',
];

/** Options of `parseGltf`. */
export interface ParseOptions {
  /** Absolute URL of the file: base of relative URIs, named in every error. */
  url: string;
  /** Fetches external buffers and images; the platform fetch by default. */
  fetch?: FetchLike;
  /** Aborts the parse and its downloads; the promise then rejects with an AssetAbortError. */
  signal?: AbortSignal;
  /** The `crossorigin` attribute, applied to every external buffer and image. */
  crossOrigin?: CrossOrigin;
  /** Bounds on work and memory; see ParseLimits. */
  limits?: Partial<ParseLimits>;
  /** Normals for primitives without: 'flat' (what glTF asks, the default) or 'smooth'. */
  normals?: NormalMode;
  /**
   * Hears, for a model without skins, morph targets or animations, what its draws will need of the pipelines as
   * soon as its JSON and materials are read, before its geometry is decoded; not called for other models.
   */
  onOutline?: (outline: ModelOutline) => void;
}

/** Longest node name kept; a name is for people reading an event, not a payload. */
const MAX_NAME_LENGTH = 256;

/**
 * Parses a glTF 2.0 file (GLB or JSON .gltf) and everything it refers to into ModelData. Resolves `data:`
 * URIs itself and fetches external buffers and images through `options.fetch`. Rejects with an AssetError:
 * `ASSET_INVALID` for bad content, `LOAD_FAILED` for a failed download, an AssetAbortError on abort; never
 * with another error type. Bounded in time and memory by `options.limits` (see ParseLimits).
 */
export async function parseGltf(data: ArrayBuffer | Uint8Array, options: ParseOptions): Promise<ModelData> {
  const signal = options.signal ?? new AbortController().signal;
  try {
    signal.throwIfAborted();
    return await parse(data instanceof Uint8Array ? data : new Uint8Array(data), options, signal);
  } catch (error) {
    throw toAssetError(error, options.url, signal);
  }
}

/** Every failure as an AssetError; anything unexpected (a parser bug) is still coded, and says so. */
export function toAssetError(error: unknown, url: string, signal: AbortSignal): AssetError {
  if (error instanceof AssetError) return error;
  if (signal.aborted || isAbortError(error)) return new AssetAbortError(url, signal.reason ?? error);
  if (error instanceof InvalidContent) return new AssetError('ASSET_INVALID', url, error.message);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AssetError('ASSET_INVALID', url, `unexpected failure while parsing (${detail})`, { cause: error });
}

async function parse(bytes: Uint8Array, options: ParseOptions, signal: AbortSignal): Promise<ModelData> {
  const limits: ParseLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const budget = new AllocBudget(limits);
  budget.addInput(bytes.byteLength);
  if (bytes.byteLength > limits.maxFileBytes) invalid(`the file has ${bytes.byteLength} bytes, more than the ${limits.maxFileBytes} allowed`);
  const { json, bin } = readContainer(bytes, limits.maxJsonBytes);
  const root = asObject(json, 'the glTF JSON');
  checkAsset(root, limits.maxItems);
  const array = (key: string): readonly unknown[] => list(root, key, 'glTF', limits.maxItems);
  const ctx: ParseContext = {
    root, limits, budget,
    buffers: array('buffers'), bufferViews: array('bufferViews'), accessors: array('accessors'), meshes: array('meshes'),
    nodes: array('nodes'), materials: array('materials'), textures: array('textures'), images: array('images'),
    samplers: array('samplers'),
    bufferData: [], decodedViews: new Map(), decodedAccessors: new Map(), warnings: [],
  };

  const ignored = list(root, 'extensionsUsed', 'glTF', limits.maxItems)
    .filter((name): name is string => typeof name === 'string' && !SUPPORTED_EXTENSIONS.includes(name));
  if (ignored.length > 0) ctx.warnings.push(`the file uses extensions LayerW does not support, drawn without them: ${ignored.map((n) => n.slice(0, 80)).join(', ')}`);
  const textures = readTextures(ctx);
  const usedImages = new Set(textures.map((t) => t.image));
  const meshopt = usesMeshopt(ctx) ? loadMeshoptDecoder() : null;
  const draco = usesDraco(ctx) ? loadDraco(options.url) : null;
  // Awaited below; this only keeps an early download failure from leaving them unhandled.
  meshopt?.catch(() => undefined);
  draco?.catch(() => undefined);
  const images = await loadResources(ctx, bin, usedImages, {
    url: options.url,
    fetch: options.fetch ?? platformFetch(),
    signal,
    crossOrigin: options.crossOrigin ?? null,
  });
  if (meshopt) decodeMeshoptViews(ctx, await meshopt);
  if (draco) await (await draco).decodeDracoPrimitives(ctx, options.url);
  signal.throwIfAborted();
  for (const i of usedImages) {
    if (!images[i]) images[i] = bufferViewImage(ctx, asObject(ctx.images[i], `images[${i}]`), i);
  }
  const materials = readMaterials(ctx);
  const variants = readVariantNames(ctx);
  const definitions = lightDefinitions(ctx);
  const { instances, lights: lightNodes, lods } = collectInstances(ctx, definitions.length);
  const lights = readLights(definitions, lightNodes);
  if (options.onOutline) reportOutline(ctx, instances, materials, textures, options.onOutline);

  const geometries = new Map<string, Geometry | null>();
  const primitives: PrimitiveData[] = [];
  const rigPrimitives: RigPrimitive[] = [];
  for (const instance of instances) {
    const meshPath = `meshes[${instance.mesh}]`;
    const mesh = asObject(ctx.meshes[instance.mesh], meshPath);
    const meshPrimitives = list(mesh, 'primitives', meshPath, limits.maxItems);
    if (meshPrimitives.length === 0) invalid(`${meshPath} has no primitives`);
    for (let p = 0; p < meshPrimitives.length; p++) {
      if (primitives.length >= limits.maxPrimitives) invalid(`the scene draws more than ${limits.maxPrimitives} primitives`);
      const path = `${meshPath}.primitives[${p}]`;
      const primitive = asObject(meshPrimitives[p], path);
      const key = `${instance.mesh}/${p}`;
      if (!geometries.has(key)) {
        signal.throwIfAborted();
        geometries.set(key, decodeGeometry(ctx, primitive, path, options.normals ?? 'flat'));
      }
      const geometry = geometries.get(key);
      if (!geometry) continue;
      const material = primitive['material'] === undefined ? null : materialIndex(primitive, path, materials.length);
      primitives.push({
        node: instance.node, mesh: instance.mesh, primitive: p,
        ...geometry,
        worldMatrix: instance.worldMatrix,
        material,
        lod: instance.lod,
        rig: null,
        variantMaterials: readVariantMappings(ctx, primitive, path, variants.length),
      });
      rigPrimitives.push({ node: instance.node, mesh: instance.mesh, json: primitive, path, geometry });
    }
  }
  const bounds = boundingSphere(primitives);
  // A broken skin, morph target or animation leaves the model drawn as it stands, and says why.
  let rigProblem: string | null = null;
  let rigged: ReturnType<typeof readRig> = null;
  try {
    rigged = readRig(ctx, rigPrimitives);
  } catch (error) {
    if (!(error instanceof InvalidContent)) throw error;
    rigProblem = error.message;
  }
  if (rigged) rigged.primitives.forEach((rig, i) => (primitives[i]!.rig = rig));
  const nodeNames = ctx.nodes.map((node) => {
    const name = node !== null && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? name.slice(0, MAX_NAME_LENGTH) : '';
  });
  return {
    primitives, materials, textures, images, lods, nodeNames, bounds, rig: rigged?.rig ?? null, rigProblem,
    lights, variants, warnings: ctx.warnings,
  };
}

function materialIndex(primitive: Record<string, unknown>, path: string, count: number): number {
  const value = primitive['material'];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= count) {
    invalid(`${path}.material refers to material ${String(value)}, but there ${count === 1 ? 'is 1' : `are ${count}`}`);
  }
  return value;
}

/** Checks `asset.version` and `extensionsRequired`. */
function checkAsset(root: Record<string, unknown>, maxItems: number): void {
  const asset = asObject(root['asset'], 'glTF.asset');
  const version = str(asset, 'version', 'glTF.asset', '');
  if (!/^2\.\d+$/.test(version)) invalid(`asset.version is "${version.slice(0, 20)}"; LayerW reads glTF 2.x`);
  const minVersion = str(asset, 'minVersion', 'glTF.asset', '2.0');
  if (minVersion !== '2.0') invalid(`asset.minVersion is "${minVersion.slice(0, 20)}"; LayerW reads glTF 2.0`);
  const required = list(root, 'extensionsRequired', 'glTF', maxItems);
  for (const name of required) {
    if (typeof name !== 'string') invalid('extensionsRequired holds a value that is not a string');
    if (!SUPPORTED_EXTENSIONS.includes(name)) {
      invalid(`the file requires the extension ${name.slice(0, 80)}, which LayerW does not support (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`);
    }
  }
}

/**
 * Tells `listener` what the instances' primitives will ask of the pipelines, from the JSON alone: each one's
 * material and whether it has COLOR_0. Nothing for a model with skins, morph targets or animations (drawn by
 * pipelines of their own), and nothing is checked here: the full read that follows reports what is wrong.
 */
function reportOutline(ctx: ParseContext, instances: readonly { mesh: number }[], materials: readonly MaterialData[],
  textures: readonly TextureData[], listener: (outline: ModelOutline) => void): void {
  const nonEmpty = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
  if (nonEmpty(ctx.root['skins']) || nonEmpty(ctx.root['animations'])) return;
  const primitives: { material: number | null; colors: true | null }[] = [];
  for (const instance of instances) {
    const mesh = ctx.meshes[instance.mesh] as { primitives?: unknown } | undefined;
    if (!Array.isArray(mesh?.primitives)) continue;
    for (const primitive of mesh.primitives as unknown[]) {
      const json = primitive as { material?: unknown; attributes?: { COLOR_0?: unknown }; targets?: unknown[] } | null;
      if (!json || typeof json !== 'object') continue;
      if (nonEmpty(json.targets)) return;
      const material = typeof json.material === 'number' && json.material < materials.length ? json.material : null;
      primitives.push({ material, colors: json.attributes?.COLOR_0 !== undefined ? true : null });
    }
  }
  try {
    listener({ rig: null, materials, textures, primitives });
  } catch {
    // A listener's failure is not the file's.
  }
}
