// Images under Node: what the engine asks of `createImageBitmap` (model textures, environment panoramas), a 2D
// `OffscreenCanvas` that reads a decoded image's rows back, and `copyExternalImageToTexture` for such an image.
// PNG (every colour type, not interlaced) and baseline or progressive JPEG decode; WebP and AVIF do not, and the
// engine reports them as it reports any image it cannot decode.
import jpeg from 'jpeg-js';
import { globals } from 'webgpu';
import { decodePng, type RgbaImage } from './png.js';

/** Largest image decoded, in megapixels, so that a hostile file cannot exhaust memory. */
const MAX_MEGAPIXELS = 64;

/** A decoded image: straight-alpha RGBA8 pixels, as `ImageBitmap` stands for in the engine. */
export class NodeImageBitmap {
  readonly width: number;
  readonly height: number;
  pixels: Uint8Array;

  constructor(image: RgbaImage) {
    this.width = image.width;
    this.height = image.height;
    this.pixels = image.data;
  }

  close(): void {
    this.pixels = new Uint8Array(0);
  }
}

/** Decodes PNG or JPEG bytes; anything else is refused with an error naming the formats Node can decode. */
export function decodeImageBytes(bytes: Uint8Array): RgbaImage {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return decodePng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS });
    return { width: image.width, height: image.height, data: image.data };
  }
  throw new Error('only PNG and JPEG images can be decoded in Node');
}

/** Scales `image` to `width`×`height` by averaging the source pixels each target pixel covers. */
export function resizeImage(image: RgbaImage, width: number, height: number): RgbaImage {
  if (width === image.width && height === image.height) return image;
  const data = new Uint8Array(width * height * 4);
  const scaleX = image.width / width;
  const scaleY = image.height / height;
  const sum = [0, 0, 0, 0];
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * scaleY);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * scaleY));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * scaleX);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * scaleX));
      sum.fill(0);
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const at = (Math.min(sy, image.height - 1) * image.width + Math.min(sx, image.width - 1)) * 4;
          for (let c = 0; c < 4; c++) sum[c]! += image.data[at + c]!;
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) data[(y * width + x) * 4 + c] = Math.round(sum[c]! / count);
    }
  }
  return { width, height, data };
}

/** `createImageBitmap(blob, { resizeWidth, resizeHeight })` for PNG and JPEG blobs. */
async function createImageBitmap(source: Blob, options?: ImageBitmapOptions): Promise<NodeImageBitmap> {
  if (!(source instanceof Blob)) throw new TypeError('createImageBitmap under Node takes a Blob');
  let image = decodeImageBytes(new Uint8Array(await source.arrayBuffer()));
  const width = options?.resizeWidth ?? (options?.resizeHeight ? Math.round((image.width * options.resizeHeight) / image.height) : image.width);
  const height = options?.resizeHeight ?? (options?.resizeWidth ? Math.round((image.height * options.resizeWidth) / image.width) : image.height);
  image = resizeImage(image, width, height);
  return new NodeImageBitmap(image);
}

/** The part of a 2D context the engine uses to read a decoded image back: drawImage at the origin, getImageData. */
class PixelContext {
  readonly #width: number;
  readonly #height: number;
  readonly #pixels: Uint8Array;

  constructor(width: number, height: number) {
    this.#width = width;
    this.#height = height;
    this.#pixels = new Uint8Array(width * height * 4);
  }

  drawImage(image: NodeImageBitmap, x: number, y: number): void {
    if (x !== 0 || y !== 0 || image.width !== this.#width || image.height !== this.#height) {
      throw new Error('the Node OffscreenCanvas draws an image of its own size at the origin only');
    }
    this.#pixels.set(image.pixels);
  }

  getImageData(x: number, y: number, width: number, height: number): { width: number; height: number; data: Uint8ClampedArray } {
    if (x !== 0 || width !== this.#width || y < 0 || y + height > this.#height) throw new RangeError('getImageData outside the canvas');
    const start = y * this.#width * 4;
    return { width, height, data: new Uint8ClampedArray(this.#pixels.subarray(start, start + width * height * 4)) };
  }
}

class OffscreenCanvas {
  readonly width: number;
  readonly height: number;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  getContext(kind: string): PixelContext | null {
    return kind === '2d' ? new PixelContext(this.width, this.height) : null;
  }
}

/**
 * Installs `createImageBitmap` and `OffscreenCanvas`, and lets `GPUQueue.copyExternalImageToTexture` take a
 * NodeImageBitmap (written with `writeTexture`: the bytes as stored, which an -srgb texture then decodes, as the
 * browser does with `colorSpaceConversion: 'none'`).
 */
export function installImages(): void {
  const target = globalThis as unknown as Record<string, unknown>;
  Object.defineProperty(target, 'createImageBitmap', { value: createImageBitmap, configurable: true, writable: true });
  Object.defineProperty(target, 'OffscreenCanvas', { value: OffscreenCanvas, configurable: true, writable: true });
  const queue = (globals as { GPUQueue: { prototype: GPUQueue } }).GPUQueue.prototype;
  const original = queue.copyExternalImageToTexture;
  queue.copyExternalImageToTexture = function (this: GPUQueue, source, destination, size) {
    if (!(source.source instanceof NodeImageBitmap)) return original.call(this, source, destination, size);
    const image = source.source;
    this.writeTexture(destination, image.pixels as Uint8Array<ArrayBuffer>, { bytesPerRow: image.width * 4, rowsPerImage: image.height }, size);
  };
}
