// The texture level a model starts at, before the screen has asked for one: a quick first look, taken further
// down until it fits the budget's GPU share beside what the scene's other models hold on the GPU. The streaming
// (model-streaming.ts) moves it from there, frame by frame.

import { maxShift, shiftFor, textureSetBytes } from './model-textures.js';
import type { StreamedModel } from './model-streaming.js';
import type { SceneModel } from './scene-model.js';

/** Texels across a model's largest texture before it has been seen on screen: a quick first look. */
const FIRST_LOOK_TEXELS = 256;

/**
 * The level of a model the screen has not asked for yet: the level its textures are uploaded at, else the first
 * look. The streaming's `unseenShift`.
 */
export function firstLookShift(model: StreamedModel): number {
  return (model as SceneModel).textures?.shift ?? shiftFor(model.uses, FIRST_LOOK_TEXELS);
}

/**
 * The level `model` is staged at: its first look, or further down where the streaming already chose so, then down
 * again until its `bufferBytes` and its textures fit `allowance` beside what the other `models` hold on the GPU.
 */
export function stagingShift(model: SceneModel, models: readonly SceneModel[], bufferBytes: number, allowance: number): number {
  let resident = 0;
  for (const other of models) if (other !== model) resident += (other.textures?.gpuBytes ?? 0) + (other.resources?.gpuBytes ?? 0);
  let shift = Math.max(firstLookShift(model), model.targetShift);
  while (shift < maxShift(model.uses) && resident + bufferBytes + textureSetBytes(model.uses, shift) > allowance) shift++;
  return shift;
}
