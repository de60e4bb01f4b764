// The scene's look as the renderer reads it: exposure, tone mapping, the environment's prefiltered light and the
// passes the look adds. The names and offsets only: the elements read them, so this module is in what every page
// loads; the GPU side is in look-bindings.ts, with the renderer. Environments themselves are made by src/gpu/ibl/,
// a chunk loaded on first use.

import type { FrameInput } from './frame-input.js';
import type { FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';

/** Tone mapping operators by their number in the shader (TONE_* in shaders/tonemap.wgsl). */
export const TONE_MAPPINGS = ['neutral', 'aces', 'agx', 'none'] as const;
export type ToneMapping = (typeof TONE_MAPPINGS)[number];

/** f32 offsets in LookInput.params. */
export const LOOK_EXPOSURE = 0;
export const LOOK_TONE_MAPPING = 1;
export const LOOK_ENVIRONMENT_INTENSITY = 2;
/** Radians about y. */
export const LOOK_ENVIRONMENT_ROTATION = 3;
/** 0..1. */
export const LOOK_SKYBOX_BLUR = 4;
export const LOOK_PARAM_COUNT = 5;

/** An environment prefiltered for one device: what the mesh pass and the skybox sample. */
export interface GpuEnvironment {
  /** A cube view over every mip; mip k holds GGX roughness k / (mipLevels - 1). */
  readonly specularView: GPUTextureView;
  /** Nine vec4f of irradiance SH (see shaders/ibl.wgsl), bound as a uniform. */
  readonly irradiance: GPUBuffer;
  readonly mipLevels: number;
  readonly gpuBytes: number;
}

/** GPU work the look adds to a frame (the skybox), made by src/gpu/ibl/ once it is loaded. */
export interface LookPass {
  /** Records work before the colour pass; returns the draw calls recorded. */
  prepare(encoder: GPUCommandEncoder, input: FrameInput): number;
  /** Draws inside the colour pass, before the meshes; returns the draw calls recorded. */
  draw(pass: GPURenderPassEncoder, msaa: 1 | 4): number;
  readonly gpuBytes: number;
}

/** The contact shadow's GPU work for one renderer (src/gpu/contact-shadow-pass.ts, a chunk). */
export interface ContactShadowPass {
  /** Records the depth from below and the blur; returns the draw calls recorded. */
  prepare(encoder: GPUCommandEncoder, input: FrameInput, shadow: ContactShadowInput): number;
  /** Draws the ground inside the colour pass, before the meshes; returns the draw calls recorded. */
  draw(pass: GPURenderPassEncoder, msaa: 1 | 4): number;
  readonly gpuBytes: number;
  destroy(): void;
}

/** `shadow-intensity`: the soft shadow on an invisible ground under the scene's objects. */
export interface ContactShadowInput {
  /** 0 (the default) draws nothing. */
  intensity: number;
  /** World bounds of the drawn objects: min x, y, z, max x, y, z (min above max when there are none). */
  readonly bounds: Float32Array;
  /**
   * Set once the contact shadow code is loaded: makes a renderer's pass over its frame resources and built-in
   * geometry, drawing into `colorFormat`.
   */
  createPass: ((device: GPUDevice, resources: FrameResources, geometry: GeometryLibrary, colorFormat: GPUTextureFormat, label: string) => ContactShadowPass) | null;
}

/** What FrameInput carries about the look. */
export interface LookInput {
  /** LOOK_PARAM_COUNT floats: exposure, tone mapping index, environment intensity, rotation, skybox blur. */
  params: Float32Array;
  /** Null: no image-based light. */
  environment: GpuEnvironment | null;
  /**
   * The scene asks for an environment light, ready or not: the colour pass keeps the environment's path in the
   * pipelines it makes meanwhile, so that the light's arrival compiles no new one.
   */
  environmentWanted: boolean;
  /** Extra passes, drawn in order; the renderer reads `passCount` of them. */
  passes: LookPass[];
  passCount: number;
  contactShadow: ContactShadowInput;
}
