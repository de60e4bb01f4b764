// Built-in shapes textured from elements of the page (`#id` of an <img>, <video> or <canvas>) or from URLs: each
// picture is one LiveImage (live-image.ts) per scene, shared by the shapes that show it; each shape is drawn like
// a one-primitive model. Its own chunk, loaded with the first such shape.

import { LayerWError } from '../errors.js';
import type { CrossOrigin } from '../assets/fetch-bytes.js';
import { MODEL_KEY_BASE, type GeometryName } from '../gpu/frame-input.js';
import type { GpuModel } from '../gpu/model.js';
import { buildGeometry } from '../gpu/geometry.js';
import { DEFAULT_PARAMS, DEFAULT_SAMPLER, MaterialLibrary, type GpuMaterial } from '../gpu/material.js';
import type { FrameSchedule, FrameStep } from './frame-schedule.js';
import type { ModelUse, ModelUser } from './model-user.js';
import type { ModelPickGeometry } from './picking/scene-picker.js';
import type { ShapeTextureSpec } from './shape-key.js';
import { LiveImage, type ShapeImageSource } from './live-image.js';

/** What the live textures need from the scene's models: table indices (shared with them), the table, redraws. */
export interface LiveShapesHost {
  readonly table: (GpuModel | null)[];
  readonly schedule: FrameSchedule;
  reserveIndex(): number | undefined;
  returnIndex(index: number): void;
  requestDraw(): void;
}

/** One textured shape: geometry, images by role, repeat; one table index, drawn like a one-primitive model. */
class LiveShape {
  readonly users = new Set<ModelUser>();
  readonly undrawn = new Set<ModelUser>();
  readonly keys: readonly number[];
  vertexBuffer: GPUBuffer | null = null;
  indexBuffer: GPUBuffer | null = null;
  material: GpuMaterial | null = null;
  /** The views `material` was made with; a new texture (a resize, a new device) makes a new material. */
  readonly boundViews: (GPUTextureView | null)[] = [null, null, null];
  announced = false;
  /** The table entry was set in the previous frame: this frame's step can tell the users it was drawn. */
  drawnPending = false;
  /** Names this shape's geometry to picking; negative, so it never equals a model's (a block handle). */
  readonly pickToken = -(nextPickToken++);

  constructor(readonly key: string, readonly index: number, readonly geometry: GeometryName,
    readonly images: readonly (LiveImage | null)[], readonly repeat: readonly [number, number]) {
    this.keys = [MODEL_KEY_BASE + index];
  }
}

const ROLE_SRGB = [true, false, false];

/** The `<img>`, `<video>` or `<canvas>` that `#id` names in `root`, or undefined. */
function pictureElement(root: Document | ShadowRoot, text: string): HTMLImageElement | HTMLVideoElement | HTMLCanvasElement | undefined {
  const element = root.getElementById(text.slice(1));
  return element instanceof HTMLImageElement || element instanceof HTMLVideoElement || element instanceof HTMLCanvasElement ? element : undefined;
}
let nextPickToken = 1;

/**
 * The scene's shapes textured from page elements. Its `live-textures` step (render phase, before `draw`) copies
 * every changed picture and (re)builds what a new texture needs; owned by SceneModels.
 */
export class LiveShapes {
  readonly #host: LiveShapesHost;
  readonly #images = new Map<ShapeImageSource, LiveImage>();
  readonly #imageList: LiveImage[] = [];
  readonly #shapes = new Map<string, LiveShape>();
  readonly #shapeList: LiveShape[] = [];
  readonly #ids = new WeakMap<object, number>();
  #nextId = 1;
  #device: GPUDevice | null = null;
  #library: MaterialLibrary | null = null;
  readonly #changed = (): void => this.#host.requestDraw();
  readonly step: FrameStep;

