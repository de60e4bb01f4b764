// The depth-only draw loop shared by the shadow map pass and the contact shadow's view from below: every batch of
// the frame, built-in shapes from the geometry library and model primitives (animated ones through their rig's
// own depth pipeline), with the frame's instance ranges.

import { BATCH_RECORD_U32, MODEL_KEY_BASE, TRANSPARENT_KEY_OFFSET, type FrameInput } from './frame-input.js';
import type { GeometryLibrary } from './geometry-library.js';
import type { ShadowPassLayouts } from './model.js';

/**
 * Records the frame's batches into a depth pass whose `pipeline` and frame bind group are set; an animated
 * primitive binds its own pipeline from `layouts`, and `pipeline` is set again after it. Returns the draw count.
 * Called once per frame per depth pass; allocates nothing.
 */
export function drawDepthBatches(pass: GPURenderPassEncoder, input: FrameInput, geometry: GeometryLibrary, pipeline: GPURenderPipeline,
  layouts: ShadowPassLayouts): number {
  const batches = input.batches;
  let draws = 0;
  for (let b = 0; b < input.batchCount; b++) {
    const o = input.batchOffset + b * BATCH_RECORD_U32;
    const key = batches[o]! % TRANSPARENT_KEY_OFFSET;
    if (key < MODEL_KEY_BASE) {
      geometry.bind(pass);
      geometry.draw(pass, key, batches[o + 1]!, batches[o + 2]!);
      draws++;
      continue;
    }
    const model = input.models[key - MODEL_KEY_BASE];
    if (!model) continue;
    for (const primitive of model.primitives) {
      if (primitive.rig) primitive.rig.bindShadow(pass, layouts);
      pass.setVertexBuffer(0, primitive.vertexBuffer);
      pass.setIndexBuffer(primitive.indexBuffer, primitive.indexFormat);
      pass.drawIndexed(primitive.indexCount, batches[o + 2]!, 0, 0, batches[o + 1]!);
      if (primitive.rig) pass.setPipeline(pipeline);
      draws++;
    }
  }
  return draws;
}
