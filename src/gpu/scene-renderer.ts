// Renders one scene's FrameInput into a texture: uploads the frame (changed instance ranges, the changed span
// of the visible list, small uniform writes), runs the shadow pass and the mesh pass, submits. Allocates no JS
// objects once warm, apart from what WebGPU itself returns (encoder, pass, command buffer, a new target's view).

import { MAX_LIGHTS, MODEL_KEY_BASE, TRANSPARENT_KEY_OFFSET, BATCH_RECORD_U32, type FrameInput } from './frame-input.js';
import { FRAME_CAMERA, FRAME_PARAMS, FRAME_VIEW_PROJ, FrameResources } from './frame-resources.js';
import { GeometryLibrary } from './geometry-library.js';
import type { ContactShadowPass } from './look.js';
import { LookBindings, sameBits } from './look-bindings.js';
import { MaterialLibrary } from './material.js';
import { DEPTH_FORMAT, MeshPass, type PipelineNeed } from './mesh-pass.js';
import type { OpaqueCapture } from './model.js';
import { ShadowPass } from './shadow-pass.js';
import type { GpuCulling, GpuCullingFactory } from './gpu-culling.js';
import type { GpuTimer } from './gpu-timer.js';

/**
 * The format shading output is written in: the -srgb sibling of an 8-bit unorm format (so the GPU encodes
 * linear colour to sRGB), otherwise the format itself.
 */
export function renderFormatFor(format: GPUTextureFormat): GPUTextureFormat {
  if (format === 'bgra8unorm') return 'bgra8unorm-srgb';
  if (format === 'rgba8unorm') return 'rgba8unorm-srgb';
  return format;
}

/**
 * Textures the browser keeps for a canvas: the one drawn into and the one on screen (Chromium may keep one more
 * in flight; it allocates them, so this is an estimate counted from the canvas size).
 */
const CANVAS_TEXTURES = 2;

function bytesPerPixel(format: GPUTextureFormat): number {
  if (format.startsWith('rgba32')) return 16;
  if (format.startsWith('rgba16')) return 8;
  return 4;
}

/** One scene's renderer. Created by the engine per scene; `render` is called once per frame. */
export class SceneRenderer {
  /** Settles when the shaders and pipelines are built; rejects with the validation error if they are not. */
  readonly ready: Promise<void>;
  readonly #device: GPUDevice;
  readonly #label: string;
  readonly #colorFormat: GPUTextureFormat;
  readonly #renderFormat: GPUTextureFormat;
  readonly #geometry: GeometryLibrary;
  readonly #materials: MaterialLibrary;
  readonly #resources: FrameResources;
  readonly #shadow: ShadowPass;
  readonly #look: LookBindings;
  readonly #mesh: MeshPass;
  readonly #viewProj: Float32Array;
  #width = 0;
  #height = 0;
  #msaa = 0;
  #depth: GPUTexture | null = null;
  #multisampled: GPUTexture | null = null;
  #multisampledView: GPUTextureView | null = null;
  #target: GPUTexture | null = null;
  #targetView: GPUTextureView | null = null;
  #destroyed = false;
  #drawCalls = 0;
  readonly #targetViewDescriptor: GPUTextureViewDescriptor;
  readonly #encoderDescriptor: GPUCommandEncoderDescriptor;
  /**
   * The background as the colour pass clears to it: an array of plain (tagged) elements, written only when the
   * background changes. WebGPU reads the clear colour at every pass; from double fields or a double array each
   * read would box a new heap number, from tagged elements it takes the numbers stored (the array starts with
   * nulls so that V8 never gives it double elements).
   */
  readonly #clearValue = [null, null, null, null] as unknown as number[];
  /**
   * The background `#clearValue` holds, and the input's background, seen as 16-bit halves (see `sameBits`).
   */
  readonly #clearSent = new Uint16Array(new Float32Array(4).fill(Number.NaN).buffer);
  #background: Float32Array | null = null;
  #backgroundBits: Uint16Array = new Uint16Array(8);
  #colorAttachment: GPURenderPassColorAttachment | null = null;
  #passDescriptor: GPURenderPassDescriptor | null = null;
  readonly #commandBuffers: GPUCommandBuffer[] = [];
  /** What the frame header was last written from (see `render`). */
  #headerVersion = -1;
  #headerLights = -1;
  #headerShadowSize = -1;
  /** Times the colour pass where the device has timestamp queries (see `timer`). */
  #timer: GpuTimer | null = null;
  /** Made when the scene first asks for a contact shadow (`shadow-intensity`). */
  #contact: ContactShadowPass | null = null;
  /** Made by `enableGpuCulling`; frames with `culling: 'gpu'` are culled and drawn through it. */
  #gpuCull: GpuCulling | null = null;
  #lastCulling: 'gpu' | 'cpu' = 'cpu';
  /** Time frames on the GPU (when the device can): someone uses the figure. Each timed frame maps a buffer. */
  timeGpu = true;
  /** Read the GPU cull's visible count back: someone reads the figure. Each read-back maps a buffer. */
  countVisible = true;
  /** Made when the scene first shows a transmissive material; the frame is then drawn in two passes around it. */
  #opaqueCapture: OpaqueCapture | null = null;

