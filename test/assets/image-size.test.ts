import { assertEqual } from '../assert.js';
import { imageSize } from '../../src/assets/images.js';

async function encoded(width: number, height: number, type: string): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#3080c0';
  context.fillRect(0, 0, width, height);
  return new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.8 })).arrayBuffer());
}

describe('imageSize: the size in an image header, without decoding', () => {
  for (const type of ['image/png', 'image/jpeg', 'image/webp']) {
    it(`reads the width and height of a ${type} image`, async () => {
      for (const [width, height] of [[1, 1], [300, 17], [2048, 1024], [5, 4000]] as const) {
        assertEqual(JSON.stringify(imageSize(await encoded(width, height, type))), JSON.stringify({ width, height }), `${type} ${width}×${height}`);
      }
    });
  }

  it('reads the width and height of an AVIF image', async () => {
    const { encode } = await import('@jsquash/avif');
    for (const [width, height] of [[64, 64], [96, 40]] as const) {
      const bytes = new Uint8Array(await encode(new ImageData(width, height), { quality: 50 }));
      assertEqual(JSON.stringify(imageSize(bytes)), JSON.stringify({ width, height }), `${width}×${height}`);
    }
  });

  it('answers null for bytes that are no image or are cut short', async () => {
    assertEqual(imageSize(new Uint8Array([1, 2, 3, 4])), null);
    const png = await encoded(64, 64, 'image/png');
    assertEqual(imageSize(png.subarray(0, 20)), null, 'a PNG cut inside its header');
    const jpeg = await encoded(64, 64, 'image/jpeg');
    assertEqual(imageSize(jpeg.subarray(0, 30)), null, 'a JPEG cut before its frame header');
  });
});
