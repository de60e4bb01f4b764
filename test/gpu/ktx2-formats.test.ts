// KTX2 (Basis Universal) textures transcoded in the Basis worker to each GPU format LayerW targets, uploaded level by
// level and sampled back: every format the adapter has is checked against the source pixels; a format it lacks is
// checked to be refused by the adapter (so ktx2Target cannot pick it there).
import { assert, assertEqual } from '../assert.js';
import { readTexture, type Image } from '../helpers/golden.js';
import { checkerPng, ktx2Image } from '../helpers/models.js';
import { transcodeKtx2 } from '../../src/assets/basis-transcoder.js';
import { readKtx2Header } from '../../src/assets/ktx2.js';
import { compressedBytes, createKtx2Texture, levelLayout, writeBlockRows } from '../../src/gpu/compressed-textures.js';
import { ktx2Target, RGBA8_TARGET, type Ktx2Target } from '../../src/gpu/ktx2-formats.js';

const SIZE = 64;

const SAMPLE_WGSL = /* wgsl */ `
@group(0) @binding(0) var source: texture_2d<f32>;
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(p * 2.0 - 1.0, 0.0, 1.0);
}
@group(0) @binding(1) var<uniform> level: u32;
@fragment fn fs(@builtin(position) at: vec4f) -> @location(0) vec4f {
  let size = textureDimensions(source, level);
  let texel = vec2u(at.xy) * size / vec2u(${SIZE}u);
  return textureLoad(source, texel, level);
}`;

/** Draws mip level `level` of `texture` (through a view of `viewFormat`) over a SIZE² RGBA8 target and reads it back. */
async function sampleLevel(device: GPUDevice, texture: GPUTexture, viewFormat: GPUTextureFormat, level: number): Promise<Image> {
  const module = device.createShaderModule({ code: SAMPLE_WGSL });
  const pipeline = device.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format: 'rgba8unorm' }] },
  });
  const target = device.createTexture({ size: [SIZE, SIZE], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
  const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(uniform, 0, new Uint32Array([level, 0, 0, 0]));
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: texture.createView({ format: viewFormat }) }, { binding: 1, resource: { buffer: uniform } }],
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] }] });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.draw(3);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const image = await readTexture(device, target);
  target.destroy();
  uniform.destroy();
  return image;
}

/** Source pixels of a PNG at SIZE², as stored (no colour conversion). */
async function pixels(png: Uint8Array): Promise<Image> {
  const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const context = new OffscreenCanvas(SIZE, SIZE).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return { width: SIZE, height: SIZE, data: new Uint8Array(context.getImageData(0, 0, SIZE, SIZE).data.buffer) };
}

/** Largest per-channel difference between two images. */
function maxDifference(a: Image, b: Image): number {
  let most = 0;
  for (let i = 0; i < a.data.length; i++) most = Math.max(most, Math.abs(a.data[i]! - b.data[i]!));
  return most;
}

/** Pixels of `image` nearer (in RGB) to the checker's other colour than to the colour of `source` there. */
function wrongCells(image: Image, source: Image): number {
  const [yellow, blue] = [[255, 204, 0], [32, 64, 255]];
  const distance = (data: Uint8Array, i: number, colour: number[]): number =>
    colour.reduce((sum, value, c) => sum + (data[i + c]! - value) ** 2, 0);
  let wrong = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const isYellow = distance(source.data, i, yellow) < distance(source.data, i, blue);
    const nearYellow = distance(image.data, i, yellow) < distance(image.data, i, blue);
    if (isYellow !== nearYellow) wrong++;
  }
  return wrong;
}

/** Uploads levels `first`.. of `file` transcoded to `target` into a new texture, as model-textures.ts does. */
async function upload(device: GPUDevice, file: Uint8Array, first: number, target: Ktx2Target): Promise<GPUTexture> {
  const levels = await transcodeKtx2(file, first, target.basis);
  const texture = createKtx2Texture(device, target, levels[0]!.width, levels[0]!.height, levels.length, false, 'test.ktx2');
  levels.forEach((level, mip) => {
    const { rows, rowBytes } = levelLayout(target, level.width, level.height);
    assert(level.data.byteLength >= rows * rowBytes, `level ${mip}: ${level.data.byteLength} bytes for ${rows} rows of ${rowBytes}`);
    writeBlockRows(device, texture, target, mip, level.width, level.height, 0, rows, level.data);
  });
  return texture;
}

/** A device from a fresh adapter (an adapter gives one device) with `features`. */
async function deviceWith(features: GPUFeatureName[]): Promise<GPUDevice> {
  const adapter = await navigator.gpu.requestAdapter();
  assert(adapter, 'no WebGPU adapter');
  return adapter.requestDevice({ requiredFeatures: features });
}

