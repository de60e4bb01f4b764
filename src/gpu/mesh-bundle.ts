// The colour pass's draws of built-in shapes as a render bundle, loaded by the mesh pass on first use. A scene
// whose draw list holds still (the same batches, pipeline and bind groups as the frame before; the instances may
// move, they are read through the resident buffers) replays one recorded bundle instead of encoding every call
// again each frame.

import { BATCH_RECORD_U32, MODEL_KEY_BASE, type FrameInput } from './frame-input.js';
import type { GeometryLibrary } from './geometry-library.js';
import { encodeShapes, type ShapeBindings } from './shape-draws.js';

/** One mesh pass's render bundle of opaque built-in shapes, kept while the frame's draws stay the same. */
export class MeshBundle {
  readonly #device: GPUDevice;
  /** Made once: a scene whose draws change now and then records a bundle each time they settle. */
  readonly #encoderDescriptor: GPURenderBundleEncoderDescriptor;
  readonly #bundleDescriptor: GPURenderBundleDescriptor;
  /** The executeBundles argument, made once. */
  readonly #bundles: GPURenderBundle[] = [];
  #bundle: GPURenderBundle | null = null;
  #draws = 0;
  /** The last frame's draws: its batch records, sample count and what they bound. */
  #batches = new Uint32Array(BATCH_RECORD_U32 * 4);
  #batchWords = -1;
  #msaa = 0;
  #pipeline: GPURenderPipeline | null = null;
  #frame: GPUBindGroup | null = null;
  #material: GPUBindGroup | null = null;
  #look: GPUBindGroup | null = null;
  #geometry: GeometryLibrary | null = null;

  constructor(device: GPUDevice, colorFormat: GPUTextureFormat, depthFormat: GPUTextureFormat, label: string) {
    this.#device = device;
    this.#encoderDescriptor = { label: `${label}.bundle`, colorFormats: [colorFormat], depthStencilFormat: depthFormat, sampleCount: 1 };
    this.#bundleDescriptor = { label: `${label}.bundle` };
  }

  /**
   * True when every batch of `input` is an opaque built-in shape: the draws a bundle can hold (models bind their
   * own buffers and pipelines per primitive; blended batches change order as the camera moves).
   */
  holds(input: FrameInput): boolean {
    const batches = input.batches;
    for (let b = 0; b < input.batchCount; b++) {
      if (batches[input.batchOffset + b * BATCH_RECORD_U32]! >= MODEL_KEY_BASE) return false;
    }
    return true;
  }

  /**
   * Draws the frame from the bundle when its draws are those of the frame before (recording the bundle on the
   * second such frame) and returns the draw count; returns -1, having drawn nothing, when they changed: the
   * caller then encodes them itself. Called once per frame for frames that `holds` accepts.
   */
  replay(pass: GPURenderPassEncoder, input: FrameInput, msaa: 1 | 4, state: ShapeBindings): number {
    if (!this.#same(input, msaa, state)) {
      this.#remember(input, msaa, state);
      return -1;
    }
    if (!this.#bundle) {
      this.#encoderDescriptor.sampleCount = msaa;
      const encoder = this.#device.createRenderBundleEncoder(this.#encoderDescriptor);
      this.#draws = encodeShapes(encoder, input, state);
      this.#bundle = encoder.finish(this.#bundleDescriptor);
      this.#bundles[0] = this.#bundle;
    }
    pass.executeBundles(this.#bundles);
    return this.#draws;
  }

  /** Drops the bundle (the pass's buffers or pipelines were remade). */
  invalidate(): void {
    this.#bundle = null;
    this.#batchWords = -1;
  }

  #same(input: FrameInput, msaa: 1 | 4, state: ShapeBindings): boolean {
    if (msaa !== this.#msaa || state.pipeline !== this.#pipeline || state.frame !== this.#frame
      || state.material !== this.#material || state.look !== this.#look || state.geometry !== this.#geometry) return false;
    const words = input.batchCount * BATCH_RECORD_U32;
    if (words !== this.#batchWords) return false;
    const batches = input.batches;
    const kept = this.#batches;
    const from = input.batchOffset;
    for (let i = 0; i < words; i++) if (batches[from + i] !== kept[i]) return false;
    return true;
  }

  #remember(input: FrameInput, msaa: 1 | 4, state: ShapeBindings): void {
    this.invalidate();
    const words = input.batchCount * BATCH_RECORD_U32;
    if (words > this.#batches.length) this.#batches = new Uint32Array(Math.max(words, this.#batches.length * 2));
    const batches = input.batches;
    for (let i = 0; i < words; i++) this.#batches[i] = batches[input.batchOffset + i]!;
    this.#batchWords = words;
    this.#msaa = msaa;
    this.#pipeline = state.pipeline;
    this.#frame = state.frame;
    this.#material = state.material;
    this.#look = state.look;
    this.#geometry = state.geometry;
  }
}
