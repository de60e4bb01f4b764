// A model's textures on the GPU at one mip level. Images are decoded from the model's compressed bytes at the
// size the level needs, and their pixels pass through the WALLOC texture region a band of rows at a time on
// their way to the GPU; nothing decoded is kept once the texture is uploaded.

import { LayerWError } from '../errors.js';
import { imageSize } from '../assets/images.js';
import type { ModelData } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import type { TextureViews } from '../gpu/model-resources.js';
import { createTexture, decodeImage, finishTexture, PixelRows, textureBytes, writeRows } from '../gpu/textures.js';

/** One glTF image a model's materials use: as colour (an sRGB texture), as data (linear), or both. */
export interface ImageUse {
  image: number;
  srgb: boolean;
  linear: boolean;
  /** Full size from the image's header; 0 when the header was not understood (then decoded at full size). */
  width: number;
  height: number;
}

/** Largest band of pixel rows passed through the texture region at once. */
const BAND_BYTES = 1 << 20;

/** The images a model's materials use, each with how it is sampled and its full size. */
export function imageUses(data: ModelData): ImageUse[] {
  const uses = new Map<number, ImageUse>();
  const add = (texture: number | undefined, srgb: boolean): void => {
    const image = texture === undefined ? undefined : data.textures[texture]?.image;
    const encoded = image === undefined ? null : data.images[image];
    if (image === undefined || !encoded) return;
    let use = uses.get(image);
    if (!use) {
      const size = imageSize(encoded.bytes);
      use = { image, srgb: false, linear: false, width: size?.width ?? 0, height: size?.height ?? 0 };
      uses.set(image, use);
    }
    if (srgb) use.srgb = true;
    else use.linear = true;
  };
  for (const m of data.materials) {
    add(m.baseColorTexture?.texture, true);
    add(m.emissiveTexture?.texture, true);
    add(m.metallicRoughnessTexture?.texture, false);
    add(m.normalTexture?.texture, false);
    add(m.occlusionTexture?.texture, false);
  }
  return [...uses.values()];
}

/** An image's size `shift` mip levels below its full size, at least 1×1. */
export function levelSize(width: number, height: number, shift: number): { width: number; height: number } {
  return { width: Math.max(1, width >> shift), height: Math.max(1, height >> shift) };
}

/** The most levels a model's textures can go down: until its largest image is one texel. */
export function maxShift(uses: readonly ImageUse[]): number {
  let largest = 1;
  for (const use of uses) largest = Math.max(largest, use.width, use.height);
  return Math.floor(Math.log2(largest));
}

/** GPU bytes of a model's textures with every image `shift` levels down (unknown sizes counted as 1×1). */
export function textureSetBytes(uses: readonly ImageUse[], shift: number): number {
  let bytes = 0;
  for (const use of uses) {
    const copies = (use.srgb ? 1 : 0) + (use.linear ? 1 : 0);
    const { width, height } = levelSize(use.width, use.height, shift);
    bytes += copies * textureBytes(width, height);
  }
  return bytes;
}

/**
 * The fewest levels down at which the model's largest image still has `texels` texels across (0 = full
 * size), clamped to what the images have.
 */
export function shiftFor(uses: readonly ImageUse[], texels: number): number {
  let largest = 0;
  for (const use of uses) largest = Math.max(largest, use.width, use.height);
  if (largest === 0 || texels >= largest) return 0;
  return Math.min(Math.floor(Math.log2(largest / Math.max(texels, 1))), maxShift(uses));
}

/** A model's uploaded textures at one level. */
export interface TextureSet {
  /** Levels below full size. */
  readonly shift: number;
  readonly gpuBytes: number;
  readonly views: TextureViews;
  /** Images that could not be decoded: left out, so their materials use the default. */
  readonly failed: readonly { image: number; mimeType: string; cause: unknown }[];
  destroy(): void;
}

/**
 * Decodes and uploads every image of `uses` at `shift` levels down. Pixels go to the GPU through a band of the
 * texture region (allocated at `distance`, freed before this returns). An image that does not decode is left
 * out and listed in `failed`; throws BUDGET_EXCEEDED when not even one row fits the texture region.
 * `current()` going false stops the work (the model was dropped or the device changed).
 */
export async function uploadTextureSet(device: GPUDevice, walloc: Walloc, data: ModelData, uses: readonly ImageUse[],
  shift: number, label: string, distance: number, current: () => boolean): Promise<TextureSet | null> {
  const failed: { image: number; mimeType: string; cause: unknown }[] = [];
  const bitmaps = await Promise.all(uses.map(async (use) => {
    const encoded = data.images[use.image]!;
    try {
      return await decodeImage(encoded.bytes, encoded.mimeType, use.width > 0 ? levelSize(use.width, use.height, shift) : undefined);
    } catch (cause) {
      failed.push({ image: use.image, mimeType: encoded.mimeType, cause });
      return null;
    }
  }));
  const owned: GPUTexture[] = [];
  const views = new Map<number, GPUTextureView>();
  let gpuBytes = 0;
  try {
    if (!current()) return null;
    uses.forEach((use, i) => {
      const bitmap = bitmaps[i];
      if (!bitmap) return;
      const rows = new PixelRows(bitmap);
      for (const srgb of [true, false]) {
        if (srgb ? !use.srgb : !use.linear) continue;
        const texture = createTexture(device, rows.width, rows.height, srgb, `${label}.image${use.image}${srgb ? '.srgb' : ''}`);
        owned.push(texture);
        passThrough(device, walloc, rows, texture, distance);
        views.set(use.image * 2 + (srgb ? 1 : 0), finishTexture(device, texture, srgb));
        gpuBytes += textureBytes(rows.width, rows.height);
      }
    });
  } catch (error) {
    for (const texture of owned) texture.destroy();
    throw error;
  } finally {
    for (const bitmap of bitmaps) bitmap?.close();
  }
  return {
    shift,
    gpuBytes,
    failed,
    views: (image, srgb) => views.get(image * 2 + (srgb ? 1 : 0)),
    destroy: () => {
      for (const texture of owned) texture.destroy();
      owned.length = 0;
    },
  };
}

/** Copies an image into level 0 of `texture` through one band of the texture region. */
function passThrough(device: GPUDevice, walloc: Walloc, rows: PixelRows, texture: GPUTexture, distance: number): void {
  const rowBytes = rows.width * 4;
  let band = Math.max(1, Math.min(rows.height, Math.floor(BAND_BYTES / rowBytes)));
  let handle = walloc.allocBlock('texture', band * rowBytes, distance);
  while (handle === 0 && band > 1) {
    band = Math.ceil(band / 2);
    handle = walloc.allocBlock('texture', band * rowBytes, distance);
  }
  if (handle === 0) throw new LayerWError('BUDGET_EXCEEDED', `a row of a ${rows.width}-texel-wide texture does not fit the texture region`);
  try {
    for (let y = 0; y < rows.height; y += band) {
      const count = Math.min(band, rows.height - y);
      const at = walloc.blockAddress(handle);
      const pixels = walloc.bytes.subarray(at, at + count * rowBytes);
      rows.read(y, count, pixels);
      writeRows(device, texture, y, count, pixels);
    }
  } finally {
    walloc.freeBlock(handle);
  }
}
