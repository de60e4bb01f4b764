// Radiance .hdr reading: run-length encoded and flat scanlines, bad files refused with a reason, and the
// downsample that keeps an 8k panorama from reaching the GPU whole.
import { assert, assertEqual } from '../assert.js';
import { downsampleRgbe, parseHdr } from '../../src/assets/hdr.js';
import { loadEnvironmentSource, MAX_PANORAMA_WIDTH } from '../../src/assets/environment-image.js';
import { AssetError, InvalidContent } from '../../src/assets/asset-error.js';
import { blobUrl, makeHdr } from '../helpers/hdr-file.js';

function decode(pixels: Uint8Array, at: number): [number, number, number] {
  const e = pixels[at + 3]!;
  const scale = e === 0 ? 0 : 2 ** (e - 136);
  return [pixels[at]! * scale, pixels[at + 1]! * scale, pixels[at + 2]! * scale];
}

/** RGBE keeps 8 bits of mantissa under the pixel's largest channel, `peak`. */
function close(actual: number, expected: number, what: string, peak = expected): void {
  assert(Math.abs(actual - expected) <= Math.abs(peak) / 128 + 1e-6, `${what}: ${actual} is not ${expected}`);
}

function refuses(bytes: Uint8Array, reason: RegExp): void {
  try {
    parseHdr(bytes);
  } catch (error) {
    assert(error instanceof InvalidContent, `an InvalidContent, not ${String(error)}`);
    assert(reason.test(error.message), `"${error.message}" names ${reason}`);
    return;
  }
  throw new Error(`parsed a bad file (${reason})`);
}

const ascii = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

describe('Radiance HDR', () => {
  it('reads run-length encoded scanlines back to the radiance written', () => {
    const radiance = (u: number, v: number): [number, number, number] => [u * 10, v, u < 0.5 ? 0.25 : 100];
    const image = parseHdr(makeHdr(300, 5, radiance));
    assertEqual(`${image.width}×${image.height}`, '300×5');
    for (const [x, y] of [[0, 0], [149, 2], [299, 4]] as const) {
      const expected = radiance((x + 0.5) / 300, (y + 0.5) / 5);
      const peak = Math.max(...expected);
      decode(image.pixels, (y * 300 + x) * 4).forEach((value, c) => close(value, expected[c]!, `(${x},${y})[${c}]`, peak));
    }
  });

  it('reads flat scanlines of narrow images', () => {
    const image = parseHdr(makeHdr(4, 2, () => [1, 2, 3]));
    decode(image.pixels, 7 * 4).forEach((value, c) => close(value, c + 1, `channel ${c}`));
  });

  it('refuses what it cannot read, naming the problem', () => {
    refuses(ascii('P6\n1 1\n255\n'), /signature/);
    refuses(ascii('#?RADIANCE\nFORMAT=32-bit_rle_xyze\n\n-Y 1 +X 1\n'), /xyze/);
    refuses(ascii('#?RADIANCE\n\n+Y 1 +X 1\n'), /orientation/);
    refuses(ascii('#?RADIANCE\n\n-Y 2 +X 8\n\x02\x02\x00\x08'), /ends inside/);
    refuses(makeHdr(16, 2, () => [1, 1, 1]).subarray(0, 60), /ends inside/);
  });

  it('averages an 8k panorama down to the widest it keeps, preserving its light', () => {
    const width = 8192;
    const height = 64;
    const source = parseHdr(makeHdr(width, height, (u) => [u < 0.5 ? 4 : 0, 1, 0.5]));
    const small = downsampleRgbe(source, MAX_PANORAMA_WIDTH);
    assertEqual(`${small.width}×${small.height}`, `${MAX_PANORAMA_WIDTH}×16`);
    let left = 0;
    for (let x = 0; x < small.width; x++) left += decode(small.pixels, x * 4)[0];
    close(left / small.width, 2, 'the mean red of a row');
    assert(downsampleRgbe(small, MAX_PANORAMA_WIDTH) === small, 'an image narrow enough is kept as it is');
  });

  it('loads an 8k .hdr as a panorama no wider than the limit', async () => {
    const url = blobUrl(makeHdr(8192, 8, () => [1, 1, 1]));
    try {
      const source = await loadEnvironmentSource(url);
      assertEqual(source.kind, 'rgbe');
      if (source.kind === 'rgbe') assertEqual(source.width, MAX_PANORAMA_WIDTH);
    } finally {
      URL.revokeObjectURL(url);
    }
  });

  it('rejects a file that is not an image with ASSET_INVALID', async () => {
    const url = blobUrl(ascii('not an image at all'));
    try {
      await loadEnvironmentSource(url);
      throw new Error('loaded');
    } catch (error) {
      assert(error instanceof AssetError, String(error));
      assertEqual(error.code, 'ASSET_INVALID');
    } finally {
      URL.revokeObjectURL(url);
    }
  });
});
