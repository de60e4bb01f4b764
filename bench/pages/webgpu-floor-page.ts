// Contender page: the WebGPU floor of a frame. The least any WebGPU renderer does on the main thread each frame:
// take the canvas's current texture and a view of it, make a command encoder, record one render pass with one
// indexed instanced draw of a box (every instance placed by the vertex shader from its index: no instance
// data, no upload), finish and submit. Descriptors, the submit array and the pipeline are made once. What
// LayerW or three.js does beyond this is their own cost; below it no renderer can go on this machine.

import type { ContenderPage, FrameTimes, PopulateOptions } from '../contender-api.js';
import { openWebGpuCanvas } from './webgpu-canvas.js';

/** Frames `frameTimes` can record at once; preallocated so that watching frames allocates nothing. */
const MAX_RECORDED = 4096;

const SHADER = /* wgsl */ `
struct Out { @builtin(position) position: vec4f, @location(0) shade: f32 };
@vertex fn vs(@location(0) corner: vec3f, @builtin(instance_index) instance: u32) -> Out {
  let side = 320u;
  let cell = vec2f(f32(instance % side), f32(instance / side));
  let world = corner * 0.004 + vec3f(cell.x / f32(side) * 2.0 - 1.0, cell.y / f32(side) * 2.0 - 1.0, 0.5);
  return Out(vec4f(world.xy, world.z * 0.5 + 0.25, 1.0), corner.z * 0.25 + 0.75);
}
@fragment fn fs(input: Out) -> @location(0) vec4f { return vec4f(vec3f(input.shade), 1.0); }
`;

/** A unit box: 8 corners, 12 triangles. */
const CORNERS = new Float32Array([-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1]);
const INDICES = new Uint16Array([
  0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 3, 6, 2, 3, 7, 6, 0, 4, 7, 0, 7, 3, 1, 2, 6, 1, 6, 5,
]);

interface Floor {
  canvas: HTMLCanvasElement;
  device: GPUDevice;
  context: GPUCanvasContext;
  pipeline: GPURenderPipeline;
  vertices: GPUBuffer;
  indices: GPUBuffer;
  pass: GPURenderPassDescriptor;
  attachment: GPURenderPassColorAttachment;
  submitted: GPUCommandBuffer[];
  instances: number;
}

let floor: Floor | null = null;
let playing = false;
let drawn = 0;
let frameRequest = 0;
const tickMs = new Float64Array(MAX_RECORDED);
let recordFrom = 0;
let recordCount = 0;
let waiter: (() => void) | null = null;
let waitUntil = 0;

async function open(instances: number): Promise<Floor> {
  const { device, canvas, context, format } = await openWebGpuCanvas('webgpu floor page');
  const module = device.createShaderModule({ label: 'floor.module', code: SHADER });
  const pipeline = device.createRenderPipeline({
    label: 'floor.pipeline',
    layout: 'auto',
    vertex: { module, entryPoint: 'vs', buffers: [{ arrayStride: 12, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x3' }] }] },
    fragment: { module, entryPoint: 'fs', targets: [{ format }] },
    primitive: { topology: 'triangle-list', cullMode: 'back' },
  });
  const buffer = (data: Float32Array<ArrayBuffer> | Uint16Array<ArrayBuffer>, usage: number): GPUBuffer => {
    const made = device.createBuffer({ size: data.byteLength, usage: usage | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(made, 0, data);
    return made;
  };
  const attachment: GPURenderPassColorAttachment = {
    view: context.getCurrentTexture().createView(), clearValue: [0.06, 0.08, 0.09, 1], loadOp: 'clear', storeOp: 'store',
  };
  return {
    canvas, device, context, pipeline, attachment, instances,
    vertices: buffer(CORNERS, GPUBufferUsage.VERTEX),
    indices: buffer(INDICES, GPUBufferUsage.INDEX),
    pass: { colorAttachments: [attachment] },
    submitted: [],
  };
}

/** One frame: the per-frame minimum of WebGPU. */
function draw(target: Floor): void {
  target.attachment.view = target.context.getCurrentTexture().createView();
  const encoder = target.device.createCommandEncoder();
  const pass = encoder.beginRenderPass(target.pass);
  pass.setPipeline(target.pipeline);
  pass.setVertexBuffer(0, target.vertices);
  pass.setIndexBuffer(target.indices, 'uint16');
  pass.drawIndexed(INDICES.length, target.instances);
  pass.end();
  target.submitted[0] = encoder.finish();
  target.device.queue.submit(target.submitted);
}

const frame = (): void => {
  frameRequest = 0;
  if (!playing || !floor) return;
  const start = performance.now();
  draw(floor);
  const end = performance.now();
  const index = drawn - recordFrom;
  if (index >= 0 && index < recordCount) tickMs[index] = end - start;
  drawn++;
  if (waiter !== null && drawn >= waitUntil) {
    const wake = waiter;
    waiter = null;
    wake();
  }
  frameRequest = requestAnimationFrame(frame);
};

function afterFrames(count: number): Promise<void> {
  return new Promise((resolve) => {
    waitUntil = drawn + count;
    waiter = resolve;
  });
}

function clear(): void {
  playing = false;
  if (frameRequest !== 0) cancelAnimationFrame(frameRequest);
  frameRequest = 0;
  floor?.canvas.remove();
  floor?.device.destroy();
  floor = null;
  waiter = null;
}

const page: ContenderPage = {
  async populate(count: number, _options: PopulateOptions): Promise<void> {
    clear();
    floor = await open(count);
    draw(floor);
    await floor.device.queue.onSubmittedWorkDone();
  },

  play(): void {
    playing = true;
    if (frameRequest === 0) frameRequest = requestAnimationFrame(frame);
  },

  pause(): void {
    playing = false;
  },

  async idle(): Promise<void> {
    await floor?.device.queue.onSubmittedWorkDone();
  },

  drawnFrames(): number {
    return drawn;
  },

  async waitFrames(count: number): Promise<void> {
    await afterFrames(count);
  },

  async frameTimes(count: number): Promise<FrameTimes> {
    if (count > MAX_RECORDED) throw new Error(`webgpu floor page: at most ${MAX_RECORDED} frames at once`);
    recordFrom = drawn;
    recordCount = count;
    await afterFrames(count);
    recordCount = 0;
    return { external: Array.from(tickMs.subarray(0, count)), internal: null };
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: floor?.instances ?? 0, drawn: floor?.instances ?? null };
  },

  uploadedBytes(): number {
    return 0;
  },

  clear,
};

window.benchContender = page;
