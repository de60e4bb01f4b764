// The colour pass's draws of built-in shapes with the default material, encoded the same way into a render pass
// (src/gpu/mesh-pass.ts) and into the render bundle that replays them (src/gpu/mesh-bundle.ts).

import { BATCH_RECORD_U32, MODEL_KEY_BASE, type FrameInput } from './frame-input.js';
import type { GeometryLibrary } from './geometry-library.js';

/**
 * What a frame's draws of built-in shapes bind besides the batches. The mesh pass keeps one and rewrites it each
 * frame; its bundle compares it with the last frame's.
 */
export interface ShapeBindings {
  pipeline: GPURenderPipeline | null;
  frame: GPUBindGroup | null;
  material: GPUBindGroup | null;
  empty: GPUBindGroup | null;
  look: GPUBindGroup | null;
  geometry: GeometryLibrary | null;
}

/**
 * Encodes the built-in shapes that open `input`'s batches (opaque batches come in ascending key, built-in shapes
 * first): the pipeline and bind groups 0–3 of `bindings`, the shapes' buffers, then one instanced draw per batch up
 * to the first batch of another key. Returns the number of batches drawn.
 */
export function encodeShapes(encoder: GPURenderPassEncoder | GPURenderBundleEncoder, input: FrameInput, bindings: ShapeBindings): number {
  encoder.setPipeline(bindings.pipeline!);
  encoder.setBindGroup(0, bindings.frame);
  encoder.setBindGroup(1, bindings.material);
  encoder.setBindGroup(2, bindings.empty);
  encoder.setBindGroup(3, bindings.look);
  const geometry = bindings.geometry!;
  geometry.bind(encoder);
  const batches = input.batches;
  let b = 0;
  for (let o = input.batchOffset; b < input.batchCount && batches[o]! < MODEL_KEY_BASE; b++, o += BATCH_RECORD_U32) {
    geometry.draw(encoder, batches[o]!, batches[o + 1]!, batches[o + 2]!);
  }
  return b;
}
