// GPU culling with indirect draws (shaders/cull.wgsl): every slot's world sphere, flags and batch key stay on
// the GPU (copied straight from the scene's columns, only the changed ranges per frame), a compute pass writes
// the visible list and the indirect arguments, and the shadow and colour passes replay render bundles of
// `drawIndexedIndirect` calls, re-recorded only when what they bind changes. Loaded on first use (its own chunk).
//
// Without `indirect-first-instance` an indirect draw's first instance must be 0, so a batch cannot start at a
// place the GPU chose. Then each draw record gets a fixed range of the list instead, sized by the CPU from how
// many slots hold its key (an upper bound on how many can be visible), each range starting on the device's
// storage offset alignment; `place` leaves those starts alone and writes 0 as first instance, and every draw
// binds the list from its own range (one bind group per record, made when the bundles are recorded). The
// bundles stay as they were, with one setBindGroup more per draw; no shader but the cull changes, no pipeline
// or layout is added, and the per-slot key counts follow the changed ranges the frame uploads anyway. The
// ranges change, and the bundles are re-recorded, only when a key's count crosses a multiple of the alignment.

import cullWGSL from '../../shaders/cull.wgsl?raw';
import { CullRanges } from './cull-ranges.js';
import { RANGE_RECORD_U32, TRANSPARENT_KEY_OFFSET, type FrameInput } from './frame-input.js';
import type { FrameResources } from './frame-resources.js';
import { DRAW_INFO_U32, type GeometryLibrary } from './geometry-library.js';
import { DEPTH_FORMAT, type MeshPass } from './mesh-pass.js';
import type { ShadowPass } from './shadow-pass.js';
import type { GpuCulling } from './gpu-culling.js';

/** The columns copied to the GPU, in the order of their sections in the column buffer. */
const SECTIONS = 6; // sphere x, y, z, r, flags, batch key
/** u32 per indirect draw (index count, instance count, first index, base vertex, first instance). */
const ARGS_U32 = 5;
const WORKGROUP = 64;
/** Slots the buffers hold before their first growth. */
const INITIAL_CAPACITY = 1024;
/** Frames between two read-backs of the visible count (it is a figure for pages, not for drawing). */
const READBACK_FRAMES = 15;

/**
 * For tests and the benchmark: `batchOffsets` draws with per-record ranges (as on a device without
 * `indirect-first-instance`) where the device has the feature. Read every frame.
 */
export const gpuCullTesting = { batchOffsets: false };

/** One scene renderer's GPU culling: buffers, the compute pipelines, and the bundles drawn from its output. */
export class GpuCull implements GpuCulling {
  /** Bytes the last `upload` wrote. */
  uploadedBytes = 0;
  /** Objects the GPU found visible, read back every READBACK_FRAMES frames; -1 before the first read-back. */
  visible = -1;
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #resources: FrameResources;
  readonly #geometry: GeometryLibrary;
  readonly #recordCount: number;
  readonly #records: GPUBuffer;
  readonly #params: GPUBuffer;
  readonly #paramValues = new Uint32Array(8);
  readonly #sentParams = new Uint32Array(8);
  readonly #draws: GPUBuffer;
  readonly #layout: GPUBindGroupLayout;
  readonly #cullPipeline: GPUComputePipeline;
  readonly #placePipeline: GPUComputePipeline;
  readonly #scatterPipeline: GPUComputePipeline;
  readonly #readback: GPUBuffer;
  readonly #readbackArgs: Uint32Array;
  #readbackBusy = false;
  #readbackWait = 0;
  #columns: GPUBuffer;
  #ranks: GPUBuffer;
  #list: GPUBuffer;
  #capacity = INITIAL_CAPACITY;
  #bindGroup: GPUBindGroup | null = null;
  /** Bumped when the list or argument buffers are recreated: bundles bound to the old ones are re-recorded. */
  #version = 0;
  /** Every column must be copied whole at the next upload (new buffers, or frames drawn by the other path). */
  #fresh = true;
  #slotsVersion = -1;
  readonly #passDescriptor: GPUComputePassDescriptor;
  readonly #executed: GPURenderBundle[] = [];
  #colourBundle: GPURenderBundle | null = null;
  #colourKey = { msaa: 0, resources: -1, cull: -1, shadow: null as GPUTextureView | null, look: null as GPUBindGroup | null };
  #shadowBundle: GPURenderBundle | null = null;
  #shadowKey = { resources: -1, cull: -1 };
  #destroyed = false;
  /** The device cannot draw indirectly from a first instance other than 0. */
  readonly #noFirstInstance: boolean;
  /** Drawing with per-record ranges (see the top of this file). */
  #batchOffsets = false;
  /** Each record's range of the list when drawing with per-record ranges. */
  readonly #ranges: CullRanges;

