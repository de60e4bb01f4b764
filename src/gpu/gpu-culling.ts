// The renderer's view of GPU culling (src/gpu/gpu-cull.ts, a chunk loaded on first use): types only, so the
// always-loaded renderer does not carry the implementation.

import type { FrameInput } from './frame-input.js';
import type { FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';
import type { MeshPass } from './mesh-pass.js';
import type { ShadowPass } from './shadow-pass.js';

/** What SceneRenderer calls on a GpuCull each frame drawn with `culling: 'gpu'`. */
export interface GpuCulling {
  readonly uploadedBytes: number;
  /** Objects the GPU found visible at its last read-back (a few times per second); -1 before the first. */
  readonly visible: number;
  /** True when the draws find their batches through per-record ranges of the list, not a first instance. */
  readonly batchOffsets: boolean;
  /** Draws one pass records. */
  readonly drawCount: number;
  readonly gpuBytes: number;
  invalidate(): void;
  upload(input: FrameInput): void;
  /** Culls and places this frame's draws; with `readBack`, copies the counts for `visible` now and then. */
  run(encoder: GPUCommandEncoder, slotCount: number, readBack: boolean): void;
  submitted(): void;
  drawShadow(pass: GPURenderPassEncoder, shadow: ShadowPass): number;
  drawColour(pass: GPURenderPassEncoder, mesh: MeshPass, msaa: 1 | 4, shadowView: GPUTextureView, look: GPUBindGroup): number;
  destroy(): void;
}

/** The GpuCull constructor, as the lazily loaded chunk exports it. */
export type GpuCullingFactory = new (device: GPUDevice, resources: FrameResources, geometry: GeometryLibrary, label: string) => GpuCulling;
