// The colour pass: every batch drawn instanced with PBR shading (shaders/mesh.wgsl), opaque batches first,
// then blended batches (premultiplied alpha, depth test on, depth write off) in the order given.

import { BATCH_RECORD_U32, INDIRECT_ARGS_BYTES, MODEL_KEY_BASE, TRANSPARENT_KEY_OFFSET, type FrameInput } from './frame-input.js';
import type { GpuMaterial, MaterialLibrary } from './material.js';
import type { FrameResources } from './frame-resources.js';
import type { GeometryLibrary } from './geometry-library.js';
import type { LookBindings } from './look-bindings.js';
import type { ColourPassLayouts } from './model.js';
import { VERTEX_BYTES, VERTEX_COLOR_WORD } from './geometry.js';
import { MESH_SHADER, meshShader } from './shader-source.js';
import { GENERIC_VARIANT, frameVariant, materialVariant, variantConstants, variantVaryings, varyingsOf } from './mesh-variants.js';
import type { ShadowPass } from './shadow-pass.js';
import type { BundleState, MeshBundle } from './mesh-bundle.js';

/** Depth format of the colour pass. */
export const DEPTH_FORMAT: GPUTextureFormat = 'depth24plus';

/** Which draws of a frame `MeshPass.encode` records (see there). */
export type MeshPassPart = 'all' | 'opaque' | 'rest';

/** Opaque, transmissive, blended primitives of opaque batches, blended batches. */
const STEPS = 4;

/**
 * Pipeline state bits: blended (1), double-sided (2), four samples (4), cut out below the alpha cutoff (8); the
 * shader variant above them.
 */
const BLENDED = 1;
const DOUBLE_SIDED = 2;
const MULTISAMPLED = 4;
const MASKED = 8;
const STATE_BITS = 4;
/** Vertex buffer 0's attributes by shader location; the optional ones (2..4) are in a shader's layout only if it reads them. */
const VERTEX_ATTRIBUTES: GPUVertexAttribute[] = [
  { shaderLocation: 0, offset: 0, format: 'float32x3' }, // position
  { shaderLocation: 1, offset: 12, format: 'float32x3' }, // normal
  { shaderLocation: 2, offset: 24, format: 'float32x2' }, // uv (TEXCOORD_0)
  { shaderLocation: 3, offset: 32, format: 'float32x2' }, // second uv (TEXCOORD_1)
  { shaderLocation: 4, offset: VERTEX_COLOR_WORD * 4, format: 'unorm16x4' }, // vertex colour (COLOR_0)
];

/**
 * What a primitive's draw asks of the colour pass's pipeline (see MeshPass.warm): its material's blending, sides
 * and textures, and whether its vertices hold colours.
 */
export type PipelineNeed = Pick<GpuMaterial, 'blend' | 'mask' | 'doubleSided' | 'textures' | 'secondUv'> & { vertexColors: boolean };

/** The key of a pipeline in MeshPass's cache: the shader variant above the state bits. */
function pipelineKey(msaa: 1 | 4, state: number, variant: number): number {
  return (variant << STATE_BITS) | state | (msaa === 4 ? MULTISAMPLED : 0);
}

/** Draws the instanced meshes into the colour and depth attachments of a render pass. */
export class MeshPass {
  /** Lent to animated primitives, which build their own pipelines from it. */
  readonly layouts: ColourPassLayouts;
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #resources: FrameResources;
  readonly #shadow: ShadowPass;
  readonly #layout: GPUBindGroupLayout;
  /**
   * Made on first use (a scene uses few: one sample count, one look, materials of a few kinds), keyed by the
   * shader variant (src/gpu/mesh-variants.ts) above the state bits.
   */
  readonly #pipelines = new Map<number, GPURenderPipeline>();
  /** Pipelines being compiled off the frame (warm), by the same key. */
  readonly #warming = new Map<number, Promise<void>>();
  readonly #describePipeline: (count: number, state: number, variant: number) => GPURenderPipelineDescriptor;
  /** The frame's part of the variant and the sample count of the last encoded frame; -1 before the first. */
  #lastFrame = -1;
  #lastMsaa: 1 | 4 = 1;
  readonly #materials: MaterialLibrary;
  readonly #look: LookBindings;
  /** Group 2 of static pipelines: empty (animated primitives bind their rig there, layered ones their extensions). */
  readonly #emptyGroup: GPUBindGroup;
  /** Group 2 holds something other than the empty group. */
  #rigBound = false;
  #current: GPURenderPipeline | null = null;
  #bindGroup: GPUBindGroup | null = null;
  #boundVersion = -1;
  #boundShadowView: GPUTextureView | null = null;
  /** Frames of opaque built-in shapes whose draws hold still are replayed from here, once its chunk has arrived. */
  #bundle: MeshBundle | null = null;
  #bundleLoad: Promise<void> | undefined;
  readonly #colorFormat: GPUTextureFormat;
  /** What this frame's draws bind, for the bundle's comparison (rewritten each frame). */
  readonly #bundleState: BundleState = { pipeline: null, frame: null, material: null, empty: null, look: null, geometry: null };

