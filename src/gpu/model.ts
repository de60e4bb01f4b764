// Models on the GPU: what the passes draw for a batch key beyond the built-in geometries.

import type { GpuMaterial } from './material.js';

/** One glTF primitive: its own vertex (VERTEX_BYTES layout) and index buffers, and its material. */
export interface ModelPrimitive {
  readonly vertexBuffer: GPUBuffer;
  readonly indexBuffer: GPUBuffer;
  readonly indexFormat: GPUIndexFormat;
  readonly indexCount: number;
  readonly material: GpuMaterial;
}

/** A loaded model: every primitive is drawn for every instance of the model's batch. */
export interface GpuModel {
  readonly primitives: readonly ModelPrimitive[];
}
