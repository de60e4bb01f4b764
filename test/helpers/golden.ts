// Golden-image comparison for GPU tests: read a texture back, compare it with a PNG under test/golden/, and on
// a mismatch write the actual image and a diff image under test/output/ (git-ignored).
//
// Files go through @web/test-runner's built-in file commands (paths relative to the test file, so tests using
// this helper live one folder below test/). To create or refresh goldens, run the runner with its
// `--update-snapshots` flag, e.g.
//   node test/run-tests.mjs --files test/gpu/scene-renderer.test.ts --update-snapshots
// and LOOK at the written PNGs before committing them.
import { getSnapshotConfig, readFile, writeFile } from '@web/test-runner-commands';

/** How different two images may be. */
export interface GoldenTolerance {
  /** A pixel differs when one channel differs by more than this (0..255). */
  channel: number;
  /** Largest share of differing pixels that still passes (0..1). */
  share: number;
}

export const DEFAULT_TOLERANCE: GoldenTolerance = { channel: 8, share: 0.005 };

/** Tightly packed RGBA8 pixels, top row first. */
export interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Copies an rgba8unorm (or bgra8unorm, swizzled to RGBA) texture into CPU memory. */
export async function readTexture(device: GPUDevice, texture: GPUTexture): Promise<Image> {
  const { width, height } = texture;
  const bytesPerRow = Math.ceil((width * 4) / 256) * 256;
  const buffer = device.createBuffer({
    label: 'golden.readback',
    size: bytesPerRow * height,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const encoder = device.createCommandEncoder({ label: 'golden.readback' });
  encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow, rowsPerImage: height }, [width, height]);
  device.queue.submit([encoder.finish()]);
  await buffer.mapAsync(GPUMapMode.READ);
  const mapped = new Uint8Array(buffer.getMappedRange());
  const data = new Uint8Array(width * height * 4);
  const bgra = texture.format.startsWith('bgra');
  for (let y = 0; y < height; y++) {
    data.set(mapped.subarray(y * bytesPerRow, y * bytesPerRow + width * 4), y * width * 4);
  }
  buffer.unmap();
  buffer.destroy();
  if (bgra) {
    for (let i = 0; i < data.length; i += 4) [data[i], data[i + 2]] = [data[i + 2]!, data[i]!];
  }
  return { width, height, data };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** PNG file bytes (base64) of `image`, encoded by the browser. */
export async function encodePng(image: Image): Promise<string> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d')!;
  context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return toBase64(new Uint8Array(await blob.arrayBuffer()));
}

/** Decodes PNG file bytes (base64) without colour conversion or premultiplication. */
export async function decodePng(base64: string): Promise<Image> {
  const bytes = fromBase64(base64);
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/png' }),
    { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { width, height, data: new Uint8Array(data.buffer) };
}

/** Counts pixels whose largest channel difference exceeds `channel`, and draws a diff image (red = differs). */
export function compareImages(actual: Image, expected: Image, channel: number): { differing: number; diff: Image } {
  const diff = new Uint8Array(actual.data.length);
  let differing = 0;
  for (let i = 0; i < actual.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(actual.data[i + c]! - expected.data[i + c]!));
    const grey = (actual.data[i]! + actual.data[i + 1]! + actual.data[i + 2]!) / 12;
    if (worst > channel) {
      differing++;
      diff.set([255, 0, 0, 255], i);
    } else {
      diff.set([grey, grey, grey, 255], i);
    }
  }
  return { differing, diff: { width: actual.width, height: actual.height, data: diff } };
}

/**
 * Reads a golden as base64, or undefined when it does not exist. The built-in read-file command answers
 * `undefined` for a missing file, which the runner reports as "Unknown command read-file"; any real absence of
 * the file plugin still fails loudly at the write-file that follows.
 */
async function readGolden(path: string): Promise<string | undefined> {
  try {
    return await readFile({ path, encoding: 'base64' });
  } catch (error) {
    if (String((error as Error).message).includes('Unknown command read-file')) return undefined;
    throw error;
  }
}

/**
 * Fails unless `actual` matches test/golden/<name>.png within `tolerance`. A missing golden fails with
 * instructions; with `--update-snapshots` a missing or different golden is (re)written and the check passes.
 */
export async function expectGolden(name: string, actual: Image, tolerance = DEFAULT_TOLERANCE): Promise<void> {
  const goldenPath = `../golden/${name}.png`;
  const update = (await getSnapshotConfig()).updateSnapshots;
  const stored = await readGolden(goldenPath);
  const actualPng = await encodePng(actual);
  if (stored === undefined) {
    if (update) {
      await writeFile({ path: goldenPath, content: actualPng, encoding: 'base64' });
      return;
    }
    await writeFile({ path: `../output/${name}.actual.png`, content: actualPng, encoding: 'base64' });
    throw new Error(`golden test/golden/${name}.png is missing (the rendered image is in test/output/` +
      `${name}.actual.png). Create it with: node test/run-tests.mjs --files <this test file> --update-snapshots` +
      ' — then look at the PNG before committing it.');
  }
  const expected = await decodePng(stored);
  if (expected.width !== actual.width || expected.height !== actual.height) {
    if (update) {
      await writeFile({ path: goldenPath, content: actualPng, encoding: 'base64' });
      return;
    }
    throw new Error(`golden ${name}: size ${expected.width}×${expected.height}, rendered ${actual.width}×${actual.height}`);
  }
  const { differing, diff } = compareImages(actual, expected, tolerance.channel);
  if (differing <= tolerance.share * actual.width * actual.height) return;
  if (update) {
    await writeFile({ path: goldenPath, content: actualPng, encoding: 'base64' });
    return;
  }
  await writeFile({ path: `../output/${name}.actual.png`, content: actualPng, encoding: 'base64' });
  await writeFile({ path: `../output/${name}.diff.png`, content: await encodePng(diff), encoding: 'base64' });
  throw new Error(`golden ${name}: ${differing} of ${actual.width * actual.height} pixels differ by more than ` +
    `${tolerance.channel} (allowed ${(tolerance.share * 100).toFixed(2)}%). See test/output/${name}.actual.png ` +
    `and ${name}.diff.png; if the change is intended, rerun with --update-snapshots.`);
}