  /** `colorFormat` is the format of the view rendered into (the -srgb view of the target). */
  constructor(device: GPUDevice, colorFormat: GPUTextureFormat, resources: FrameResources, shadow: ShadowPass,
    materials: MaterialLibrary, look: LookBindings, label: string) {
    this.#device = device;
    this.#look = look;
    this.#materials = materials;
    this.#label = `${label}.MeshPass`;
    this.#resources = resources;
    this.#shadow = shadow;
    this.#colorFormat = colorFormat;
    const fragmentStages = GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT;
    this.#layout = device.createBindGroupLayout({
      label: `${this.#label}.bindGroupLayout`,
      entries: [
        { binding: 0, visibility: fragmentStages, buffer: { type: 'uniform' } },
        { binding: 1, visibility: fragmentStages, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: GPUShaderStage.FRAGMENT, texture: { sampleType: 'depth' } },
        { binding: 3, visibility: GPUShaderStage.FRAGMENT, sampler: { type: 'comparison' } },
        { binding: 4, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
      ],
    });
    const emptyLayout = device.createBindGroupLayout({ label: `${this.#label}.emptyLayout`, entries: [] });
    this.#emptyGroup = device.createBindGroup({ label: `${this.#label}.emptyGroup`, layout: emptyLayout, entries: [] });
    const layout = device.createPipelineLayout({
      label: `${this.#label}.pipelineLayout`,
      bindGroupLayouts: [this.#layout, materials.layout, emptyLayout, look.layout],
    });
    const vertexBuffer: GPUVertexBufferLayout = { arrayStride: VERTEX_BYTES, attributes: VERTEX_ATTRIBUTES };
    // One module per set of vertex values kept (variantVaryings), made on first use.
    const stages = new Map<number, { module: GPUShaderModule; vertex: GPUVertexState }>();
    const stagesFor = (varyings: number): { module: GPUShaderModule; vertex: GPUVertexState } => {
      let made = stages.get(varyings);
      if (!made) {
        const kept = varyingsOf(varyings);
        const module = device.createShaderModule({ label: `${this.#label}.module(varyings ${varyings})`, code: meshShader(kept) });
        const attributes = VERTEX_ATTRIBUTES.filter(({ shaderLocation: at }) => at < 2 || (at === 2 && kept.uv) || (at === 3 && kept.uv1) || (at === 4 && kept.color));
        made = { module, vertex: { module, entryPoint: 'vs', buffers: [{ arrayStride: VERTEX_BYTES, attributes }] } };
        stages.set(varyings, made);
      }
      return made;
    };
    this.layouts = {
      device, label: this.#label, colorFormat, depthFormat: DEPTH_FORMAT, frameLayout: this.#layout,
      materialLayout: materials.layout, lookLayout: look.layout, vertexBuffer, shader: MESH_SHADER,
    };
    const premultiplied: GPUBlendState = {
      color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
      alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
    };
    this.#describePipeline = (count, state, variant) => {
      const blended = (state & BLENDED) !== 0;
      const doubleSided = (state & DOUBLE_SIDED) !== 0;
      const masked = (state & MASKED) !== 0;
      const { module, vertex } = stagesFor(variantVaryings(variant));
      return {
        label: `${this.#label}.${blended ? 'blended' : masked ? 'masked' : 'opaque'}${doubleSided ? 'DoubleSided' : ''}Pipeline(msaa ${count}, variant ${variant})`,
        layout,
        vertex,
        fragment: {
          module,
          entryPoint: blended ? 'fsBlended' : masked ? 'fsOpaque' : 'fsSolid',
          constants: variantConstants(variant),
          targets: [blended ? { format: colorFormat, blend: premultiplied } : { format: colorFormat }],
        },
        primitive: { topology: 'triangle-list', cullMode: doubleSided ? 'none' : 'back', frontFace: 'ccw' },
        depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: !blended, depthCompare: 'less' },
        multisample: { count },
      };
    };
  }

  /**
   * Records the batches of `input` into `pass` (already begun with `msaa` samples); returns the draw count.
   * `part` splits the frame around the capture of the opaque colour when transmissive primitives are shown:
   * `opaque` draws what is behind them, `rest` draws them (sampling `opaqueColour`) and everything blended.
   */
  encode(pass: GPURenderPassEncoder, input: FrameInput, geometry: GeometryLibrary, msaa: 1 | 4,
    part: MeshPassPart = 'all', opaqueColour: GPUTextureView | null = null): number {
    // Noted even for a frame with nothing in it yet: the first model's pipelines are warmed from it.
    const frame = frameVariant(input, this.#resources.header);
    this.#lastFrame = frame;
    this.#lastMsaa = msaa;
    if (input.batchCount === 0) return 0;
    const shadowView = this.#shadow.view;
    if (this.#boundVersion !== this.#resources.version || this.#boundShadowView !== shadowView || !this.#bindGroup) {
      this.#bindGroup = this.#device.createBindGroup({
        label: `${this.#label}.bindGroup`,
        layout: this.#layout,
        entries: [
          { binding: 0, resource: { buffer: this.#resources.uniformBuffer } },
          { binding: 1, resource: { buffer: this.#resources.instanceBuffer } },
          { binding: 2, resource: shadowView },
          { binding: 3, resource: this.#shadow.sampler },
          { binding: 4, resource: { buffer: this.#resources.visibleBuffer } },
        ],
      });
      this.#boundVersion = this.#resources.version;
      this.#boundShadowView = shadowView;
    }
    const look = this.#look.bindGroup(input.look);
    // Tested here, not in #loadBundle: a function holding a closure makes its context at every call.
    if (!this.#bundle && !this.#bundleLoad) this.#loadBundle();
    const bundle = part === 'all' ? this.#bundle : null;
    if (bundle?.holds(input)) {
      const state = this.#bundleState;
      const material = this.#materials.defaultMaterial;
      state.pipeline = this.#pipeline(msaa, 0, frame | materialVariant(material));
      state.frame = this.#bindGroup;
      state.material = material.bindGroup;
      state.empty = this.#emptyGroup;
      state.look = look;
      state.geometry = geometry;
      const drawn = bundle.replay(pass, input, msaa, state);
      if (drawn >= 0) return drawn;
    }
    pass.setBindGroup(0, this.#bindGroup);
    pass.setBindGroup(2, this.#emptyGroup);
    pass.setBindGroup(3, look);
    this.#rigBound = false;
    this.#current = null;
    const batches = input.batches;
    let draws = 0;
    // Opaque batches, with models' OPAQUE and MASK primitives; transmissive primitives of opaque batches (drawn
    // with the opaque ones unless the frame is split); then the BLEND primitives of opaque batches; then the
    // blended batches (opacity below 1) in the given back-to-front order, every primitive blended.
    const split = part !== 'all';
    const firstStep = part === 'rest' ? 1 : 0;
    const endStep = part === 'opaque' ? 1 : STEPS;
    for (let step = firstStep; step < endStep; step++) {
      if (step === 1 && !split) continue;
      const blendedPass = step > 1;
      for (let b = 0; b < input.batchCount; b++) {
        const o = input.batchOffset + b * BATCH_RECORD_U32;
        let key = batches[o]!;
        const transparent = key >= TRANSPARENT_KEY_OFFSET;
        if (transparent !== (step === 3)) continue;
        if (transparent) key -= TRANSPARENT_KEY_OFFSET;
        const first = batches[o + 1]!;
        const count = batches[o + 2]!;
        if (key < MODEL_KEY_BASE) {
          if (step === 1 || step === 2) continue;
          const material = this.#materials.defaultMaterial;
          this.#use(pass, this.#pipeline(msaa, blendedPass ? BLENDED : 0, frame | materialVariant(material)));
          pass.setBindGroup(1, material.bindGroup);
          geometry.bind(pass);
          geometry.draw(pass, key, first, count);
          draws++;
          continue;
        }
        const model = input.models[key - MODEL_KEY_BASE];
        if (!model) continue;
        for (const primitive of model.primitives) {
          const material = primitive.material;
          const layered = primitive.rig ? undefined : primitive.layered;
          if (step < 2 && material.blend) continue;
          if (step === 2 && !material.blend) continue;
          if (split && step < 2 && (layered?.transmissive === true) !== (step === 1)) continue;
          if (primitive.rig) {
            primitive.rig.bindColour(pass, this.layouts, msaa, blendedPass, material.doubleSided);
            this.#current = null;
            this.#rigBound = true;
          } else if (layered) {
            layered.bindColour(pass, this.layouts, msaa, blendedPass, material.doubleSided, opaqueColour);
            this.#current = null;
            this.#rigBound = true;
          } else {
            const state = (blendedPass ? BLENDED : 0) | (material.doubleSided ? DOUBLE_SIDED : 0) | (material.mask ? MASKED : 0);
            this.#use(pass, this.#pipeline(msaa, state, frame | materialVariant(material, primitive.vertexColors === true)));
          }
          pass.setBindGroup(1, material.bindGroup);
          pass.setVertexBuffer(0, primitive.vertexBuffer);
          pass.setIndexBuffer(primitive.indexBuffer, primitive.indexFormat);
          pass.drawIndexed(primitive.indexCount, count, 0, 0, first);
          draws++;
        }
      }
    }
    return draws;
  }

  /** Loads the render bundle's chunk, once; frames are encoded call by call until it has arrived. */
  #loadBundle(): void {
    this.#bundleLoad = import('./mesh-bundle.js').then(
      ({ MeshBundle }) => {
        this.#bundle = new MeshBundle(this.#device, this.#colorFormat, DEPTH_FORMAT, this.#label);
      },
      // Without the chunk every frame is encoded call by call, which draws the same picture.
      () => undefined,
    );
  }

  /**
   * Records the GPU-culled draws into a render bundle: every built-in geometry with the default material, one
   * indirect draw per record of `draws` (see src/gpu/gpu-cull.ts), instances read through `list`. With
   * `listOffsets` (byte offset of each record's range in `list`) every draw binds `list` from its range, for
   * arguments whose first instance is 0.
   */
  recordIndirect(encoder: GPURenderBundleEncoder, list: GPUBuffer, draws: GPUBuffer, recordCount: number,
    listOffsets: Uint32Array | null, geometry: GeometryLibrary, msaa: 1 | 4, look: GPUBindGroup): void {
    // The bundle is kept while the look and the lights may change: the variant that reads them at run time.
    encoder.setPipeline(this.#pipeline(msaa, 0, GENERIC_VARIANT));
    if (!listOffsets) encoder.setBindGroup(0, this.#indirectGroup(list, 0));
    encoder.setBindGroup(1, this.#materials.defaultMaterial.bindGroup);
    encoder.setBindGroup(2, this.#emptyGroup);
    encoder.setBindGroup(3, look);
    geometry.bind(encoder);
    for (let r = 0; r < recordCount; r++) {
      if (listOffsets) encoder.setBindGroup(0, this.#indirectGroup(list, listOffsets[r]!));
      encoder.drawIndexedIndirect(draws, r * INDIRECT_ARGS_BYTES);
    }
  }

  #indirectGroup(list: GPUBuffer, offset: number): GPUBindGroup {
    return this.#device.createBindGroup({
      label: `${this.#label}.indirectBindGroup`,
      layout: this.#layout,
      entries: [
        { binding: 0, resource: { buffer: this.#resources.uniformBuffer } },
        { binding: 1, resource: { buffer: this.#resources.instanceBuffer } },
        { binding: 2, resource: this.#shadow.view },
        { binding: 3, resource: this.#shadow.sampler },
        { binding: 4, resource: { buffer: list, offset } },
      ],
    });
  }

  /**
   * Starts compiling, off the frame, the pipelines that draws of `needs` will take if the frame stays as it was
   * last drawn (its lights, look and sample count), so that a model's shaders compile while its files decode
   * rather than inside its first frame. Resolves when they are ready, or failed (its draw then makes its own).
   * Before the first frame there is nothing to go by, and nothing is started.
   */
  warm(needs: readonly PipelineNeed[]): Promise<void> {
    if (this.#lastFrame < 0 || needs.length === 0) return Promise.resolve();
    const compiling: Promise<void>[] = [];
    for (const need of needs) {
      const state = (need.blend ? BLENDED : 0) | (need.doubleSided ? DOUBLE_SIDED : 0) | (need.mask ? MASKED : 0);
      const variant = this.#lastFrame | materialVariant(need, need.vertexColors);
      const key = pipelineKey(this.#lastMsaa, state, variant);
      if (this.#pipelines.has(key)) continue;
      let made = this.#warming.get(key);
      if (!made) {
        made = this.#device.createRenderPipelineAsync(this.#describePipeline(this.#lastMsaa, state, variant)).then(
          (pipeline) => {
            if (!this.#pipelines.has(key)) this.#pipelines.set(key, pipeline);
          },
          () => undefined,
        ).finally(() => this.#warming.delete(key));
        this.#warming.set(key, made);
      }
      compiling.push(made);
    }
    return Promise.all(compiling).then(() => undefined);
  }

  /** The pipeline of `state` (BLENDED | DOUBLE_SIDED | MASKED bits) at `msaa` samples for shader `variant`, made the first time. */
  #pipeline(msaa: 1 | 4, state: number, variant: number): GPURenderPipeline {
    const key = pipelineKey(msaa, state, variant);
    let pipeline = this.#pipelines.get(key);
    if (!pipeline) {
      pipeline = this.#device.createRenderPipeline(this.#describePipeline(msaa, state, variant));
      this.#pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  #use(pass: GPURenderPassEncoder, pipeline: GPURenderPipeline): void {
    if (this.#rigBound) {
      pass.setBindGroup(2, this.#emptyGroup);
      this.#rigBound = false;
    }
    if (this.#current === pipeline) return;
    pass.setPipeline(pipeline);
    this.#current = pipeline;
  }
}
