// The contract between the engine and the renderer. The engine fills one FrameInput per scene per frame from
// WebAssembly memory (views, not copies); the renderer turns it into GPU commands. Nothing here allocates.

import type { LookInput } from './look.js';
import type { GpuModel } from './model.js';

/**
 * Built-in geometries. The batch key of an instance is its geometry index, or MODEL_KEY_BASE + a model's
 * index for a loaded model, plus TRANSPARENT_KEY_OFFSET when it is drawn in the blended pass.
 */
export const GEOMETRIES = ['box', 'sphere', 'plane', 'cylinder', 'cone', 'torus'] as const;
export type GeometryName = (typeof GEOMETRIES)[number];
/** The first batch key of loaded models. */
export const MODEL_KEY_BASE = GEOMETRIES.length;
/** Models one scene can have loaded at once. */
export const MAX_MODELS = 250;
/** Opaque keys are below this; the pack kernel histograms over them. */
export const TRANSPARENT_KEY_OFFSET = MODEL_KEY_BASE + MAX_MODELS;

/** Light kinds as numbers in the light buffer. */
export const LIGHT_TYPES = { ambient: 0, directional: 1, point: 2, spot: 3 } as const;
export type LightType = keyof typeof LIGHT_TYPES;
/** Most lights a scene shades with (quality presets may use fewer). */
export const MAX_LIGHTS = 8;
/**
 * f32 per light in FrameInput.lights:
 * type, intensity, range, castShadow(0|1),
 * colour r, g, b (linear), cos(outer cone half-angle),
 * position x, y, z, cos(inner cone half-angle),
 * direction x, y, z (unit, pointing where the light shines), 0
 */
export const LIGHT_FLOATS = 16;

/**
 * Bytes per packed instance in FrameInput.instances. The value is owned by assembly/layout.ts (exported from
 * WebAssembly as INSTANCE_BYTES); the renderer cannot read WebAssembly, so it is repeated here and a test
 * checks the two agree.
 */
export const INSTANCE_BYTES = 80;
/** u32 per batch record in FrameInput.batches: key, first instance, instance count (BATCH_RECORD_BYTES / 4). */
export const BATCH_RECORD_U32 = 3;
/** Bytes of one drawIndexedIndirect record: index count, instance count, first index, base vertex, first instance. */
export const INDIRECT_ARGS_BYTES = 5 * 4;
/** u32 per range record in FrameInput.ranges (RANGE_RECORD_BYTES / 4 in assembly/instances.ts). */
export const RANGE_RECORD_U32 = 3;

/** Per-quality choices the renderer honours. */
export interface RenderQuality {
  /** Canvas pixels per CSS pixel relative to the device pixel ratio (0.4 .. 1). */
  renderScale: number;
  /** 1 or 4. */
  msaa: 1 | 4;
  /** Shadow map edge in texels; 0 turns shadows off. */
  shadowMapSize: number;
  /** Lights shaded, at most MAX_LIGHTS. */
  maxLights: number;
  /** Face edge of prefiltered environment cubes, in texels. */
  environmentSize: number;
  /** GGX samples per texel when prefiltering an environment. */
  environmentSamples: number;
}

/** Everything one frame of one scene needs. Typed arrays are views into WebAssembly memory or reused scratch. */
export interface FrameInput {
  /**
   * Instance records of the slots that changed, INSTANCE_BYTES (80) each as assembly/layout.ts describes them:
   * world matrix rows 0..2, colour rgba (linear, a = opacity), emissive rgb, metalness and roughness as half
   * floats, the shadow flags and an animated model's palette base. The GPU keeps every slot's record resident
   * at slot * INSTANCE_BYTES; a frame uploads the `rangeCount` ranges of `ranges` (from u32 index `rangeOffset`:
   * first slot, slot count, byte address of their packed data in `instances`). `instances` may be a view of all
   * WebAssembly memory.
   */
  instances: Uint8Array;
  ranges: Uint32Array;
  rangeOffset: number;
  rangeCount: number;
  /** Slots the resident instance buffer must hold (every slot number in `visible` is below it). */
  slotCount: number;
  /**
   * The slots drawn this frame, one u32 each, `visibleCount` of them from u32 index `visibleOffset` of
   * `visible`, in batch order: instance i of the frame is slot visible[visibleOffset + i]. Only the span
   * [visibleDirtyStart, visibleDirtyEnd) differs from the last frame's list and needs uploading.
   */
  visible: Uint32Array;
  visibleOffset: number;
  visibleCount: number;
  visibleDirtyStart: number;
  visibleDirtyEnd: number;
  /** Batch records (key, first instance, instance count; BATCH_RECORD_U32 each), `batchCount` of them starting
   *  at element `batchOffset`: opaque batches (key < TRANSPARENT_KEY_OFFSET) in ascending key, then blended
   *  batches, drawn in the order given with their instances in list order (the engine sorts them back to
   *  front). A batch's first instance is an index into the visible list. */
  batches: Uint32Array;
  /** Index (in u32 elements) of the first batch record in `batches`. */
  batchOffset: number;
  batchCount: number;
  /**
   * Changes whenever the camera or the lights change: the renderer recomputes what derives from them (the
   * light's shadow matrix, the camera uniforms) only then.
   */
  version: number;
  /** Column-major camera projection × view; depth maps to [0, 1]. */
  viewProjection: Float32Array;
  cameraPosition: Float32Array;
  /** Lights, LIGHT_FLOATS each, `lightCount` of them (ambient lights included). */
  lights: Float32Array;
  lightCount: number;
  /** Linear rgba clear colour. */
  background: Float32Array;
  /** A sphere (x, y, z, radius) that the directional shadow map must cover. Shadows come from the first
   *  directional light with castShadow 1; casters up to `radius` outside the sphere towards the light count. */
  shadowFocus: Float32Array;
  quality: RenderQuality;
  /** Loaded models by key - MODEL_KEY_BASE; null where nothing is loaded (its instances are not drawn). */
  models: readonly (GpuModel | null)[];
  /** Exposure, tone mapping, the environment and the look's extra passes. */
  look: LookInput;
  /**
   * How this frame was culled. `gpu`: the visible list and batches above are empty; the renderer culls every
   * slot below `slotCount` on the GPU (src/gpu/gpu-cull.ts) from its copy of the columns at `cullColumns`.
   */
  culling: 'gpu' | 'cpu';
  /** Byte addresses in `instances` of the columns the GPU cull copies: sphere x, y, z, r, flags, batch key. */
  cullColumns: Uint32Array;
  /** Changes when slots were added, removed or hidden: the GPU's copy of every flag and batch key is refreshed. */
  slotsVersion: number;
  /** The flag bits of a slot that is drawn (alive and visible). */
  drawableFlags: number;
}
