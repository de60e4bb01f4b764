// Proves that the test harness gives real WebGPU (SwiftShader in headless Chromium).
// These tests must FAIL, never skip, when WebGPU is unavailable.
import { assert, assertClose, assertEqual } from '../assert.js';

const SIZE = 4;
const CLEAR = { r: 0, g: 0, b: 1, a: 1 }; // blue
const TRIANGLE_RGBA = [255, 128, 0, 255]; // orange, written by the shader below
const CLEAR_RGBA = [0, 0, 255, 255];

const SHADER = /* wgsl */ `
@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  // One triangle that covers the whole clip space.
  var p = array<vec2f, 3>(vec2f(-1.0, -1.0), vec2f(3.0, -1.0), vec2f(-1.0, 3.0));
  return vec4f(p[i], 0.0, 1.0);
}

@fragment
fn fs() -> @location(0) vec4f {
  return vec4f(1.0, 128.0 / 255.0, 0.0, 1.0);
}
`;

let adapter: GPUAdapter | null = null;
let device: GPUDevice | null = null;

async function getDevice(): Promise<GPUDevice> {
  if (device) return device;
  assert('gpu' in navigator && navigator.gpu, 'navigator.gpu is missing: WebGPU is not enabled in this browser');
  adapter = await navigator.gpu.requestAdapter();
  assert(adapter, 'navigator.gpu.requestAdapter() returned null: no WebGPU adapter (check the Chromium flags)');
  device = await adapter.requestDevice();
  device.addEventListener('uncapturederror', e => {
    console.error('uncaptured WebGPU error:', (e as GPUUncapturedErrorEvent).error.message);
  });
  return device;
}

function makePipeline(dev: GPUDevice, format: GPUTextureFormat): GPURenderPipeline {
  const module = dev.createShaderModule({ code: SHADER });
  return dev.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format }] },
    primitive: { topology: 'triangle-list' },
  });
}

/** Clears `view` to CLEAR, then draws the full-screen triangle restricted by `scissor` (if given). */
function encodeDraw(
  dev: GPUDevice,
  encoder: GPUCommandEncoder,
  view: GPUTextureView,
  format: GPUTextureFormat,
  scissor?: [number, number, number, number],
): void {
  const pass = encoder.beginRenderPass({
    colorAttachments: [{ view, clearValue: CLEAR, loadOp: 'clear', storeOp: 'store' }],
  });
  pass.setPipeline(makePipeline(dev, format));
  if (scissor) pass.setScissorRect(...scissor);
  pass.draw(3);
  pass.end();
}

function assertPixel(actual: ArrayLike<number>, expected: number[], where: string): void {
  const got = Array.from(actual);
  for (let c = 0; c < 4; c++) {
    assertClose(got[c]!, expected[c]!, 2, `${where} channel ${'rgba'[c]} (pixel ${JSON.stringify(got)})`);
  }
}

async function nextFrame(): Promise<void> {
  await new Promise<void>(resolve => requestAnimationFrame(() => resolve()));
}

