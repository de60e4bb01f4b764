// Radiance HDR (.hdr, RGBE) images: the header, flat and run-length encoded scanlines, and a box downsample
// that keeps the result in RGBE, so an 8k panorama reaches the GPU at a width the environment can use.

import { invalid } from './asset-error.js';

/** An RGBE image: four bytes per pixel (mantissas r, g, b and a shared exponent biased by 128), top row first. */
export interface RgbeImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_EDGE = 32768;

/** True when `bytes` start like a Radiance file. */
export function isRadiance(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x23 && bytes[1] === 0x3f; // "#?"
}

/**
 * Reads a Radiance file (FORMAT=32-bit_rle_rgbe, orientation "-Y h +X w"). Throws InvalidContent naming the
 * problem for anything else or for truncated data.
 */
export function parseHdr(bytes: Uint8Array): RgbeImage {
  if (!isRadiance(bytes)) invalid('is not a Radiance HDR file (no "#?" signature)');
  let at = 0;
  const line = (): string => {
    const start = at;
    while (at < bytes.length && bytes[at] !== 0x0a) {
      if (at - start > MAX_HEADER_BYTES) invalid('has a header line that never ends');
      at++;
    }
    if (at >= bytes.length) invalid('ends inside its header');
    const text = String.fromCharCode(...bytes.subarray(start, Math.min(at, start + 256)));
    at++;
    return text;
  };
  let format = '';
  for (let header = line(); header !== ''; header = line()) {
    if (header.startsWith('FORMAT=')) format = header.slice(7).trim();
  }
  if (format !== '' && format !== '32-bit_rle_rgbe') invalid(`has pixel format ${format}; only 32-bit_rle_rgbe is read`);
  const size = /^-Y (\d+) \+X (\d+)$/.exec(line().trim());
  if (!size) invalid('has an image orientation other than "-Y height +X width"');
  const height = Number(size[1]);
  const width = Number(size[2]);
  if (width < 1 || height < 1 || width > MAX_EDGE || height > MAX_EDGE) invalid(`has an unusable size ${width}×${height}`);
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) at = readScanline(bytes, at, pixels, y * width * 4, width);
  return { width, height, pixels };
}

/** Reads one scanline at `at` into `out` from `offset`; returns where the next one starts. */
function readScanline(bytes: Uint8Array, at: number, out: Uint8Array, offset: number, width: number): number {
  const need = (n: number): void => {
    if (at + n > bytes.length) invalid('ends inside its pixel data');
  };
  need(4);
  const encoded = width >= 8 && width < 0x8000 && bytes[at] === 2 && bytes[at + 1] === 2 && (bytes[at + 2]! & 0x80) === 0;
  if (!encoded) {
    need(width * 4);
    out.set(bytes.subarray(at, at + width * 4), offset);
    return at + width * 4;
  }
  if (((bytes[at + 2]! << 8) | bytes[at + 3]!) !== width) invalid('has a scanline whose length is not the image width');
  at += 4;
  // Run-length encoded: each channel in turn, as runs (count > 128: one byte repeated) or literal spans.
  for (let channel = 0; channel < 4; channel++) {
    let x = 0;
    while (x < width) {
      need(1);
      let count = bytes[at++]!;
      if (count > 128) {
        count -= 128;
        need(1);
        if (x + count > width) invalid('has a run past the end of a scanline');
        const value = bytes[at++]!;
        for (let i = 0; i < count; i++) out[offset + (x++) * 4 + channel] = value;
      } else {
        if (count === 0 || x + count > width) invalid('has a span past the end of a scanline');
        need(count);
        for (let i = 0; i < count; i++) out[offset + (x++) * 4 + channel] = bytes[at++]!;
      }
    }
  }
  return at;
}

/** The linear value of one RGBE mantissa byte under exponent byte `e`. */
function scaleOf(e: number): number {
  return e === 0 ? 0 : 2 ** (e - 136);
}

/**
 * The image averaged over square blocks so that it is at most `maxWidth` wide (unchanged when it already is):
 * decoded to linear floats, averaged, encoded back to RGBE.
 */
export function downsampleRgbe(image: RgbeImage, maxWidth: number): RgbeImage {
  const factor = Math.ceil(image.width / maxWidth);
  if (factor <= 1) return image;
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  const source = image.pixels;
  const pixels = new Uint8Array(width * height * 4);
  const row = new Float64Array(width * 3);
  const weight = 1 / (factor * factor);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let sy = y * factor; sy < (y + 1) * factor; sy++) {
      let at = sy * image.width * 4;
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let i = 0; i < factor; i++, at += 4) {
          const scale = scaleOf(source[at + 3]!);
          r += source[at]! * scale;
          g += source[at + 1]! * scale;
          b += source[at + 2]! * scale;
        }
        row[x * 3] += r;
        row[x * 3 + 1] += g;
        row[x * 3 + 2] += b;
      }
    }
    for (let x = 0; x < width; x++) {
      encodeRgbe(row[x * 3]! * weight, row[x * 3 + 1]! * weight, row[x * 3 + 2]! * weight, pixels, (y * width + x) * 4);
    }
  }
  return { width, height, pixels };
}

/** Writes linear r, g, b as RGBE at `out[at]`. */
export function encodeRgbe(r: number, g: number, b: number, out: Uint8Array, at: number): void {
  const peak = Math.max(r, g, b);
  if (!(peak > 1e-32)) {
    out[at] = out[at + 1] = out[at + 2] = out[at + 3] = 0;
    return;
  }
  let exponent = Math.floor(Math.log2(peak)) + 1;
  if (peak / 2 ** exponent >= 1) exponent++;
  const scale = 256 / 2 ** exponent;
  out[at] = Math.min(255, Math.floor(r * scale));
  out[at + 1] = Math.min(255, Math.floor(g * scale));
  out[at + 2] = Math.min(255, Math.floor(b * scale));
  out[at + 3] = Math.max(0, Math.min(255, exponent + 128));
}
