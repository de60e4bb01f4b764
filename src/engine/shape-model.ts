// A textured built-in shape as a one-primitive model: the geometry's vertices, one material whose textures are
// the shape's images (fetched and checked here, decoded later by the texture streaming), the repeat as the
// textures' UV transform. Loaded by the model store for keys made by shapeModelKey; its own chunk.

import { fetchBytes, platformFetch } from '../assets/fetch-bytes.js';
import { encodedImage } from '../assets/images.js';
import { DEFAULT_LIMITS } from '../assets/limits.js';
import { AssetError, isAbortError, AssetAbortError } from '../assets/asset-error.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import type { EncodedImage, MaterialData, ModelData, TextureRef } from '../assets/model-data.js';
import { GEOMETRIES, type GeometryName } from '../gpu/frame-input.js';
import { buildGeometry, VERTEX_FLOATS } from '../gpu/geometry.js';
import { SHAPE_IMAGE_ROLES } from './shape-key.js';
import { SHAPE_SCHEME } from './shape-model-key.js';

/** glTF REPEAT: a shape's images tile with `texture-repeat`. */
const REPEAT = 10497;

/** Fetches the images named in `key` (a shapeModelKey) and builds the shape's model data. */
export async function loadShapeModel(key: string, signal: AbortSignal, crossOrigin: CrossOrigin): Promise<ModelData> {
  const query = key.indexOf('?');
  const geometry = key.slice(SHAPE_SCHEME.length, query) as GeometryName;
  const params = new URLSearchParams(key.slice(query + 1));
  if (!GEOMETRIES.includes(geometry)) throw new AssetError('ASSET_INVALID', key, 'names no built-in geometry');
  const [u, v] = (params.get('repeat') ?? '1 1').split(' ').map(Number);
  const urls = SHAPE_IMAGE_ROLES.map((role) => params.get(role));
  const images = await Promise.all(urls.map((url, i) => url === null ? null : fetchImage(url, SHAPE_IMAGE_ROLES[i]!, signal, crossOrigin)));
  return shapeModelData(geometry, images, u ?? 1, v ?? 1);
}

async function fetchImage(url: string, role: string, signal: AbortSignal, crossOrigin: CrossOrigin): Promise<EncodedImage> {
  try {
    const bytes = await fetchBytes(url, {
      fetch: platformFetch(), signal, crossOrigin, maxBytes: DEFAULT_LIMITS.maxFileBytes, modelUrl: url, what: role,
    });
    return encodedImage(bytes, `${role} ${url}`);
  } catch (error) {
    if (error instanceof AssetError) throw error;
    if (isAbortError(error)) throw new AssetAbortError(url, error);
    throw new AssetError('ASSET_INVALID', url, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The model data of `geometry` with `images` (base colour, normal, roughness; null where unset) repeated u × v times. */
export function shapeModelData(geometry: GeometryName, images: readonly (EncodedImage | null)[], u: number, v: number): ModelData {
  const built = buildGeometry(geometry);
  const count = built.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  const uvs = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const o = i * VERTEX_FLOATS;
    positions.set(built.vertices.subarray(o, o + 3), i * 3);
    normals.set(built.vertices.subarray(o + 3, o + 6), i * 3);
    uvs.set(built.vertices.subarray(o + 6, o + 8), i * 2);
  }
  const transform = u === 1 && v === 1 ? null : new Float32Array([u, 0, 0, 0, v, 0, 0, 0, 1]);
  const present = images.filter((image): image is EncodedImage => image !== null);
  const ref = (role: number): TextureRef | null => {
    const image = images[role];
    return image ? { texture: present.indexOf(image), texCoord: 0, transform } : null;
  };
  const material: MaterialData = {
    name: geometry,
    baseColorFactor: [1, 1, 1, 1],
    baseColorTexture: ref(0),
    metallicFactor: 1,
    roughnessFactor: 1,
    metallicRoughnessTexture: ref(2),
    normalTexture: ref(1),
    normalScale: 1,
    occlusionTexture: null,
    occlusionStrength: 1,
    emissiveFactor: [0, 0, 0],
    emissiveTexture: null,
    emissiveStrength: 1,
    alphaMode: 'OPAQUE',
    alphaCutoff: 0.5,
    doubleSided: false,
    unlit: false,
    instanceMetalRough: true,
  };
  const r = built.bounds[3]!;
  return {
    primitives: [{
      node: 0, mesh: 0, primitive: 0, positions, normals, uvs, uvs1: null, tangents: null, colors: null,
      indices: built.indices, vertexCount: count, worldMatrix: new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
      material: 0, boundsMin: [-r, -r, -r], boundsMax: [r, r, r], lod: null, rig: null,
      variantMaterials: null,
    }],
    materials: [material],
    textures: present.map((_, image) => ({ image, magFilter: undefined, minFilter: undefined, wrapS: REPEAT, wrapT: REPEAT })),
    images: present,
    lods: [],
    nodeNames: [geometry],
    bounds: { center: [built.bounds[0]!, built.bounds[1]!, built.bounds[2]!], radius: r },
    rig: null,
    rigProblem: null,
    lights: [],
    variants: [],
    warnings: [],
  };
}