  /** `colorFormat` is the format of the textures `render` draws into (the canvas's configured format). */
  constructor(device: GPUDevice, colorFormat: GPUTextureFormat, label: string) {
    this.#device = device;
    this.#label = label;
    this.#colorFormat = colorFormat;
    this.#renderFormat = renderFormatFor(colorFormat);
    device.pushErrorScope('validation');
    this.#geometry = GeometryLibrary.acquire(device);
    this.#materials = MaterialLibrary.acquire(device);
    this.#resources = new FrameResources(device, label);
    this.#shadow = new ShadowPass(device, this.#resources, label);
    this.#look = new LookBindings(device, label);
    this.#mesh = new MeshPass(device, this.#renderFormat, this.#resources, this.#shadow, this.#materials, this.#look, label);
    this.ready = device.popErrorScope().then(error => {
      if (error) throw new Error(`${label}: building the renderer failed: ${error.message}`);
    });
    this.#viewProj = this.#resources.header.subarray(FRAME_VIEW_PROJ, FRAME_VIEW_PROJ + 16);
    this.#targetViewDescriptor = { label: `${label}.targetView`, format: this.#renderFormat };
    this.#encoderDescriptor = { label: `${label}.commandEncoder` };
  }

  /**
   * Hands the renderer a timer for its colour pass (the timer's code is a chunk, loaded where the device has
   * timestamp queries); the renderer destroys it with itself.
   */
  set timer(timer: GpuTimer | null) {
    if (this.#destroyed) timer?.destroy();
    else this.#timer = timer;
  }

  /**
   * The colour pass's GPU time in the latest frame read back (milliseconds; NaN without timestamp queries or
   * before the first), and how many frames were read back: a new count means a new time.
   */
  get gpuMs(): number {
    return this.#timer?.gpuMs ?? Number.NaN;
  }

  get gpuSamples(): number {
    return this.#timer?.samples ?? 0;
  }

  /** Bytes the last frame wrote to the GPU. */
  get uploadedBytes(): number {
    return this.#resources.uploadedBytes + (this.#lastCulling === 'gpu' ? this.#gpuCull?.uploadedBytes ?? 0 : 0);
  }

  /**
   * The renderer's GPU culling, made with the chunk's GpuCull on first call; null once the renderer is
   * destroyed. Frames may be drawn with `culling: 'gpu'` after it.
   */
  enableGpuCulling(make: GpuCullingFactory): GpuCulling | null {
    if (this.#destroyed) return null;
    return (this.#gpuCull ??= new make(this.#device, this.#resources, this.#geometry, this.#label));
  }

  /**
   * Makes room for `slotCount` resident slots; true when every slot's instance data must be packed and
   * uploaded (a new buffer). Called once per frame before the changed slots are packed.
   */
  prepareSlots(slotCount: number): boolean {
    return this.#resources.prepareSlots(slotCount);
  }

  /** Draw calls recorded by the last `render` (shadow pass and colour pass). */
  /** Compiles the colour pass's pipelines for `needs` off the frame (MeshPass.warm); resolves when they are ready. */
  warmPipelines(needs: readonly PipelineNeed[]): Promise<void> {
    return this.#mesh.warm(needs);
  }

  get drawCalls(): number {
    return this.#drawCalls;
  }

  /** The format passes render colour in (the -srgb view of the target's format). */
  get renderFormat(): GPUTextureFormat {
    return this.#renderFormat;
  }

  /**
   * Bytes of the buffers and textures this renderer draws with: its own (targets sized to the canvas, frame
   * buffers, the canvas's textures) and its share of what the device's renderers share (the shadow map and the
   * geometry and material libraries, each divided by the renderers holding it), so that the figures of a
   * page's scenes add up to what the device holds.
   */
  get gpuBytes(): number {
    const pixels = this.#width * this.#height;
    const depth = this.#depth ? pixels * 4 * this.#msaa : 0; // depth24plus, 4 bytes per sample
    const colour = this.#multisampled ? pixels * bytesPerPixel(this.#renderFormat) * this.#msaa : 0;
    const canvas = CANVAS_TEXTURES * pixels * bytesPerPixel(this.#colorFormat);
    const shared = this.#geometry.gpuBytes / Math.max(1, this.#geometry.users)
      + this.#materials.gpuBytes / Math.max(1, this.#materials.users);
    return this.#resources.gpuBytes + (this.#gpuCull?.gpuBytes ?? 0) + (this.#timer?.gpuBytes ?? 0) + this.#shadow.gpuBytes + this.#look.gpuBytes + (this.#contact?.gpuBytes ?? 0) + depth + colour
      + canvas + shared + (this.#opaqueCapture?.gpuBytes ?? 0);
  }

  /** Records and submits one frame of `input` into `target` (a texture of the constructor's colour format). */
  render(target: GPUTexture, input: FrameInput): void {
    if (this.#destroyed) return;
    if (target.format !== this.#colorFormat) {
      throw new Error(`${this.#label}: target format ${target.format} is not ${this.#colorFormat}`);
    }
    if (target !== this.#target) {
      this.#target = target;
      this.#targetView = target.createView(this.#targetViewDescriptor);
    }
    const colour = (this.#colorAttachment ??= {
      view: this.#targetView!,
      clearValue: this.#clearValue,
      loadOp: 'clear',
      storeOp: 'store',
    });
    const msaa = input.quality.msaa === 4 ? 4 : 1;
    this.#ensureAttachments(target.width, target.height, msaa, colour);

    const lightCount = Math.max(0, Math.min(input.quality.maxLights, MAX_LIGHTS, input.lightCount));
    const shadowLight = this.#shadow.prepare(input, lightCount);
    // The header follows from the camera, the lights (both in the version) and the shadow map's size only.
    const shadowSize = input.quality.shadowMapSize;
    if (input.version !== this.#headerVersion || lightCount !== this.#headerLights || shadowSize !== this.#headerShadowSize) {
      const header = this.#resources.header;
      this.#viewProj.set(input.viewProjection);
      header.set(input.cameraPosition, FRAME_CAMERA);
      header[FRAME_PARAMS] = lightCount;
      header[FRAME_PARAMS + 1] = this.#resources.orderLights(input, lightCount, shadowLight);
      this.#resources.headerChanged();
      this.#headerVersion = input.version;
      this.#headerLights = lightCount;
      this.#headerShadowSize = shadowSize;
    }
    this.#resources.upload(input, lightCount);
    const cull = input.culling === 'gpu' ? this.#gpuCull : null;
    if (input.culling === 'gpu' && !cull) throw new Error(`${this.#label}: a frame culled on the GPU before enableGpuCulling`);
    if (cull && this.#lastCulling !== 'gpu') cull.invalidate();
    this.#lastCulling = input.culling;
    cull?.upload(input);

    const encoder = this.#device.createCommandEncoder(this.#encoderDescriptor);
    this.#drawCalls = 0;
    if (cull) {
      cull.run(encoder, input.slotCount, this.countVisible);
      if (shadowLight >= 0) {
        const shadowPass = this.#shadow.begin(encoder);
        this.#drawCalls += cull.drawShadow(shadowPass, this.#shadow);
        shadowPass.end();
      }
    } else if (shadowLight >= 0 && input.batchCount > 0) {
      this.#drawCalls += this.#shadow.run(encoder, input, this.#geometry);
    }
    const look = input.look;
    for (let i = 0; i < look.passCount; i++) this.#drawCalls += look.passes[i]!.prepare(encoder, input);
    const contact = look.contactShadow;
    if (contact.intensity > 0 && contact.createPass) this.#contact ??= contact.createPass(this.#device, this.#resources, this.#geometry, this.#renderFormat, this.#label);
    if (this.#contact) this.#drawCalls += this.#contact.prepare(encoder, input, contact);

    const background = input.background;
    if (background !== this.#background) {
      this.#background = background;
      this.#backgroundBits = new Uint16Array(background.buffer, background.byteOffset, 8);
    }
    if (!sameBits(this.#backgroundBits, this.#clearSent)) {
      this.#clearSent.set(this.#backgroundBits);
      for (let i = 0; i < 4; i++) this.#clearValue[i] = background[i]!;
    }
    if (msaa === 4) {
      colour.view = this.#multisampledView!;
      colour.resolveTarget = this.#targetView!;
      colour.storeOp = 'discard';
    } else {
      colour.view = this.#targetView!;
      colour.resolveTarget = undefined;
      colour.storeOp = 'store';
    }
    const timer = this.timeGpu ? this.#timer : null;
    this.#passDescriptor!.timestampWrites = timer?.writes();
    // GPU culling draws built-in shapes only, never a transmissive model.
    const capture = cull ? null : this.#opaqueCaptureFor(input);
    const depth = this.#passDescriptor!.depthStencilAttachment!;
    if (capture) capture.prepare(this.#passDescriptor!);
    else depth.depthStoreOp = 'discard';
    const pass = encoder.beginRenderPass(this.#passDescriptor!);
    for (let i = 0; i < look.passCount; i++) this.#drawCalls += look.passes[i]!.draw(pass, msaa);
    if (this.#contact) this.#drawCalls += this.#contact.draw(pass, msaa);
    if (cull) {
      this.#drawCalls += cull.drawColour(pass, this.#mesh, msaa, this.#shadow.view, this.#look.bindGroup(look));
      pass.end();
    } else if (capture) {
      this.#drawCalls += this.#mesh.encode(pass, input, this.#geometry, msaa, 'opaque');
      pass.end();
      capture.capture(encoder, target, this.#renderFormat);
      const rest = encoder.beginRenderPass(capture.restPass(this.#passDescriptor!));
      this.#drawCalls += this.#mesh.encode(rest, input, this.#geometry, msaa, 'rest', capture.view);
      rest.end();
    } else {
      this.#drawCalls += this.#mesh.encode(pass, input, this.#geometry, msaa);
      pass.end();
    }
    timer?.resolve(encoder);
    this.#commandBuffers[0] = encoder.finish();
    this.#device.queue.submit(this.#commandBuffers);
    cull?.submitted();
    timer?.submitted();
  }

  /** The opaque colour capture when a batch shows a transmissive model (made on first need), else null. */
  #opaqueCaptureFor(input: FrameInput): OpaqueCapture | null {
    for (let b = 0; b < input.batchCount; b++) {
      const key = input.batches[input.batchOffset + b * BATCH_RECORD_U32]! % TRANSPARENT_KEY_OFFSET;
      const create = key < MODEL_KEY_BASE ? undefined : input.models[key - MODEL_KEY_BASE]?.createOpaqueCapture;
      if (create) return (this.#opaqueCapture ??= create(this.#device, this.#label));
    }
    return null;
  }

  /** Frees every GPU resource; later `render` calls do nothing. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#destroyAttachments();
    this.#shadow.destroy();
    this.#gpuCull?.destroy();
    this.#gpuCull = null;
    this.#timer?.destroy();
    this.#contact?.destroy();
    this.#opaqueCapture?.destroy();
    this.#look.destroy();
    this.#resources.destroy();
    this.#geometry.release();
    this.#materials.release();
    this.#target = null;
    this.#targetView = null;
    this.#commandBuffers.length = 0;
  }

  /** (Re)creates depth and multisampled colour, and the pass descriptor, when the size or sample count changed. */
  #ensureAttachments(width: number, height: number, msaa: 1 | 4, colour: GPURenderPassColorAttachment): void {
    if (width === this.#width && height === this.#height && msaa === this.#msaa && this.#depth) return;
    this.#destroyAttachments();
    this.#width = width;
    this.#height = height;
    this.#msaa = msaa;
    this.#depth = this.#device.createTexture({
      label: `${this.#label}.depth`,
      size: [width, height],
      format: DEPTH_FORMAT,
      sampleCount: msaa,
      usage: GPUTextureUsage.RENDER_ATTACHMENT,
    });
    if (msaa > 1) {
      // Same base format as the target, viewed as the render format: Vulkan resolves by base format, so an
      // -srgb multisampled texture resolving into the -srgb view of a unorm target skips the sRGB encode
      // (gpuweb/gpuweb#2729; seen on SwiftShader). With matching base formats every backend agrees.
      this.#multisampled = this.#device.createTexture({
        label: `${this.#label}.multisampledColour`,
        size: [width, height],
        format: this.#colorFormat,
        viewFormats: this.#renderFormat === this.#colorFormat ? [] : [this.#renderFormat],
        sampleCount: msaa,
        usage: GPUTextureUsage.RENDER_ATTACHMENT,
      });
      this.#multisampledView = this.#multisampled.createView({
        label: `${this.#label}.multisampledColourView`,
        format: this.#renderFormat,
      });
    }
    this.#passDescriptor = {
      label: `${this.#label}.renderPass`,
      colorAttachments: [colour],
      depthStencilAttachment: {
        view: this.#depth.createView({ label: `${this.#label}.depthView` }),
        depthClearValue: 1,
        depthLoadOp: 'clear',
        depthStoreOp: 'discard',
      },
    };
  }

  #destroyAttachments(): void {
    this.#depth?.destroy();
    this.#multisampled?.destroy();
    this.#depth = null;
    this.#multisampled = null;
    this.#multisampledView = null;
  }
}