  constructor(host: LiveShapesHost) {
    this.#host = host;
    this.step = { name: 'live-textures', phase: 'render', reads: [], writes: [], before: ['draw'], run: () => this.#frame() };
    host.schedule.add(this.step);
  }

  /** GPU bytes of the textures and buffers held. */
  get gpuBytes(): number {
    let bytes = 0;
    for (let i = 0; i < this.#imageList.length; i++) bytes += this.#imageList[i]!.gpuBytes;
    for (let i = 0; i < this.#shapeList.length; i++) {
      const shape = this.#shapeList[i]!;
      bytes += (shape.vertexBuffer?.size ?? 0) + (shape.indexBuffer?.size ?? 0);
    }
    return bytes;
  }

  /**
   * Starts drawing `spec` for `user`: `modelReady` once every image has a picture on the GPU. An `#id` naming no
   * `<img>`, `<video>` or `<canvas>` is the user's LOAD_FAILED.
   */
  use(spec: ShapeTextureSpec, crossOrigin: CrossOrigin, user: ModelUser): ModelUse {
    const sources: (ShapeImageSource | null)[] = [];
    for (const text of spec.sources) {
      const source = text?.startsWith('#') ? pictureElement(spec.root, text) : text;
      if (source === undefined) {
        user.modelFailed(new LayerWError('LOAD_FAILED', `"${text!}": no <img>, <video> or <canvas> has that id`));
        return { release: () => undefined };
      }
      sources.push(source);
    }
    const key = `${spec.geometry} ${spec.repeat.join(' ')} ${sources.map((s) => s === null ? 0 : this.#id(s)).join(' ')}`;
    let shape = this.#shapes.get(key);
    if (!shape) {
      const index = this.#host.reserveIndex();
      if (index === undefined) {
        user.modelFailed(new LayerWError('BUDGET_EXCEEDED', 'the scene has no room for another textured shape'));
        return { release: () => undefined };
      }
      const images = sources.map((source) => source === null ? null : this.#acquireImage(source, crossOrigin));
      shape = new LiveShape(key, index, spec.geometry, images, spec.repeat);
      this.#shapes.set(key, shape);
      this.#shapeList.push(shape);
    }
    shape.users.add(user);
    shape.undrawn.add(user);
    const failed = shape.images.find((image) => image?.failed);
    if (failed) user.modelFailed(new LayerWError('LOAD_FAILED', `${String(failed.source)} could not be loaded`));
    if (shape.announced) user.modelReady(shape.keys, [], this.#bounds(shape), null, null);
    this.#host.requestDraw();
    const held = shape;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        held.users.delete(user);
        held.undrawn.delete(user);
        if (held.users.size === 0) this.#drop(held);
      },
    };
  }

  /** The pick token of the shape drawn with batch key `key`, 0 when none. Called by picking. */
  pickToken(key: number): number {
    return this.#shapeAt(key)?.pickToken ?? 0;
  }

  /** The triangles of the shape drawn with batch key `key`, for picking. */
  pickGeometry(key: number): ModelPickGeometry | null {
    const shape = this.#shapeAt(key);
    if (!shape) return null;
    const built = buildGeometry(shape.geometry);
    return { token: shape.pickToken, primitives: [{ vertices: built.vertices, indices: built.indices }], names: [{ node: shape.geometry }] };
  }

  #shapeAt(key: number): LiveShape | undefined {
    for (let i = 0; i < this.#shapeList.length; i++) if (this.#shapeList[i]!.keys[0] === key) return this.#shapeList[i];
    return undefined;
  }

  /** The page redrew the canvases `sources` name (`#id`s in `root`): copy them again before the next frame. */
  refresh(root: Document | ShadowRoot, sources: readonly (string | null)[]): void {
    for (const text of sources) {
      const image = text?.startsWith('#') ? this.#images.get(pictureElement(root, text)!) : undefined;
      if (image) image.stale = true;
    }
    this.#host.requestDraw();
  }

  /** The device came (first, or after a loss) or went: every texture and buffer is made again on it. */
  setDevice(device: GPUDevice | null): void {
    for (const shape of this.#shapeList) this.#releaseShapeGpu(shape);
    for (const image of this.#imageList) image.releaseGpu();
    this.#library?.release();
    this.#library = device ? MaterialLibrary.acquire(device) : null;
    this.#device = device;
    this.#host.requestDraw();
  }

  /** Lets go of everything (the scene is going away). */
  destroy(): void {
    for (const shape of [...this.#shapeList]) this.#drop(shape);
    this.setDevice(null);
    this.#host.schedule.remove(this.step.name);
  }

  #id(source: ShapeImageSource): string {
    if (typeof source === 'string') return source;
    let id = this.#ids.get(source);
    if (id === undefined) this.#ids.set(source, (id = this.#nextId++));
    return `#${id}`;
  }

  #acquireImage(source: ShapeImageSource, crossOrigin: CrossOrigin): LiveImage {
    let image = this.#images.get(source);
    if (!image) {
      const created: LiveImage = new LiveImage(source, crossOrigin, this.#changed, (error) => this.#fail(created, error));
      image = created;
      this.#images.set(source, image);
      this.#imageList.push(image);
    }
    image.users++;
    return image;
  }

  /** The image cannot be shown: its shapes' users hear why (and draw their shapes untextured). */
  #fail(image: LiveImage, error: LayerWError): void {
    image.failed = true;
    for (const shape of [...this.#shapeList]) if (shape.images.includes(image)) for (const user of [...shape.users]) user.modelFailed(error);
  }

  /** The step: copies changed pictures, then builds shapes whose textures are new. Allocates only when something is built. */
  #frame(): void {
    const device = this.#device;
    if (!device) return;
    // A failed copy can drop shapes and images (their users let go): the lists may shrink under these loops.
    for (let i = 0; i < this.#imageList.length; i++) {
      const image = this.#imageList[i]!;
      const error = image.copy(device);
      // A cross-origin picture without CORS taints: it cannot reach the GPU, and the frame goes on without it.
      if (error) this.#fail(image, error);
    }
    for (let i = 0; i < this.#shapeList.length; i++) {
      const shape = this.#shapeList[i]!;
      if (shape.drawnPending) {
        shape.drawnPending = false;
        for (const user of shape.undrawn) user.modelDrawn();
        shape.undrawn.clear();
      }
      if (this.#viewsChanged(shape)) this.#build(device, shape);
    }
  }

  #viewsChanged(shape: LiveShape): boolean {
    for (let role = 0; role < 3; role++) {
      const image = shape.images[role];
      if (!image) continue;
      const view = ROLE_SRGB[role] ? image.srgbView : image.linearView;
      if (!view) return false;
      if (view !== shape.boundViews[role]) return true;
    }
    return shape.material === null;
  }

  #build(device: GPUDevice, shape: LiveShape): void {
    const library = this.#library!;
    const label = `LayerW.liveShape${shape.index}`;
    if (!shape.vertexBuffer) {
      const built = buildGeometry(shape.geometry);
      shape.vertexBuffer = device.createBuffer({ label: `${label}.vertices`, size: built.vertices.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(shape.vertexBuffer, 0, built.vertices.buffer as ArrayBuffer, built.vertices.byteOffset, built.vertices.byteLength);
      const indices = built.indices instanceof Uint16Array && built.indices.length % 2 === 1
        ? new Uint16Array([...built.indices, 0]) : built.indices;
      shape.indexBuffer = device.createBuffer({ label: `${label}.indices`, size: indices.byteLength, usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(shape.indexBuffer, 0, indices.buffer as ArrayBuffer, indices.byteOffset, indices.byteLength);
    }
    const views = shape.images.map((image, role) => image ? (ROLE_SRGB[role] ? image.srgbView : image.linearView) : null);
    const [u, v] = shape.repeat;
    const repeat = u === 1 && v === 1 ? null : [u, 0, 0, 0, v, 0, 0, 0, 1];
    shape.material?.destroy();
    shape.material = library.create(`${label}.material`, { ...DEFAULT_PARAMS, uvTransforms: [repeat, repeat, repeat, null, null] }, {
      baseColor: views[0] ?? undefined,
      normal: views[1] ?? undefined,
      metallicRoughness: views[2] ?? undefined,
    }, DEFAULT_SAMPLER);
    for (let role = 0; role < 3; role++) shape.boundViews[role] = views[role] ?? null;
    const built = buildGeometry(shape.geometry);
    this.#host.table[shape.index] = {
      primitives: [{
        vertexBuffer: shape.vertexBuffer, indexBuffer: shape.indexBuffer!, indexFormat: built.indices instanceof Uint32Array ? 'uint32' : 'uint16',
        indexCount: built.indices.length, material: shape.material,
      }],
    };
    shape.drawnPending = true;
    if (!shape.announced) {
      shape.announced = true;
      for (const user of shape.users) user.modelReady(shape.keys, [], this.#bounds(shape), null, null);
    }
    this.#host.requestDraw();
  }

  #bounds(shape: LiveShape): { center: [number, number, number]; radius: number } {
    const b = buildGeometry(shape.geometry).bounds;
    return { center: [b[0]!, b[1]!, b[2]!], radius: b[3]! };
  }

  #releaseShapeGpu(shape: LiveShape): void {
    shape.material?.destroy();
    shape.material = null;
    shape.vertexBuffer?.destroy();
    shape.vertexBuffer = null;
    shape.indexBuffer?.destroy();
    shape.indexBuffer = null;
    shape.boundViews.fill(null);
    this.#host.table[shape.index] = null;
  }

  #drop(shape: LiveShape): void {
    this.#releaseShapeGpu(shape);
    this.#host.returnIndex(shape.index);
    this.#shapes.delete(shape.key);
    this.#shapeList.splice(this.#shapeList.indexOf(shape), 1);
    shape.users.clear();
    shape.undrawn.clear();
    for (const image of shape.images) if (image && --image.users === 0) this.#dropImage(image);
  }

  #dropImage(image: LiveImage): void {
    image.dispose();
    this.#images.delete(image.source);
    this.#imageList.splice(this.#imageList.indexOf(image), 1);
  }
}
