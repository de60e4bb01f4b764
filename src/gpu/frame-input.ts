// The contract between the engine and the renderer. The engine fills one FrameInput per scene per frame from
// WebAssembly memory (views, not copies); the renderer turns it into GPU commands. Nothing here allocates.

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
export const INSTANCE_BYTES = 112;
/** u32 per batch record in FrameInput.batches: key, first instance, instance count (BATCH_RECORD_BYTES / 4). */
export const BATCH_RECORD_U32 = 3;

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
}

/** Everything one frame of one scene needs. Typed arrays are views into WebAssembly memory or reused scratch. */
export interface FrameInput {
  /** Packed instances, INSTANCE_BYTES (112) each: world mat4, colour rgba (linear, a = opacity),
   *  material (metalness, roughness, receiveShadow 0|1, castShadow 0|1), emissive (r, g, b, 0 — linear).
   *  May be a view of all WebAssembly memory: the instances start `instanceOffset` bytes into it. */
  instances: Uint8Array;
  /** Byte offset of the first packed instance in `instances` (a multiple of 4). */
  instanceOffset: number;
  instanceCount: number;
  /** Batch records (key, first instance, instance count; BATCH_RECORD_U32 each), `batchCount` of them starting
   *  at element `batchOffset`: opaque batches (key < TRANSPARENT_KEY_OFFSET) in ascending key, then blended
   *  batches, drawn in the order given with their instances in list order (the engine sorts them back to
   *  front). A batch's first instance counts from the first packed instance. */
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
}
