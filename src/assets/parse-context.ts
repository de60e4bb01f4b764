import type { JsonObject } from './gltf-json.js';
import type { AllocBudget, ParseLimits } from './limits.js';

/**
 * The state of one `parseGltf` call shared by its parts: the checked top-level JSON arrays, the loaded
 * buffers, the allocation budget and the warnings. Created once per parse, dropped when it returns.
 */
export interface ParseContext {
  root: JsonObject;
  limits: ParseLimits;
  budget: AllocBudget;
  /** Top-level arrays, each already checked to be an array of at most `limits.maxItems` entries. */
  buffers: readonly unknown[];
  bufferViews: readonly unknown[];
  accessors: readonly unknown[];
  meshes: readonly unknown[];
  nodes: readonly unknown[];
  materials: readonly unknown[];
  textures: readonly unknown[];
  images: readonly unknown[];
  samplers: readonly unknown[];
  /** Bytes of each buffer; null for EXT_meshopt_compression fallback buffers, which are never loaded. */
  bufferData: (Uint8Array | null)[];
  /** Decoded bytes of EXT_meshopt_compression buffer views, by view index. */
  decodedViews: Map<number, Uint8Array>;
  /** Decoded elements of KHR_draco_mesh_compression accessors, tightly packed in their component type, by accessor index. */
  decodedAccessors: Map<number, Uint8Array>;
  warnings: string[];
}
