// KHR_texture_basisu images of a model (its own chunk, loaded with the first model that has one): the KTX2 header
// read for the streaming's sizes, the levels a shift asks for transcoded in the Basis worker and checked against
// the header, and uploaded level by level in the GPU format the device samples.

import { invalid } from '../assets/asset-error.js';
import { transcodeKtx2, type TranscodedLevel } from '../assets/basis-transcoder.js';
import { readKtx2Header } from '../assets/ktx2.js';
import { compressedBytes, createKtx2Texture, levelLayout, targetForSize, writeBlockRows } from '../gpu/compressed-textures.js';
import type { Ktx2Target } from '../gpu/ktx2-formats.js';
import { levelSize, type DecodedKtx2, type ImageUse, type Ktx2Image, type PassRows } from './model-textures.js';

/**
 * The use of KTX2 image `image` (bytes `bytes`) transcoding to `target`; a header that fails its checks makes a
 * use with that `problem`, left out of the model's textures.
 */
export function ktx2Use(image: number, bytes: Uint8Array, target: Ktx2Target): ImageUse {
  try {
    const { width, height, levels } = readKtx2Header(bytes, `images[${image}]`);
    return { image, srgb: false, linear: false, width, height, ktx2: new Ktx2File(image, width, height, levels, target), problem: null };
  } catch (problem) {
    return { image, srgb: false, linear: false, width: 0, height: 0, ktx2: null, problem };
  }
}

class Ktx2File implements Ktx2Image {
  readonly #image: number;
  readonly #width: number;
  readonly #height: number;
  readonly levels: number;
  readonly #target: Ktx2Target;

  constructor(image: number, width: number, height: number, levels: number, target: Ktx2Target) {
    this.#image = image;
    this.#width = width;
    this.#height = height;
    this.levels = levels;
    this.#target = target;
  }

  /** The level the texture starts at `shift` levels down: the file may store fewer. */
  #first(shift: number): number {
    return Math.min(shift, this.levels - 1);
  }

  /** The GPU format from level `first`: block-compressed formats need whole blocks. */
  #targetFrom(first: number): Ktx2Target {
    const { width, height } = levelSize(this.#width, this.#height, first);
    return targetForSize(this.#target, width, height);
  }

  bytesAt(shift: number): number {
    const first = this.#first(shift);
    return compressedBytes(this.#targetFrom(first), this.#width, this.#height, first, this.levels);
  }

  async decode(bytes: Uint8Array, shift: number): Promise<DecodedKtx2> {
    const first = this.#first(shift);
    const target = this.#targetFrom(first);
    const levels = await transcodeKtx2(bytes, first, target.basis);
    this.#check(first, target, levels);
    return {
      bytes: compressedBytes(target, this.#width, this.#height, first, this.levels),
      upload: (device, srgb, label, pass) => upload(device, target, levels, srgb, label, pass),
    };
  }

  /** The transcoder's levels are the ones the header announced, each with its bytes. */
  #check(first: number, target: Ktx2Target, levels: readonly TranscodedLevel[]): void {
    const what = `images[${this.#image}]`;
    if (levels.length !== this.levels - first) invalid(`${what}: the KTX2 data has ${levels.length + first} levels, its header ${this.levels}`);
    levels.forEach((level, i) => {
      const { width, height } = levelSize(this.#width, this.#height, first + i);
      const { rows, rowBytes } = levelLayout(target, width, height);
      if (level.width !== width || level.height !== height || level.data.byteLength < rows * rowBytes) {
        invalid(`${what}: KTX2 level ${first + i} transcodes to ${level.width}×${level.height} in ${level.data.byteLength} bytes, not ${width}×${height}`);
      }
    });
  }
}

/** One texture of the transcoded levels, in the sRGB format for colour, each level passed to the GPU by `pass`. */
function upload(device: GPUDevice, target: Ktx2Target, levels: readonly TranscodedLevel[], srgb: boolean, label: string, pass: PassRows): GPUTexture {
  const texture = createKtx2Texture(device, target, levels[0]!.width, levels[0]!.height, levels.length, srgb, label);
  try {
    levels.forEach((level, mip) => {
      const { rows, rowBytes } = levelLayout(target, level.width, level.height);
      pass(rowBytes, rows, (y, count, band) => {
        band.set(level.data.subarray(y * rowBytes, (y + count) * rowBytes));
        writeBlockRows(device, texture, target, mip, level.width, level.height, y, count, band);
      });
    });
  } catch (error) {
    texture.destroy();
    throw error;
  }
  return texture;
}