const FORMATS: readonly { feature: GPUFeatureName | null; format: GPUTextureFormat }[] = [
  { feature: 'texture-compression-bc', format: 'bc7-rgba-unorm' },
  { feature: 'texture-compression-astc', format: 'astc-4x4-unorm' },
  { feature: 'texture-compression-etc2', format: 'etc2-rgba8unorm' },
  { feature: null, format: 'rgba8unorm' },
];

describe('KTX2 textures in each GPU format', function () {
  this.timeout(120_000);
  let adapter: GPUAdapter;
  let png: Uint8Array;
  let source: Image;
  let uastc: Uint8Array;
  let etc1s: Uint8Array;

  before(async () => {
    const found = await navigator.gpu.requestAdapter();
    assert(found, 'no WebGPU adapter');
    adapter = found;
    console.log(`adapter compression features: ${[...adapter.features].filter((f) => f.startsWith('texture-compression')).join(', ') || 'none'}`);
    png = await checkerPng(SIZE, '#ffcc00', '#2040ff');
    source = await pixels(png);
    [uastc, etc1s] = await Promise.all([ktx2Image(png, 'uastc'), ktx2Image(png, 'etc1s')]);
  });

  it('picks BC7, then ASTC, then ETC2 by device feature, and RGBA8 without one', () => {
    assertEqual(ktx2Target(new Set(['texture-compression-bc', 'texture-compression-etc2'])).format, 'bc7-rgba-unorm');
    assertEqual(ktx2Target(new Set(['texture-compression-astc', 'texture-compression-etc2'])).format, 'astc-4x4-unorm');
    assertEqual(ktx2Target(new Set(['texture-compression-etc2'])).format, 'etc2-rgba8unorm');
    assertEqual(ktx2Target(new Set()).format, 'rgba8unorm');
  });

  for (const { feature, format } of FORMATS) {
    it(`transcodes UASTC and ETC1S files to ${format} and samples them like the source${feature ? ` (where the adapter has ${feature})` : ''}`, async () => {
      if (feature && !adapter.features.has(feature)) {
        let refused = false;
        try {
          (await deviceWith([feature])).destroy();
        } catch {
          refused = true;
        }
        assert(refused, `the adapter does not list ${feature}, so it must refuse a device with it`);
        console.log(`${format}: not on this adapter (${feature} missing); the adapter refuses it`);
        return;
      }
      const device = await deviceWith(feature ? [feature] : []);
      try {
        const target = ktx2Target(device.features);
        assertEqual(target.format, format);
        for (const [mode, file] of [['UASTC', uastc], ['ETC1S', etc1s]] as const) {
          const header = readKtx2Header(file, mode);
          assertEqual(header.levels, Math.log2(SIZE) + 1, `${mode} file has a full mip chain`);
          const texture = await upload(device, file, 0, target);
          const image = await sampleLevel(device, texture, target.format, 0);
          const difference = maxDifference(image, source);
          // The checker's cells are whole 4×4 blocks of one colour: every format keeps them within a few steps.
          assert(difference <= (mode === 'UASTC' ? 8 : 24), `${mode} → ${format}: a channel differs by ${difference}`);
          texture.destroy();
        }
      } finally {
        device.destroy();
      }
    });
  }

  it('transcodes only the levels asked for, each the size the header gives, in the bytes compressedBytes counts', async () => {
    const device = await deviceWith(adapter.features.has('texture-compression-bc') ? ['texture-compression-bc'] : []);
    try {
      const target = ktx2Target(device.features);
      const levels = await transcodeKtx2(uastc, 2, target.basis);
      assertEqual(levels.map((l) => `${l.width}×${l.height}`).join(' '), '16×16 8×8 4×4 2×2 1×1');
      const bytes = levels.reduce((sum, l) => sum + levelLayout(target, l.width, l.height).rows * levelLayout(target, l.width, l.height).rowBytes, 0);
      assertEqual(compressedBytes(target, SIZE, SIZE, 2, 7), bytes);
      if (target !== RGBA8_TARGET) assertEqual(bytes, 16 * 16 + 8 * 8 + 16 * 3, 'BC7: a byte a texel, small levels a whole block');
      // Level 2 of the file drawn at 64² is the source's checker, sampled from a quarter-size level.
      const texture = await upload(device, uastc, 2, target);
      assertEqual(texture.width, 16);
      const image = await sampleLevel(device, texture, target.format, 0);
      // The encoder's mip filter blends the cells a little (a 4-texel cell at this level); each pixel stays nearer
      // its own cell's colour than the other's.
      const off = wrongCells(image, source);
      assert(off === 0, `level 2 keeps the checker: ${off} pixels nearer the other cell colour`);
      texture.destroy();
    } finally {
      device.destroy();
    }
  });
});
