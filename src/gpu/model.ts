// Models on the GPU: what the passes draw for a batch key beyond the built-in geometries.

import type { GpuMaterial } from './material.js';

/** One glTF primitive: its own vertex (VERTEX_BYTES layout) and index buffers, and its material. */
export interface ModelPrimitive {
  readonly vertexBuffer: GPUBuffer;
  readonly indexBuffer: GPUBuffer;
  readonly indexFormat: GPUIndexFormat;
  readonly indexCount: number;
  readonly material: GpuMaterial;
  /** The vertices hold glTF COLOR_0 (without it they hold white, and the shader need not read them). */
  readonly vertexColors?: boolean;
  /** Set for primitives of animated models: they are drawn through it. */
  readonly rig?: PrimitiveRigDraw;
  /** Set for static primitives whose material uses PBR extensions: they are drawn through it. */
  readonly layered?: PrimitiveLayeredDraw;
}

/** A loaded model: every primitive is drawn for every instance of the model's batch. */
export interface GpuModel {
  readonly primitives: readonly ModelPrimitive[];
  /** Set when a primitive transmits light: makes the pass that captures the opaque colour behind it. */
  readonly createOpaqueCapture?: (device: GPUDevice, label: string) => OpaqueCapture;
}

/**
 * How a primitive whose material uses glTF PBR extensions (clearcoat, specular, ior, sheen, transmission) is
 * drawn: its own pipeline and the extension bind group (group 2). Each bind call sets both; the pass sets the
 * material, the vertex and the index buffer as for any primitive.
 */
export interface PrimitiveLayeredDraw {
  /** Its material transmits light: it is drawn after the opaque colour was captured, and samples it. */
  readonly transmissive: boolean;
  bindColour(pass: GPURenderPassEncoder, layouts: ColourPassLayouts, msaa: 1 | 4, blended: boolean, doubleSided: boolean,
    opaqueColour: GPUTextureView | null): void;
}

/**
 * The scene's opaque colour, copied once the opaque primitives are drawn, for transmissive ones to sample. The
 * frame is then drawn in two passes: `prepare` makes the first keep its colour and depth, `restPass` describes
 * the second (both attachments loaded).
 */
export interface OpaqueCapture {
  prepare(first: GPURenderPassDescriptor): void;
  /** Copies `target` (the frame's colour so far) into `view` and fills its mips. */
  capture(encoder: GPUCommandEncoder, target: GPUTexture, renderFormat: GPUTextureFormat): void;
  restPass(first: GPURenderPassDescriptor): GPURenderPassDescriptor;
  /** The captured colour, every mip, read as the render format (display-linear). */
  readonly view: GPUTextureView | null;
  readonly gpuBytes: number;
  destroy(): void;
}

/** What the colour pass lends an animated primitive to build its pipelines from. Made once per MeshPass. */
export interface ColourPassLayouts {
  readonly device: GPUDevice;
  readonly label: string;
  readonly colorFormat: GPUTextureFormat;
  readonly depthFormat: GPUTextureFormat;
  /** Group 0 (frame, instances, shadow map) and group 1 (material). */
  readonly frameLayout: GPUBindGroupLayout;
  readonly materialLayout: GPUBindGroupLayout;
  /** Group 3: the look (exposure, tone mapping, environment light; src/gpu/look.ts). */
  readonly lookLayout: GPUBindGroupLayout;
  /** The layout of vertex buffer 0 (the VERTEX_BYTES interleaved vertices). */
  readonly vertexBuffer: GPUVertexBufferLayout;
  /** The colour pass's shader source, to which the animated vertex stage is appended. */
  readonly shader: string;
}

/** What the shadow pass lends an animated primitive. Made once per ShadowPass. */
export interface ShadowPassLayouts {
  readonly device: GPUDevice;
  readonly label: string;
  readonly depthFormat: GPUTextureFormat;
  readonly frameLayout: GPUBindGroupLayout;
  /** Bytes per vertex of vertex buffer 0 (position at 0, normal at 12). */
  readonly vertexStride: number;
  readonly shader: string;
}

/**
 * How a primitive of an animated model is drawn: its own pipeline, its rig bind group (group 2: the scene's
 * palettes, its parameters, its morph deltas) and its joints and weights (vertex buffer 1). Each bind call sets
 * all three; the pass sets the material, vertex buffer 0 and the index buffer as for any primitive.
 */
export interface PrimitiveRigDraw {
  bindColour(pass: GPURenderPassEncoder, layouts: ColourPassLayouts, msaa: 1 | 4, blended: boolean, doubleSided: boolean): void;
  bindShadow(pass: GPURenderPassEncoder, layouts: ShadowPassLayouts): void;
}
