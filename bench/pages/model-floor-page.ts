// Contender page: the WebGPU floor of loading the gltf benchmark's plain model to its first frame. The least any
// WebGPU renderer does for it: fetch the file, find the POSITION, NORMAL and index accessors in its JSON (no
// validation, no texture, no material), write their buffer views to GPU buffers as they are and draw them
// once with a shader that lights the normal by one directional light (no PBR, no environment, no tone mapping),
// at the same canvas size, pixel ratio, camera and clear colour as the other pages, without multisampling.
// The pipeline is made at the warm-up load and kept (as LayerW's and three.js's are warm after their warm-up
// loads). What LayerW or three.js does beyond this is their own cost; below it no renderer can go here.

import { mat4 } from 'gl-matrix';
import type { ContenderPage, ModelLoad } from '../contender-api.js';
import { LIGHT_DIRECTION, MODEL_CAMERA, VIEW } from '../scene-layout.js';
import { openWebGpuCanvas } from './webgpu-canvas.js';

const GLB_MAGIC = 0x46546c67;
const JSON_CHUNK = 0x4e4f534a;
const UNSIGNED_INT = 5125;

const SHADER = /* wgsl */ `
struct Frame { viewProjection: mat4x4f, light: vec4f };
@group(0) @binding(0) var<uniform> frame: Frame;
struct Out { @builtin(position) position: vec4f, @location(0) normal: vec3f };
@vertex fn vs(@location(0) position: vec3f, @location(1) normal: vec3f) -> Out {
  return Out(frame.viewProjection * vec4f(position, 1.0), normal);
}
@fragment fn fs(input: Out) -> @location(0) vec4f {
  let lit = 0.2 + 0.8 * max(dot(normalize(input.normal), -frame.light.xyz), 0.0);
  return vec4f(vec3f(lit), 1.0);
}
`;

interface Floor {
  device: GPUDevice;
  context: GPUCanvasContext;
  module: GPUShaderModule;
  format: GPUTextureFormat;
  layout: GPUPipelineLayout;
  /** Pipelines by vertex layout, made at the first (warm-up) load of a file. */
  pipelines: Map<string, GPURenderPipeline>;
  bindGroup: GPUBindGroup;
  depth: GPUTextureView;
}

/** The pipeline for vertices `stride` bytes apart with the position and normal at the given offsets. */
function pipelineFor(target: Floor, stride: number, positionOffset: number, normalOffset: number): GPURenderPipeline {
  const key = `${stride} ${positionOffset} ${normalOffset}`;
  let pipeline = target.pipelines.get(key);
  if (pipeline) return pipeline;
  pipeline = target.device.createRenderPipeline({
    label: 'model-floor.pipeline',
    layout: target.layout,
    vertex: {
      module: target.module, entryPoint: 'vs', buffers: [{
        arrayStride: stride, attributes: [
          { shaderLocation: 0, offset: positionOffset, format: 'float32x3' },
          { shaderLocation: 1, offset: normalOffset, format: 'float32x3' },
        ],
      }],
    },
    fragment: { module: target.module, entryPoint: 'fs', targets: [{ format: target.format }] },
    primitive: { topology: 'triangle-list', cullMode: 'back' },
    depthStencil: { format: 'depth24plus', depthWriteEnabled: true, depthCompare: 'less' },
  });
  target.pipelines.set(key, pipeline);
  return pipeline;
}

/** The model's arrays on the GPU. */
interface Drawable {
  pipeline: GPURenderPipeline;
  vertices: GPUBuffer;
  indices: GPUBuffer;
  indexFormat: GPUIndexFormat;
  indexOffset: number;
  count: number;
}

const modelFiles = new Map<string, Blob>();
let floor: Floor | null = null;
let model: Drawable | null = null;
let drawn = 0;

