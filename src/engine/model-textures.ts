// A model's textures on the GPU at one mip level. Images are decoded from the model's compressed bytes at the
// size the level needs, and their pixels pass through the WALLOC texture region a band of rows at a time on
// their way to the GPU; nothing decoded is kept once the texture is uploaded. KTX2 images (KHR_texture_basisu) are
// transcoded from the level the shift asks for down (model-ktx2.ts, its own chunk), each level passing through the
// region the same way in the GPU format the device samples.

import { LayerWError } from '../errors.js';
import { InvalidContent } from '../assets/asset-error.js';
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
  /** For a KTX2 image: its levels and how they transcode (model-ktx2.ts); null for other images. */
  ktx2: Ktx2Image | null;
  /** Why the image cannot be used at all (a KTX2 header that fails its checks); it is then left out. */
  problem: unknown;
}

/** A KTX2 image's file, as the streaming and the uploads see it. */
export interface Ktx2Image {
  /** Mip levels stored in the file. */
  readonly levels: number;
  /** GPU bytes of one texture of it `shift` levels down (its real size in the format it transcodes to). */
  bytesAt(shift: number): number;
  /** Transcodes the levels `shift` levels down (off the main thread); rejects for bad data or an unreachable transcoder. */
  decode(bytes: Uint8Array, shift: number): Promise<DecodedKtx2>;
}

/** A KTX2 image's transcoded levels, ready to upload as one texture per way it is sampled. */
export interface DecodedKtx2 {
  /** GPU bytes of one texture. */
  readonly bytes: number;
  /** A texture of the levels (in the sRGB format for colour), each level passed to the GPU through `pass`. */
  upload(device: GPUDevice, srgb: boolean, label: string, pass: PassRows): GPUTexture;
}

/** Passes `rowCount` rows of `rowBytes` bytes through the texture region: `copy` fills a band and writes it to the GPU. */
export type PassRows = (rowBytes: number, rowCount: number, copy: (y: number, count: number, band: Uint8Array) => void) => void;

/** Makes the use of a KTX2 image (model-ktx2.ts's ktx2Use, with the device's target). */
export type Ktx2Reader = (image: number, bytes: Uint8Array) => ImageUse;

/** Largest band of pixel rows passed through the texture region at once. */
const BAND_BYTES = 1 << 20;

/**
 * The images a model's materials use, each with how it is sampled and its full size; KTX2 images are read by
 * `ktx2` (null when the model has none).
 */
