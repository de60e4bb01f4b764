// Which mip level each model's textures get: the screen asks (the largest on-screen use of the model, noted from
// the frame's batches by `noteDrawnModels`), the budget answers (farthest models go down first until everything
// fits). Runs once per drawn frame over the scene's models; allocates nothing (`streamLevels` starts uploads,
// which do).

import type { Walloc } from '../memory/walloc.js';
import { BATCH_RECORD_U32, MODEL_KEY_BASE } from '../gpu/frame-input.js';
import { maxShift, shiftFor, textureSetBytes, type ImageUse } from './model-textures.js';
import type { SceneModel } from './scene-model.js';

/** Texels a texture gets per pixel of its model's on-screen diameter: UV atlases spread a model over part of the texture. */
const TEXELS_PER_PIXEL = 2;

/** What the streaming reads and writes on each model. */
export interface StreamedModel {
  readonly uses: readonly ImageUse[];
  /** GPU bytes of the model's vertex and index buffers. */
  readonly bufferBytes: number;
  /** Levels down the screen wants (largest use this frame, or the last one seen); -1 before it is seen. */
  wantShift: number;
  /** Levels down it gets: `wantShift`, or more when the budget is full. */
  targetShift: number;
  /** Distance from the camera to its nearest use, when it was last seen. */
  distance: number;
  /** Frame number when `wantShift` was last reset for a new frame. */
  seenFrame: number;
}

/** Byte figures of one kind of content: what the screen wants and what is on the GPU now. */
export interface WantedResident {
  wanted: number;
  resident: number;
}

/** `scene.stats.streaming`: GPU bytes of model content against the budget's GPU share, updated every drawn frame. */
export interface StreamingStats {
  /** The budget's share for GPU content (model buffers and textures). */
  gpuAllowance: number;
  /** Model textures: at the mip levels the screen wants, and as uploaded. */
  texture: WantedResident;
  /** Model vertex and index buffers. */
  mesh: WantedResident;
  /** True while the budget holds some texture below the level the screen wants. */
  degraded: boolean;
  /**
   * Models whose content is still on its way to the GPU: loading, staged but not uploaded, or uploading textures
   * at a new level. 0 once streaming has done what the last drawn view asks: what a page waits for before it
   * reads the figures above or takes a picture.
   */
  pending: number;
  /**
   * The GPU format KHR_texture_basisu (KTX2) textures transcode to on the scene's device: 'bc7-rgba-unorm',
   * 'astc-4x4-unorm' or 'etc2-rgba8unorm' by the compression the device has, else 'rgba8unorm' (also used for
   * KTX2 textures whose size is not whole 4×4 blocks); '' before the scene has a device.
   */
  ktx2Format: string;
}

/** What `noteDrawnModels` reads of a scene's models. Implemented by SceneModels, made once. */
export interface DrawnModels {
  readonly walloc: Walloc;
  /** The model that holds model index `index` (a batch key less MODEL_KEY_BASE), if any. */
  indexed(index: number): SceneModel | undefined;
  /** Evicted models seen in this frame, reloaded after the others are marked seen (reused every frame). */
  readonly reload: SceneModel[];
}

/**
 * Folds one use of a model into its wanted level: a sphere of `radius` (world units) at `distance` from the eye,
 * seen by a camera with `pixelsPerUnit` pixels per unit at distance 1. The nearest, largest use wins.
 */
export function noteUse(model: StreamedModel, frame: number, radius: number, distance: number, pixelsPerUnit: number): void {
  const inside = distance * distance - radius * radius;
  // Inside the sphere (or nearly): the model fills the screen, so it wants its full textures.
  const diameter = inside > 1e-6 ? (2 * radius * pixelsPerUnit) / Math.sqrt(inside) : Infinity;
  const shift = Number.isFinite(diameter) ? shiftFor(model.uses, diameter * TEXELS_PER_PIXEL) : 0;
  if (model.seenFrame !== frame) {
    model.seenFrame = frame;
    model.wantShift = shift;
    model.distance = distance;
    return;
  }
  if (shift < model.wantShift) model.wantShift = shift;
  if (distance < model.distance) model.distance = distance;
}

/**
 * Sets every model's `targetShift`: the level it wants (its resident or `unseenShift` one while never seen),
 * then, while the total is over `allowance`, one level down for the farthest model that can still go down.
 * Returns the total GPU bytes of the targets.
 */
export function fitBudget(models: readonly StreamedModel[], allowance: number, unseenShift: (model: StreamedModel) => number): number {
  let total = 0;
  for (let i = 0; i < models.length; i++) {
    const model = models[i]!;
    model.targetShift = model.wantShift >= 0 ? model.wantShift : unseenShift(model);
    total += model.bufferBytes + textureSetBytes(model.uses, model.targetShift);
  }
  while (total > allowance) {
    let farthest: StreamedModel | null = null;
    for (let i = 0; i < models.length; i++) {
      const model = models[i]!;
      if (model.uses.length === 0 || model.targetShift >= maxShift(model.uses)) continue;
      if (!farthest || model.distance > farthest.distance) farthest = model;
    }
    if (!farthest) break;
    total -= textureSetBytes(farthest.uses, farthest.targetShift);
    farthest.targetShift++;
    total += textureSetBytes(farthest.uses, farthest.targetShift);
  }
  return total;
}

/** The fewest bytes a model can be drawn with: its buffers and every texture at one texel. */
export function smallestBytes(model: StreamedModel): number {
  return model.bufferBytes + textureSetBytes(model.uses, maxShift(model.uses));
}

