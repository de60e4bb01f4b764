// Pipelines of animated primitives: the colour and shadow passes' own settings with the vertex stage of
// shaders/skin*.wgsl, a rig bind group at group 2 and joints and weights in vertex buffer 1. Built on first use
// for each pass and kept as long as the pass (cached by its layouts object).

import skinWGSL from '../../shaders/skin.wgsl?raw';
import skinMeshWGSL from '../../shaders/skin-mesh.wgsl?raw';
import skinShadowWGSL from '../../shaders/skin-shadow.wgsl?raw';
import { ColourPassPipelines } from './colour-pass-pipelines.js';
import type { ColourPassLayouts, ShadowPassLayouts } from './model.js';

/** Bytes per vertex of vertex buffer 1: JOINTS_0 as u16 × 4, then WEIGHTS_0 as f32 × 4. */
export const JOINT_VERTEX_BYTES = 24;

const JOINT_BUFFER: GPUVertexBufferLayout = {
  arrayStride: JOINT_VERTEX_BYTES,
  attributes: [
    { shaderLocation: 8, offset: 0, format: 'uint16x4' }, // joints
    { shaderLocation: 9, offset: 8, format: 'float32x4' }, // weights
  ],
};

interface DeviceParts {
  rigLayout: GPUBindGroupLayout;
  emptyLayout: GPUBindGroupLayout;
  emptyGroup: GPUBindGroup;
  /** Bound as the morph deltas of primitives without morph targets (a binding may not be empty). */
  noDeltas: GPUBuffer;
}

const deviceParts = new WeakMap<GPUDevice, DeviceParts>();

/** The rig bind group layout and its companions, one set per device. */
export function rigDeviceParts(device: GPUDevice): DeviceParts {
  let parts = deviceParts.get(device);
  if (parts) return parts;
  const rigLayout = device.createBindGroupLayout({
    label: 'AnimatedPipelines.rigLayout',
    entries: [
      { binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
      { binding: 1, visibility: GPUShaderStage.VERTEX, buffer: { type: 'uniform' } },
      { binding: 2, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
    ],
  });
  const emptyLayout = device.createBindGroupLayout({ label: 'AnimatedPipelines.emptyLayout', entries: [] });
  const emptyGroup = device.createBindGroup({ label: 'AnimatedPipelines.emptyGroup', layout: emptyLayout, entries: [] });
  const noDeltas = device.createBuffer({ label: 'AnimatedPipelines.noDeltas', size: 16, usage: GPUBufferUsage.STORAGE });
  parts = { rigLayout, emptyLayout, emptyGroup, noDeltas };
  deviceParts.set(device, parts);
  return parts;
}

const shadowPipelines = new WeakMap<ShadowPassLayouts, GPURenderPipeline>();

const colourPipelines = new ColourPassPipelines({
  name: 'animated',
  code: skinWGSL + skinMeshWGSL,
  group2: (device) => rigDeviceParts(device).rigLayout,
  vertexEntry: 'vsAnimated',
  moreBuffers: [JOINT_BUFFER],
  fragmentEntries: ['fsOpaque', 'fsBlended'],
});

/** The colour pipeline of animated primitives for one pass, sample count, blending and face culling. */
export function colourPipeline(layouts: ColourPassLayouts, msaa: 1 | 4, blended: boolean, doubleSided: boolean): GPURenderPipeline {
  return colourPipelines.get(layouts, msaa, blended ? 1 : 0, doubleSided);
}

/** The shadow-map pipeline of animated primitives for one shadow pass. */
export function shadowPipeline(layouts: ShadowPassLayouts): GPURenderPipeline {
  const known = shadowPipelines.get(layouts);
  if (known) return known;
  const { device, label } = layouts;
  const parts = rigDeviceParts(device);
  const module = device.createShaderModule({ label: `${label}.animatedModule`, code: layouts.shader + skinWGSL + skinShadowWGSL });
  const pipeline = device.createRenderPipeline({
    label: `${label}.animatedPipeline`,
    layout: device.createPipelineLayout({
      label: `${label}.animatedPipelineLayout`,
      bindGroupLayouts: [layouts.frameLayout, parts.emptyLayout, parts.rigLayout],
    }),
    vertex: {
      module,
      entryPoint: 'vsAnimatedShadow',
      buffers: [{ arrayStride: layouts.vertexStride, attributes: [
        { shaderLocation: 0, offset: 0, format: 'float32x3' },
        { shaderLocation: 1, offset: 12, format: 'float32x3' },
      ] }, JOINT_BUFFER],
    },
    primitive: { topology: 'triangle-list', cullMode: 'back' },
    depthStencil: { format: layouts.depthFormat, depthWriteEnabled: true, depthCompare: 'less', depthBiasSlopeScale: 1 },
  });
  shadowPipelines.set(layouts, pipeline);
  return pipeline;
}