describe('WebGPU in the test browser', () => {
  it('requestAdapter() returns an adapter', async () => {
    const dev = await getDevice();
    assert(adapter, 'adapter is null');
    const info = adapter.info;
    console.log(`WebGPU adapter: vendor=${info.vendor} architecture=${info.architecture} description=${info.description}`);
    assert(dev, `requestDevice() failed on adapter architecture=${info.architecture}`);
    assert(
      info.architecture.length > 0 || info.vendor.length > 0,
      `adapter has no identification (architecture=${JSON.stringify(info.architecture)})`,
    );
  });

  it('renders off-screen to a 4x4 rgba8unorm texture and reads it back', async () => {
    const dev = await getDevice();
    dev.pushErrorScope('validation');
    const format: GPUTextureFormat = 'rgba8unorm';
    const texture = dev.createTexture({
      size: [SIZE, SIZE],
      format,
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
    });
    const bytesPerRow = 256;
    const buffer = dev.createBuffer({
      size: bytesPerRow * SIZE,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    const encoder = dev.createCommandEncoder();
    // Triangle only in the left half: the right half must keep the clear colour.
    encodeDraw(dev, encoder, texture.createView(), format, [0, 0, SIZE / 2, SIZE]);
    encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow, rowsPerImage: SIZE }, [SIZE, SIZE]);
    dev.queue.submit([encoder.finish()]);
    const error = await dev.popErrorScope();
    assertEqual(error?.message ?? null, null, 'WebGPU validation error');

    await buffer.mapAsync(GPUMapMode.READ);
    const bytes = new Uint8Array(buffer.getMappedRange().slice(0));
    buffer.unmap();
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const o = y * bytesPerRow + x * 4;
        const expected = x < SIZE / 2 ? TRIANGLE_RGBA : CLEAR_RGBA;
        assertPixel(bytes.subarray(o, o + 4), expected, `texture pixel (${x},${y})`);
      }
    }
    texture.destroy();
    buffer.destroy();
  });

  it('renders to a WebGPU canvas whose pixels reach a 2D canvas', async () => {
    // Note: the 2D copy is taken in the same task as the submit, i.e. before the frame is presented.
    // In this headless Chromium (SwiftShader) a drawImage() after presentation (after
    // onSubmittedWorkDone + requestAnimationFrame) reads transparent black, although page
    // screenshots show the canvas. Two frames are rendered to prove getCurrentTexture() keeps working.
    const dev = await getDevice();
    const w = 16;
    const h = 16;
    const gpuCanvas = document.createElement('canvas');
    gpuCanvas.width = w;
    gpuCanvas.height = h;
    document.body.appendChild(gpuCanvas);
    try {
      const context = gpuCanvas.getContext('webgpu');
      assert(context, "canvas.getContext('webgpu') returned null");
      const format = navigator.gpu.getPreferredCanvasFormat();
      context.configure({ device: dev, format, alphaMode: 'opaque' });
      const canvas2d = document.createElement('canvas');
      canvas2d.width = w;
      canvas2d.height = h;
      const ctx2d = canvas2d.getContext('2d', { willReadFrequently: true });
      assert(ctx2d, "getContext('2d') returned null");

      for (const frame of [0, 1]) {
        // Frame 0: triangle in the top half; frame 1: triangle in the bottom half.
        const triangleTop = frame === 0;
        dev.pushErrorScope('validation');
        const encoder = dev.createCommandEncoder();
        const scissor: [number, number, number, number] = triangleTop ? [0, 0, w, h / 2] : [0, h / 2, w, h / 2];
        encodeDraw(dev, encoder, context.getCurrentTexture().createView(), format, scissor);
        dev.queue.submit([encoder.finish()]);
        ctx2d.clearRect(0, 0, w, h);
        ctx2d.drawImage(gpuCanvas, 0, 0); // same task as submit: sees this frame's drawing buffer
        const error = await dev.popErrorScope();
        assertEqual(error?.message ?? null, null, `WebGPU validation error (frame ${frame}, canvas format ${format})`);

        const { data } = ctx2d.getImageData(0, 0, w, h);
        const top = [[0, 0], [w - 1, 0], [w / 2, h / 4], [0, h / 2 - 1]] as const;
        const bottom = [[0, h / 2], [w - 1, h - 1], [w / 2, (3 * h) / 4]] as const;
        for (const [x, y] of triangleTop ? top : bottom) {
          const o = (y * w + x) * 4;
          assertPixel(data.subarray(o, o + 4), TRIANGLE_RGBA, `frame ${frame} canvas (${format}) pixel (${x},${y}) [triangle]`);
        }
        for (const [x, y] of triangleTop ? bottom : top) {
          const o = (y * w + x) * 4;
          assertPixel(data.subarray(o, o + 4), CLEAR_RGBA, `frame ${frame} canvas (${format}) pixel (${x},${y}) [clear]`);
        }
        await dev.queue.onSubmittedWorkDone();
        await nextFrame();
      }
    } finally {
      gpuCanvas.remove();
    }
  });
});
