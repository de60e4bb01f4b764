import type { PrimitiveRig, RigData } from './rig-data.js';

/**
 * What a model's draws will ask of the colour pass's pipelines (see pipelineNeeds), known once its JSON is read,
 * before its buffers are decoded. A ModelData is one; so is what the parser reports early (ParseOptions.onOutline).
 */
export interface ModelOutline {
  /** Set for a model drawn by the animated pipelines. */
  readonly rig: unknown;
  readonly materials: readonly MaterialData[];
  readonly textures: readonly TextureData[];
  /** `colors` is non-null where the primitive has COLOR_0. */
  readonly primitives: readonly { readonly material: number | null; readonly colors: unknown }[];
}

/**
 * The GPU-ready result of parsing one glTF file: flat typed arrays and plain numbers, no GPU objects and
 * no decoded pixels. Produced by `parseGltf`; the renderer copies the arrays into the mesh region and
 * decodes the images (createImageBitmap) into the texture region.
 */
export interface ModelData {
  /** One entry per drawn primitive instance of the default scene, in traversal order. */
  primitives: PrimitiveData[];
  /** Materials by glTF index; `PrimitiveData.material` points here. */
  materials: MaterialData[];
  /** Textures by glTF index: an image and how to sample it. */
  textures: TextureData[];
  /** Images by glTF index; null for images no texture uses (they are not fetched). */
  images: (EncodedImage | null)[];
  /** MSFT_lod groups; `PrimitiveData.lod` points here. */
  lods: LodGroup[];
  /** glTF node names by node index ('' where a node has none); picking reports them. */
  nodeNames: string[];
  /** Bounding sphere of every primitive of the default scene (all LOD levels), in model space, at rest. */
  bounds: BoundingSphere;
  /** Skins, morph targets and animations; null for a model without any (or with a broken one, see rigProblem). */
  rig: RigData | null;
  /** Why the model's skins, morph targets or animations were refused (it is then drawn at rest); else null. */
  rigProblem: string | null;
  /** KHR_lights_punctual lights of the default scene, in traversal order. */
  lights: ModelLight[];
  /** KHR_materials_variants names, in glTF order (`PrimitiveData.variantMaterials` is indexed the same). */
  variants: string[];
  /** Things that were skipped rather than refused (e.g. a points primitive), one sentence each. */
  warnings: string[];
}

/**
 * The vertices of one mesh primitive as the parser hands them on: attributes dequantized to f32 and tightly packed
 * (xyz, xyz, uv, uv, xyzw with w the handedness, rgba), triangle-list indices (Uint16Array when every index fits,
 * else Uint32Array; generated when absent) and the local-space bounds of `positions`.
 */
export interface VertexArrays {
  positions: Float32Array;
  normals: Float32Array;
  uvs: Float32Array | null;
  uvs1: Float32Array | null;
  tangents: Float32Array | null;
  colors: Float32Array | null;
  indices: Uint16Array | Uint32Array;
  vertexCount: number;
  boundsMin: [number, number, number];
  boundsMax: [number, number, number];
}

/**
 * One primitive of one node: triangle-list geometry, its node's world matrix and its material. Instances of the
 * same mesh share the same vertex arrays (compare by identity to upload once).
 */
export interface PrimitiveData extends VertexArrays {
  /** The glTF node and mesh it came from, and the primitive's index in that mesh. */
  node: number;
  mesh: number;
  primitive: number;
  /** Column-major model-space matrix of the node (parents applied). */
  worldMatrix: Float32Array;
  /** Index into `ModelData.materials`, or null for the glTF default material. */
  material: number | null;
  /** When the node belongs to an MSFT_lod group: the group and the level (0 = most detailed). */
  lod: { group: number; level: number } | null;
  /** How an animated model moves this primitive; null for models without a rig. */
  rig: PrimitiveRig | null;
  /** KHR_materials_variants: the material index per variant (undefined: `material`); null without mappings. */
  variantMaterials: (number | undefined)[] | null;
}