export function imageUses(data: ModelData, ktx2: Ktx2Reader | null): ImageUse[] {
  const uses = new Map<number, ImageUse>();
  const add = (texture: number | undefined, srgb: boolean): void => {
    const image = texture === undefined ? undefined : data.textures[texture]?.image;
    const encoded = image === undefined ? null : data.images[image];
    if (image === undefined || !encoded) return;
    let use = uses.get(image);
    if (!use) {
      use = encoded.mimeType !== 'image/ktx2' ? imageUse(image, encoded.bytes)
        : ktx2 ? ktx2(image, encoded.bytes)
          : { image, srgb: false, linear: false, width: 0, height: 0, ktx2: null, problem: new InvalidContent('KTX2 images are not read here') };
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

function imageUse(image: number, bytes: Uint8Array): ImageUse {
  const size = imageSize(bytes);
  return { image, srgb: false, linear: false, width: size?.width ?? 0, height: size?.height ?? 0, ktx2: null, problem: null };
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
    if (use.problem) continue;
    const copies = (use.srgb ? 1 : 0) + (use.linear ? 1 : 0);
    if (use.ktx2) {
      bytes += copies * use.ktx2.bytesAt(shift);
      continue;
    }
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

/** An image left out of a texture set, and why (a LayerWError such as LOAD_FAILED for an unreachable decoder, or the decode error). */
export interface FailedImage {
  image: number;
  mimeType: string;
  cause: unknown;
}

/** A model's uploaded textures at one level. */
export interface TextureSet {
  /** Levels below full size. */
  readonly shift: number;
  readonly gpuBytes: number;
  readonly views: TextureViews;
  /** Images that could not be decoded: left out, so their materials use the default. */
  readonly failed: readonly FailedImage[];
  destroy(): void;
}

/** What an image decoded into: an ImageBitmap, or the transcoded levels of a KTX2 file. */
export type Decoded = { bitmap: ImageBitmap; ktx2?: undefined } | { bitmap?: undefined; ktx2: DecodedKtx2 };

async function decodeUse(data: ModelData, use: ImageUse, shift: number): Promise<Decoded> {
  const encoded = data.images[use.image]!;
  if (use.problem) throw use.problem;
  if (use.ktx2) return { ktx2: await use.ktx2.decode(encoded.bytes, shift) };
  return { bitmap: await decodeImage(encoded.bytes, encoded.mimeType, use.width > 0 ? levelSize(use.width, use.height, shift) : undefined) };
}

/** A model's images being decoded at one level, before their upload; see `decodeTextureSet`. */
export interface DecodingSet {
  /** Levels below full size. */
  readonly shift: number;
  /** One entry per use: what it decoded into, or null for an image left out (listed in `failed`). */
  readonly decoded: Promise<(Decoded | null)[]>;
  readonly failed: FailedImage[];
  /** Lets go of the decoded images when no upload takes them. */
  discard(): void;
}

/**
 * Starts decoding every image of `uses` at `shift` levels down (createImageBitmap and the KTX2 transcoder work off
 * the main thread), so that a model's geometry can be staged meanwhile. An image that does not decode is left
 * out and listed in `failed`. The set goes to `uploadTextureSet`, or is discarded.
 */
export function decodeTextureSet(data: ModelData, uses: readonly ImageUse[], shift: number): DecodingSet {
  const failed: FailedImage[] = [];
  const decoded = Promise.all(uses.map(async (use) => {
    try {
      return await decodeUse(data, use, shift);
    } catch (cause) {
      failed.push({ image: use.image, mimeType: data.images[use.image]!.mimeType, cause });
      return null;
    }
  }));
  return {
    shift,
    decoded,
    failed,
    discard: () => void decoded.then(closeAll),
  };
}

function closeAll(decoded: readonly (Decoded | null)[]): void {
  for (const image of decoded) image?.bitmap?.close();
}

/**
 * Uploads the images `decoding` decodes (every image of `uses`, at its shift). Pixels go to the GPU through a band
 * of the texture region (allocated at `distance`, freed before this returns). Images that did not decode are left
 * out and listed in `failed`; throws BUDGET_EXCEEDED when not even one row fits the texture region.
 * `current()` going false stops the work (the model was dropped or the device changed).
 */
export async function uploadTextureSet(device: GPUDevice, walloc: Walloc, uses: readonly ImageUse[], decoding: DecodingSet,
  label: string, distance: number, current: () => boolean): Promise<TextureSet | null> {
  const { shift, failed } = decoding;
  const decoded = await decoding.decoded;
  const owned: GPUTexture[] = [];
  const views = new Map<number, GPUTextureView>();
  const pass: PassRows = (rowBytes, rowCount, copy) => passRows(walloc, rowBytes, rowCount, distance, copy);
  let gpuBytes = 0;
  try {
    if (!current()) return null;
    uses.forEach((use, i) => {
      const image = decoded[i];
      const ktx2 = image?.ktx2;
      if (ktx2) {
        for (const srgb of [true, false]) {
          if (srgb ? !use.srgb : !use.linear) continue;
          const texture = ktx2.upload(device, srgb, `${label}.image${use.image}${srgb ? '.srgb' : ''}`, pass);
          owned.push(texture);
          views.set(use.image * 2 + (srgb ? 1 : 0), texture.createView({ label: `${texture.label}.view` }));
          gpuBytes += ktx2.bytes;
        }
        return;
      }
      const bitmap = image?.bitmap;
      if (!bitmap) return;
      const rows = new PixelRows(bitmap);
      for (const srgb of [true, false]) {
        if (srgb ? !use.srgb : !use.linear) continue;
        const texture = createTexture(device, rows.width, rows.height, srgb, `${label}.image${use.image}${srgb ? '.srgb' : ''}`);
        owned.push(texture);
        pass(rows.width * 4, rows.height, (y, count, pixels) => {
          rows.read(y, count, pixels);
          writeRows(device, texture, y, count, pixels);
        });
        views.set(use.image * 2 + (srgb ? 1 : 0), finishTexture(device, texture, srgb));
        gpuBytes += textureBytes(rows.width, rows.height);
      }
    });
  } catch (error) {
    for (const texture of owned) texture.destroy();
    throw error;
  } finally {
    closeAll(decoded);
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

/**
 * Passes `rowCount` rows of `rowBytes` bytes to the GPU through one band of the texture region: `copy` fills the
 * band with rows `y` to `y + count` and writes it to the GPU.
 */
function passRows(walloc: Walloc, rowBytes: number, rowCount: number, distance: number,
  copy: (y: number, count: number, band: Uint8Array) => void): void {
  let band = Math.max(1, Math.min(rowCount, Math.floor(BAND_BYTES / rowBytes)));
  let handle = walloc.allocBlock('texture', band * rowBytes, distance);
  while (handle === 0 && band > 1) {
    band = Math.ceil(band / 2);
    handle = walloc.allocBlock('texture', band * rowBytes, distance);
  }
  if (handle === 0) throw new LayerWError('BUDGET_EXCEEDED', `a row of ${rowBytes} bytes of a texture does not fit the texture region`);
  try {
    for (let y = 0; y < rowCount; y += band) {
      const count = Math.min(band, rowCount - y);
      const at = walloc.blockAddress(handle);
      copy(y, count, walloc.bytes.subarray(at, at + count * rowBytes));
    }
  } finally {
    walloc.freeBlock(handle);
  }
}
