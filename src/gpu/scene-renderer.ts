// Renders one scene's FrameInput into a texture: uploads the frame (changed instance ranges, the changed span
// of the visible list, small uniform writes), runs the shadow pass and the mesh pass, submits. Allocates no JS
// objects once warm, apart from what WebGPU itself returns (encoder, pass, command buffer, a new target's view).

import { MAX_LIGHTS, type FrameInput } from './frame-input.js';
import { FRAME_CAMERA, FRAME_PARAMS, FRAME_VIEW_PROJ, FrameResources } from './frame-resources.js';
import { GeometryLibrary } from './geometry-library.js';
import type { ContactShadowPass } from './look.js';
import { LookBindings } from './look-bindings.js';
import { MaterialLibrary } from './material.js';
import { DEPTH_FORMAT, MeshPass } from './mesh-pass.js';
import { ShadowPass } from './shadow-pass.js';

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
  readonly #clearValue = { r: 0, g: 0, b: 0, a: 1 };
  #colorAttachment: GPURenderPassColorAttachment | null = null;
  #passDescriptor: GPURenderPassDescriptor | null = null;
  readonly #commandBuffers: GPUCommandBuffer[] = [];
  /** Made when the scene first asks for a contact shadow (`shadow-intensity`). */
  #contact: ContactShadowPass | null = null;

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

  /** Draw calls recorded by the last `render` (shadow pass and colour pass). */
  /** Bytes the last frame wrote to the GPU. */
  get uploadedBytes(): number {
    return this.#resources.uploadedBytes;
  }

  /**
   * Makes room for `slotCount` resident slots; true when every slot's instance data must be packed and
   * uploaded (a new buffer). Called once per frame before the changed slots are packed.
   */
  prepareSlots(slotCount: number): boolean {
    return this.#resources.prepareSlots(slotCount);
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
    return this.#resources.gpuBytes + this.#shadow.gpuBytes + this.#look.gpuBytes + (this.#contact?.gpuBytes ?? 0) + depth + colour
      + canvas + shared;
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

    const header = this.#resources.header;
    this.#viewProj.set(input.viewProjection);
    header.set(input.cameraPosition, FRAME_CAMERA);
    const lightCount = Math.max(0, Math.min(input.quality.maxLights, MAX_LIGHTS, input.lightCount));
    const shadowLight = this.#shadow.prepare(input, lightCount);
    header[FRAME_PARAMS] = lightCount;
    header[FRAME_PARAMS + 1] = shadowLight;
    this.#resources.upload(input, lightCount);

    const encoder = this.#device.createCommandEncoder(this.#encoderDescriptor);
    this.#drawCalls = 0;
    if (shadowLight >= 0 && input.batchCount > 0) this.#drawCalls += this.#shadow.run(encoder, input, this.#geometry);
    const look = input.look;
    for (let i = 0; i < look.passCount; i++) this.#drawCalls += look.passes[i]!.prepare(encoder, input);
    const contact = look.contactShadow;
    if (contact.intensity > 0 && contact.createPass) this.#contact ??= contact.createPass(this.#device, this.#resources, this.#geometry, this.#renderFormat, this.#label);
    if (this.#contact) this.#drawCalls += this.#contact.prepare(encoder, input, contact);

    const background = input.background;
    this.#clearValue.r = background[0]!;
    this.#clearValue.g = background[1]!;
    this.#clearValue.b = background[2]!;
    this.#clearValue.a = background[3]!;
    if (msaa === 4) {
      colour.view = this.#multisampledView!;
      colour.resolveTarget = this.#targetView!;
      colour.storeOp = 'discard';
    } else {
      colour.view = this.#targetView!;
      colour.resolveTarget = undefined;
      colour.storeOp = 'store';
    }
    const pass = encoder.beginRenderPass(this.#passDescriptor!);
    for (let i = 0; i < look.passCount; i++) this.#drawCalls += look.passes[i]!.draw(pass, msaa);
    if (this.#contact) this.#drawCalls += this.#contact.draw(pass, msaa);
    this.#drawCalls += this.#mesh.encode(pass, input, this.#geometry, msaa);
    pass.end();
    this.#commandBuffers[0] = encoder.finish();
    this.#device.queue.submit(this.#commandBuffers);
  }

  /** Frees every GPU resource; later `render` calls do nothing. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#destroyAttachments();
    this.#shadow.destroy();
    this.#contact?.destroy();
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