  constructor(device: GPUDevice, resources: FrameResources, geometry: GeometryLibrary, label: string) {
    this.#device = device;
    this.#label = `${label}.GpuCull`;
    this.#resources = resources;
    this.#geometry = geometry;
    // One draw record per built-in geometry: the scenes this path draws have no other batches.
    const draws = geometry.draws;
    this.#recordCount = draws.length / DRAW_INFO_U32;
    const records = new Uint32Array(this.#recordCount * 4);
    for (let key = 0; key < this.#recordCount; key++) {
      records.set([key, draws[key * DRAW_INFO_U32]!, draws[key * DRAW_INFO_U32 + 1]!, draws[key * DRAW_INFO_U32 + 2]!], key * 4);
    }
    this.#records = device.createBuffer({
      label: `${this.#label}.records`,
      size: records.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(this.#records, 0, records);
    this.#noFirstInstance = !device.features.has('indirect-first-instance');
    this.#ranges = new CullRanges(this.#recordCount, device.limits.minStorageBufferOffsetAlignment / 4);
    this.#params = device.createBuffer({
      label: `${this.#label}.params`,
      size: 4 * 4 + // slot count, capacity, record count, drawable flag bits
        4 * 4, //      fixed ranges (0|1), padding
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.#draws = device.createBuffer({
      label: `${this.#label}.draws`,
      size: this.#recordCount * ARGS_U32 * 4 + // indirect arguments
        TRANSPARENT_KEY_OFFSET * 4 + //            visible count per key
        TRANSPARENT_KEY_OFFSET * 4, //             first place per key
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.#readback = device.createBuffer({
      label: `${this.#label}.readback`,
      size: this.#recordCount * ARGS_U32 * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.#readbackArgs = new Uint32Array(this.#recordCount * ARGS_U32);
    this.#columns = this.#storage('columns', SECTIONS * this.#capacity * 4);
    this.#ranks = this.#storage('ranks', this.#capacity * 4);
    this.#list = this.#storage('list', this.#listBytes());
    const compute = GPUShaderStage.COMPUTE;
    this.#layout = device.createBindGroupLayout({
      label: `${this.#label}.bindGroupLayout`,
      entries: [
        { binding: 0, visibility: compute, buffer: { type: 'uniform' } },
        { binding: 1, visibility: compute, buffer: { type: 'uniform' } },
        { binding: 2, visibility: compute, buffer: { type: 'read-only-storage' } },
        { binding: 3, visibility: compute, buffer: { type: 'storage' } },
        { binding: 4, visibility: compute, buffer: { type: 'storage' } },
        { binding: 5, visibility: compute, buffer: { type: 'read-only-storage' } },
        { binding: 6, visibility: compute, buffer: { type: 'storage' } },
      ],
    });
    const module = device.createShaderModule({
      label: `${this.#label}.module`,
      code: `const KEY_LIMIT: u32 = ${TRANSPARENT_KEY_OFFSET}u;\n${cullWGSL}`,
    });
    const layout = device.createPipelineLayout({ label: `${this.#label}.pipelineLayout`, bindGroupLayouts: [this.#layout] });
    const pipeline = (entryPoint: string): GPUComputePipeline => device.createComputePipeline({
      label: `${this.#label}.${entryPoint}`, layout, compute: { module, entryPoint },
    });
    this.#cullPipeline = pipeline('cull');
    this.#placePipeline = pipeline('place');
    this.#scatterPipeline = pipeline('scatter');
    this.#passDescriptor = { label: `${this.#label}.pass` };
    this.#executed.length = 1;
  }

  /** Draws recorded per pass: one per draw record. */
  get drawCount(): number {
    return this.#recordCount;
  }

  /** Whether the bundles draw with per-record ranges of the list (see the top of this file). */
  get batchOffsets(): boolean {
    return this.#batchOffsets;
  }

  get gpuBytes(): number {
    return this.#columns.size + this.#ranks.size + this.#list.size + this.#draws.size + this.#records.size
      + this.#params.size + this.#readback.size;
  }

  /** The frames before this one were culled on the CPU: the GPU's copy of the columns is stale. */
  invalidate(): void {
    this.#fresh = true;
  }

  /**
   * Copies what changed in the columns the cull reads: the frame's changed slot ranges, every slot's flags and
   * batch key when slots were added, removed or hidden (`input.slotsVersion` moved), everything when the buffers
   * are new. Straight from the scene's memory.
   */
  upload(input: FrameInput): void {
    const slotCount = input.slotCount;
    if (slotCount > this.#capacity) this.#grow(slotCount);
    const batchOffsets = this.#noFirstInstance || gpuCullTesting.batchOffsets;
    if (batchOffsets !== this.#batchOffsets) {
      this.#batchOffsets = batchOffsets;
      this.#ranges.invalidate();
      this.#version++;
      this.#fresh = true;
    }
    const queue = this.#device.queue;
    const params = this.#paramValues;
    params[0] = slotCount;
    params[1] = this.#capacity;
    params[2] = this.#recordCount;
    params[3] = input.drawableFlags;
    params[4] = batchOffsets ? 1 : 0;
    let bytes = 0;
    if (params[0] !== this.#sentParams[0] || params[1] !== this.#sentParams[1] || params[3] !== this.#sentParams[3]
      || params[4] !== this.#sentParams[4]) {
      queue.writeBuffer(this.#params, 0, params);
      this.#sentParams.set(params);
      bytes += params.byteLength;
    }
    const memory = input.instances;
    const columns = input.cullColumns;
    if (batchOffsets) bytes += this.#countKeys(input, this.#fresh || input.slotsVersion !== this.#slotsVersion);
    if (this.#fresh) {
      for (let k = 0; k < SECTIONS; k++) bytes += this.#copy(memory, k, columns[k]!, 0, slotCount);
      this.#fresh = false;
    } else {
      if (input.slotsVersion !== this.#slotsVersion) {
        bytes += this.#copy(memory, 4, columns[4]!, 0, slotCount) + this.#copy(memory, 5, columns[5]!, 0, slotCount);
      }
      const ranges = input.ranges;
      for (let r = 0; r < input.rangeCount; r++) {
        const o = input.rangeOffset + r * RANGE_RECORD_U32;
        for (let k = 0; k < SECTIONS; k++) bytes += this.#copy(memory, k, columns[k]!, ranges[o]!, ranges[o + 1]!);
      }
    }
    this.#slotsVersion = input.slotsVersion;
    this.uploadedBytes = bytes;
  }

  /**
   * Records the compute pass that fills the list and the indirect arguments, and with `readBack` (someone reads
   * `visible`) their copy for the read-back every READBACK_FRAMES frames.
   */
  run(encoder: GPUCommandEncoder, slotCount: number, readBack: boolean): void {
    const group = (this.#bindGroup ??= this.#device.createBindGroup({
      label: `${this.#label}.bindGroup`,
      layout: this.#layout,
      entries: [
        { binding: 0, resource: { buffer: this.#resources.uniformBuffer, size: 64 } },
        { binding: 1, resource: { buffer: this.#params } },
        { binding: 2, resource: { buffer: this.#columns } },
        { binding: 3, resource: { buffer: this.#ranks } },
        { binding: 4, resource: { buffer: this.#draws } },
        { binding: 5, resource: { buffer: this.#records } },
        { binding: 6, resource: { buffer: this.#list } },
      ],
    }));
    const groups = Math.ceil(slotCount / WORKGROUP);
    const pass = encoder.beginComputePass(this.#passDescriptor);
    pass.setBindGroup(0, group);
    if (groups > 0) {
      pass.setPipeline(this.#cullPipeline);
      pass.dispatchWorkgroups(groups);
    }
    pass.setPipeline(this.#placePipeline);
    pass.dispatchWorkgroups(1);
    if (groups > 0) {
      pass.setPipeline(this.#scatterPipeline);
      pass.dispatchWorkgroups(groups);
    }
    pass.end();
    if (readBack && !this.#readbackBusy && ++this.#readbackWait >= READBACK_FRAMES) {
      encoder.copyBufferToBuffer(this.#draws, 0, this.#readback, 0, this.#readback.size);
      this.#readbackWait = -1;
    }
  }

  /** After the frame is submitted: maps the read-back buffer if `run` filled it. */
  submitted(): void {
    if (this.#readbackWait !== -1) return;
    this.#readbackWait = 0;
    this.#readbackBusy = true;
    this.#readback.mapAsync(GPUMapMode.READ).then(this.#readBack, this.#readBackFailed);
  }

  /** Records the shadow map's draws (once per change of what they bind) and replays them into `pass`. */
  drawShadow(pass: GPURenderPassEncoder, shadow: ShadowPass): number {
    const key = this.#shadowKey;
    if (!this.#shadowBundle || key.resources !== this.#resources.version || key.cull !== this.#version) {
      const encoder = this.#device.createRenderBundleEncoder({
        label: `${this.#label}.shadowBundleEncoder`, colorFormats: [], depthStencilFormat: shadow.layouts.depthFormat,
      });
      shadow.recordIndirect(encoder, this.#list, this.#draws, this.#recordCount, this.#offsets(), this.#geometry);
      this.#shadowBundle = encoder.finish({ label: `${this.#label}.shadowBundle` });
      key.resources = this.#resources.version;
      key.cull = this.#version;
    }
    this.#executed[0] = this.#shadowBundle;
    pass.executeBundles(this.#executed);
    return this.#recordCount;
  }

  /** Records the colour pass's draws (once per change of what they bind) and replays them into `pass`. */
  drawColour(pass: GPURenderPassEncoder, mesh: MeshPass, msaa: 1 | 4, shadowView: GPUTextureView, look: GPUBindGroup): number {
    const key = this.#colourKey;
    if (!this.#colourBundle || key.msaa !== msaa || key.resources !== this.#resources.version || key.cull !== this.#version
      || key.shadow !== shadowView || key.look !== look) {
      const encoder = this.#device.createRenderBundleEncoder({
        label: `${this.#label}.colourBundleEncoder`,
        colorFormats: [mesh.layouts.colorFormat],
        depthStencilFormat: DEPTH_FORMAT,
        sampleCount: msaa,
      });
      mesh.recordIndirect(encoder, this.#list, this.#draws, this.#recordCount, this.#offsets(), this.#geometry, msaa, look);
      this.#colourBundle = encoder.finish({ label: `${this.#label}.colourBundle` });
      key.msaa = msaa;
      key.resources = this.#resources.version;
      key.cull = this.#version;
      key.shadow = shadowView;
      key.look = look;
    }
    this.#executed[0] = this.#colourBundle;
    pass.executeBundles(this.#executed);
    return this.#recordCount;
  }

  destroy(): void {
    this.#destroyed = true;
    for (const buffer of [this.#columns, this.#ranks, this.#list, this.#draws, this.#records, this.#params, this.#readback]) buffer.destroy();
    this.#colourBundle = null;
    this.#shadowBundle = null;
    this.#executed.length = 0;
  }

  readonly #readBack = (): void => {
    this.#readbackBusy = false;
    if (this.#destroyed) return;
    this.#readbackArgs.set(new Uint32Array(this.#readback.getMappedRange()));
    this.#readback.unmap();
    let visible = 0;
    for (let r = 0; r < this.#recordCount; r++) visible += this.#readbackArgs[r * ARGS_U32 + 1]!;
    this.visible = visible;
  };

  readonly #readBackFailed = (): void => {
    this.#readbackBusy = false;
  };

  /** Copies `count` slots from `first` of the column at byte `address` of `memory` into its section. */
  #copy(memory: Uint8Array, section: number, address: number, first: number, count: number): number {
    if (count === 0) return 0;
    this.#device.queue.writeBuffer(this.#columns, (section * this.#capacity + first) * 4, memory.buffer,
      memory.byteOffset + address + first * 4, count * 4);
    return count * 4;
  }

  /**
   * Counts the keys of the slots that changed (all when `whole`) and, when the records' ranges were laid out
   * again, writes their starts as the records' first places; returns the bytes written.
   */
  #countKeys(input: FrameInput, whole: boolean): number {
    const ranges = this.#ranges;
    if (!ranges.count(input, this.#capacity, whole)) return 0;
    this.#version++;
    // The records' keys are their indices: record r's first place is key r's.
    this.#device.queue.writeBuffer(this.#draws, (this.#recordCount * ARGS_U32 + TRANSPARENT_KEY_OFFSET) * 4, ranges.starts);
    return ranges.starts.byteLength;
  }

  #offsets(): Uint32Array | null {
    return this.#batchOffsets ? this.#ranges.listOffsets : null;
  }

  /** The list holds every slot, and with per-record ranges the rounding of each range up to the alignment. */
  #listBytes(): number {
    return (this.#capacity + this.#ranges.extraListU32) * 4;
  }

  #grow(slotCount: number): void {
    while (slotCount > this.#capacity) this.#capacity *= 2;
    this.#columns.destroy();
    this.#ranks.destroy();
    this.#list.destroy();
    this.#columns = this.#storage('columns', SECTIONS * this.#capacity * 4);
    this.#ranks = this.#storage('ranks', this.#capacity * 4);
    this.#list = this.#storage('list', this.#listBytes());
    this.#bindGroup = null;
    this.#version++;
    this.#fresh = true;
  }

  #storage(name: string, size: number): GPUBuffer {
    return this.#device.createBuffer({
      label: `${this.#label}.${name}`,
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
  }
}
