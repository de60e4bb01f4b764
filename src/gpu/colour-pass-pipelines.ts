// Pipelines a lazily loaded feature adds to the colour pass (animated vertices, layered materials): the pass's
// shader with the feature's stages appended, the feature's bind group layout as group 2, and one pipeline per mode,
// sample count and face culling, each built on first use and kept as long as the pass.

import type { ColourPassLayouts } from './model.js';

/** Premultiplied-alpha blending, as the colour pass blends. */
const PREMULTIPLIED: GPUBlendState = {
  color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
  alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
};

/** What a feature adds to the colour pass. */
export interface ColourPassExtension {
  /** Names the feature in labels: `animated`, `layered`. */
  readonly name: string;
  /** WGSL appended to the pass's shader: the feature's vertex or fragment stages. */
  readonly code: string;
  /** Group 2's layout on `device` (the rig, the layers). */
  group2(device: GPUDevice): GPUBindGroupLayout;
  readonly vertexEntry: string;
  /** Vertex buffers after buffer 0, the pass's own. */
  readonly moreBuffers: readonly GPUVertexBufferLayout[];
  /** Fragment entry points by mode: 0 opaque, 1 blended (premultiplied, no depth writes), then any others. */
  readonly fragmentEntries: readonly string[];
}

/** Fragment modes, as labels name them. */
const MODE_NAMES = ['Opaque', 'Blended', 'Transmission'];

interface PassParts {
  readonly module: GPUShaderModule;
  readonly layout: GPUPipelineLayout;
  readonly vertex: GPUVertexState;
  readonly pipelines: Map<number, GPURenderPipeline>;
}

/** The pipelines of one ColourPassExtension, for every colour pass that draws with it. One instance per feature. */
export class ColourPassPipelines {
  readonly #extension: ColourPassExtension;
  readonly #passes = new WeakMap<ColourPassLayouts, PassParts>();

  constructor(extension: ColourPassExtension) {
    this.#extension = extension;
  }

  /** The pipeline for `mode` (an index of `fragmentEntries`). Called per draw; allocates nothing once built. */
  get(layouts: ColourPassLayouts, msaa: 1 | 4, mode: number, doubleSided: boolean): GPURenderPipeline {
    const pass = this.#passes.get(layouts) ?? this.#start(layouts);
    const key = msaa * 8 + mode * 2 + (doubleSided ? 1 : 0);
    const known = pass.pipelines.get(key);
    if (known) return known;
    const { name, fragmentEntries } = this.#extension;
    // The colour pass's own settings (src/gpu/mesh-pass.ts): blended pipelines premultiply and write no depth.
    const blended = mode === 1;
    const { colorFormat } = layouts;
    const pipeline = layouts.device.createRenderPipeline({
      label: `${layouts.label}.${name}${MODE_NAMES[mode]}${doubleSided ? 'DoubleSided' : ''}Pipeline(msaa ${msaa})`,
      layout: pass.layout,
      vertex: pass.vertex,
      fragment: {
        module: pass.module,
        entryPoint: fragmentEntries[mode]!,
        targets: [blended ? { format: colorFormat, blend: PREMULTIPLIED } : { format: colorFormat }],
      },
      primitive: { topology: 'triangle-list', cullMode: doubleSided ? 'none' : 'back', frontFace: 'ccw' },
      depthStencil: { format: layouts.depthFormat, depthWriteEnabled: !blended, depthCompare: 'less' },
      multisample: { count: msaa },
    });
    pass.pipelines.set(key, pipeline);
    return pipeline;
  }

  #start(layouts: ColourPassLayouts): PassParts {
    const { device, label } = layouts;
    const { name, code, vertexEntry, moreBuffers } = this.#extension;
    const module = device.createShaderModule({ label: `${label}.${name}Module`, code: layouts.shader + code });
    const parts: PassParts = {
      module,
      layout: device.createPipelineLayout({
        label: `${label}.${name}PipelineLayout`,
        bindGroupLayouts: [layouts.frameLayout, layouts.materialLayout, this.#extension.group2(device), layouts.lookLayout],
      }),
      vertex: { module, entryPoint: vertexEntry, buffers: [layouts.vertexBuffer, ...moreBuffers] },
      pipelines: new Map(),
    };
    this.#passes.set(layouts, parts);
    return parts;
  }
}