/**
 * Fits every model's texture level to the budget's `allowance`, starts the uploads that changes through `upload`
 * (null while there is no device), and updates `stats`: a model goes up a level only when the textures on the GPU
 * leave room for it, goes down when the budget needs it or the screen wants two levels less (so a model at a
 * boundary does not flicker). Returns true while the budget holds some texture below what the screen wants.
 */
export function streamLevels(models: readonly SceneModel[], allowance: number, unseenShift: (model: StreamedModel) => number,
  upload: ((model: SceneModel, shift: number) => void) | null, stats: StreamingStats): boolean {
  fitBudget(models, allowance, unseenShift);
  let resident = 0;
  let wanted = 0;
  let buffers = 0;
  let degraded = false;
  for (let i = 0; i < models.length; i++) {
    const model = models[i]!;
    resident += (model.textures?.gpuBytes ?? 0) + (model.resources?.gpuBytes ?? 0);
    wanted += textureSetBytes(model.uses, model.wantShift >= 0 ? model.wantShift : model.targetShift);
    buffers += model.bufferBytes;
    if (model.wantShift >= 0 && model.targetShift > model.wantShift) degraded = true;
  }
  for (let i = 0; upload && i < models.length; i++) {
    const model = models[i]!;
    if (model.state !== 'ready' || model.uploading) continue;
    const shift = model.textures?.shift;
    const target = model.targetShift;
    if (shift === undefined) {
      if (!model.resources) upload(model, target);
      continue;
    }
    if (target === shift || model.uses.length === 0) continue;
    const grows = textureSetBytes(model.uses, target) - model.textures!.gpuBytes;
    const forced = target > model.wantShift;
    if (target < shift ? resident + grows <= allowance : forced || target > shift + 1) {
      resident += grows;
      upload(model, target);
    }
  }
  let textureResident = 0;
  let bufferResident = 0;
  let pending = 0;
  for (let i = 0; i < models.length; i++) {
    const model = models[i]!;
    textureResident += model.textures?.gpuBytes ?? 0;
    bufferResident += model.resources?.gpuBytes ?? 0;
    if (model.uploading || model.state === 'loading' || model.state === 'staging' || (model.state === 'ready' && !model.resources)) pending++;
  }
  stats.texture.wanted = wanted;
  stats.texture.resident = textureResident;
  stats.mesh.wanted = buffers;
  stats.mesh.resident = bufferResident;
  stats.degraded = degraded;
  stats.pending = pending;
  return degraded;
}

/**
 * Once per drawn frame, after packing: marks the blocks of every model drawn this frame as seen (at the distance of
 * its nearest instance), notes the largest on-screen size of each (`noteUse`, at `pixelsPerUnit`), tells the users of
 * a model drawn for the first time, and puts the evicted models in view in `scene.reload`. `batches` are the frame's
 * batch records at `batchIndex` (u32 index), a batch's instances are slots in the visible list at `visibleIndex` (u32
 * index), and their world matrices are in the world column at `worldIndex` (f32 index).
 */
export function noteDrawnModels(scene: DrawnModels, frame: number, pixelsPerUnit: number, u32: Uint32Array, f32: Float32Array,
  batchIndex: number, batchCount: number, visibleIndex: number, worldIndex: number, transparentOffset: number, eye: Float32Array): void {
  // First mark everything in view as seen, so the reloads after this can only take blocks nobody sees now.
  const reload = scene.reload;
  reload.length = 0;
  for (let b = 0; b < batchCount; b++) {
    const o = batchIndex + b * BATCH_RECORD_U32;
    const key = u32[o]! % transparentOffset;
    if (key < MODEL_KEY_BASE) continue;
    const model = scene.indexed(key - MODEL_KEY_BASE);
    if (!model) continue;
    if (model.state === 'evicted') {
      reload.push(model);
      continue;
    }
    if (model.state !== 'ready') continue;
    const bounds = model.data!.bounds;
    const cx = bounds.center[0];
    const cy = bounds.center[1];
    const cz = bounds.center[2];
    const first = u32[o + 1]!;
    const count = u32[o + 2]!;
    for (let k = 0; k < count; k++) {
      const at = worldIndex + u32[visibleIndex + first + k]! * 16;
      const x = f32[at]! * cx + f32[at + 4]! * cy + f32[at + 8]! * cz + f32[at + 12]!;
      const y = f32[at + 1]! * cx + f32[at + 5]! * cy + f32[at + 9]! * cz + f32[at + 13]!;
      const z = f32[at + 2]! * cx + f32[at + 6]! * cy + f32[at + 10]! * cz + f32[at + 14]!;
      const scale = Math.max(Math.hypot(f32[at]!, f32[at + 1]!, f32[at + 2]!), Math.hypot(f32[at + 4]!, f32[at + 5]!, f32[at + 6]!),
        Math.hypot(f32[at + 8]!, f32[at + 9]!, f32[at + 10]!));
      noteUse(model, frame, bounds.radius * scale, Math.hypot(x - eye[0]!, y - eye[1]!, z - eye[2]!), pixelsPerUnit);
    }
    for (let k = 0; k < model.meshBlocks.length; k++) scene.walloc.touchBlock(model.meshBlocks[k]!, model.distance);
    if (model.undrawn.size > 0 && model.resources) {
      for (const user of model.undrawn) user.modelDrawn();
      model.undrawn.clear();
    }
  }
}
