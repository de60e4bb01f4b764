// The asset layer: glTF 2.0 / GLB to GPU-ready ModelData, and the reference-counted cache. No GPU code here.
export { AssetCache, type AssetHandle, type AssetLoader } from './asset-cache.js';
export { AssetAbortError, AssetError, isAbortError } from './asset-error.js';
export type { CrossOrigin, FetchLike, FetchResponseLike } from './fetch-bytes.js';
export { absoluteUrl, loadGltf, type LoadOptions } from './gltf-load.js';
export { parseGltf, SUPPORTED_EXTENSIONS, type ParseOptions } from './gltf-parse.js';
export { DEFAULT_LIMITS, type ParseLimits } from './limits.js';
export type * from './model-data.js';