async function open(): Promise<Floor> {
  const { device, canvas, context, format } = await openWebGpuCanvas('model floor page');
  const module = device.createShaderModule({ label: 'model-floor.module', code: SHADER });
  const bindGroupLayout = device.createBindGroupLayout({
    entries: [{ binding: 0, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: {} }],
  });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
  const projection = mat4.perspective(mat4.create(), (MODEL_CAMERA.fov * Math.PI) / 180, VIEW.width / VIEW.height, MODEL_CAMERA.near, MODEL_CAMERA.far);
  const view = mat4.lookAt(mat4.create(), MODEL_CAMERA.position, MODEL_CAMERA.target, [0, 1, 0]);
  const uniforms = new Float32Array(20);
  uniforms.set(mat4.multiply(mat4.create(), projection, view) as Float32Array, 0);
  const length = Math.hypot(...LIGHT_DIRECTION);
  uniforms.set(LIGHT_DIRECTION.map((v) => v / length), 16);
  const frameBuffer = device.createBuffer({ size: uniforms.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(frameBuffer, 0, uniforms);
  const bindGroup = device.createBindGroup({ layout: bindGroupLayout, entries: [{ binding: 0, resource: { buffer: frameBuffer } }] });
  const depth = device.createTexture({ size: [canvas.width, canvas.height], format: 'depth24plus', usage: GPUTextureUsage.RENDER_ATTACHMENT }).createView();
  return { device, context, module, format, layout, pipelines: new Map(), bindGroup, depth };
}

interface GltfJson {
  accessors: { bufferView: number; byteOffset?: number; count: number; componentType: number }[];
  bufferViews: { byteOffset?: number; byteLength: number; byteStride?: number }[];
  meshes: { primitives: { attributes: Record<string, number>; indices: number }[] }[];
}

/** The bytes of buffer view `index` in the GLB's binary chunk. */
function viewBytes(json: GltfJson, bin: Uint8Array<ArrayBuffer>, index: number): Uint8Array<ArrayBuffer> {
  const view = json.bufferViews[index]!;
  return bin.subarray(view.byteOffset ?? 0, (view.byteOffset ?? 0) + view.byteLength);
}

/**
 * Reads the GLB and writes the buffer views of its positions (with the normals beside them, as glTF-Transform
 * interleaves them) and of its indices to GPU buffers, one upload each.
 */
function upload(target: Floor, bytes: ArrayBuffer): Drawable {
  const header = new DataView(bytes);
  if (header.getUint32(0, true) !== GLB_MAGIC) throw new Error('model floor page: not a GLB');
  const jsonLength = header.getUint32(12, true);
  if (header.getUint32(16, true) !== JSON_CHUNK) throw new Error('model floor page: no JSON chunk');
  const json = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 20, jsonLength))) as GltfJson;
  const bin = new Uint8Array(bytes, 20 + jsonLength + 8, header.getUint32(20 + jsonLength, true));
  const primitive = json.meshes[0]!.primitives[0]!;
  const position = json.accessors[primitive.attributes['POSITION']!]!;
  const normal = json.accessors[primitive.attributes['NORMAL']!]!;
  const indices = json.accessors[primitive.indices]!;
  if (normal.bufferView !== position.bufferView) throw new Error('model floor page: positions and normals in different views');
  const stride = json.bufferViews[position.bufferView]!.byteStride ?? 12;
  const buffer = (data: Uint8Array<ArrayBuffer>, usage: number): GPUBuffer => {
    const made = target.device.createBuffer({ size: data.byteLength, usage: usage | GPUBufferUsage.COPY_DST });
    target.device.queue.writeBuffer(made, 0, data);
    return made;
  };
  return {
    pipeline: pipelineFor(target, stride, position.byteOffset ?? 0, normal.byteOffset ?? 0),
    vertices: buffer(viewBytes(json, bin, position.bufferView), GPUBufferUsage.VERTEX),
    indices: buffer(viewBytes(json, bin, indices.bufferView), GPUBufferUsage.INDEX),
    indexFormat: indices.componentType === UNSIGNED_INT ? 'uint32' : 'uint16',
    indexOffset: indices.byteOffset ?? 0,
    count: indices.count,
  };
}

/** One frame of the model. */
function draw(target: Floor, drawable: Drawable): void {
  const encoder = target.device.createCommandEncoder();
  const pass = encoder.beginRenderPass({
    colorAttachments: [{ view: target.context.getCurrentTexture().createView(), clearValue: [0.06, 0.08, 0.09, 1], loadOp: 'clear', storeOp: 'store' }],
    depthStencilAttachment: { view: target.depth, depthClearValue: 1, depthLoadOp: 'clear', depthStoreOp: 'discard' },
  });
  pass.setPipeline(drawable.pipeline);
  pass.setBindGroup(0, target.bindGroup);
  pass.setVertexBuffer(0, drawable.vertices);
  pass.setIndexBuffer(drawable.indices, drawable.indexFormat, drawable.indexOffset);
  pass.drawIndexed(drawable.count);
  pass.end();
  target.device.queue.submit([encoder.finish()]);
  drawn++;
}

async function drawToEnd(target: Floor, drawable: Drawable): Promise<number> {
  const start = performance.now();
  draw(target, drawable);
  await target.device.queue.onSubmittedWorkDone();
  return performance.now() - start;
}

function release(drawable: Drawable | null): void {
  drawable?.vertices.destroy();
  drawable?.indices.destroy();
}

const page: ContenderPage = {
  setModel(name: string, bytes: Uint8Array): void {
    modelFiles.set(name, new Blob([bytes.slice()], { type: 'model/gltf-binary' }));
  },

  async loadModel(name: string): Promise<ModelLoad> {
    const file = modelFiles.get(name);
    if (!file) throw new Error(`model floor page: no model ${name}`);
    if (name !== 'plain') throw new Error(`model floor page: only the plain model, not ${name}`);
    const target = (floor ??= await open());
    release(model);
    model = null;
    await target.device.queue.onSubmittedWorkDone();
    const url = URL.createObjectURL(file);
    try {
      const start = performance.now();
      const drawable = upload(target, await (await fetch(url)).arrayBuffer());
      draw(target, drawable);
      const submitted = performance.now();
      await target.device.queue.onSubmittedWorkDone();
      const end = performance.now();
      model = drawable;
      const redrawMs = await drawToEnd(target, drawable);
      const settledRedrawMs = await drawToEnd(target, drawable);
      return { ms: end - start, submittedMs: submitted - start, redrawMs, settledRedrawMs, startedAt: start, triangles: drawable.count / 3, bytes: 0 };
    } finally {
      URL.revokeObjectURL(url);
    }
  },

  async redrawModel(count: number): Promise<number> {
    if (!floor || !model) throw new Error('model floor page: no model loaded');
    let ms = 0;
    for (let i = 0; i < count; i++) ms += await drawToEnd(floor, model);
    return ms;
  },

  async idle(): Promise<void> {
    await floor?.device.queue.onSubmittedWorkDone();
  },

  drawnFrames(): number {
    return drawn;
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: model ? 1 : 0, drawn: null };
  },

  clear(): void {
    release(model);
    model = null;
  },
};

window.benchContender = page;
