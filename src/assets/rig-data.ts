/**
 * What moves in a model: its node hierarchy with rest transforms, the matrices a drawn instance needs per frame
 * (its "palette"), morph weights and animation clips. Produced by `readRig` as part of ModelData; flat typed
 * arrays and plain numbers only, so the engine can copy it into WebAssembly memory as it is.
 */
export interface RigData {
  /** Node count; every node of the file takes part, indexed as in the file. */
  nodeCount: number;
  /** Parent of each node, -1 for roots. */
  parents: Int32Array;
  /** Every node once, parents before children. */
  order: Uint32Array;
  /** Rest pose: translation xyz, rotation xyzw (unit), scale xyz; NODE_FLOATS per node. */
  rest: Float32Array;
  /**
   * Palette entries, PALETTE_ENTRY_FLOATS each: node index, 1 when an inverse bind matrix follows (a joint) or 0
   * (a mesh node drawn rigidly), then 2 unused floats, then the column-major inverse bind matrix (identity for
   * mesh nodes), then a model-space bounding sphere of the vertices the entry moves, in bind space (cx, cy, cz, r).
   */
  palette: Float32Array;
  paletteCount: number;
  /** Default morph weights of every morphed mesh node, concatenated; animations and `morphWeights` overwrite. */
  weights: Float32Array;
  /** Morph weight offset (into `weights`) and count of each node, -1 / 0 where the node is not morphed. */
  weightOffset: Int32Array;
  weightCount: Int32Array;
  animations: AnimationData[];
}

/** Floats per node in `RigData.rest`. */
export const NODE_FLOATS = 10;
/** Floats per palette entry in `RigData.palette`: node, joint flag, 2 unused, inverse bind (16), sphere (4). */
export const PALETTE_ENTRY_FLOATS = 24;
/** Most joints one skin may have; a skin with more leaves the model unanimated (ASSET_INVALID). */
export const MAX_JOINTS = 256;

/** glTF animation target paths, as numbers. */
export const PATH_TRANSLATION = 0;
export const PATH_ROTATION = 1;
export const PATH_SCALE = 2;
export const PATH_WEIGHTS = 3;
/** glTF sampler interpolations, as numbers. */
export const INTERPOLATION_LINEAR = 0;
export const INTERPOLATION_STEP = 1;
export const INTERPOLATION_CUBICSPLINE = 2;

/** One glTF animation. */
export interface AnimationData {
  name: string;
  /** Seconds: the last keyframe time over every channel. */
  duration: number;
  channels: ChannelData[];
}

/** One channel with its sampler's data, values as f32 (normalized integers already mapped). */
export interface ChannelData {
  node: number;
  path: number;
  interpolation: number;
  /** Keyframe times, non-decreasing. */
  times: Float32Array;
  /**
   * Keyframe values: `components` per key (3 for translation and scale, 4 for rotation, the node's morph target
   * count for weights); for CUBICSPLINE three groups per key: in-tangent, value, out-tangent.
   */
  values: Float32Array;
  components: number;
}

/** How one drawn primitive of an animated model is moved. */
export interface PrimitiveRig {
  /** The palette entry of its node (rigid) or of its skin's first joint (skinned). */
  paletteEntry: number;
  /** JOINTS_0 (skin-local joint index) and WEIGHTS_0 (summing to 1), 4 per vertex; null when rigid. */
  joints: Uint16Array | null;
  weights: Float32Array | null;
  /** Morph target count, and the POSITION and NORMAL deltas, target-major (target t, vertex v at (t·n + v)·3). */
  targetCount: number;
  morphPositions: Float32Array | null;
  morphNormals: Float32Array | null;
  /** First morph weight of its node, in `RigData.weights`. */
  weightOffset: number;
}