/**
 * A KHR_lights_punctual light on a node, in glTF units: intensity in candela (point, spot) or lux
 * (directional), linear colour, `range` 0 for unlimited, cone half-angles in radians. The light sits at the
 * node's origin and shines down the node's -Z axis.
 */
export interface ModelLight {
  node: number;
  type: 'directional' | 'point' | 'spot';
  color: [number, number, number];
  intensity: number;
  range: number;
  innerCone: number;
  outerCone: number;
  /** Column-major model-space matrix of the node (parents applied). */
  worldMatrix: Float32Array;
}

/** An MSFT_lod group: alternative nodes for one object, most detailed first. */
export interface LodGroup {
  /** Node index of each level; level 0 is the node that carries the extension. */
  nodes: number[];
  /** Mesh index of each level's node (null when that node has no mesh of its own). */
  meshes: (number | null)[];
  /** MSFT_screencoverage hints: the smallest screen coverage (0–1) at which each level is shown; may be empty. */
  screenCoverage: number[];
}

export interface BoundingSphere {
  center: [number, number, number];
  radius: number;
}

/** A material as the glTF file states it, factors linear, with defaults filled in. */
export interface MaterialData {
  name: string;
  baseColorFactor: [number, number, number, number];
  baseColorTexture: TextureRef | null;
  metallicFactor: number;
  roughnessFactor: number;
  metallicRoughnessTexture: TextureRef | null;
  normalTexture: TextureRef | null;
  normalScale: number;
  occlusionTexture: TextureRef | null;
  occlusionStrength: number;
  emissiveFactor: [number, number, number];
  emissiveTexture: TextureRef | null;
  /** KHR_materials_emissive_strength; 1 without the extension. */
  emissiveStrength: number;
  alphaMode: 'OPAQUE' | 'MASK' | 'BLEND';
  /** Used only with alphaMode MASK. */
  alphaCutoff: number;
  doubleSided: boolean;
  /** KHR_materials_unlit. */
  unlit: boolean;
  /** Set on the materials of textured built-in shapes: the instance's metalness and roughness replace the factors. */
  instanceMetalRough?: boolean;
  /** KHR_materials_clearcoat, _specular, _ior, _sheen and _transmission; null when it uses none. */
  extensions?: MaterialExtensionData | null;
}

/** The PBR extensions of a material, factors with glTF defaults (an absent extension reads as its defaults). */
export interface MaterialExtensionData {
  clearcoat: number;
  clearcoatTexture: TextureRef | null;
  clearcoatRoughness: number;
  clearcoatRoughnessTexture: TextureRef | null;
  specular: number;
  specularTexture: TextureRef | null;
  specularColor: [number, number, number];
  specularColorTexture: TextureRef | null;
  ior: number;
  sheenColor: [number, number, number];
  sheenColorTexture: TextureRef | null;
  sheenRoughness: number;
  sheenRoughnessTexture: TextureRef | null;
  transmission: number;
  transmissionTexture: TextureRef | null;
}

/** A material's use of a texture: which texture, which UV set, and the KHR_texture_transform. */
export interface TextureRef {
  texture: number;
  /** 0 → `uvs`, 1 → `uvs1` (KHR_texture_transform's texCoord override applied). */
  texCoord: number;
  /** Column-major 3×3 UV transform (translation · rotation · scale); null when the reference has none. */
  transform: Float32Array | null;
}

/** A texture: the image and the sampler (glTF enums; undefined filters mean "implementation's choice"). */
export interface TextureData {
  image: number;
  magFilter: number | undefined;
  minFilter: number | undefined;
  wrapS: number;
  wrapT: number;
}

/** Encoded image bytes, not decoded here. */
export interface EncodedImage {
  bytes: Uint8Array;
  /** 'image/png', 'image/jpeg', 'image/webp', 'image/avif' or 'image/ktx2', from the bytes' signature. */
  mimeType: string;
}
