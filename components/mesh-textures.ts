import { formatNumbers } from '../src/parse/index.js';
import { LayerWError } from '../src/errors.js';
import type { CrossOrigin } from '../src/assets/fetch-bytes.js';
import type { GeometryName } from '../src/gpu/frame-input.js';
import type { ObjectSlot } from '../src/engine/object-slot.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import type { ModelUse } from '../src/engine/model-user.js';
import type { requestShapeImages, ShapeImagesRequest } from './shape-images.js';
import { readVector } from './values.js';

/** What the textures of a `<layerw-mesh>` need from it. */
export interface TexturedMesh extends Element {
  reject(attribute: string, value: unknown, reason: string, kept: string): void;
  report(error: LayerWError): void;
}

const DEFAULT_REPEAT: readonly number[] = [1, 1];

let loading: Promise<typeof requestShapeImages> | undefined;

/** Starts loading the images' request code once per page (again after a failure). */
function loadShapeImages(): Promise<typeof requestShapeImages> {
  loading ??= import('./shape-images.js').then((module) => module.requestShapeImages, (cause: unknown) => {
    loading = undefined;
    throw cause;
  });
  return loading;
}

/**
 * The images on a `<layerw-mesh geometry>`: `texture` (base colour), `normal-texture`, `roughness-texture`, each
 * a URL or `#id` of an `<img>`, `<video>` or `<canvas>` (looked up by the scene's live textures), and
 * `texture-repeat`. While the images load, and when one fails (LOAD_FAILED), the shape is drawn untextured. The
 * values are read here; asking the scene for the images is a chunk (components/shape-images.ts), fetched when the
 * first image is set.
 */
export class MeshTextures {
  readonly #mesh: TexturedMesh;
  /** As written, by role (SHAPE_IMAGE_ROLES order). */
  readonly #sources: [string | null, string | null, string | null] = [null, null, null];
  readonly #repeat = new Float32Array(DEFAULT_REPEAT);
  #use: ModelUse | null = null;
  /** Identifies the current use; callbacks of a superseded one see a different token and stay quiet. */
  #token: object | null = null;

  constructor(mesh: TexturedMesh) {
    this.#mesh = mesh;
  }

  /** Whether any image is set. */
  get any(): boolean {
    return this.#sources[0] !== null || this.#sources[1] !== null || this.#sources[2] !== null;
  }

  source(role: number): string | null {
    return this.#sources[role] ?? null;
  }

  /** Sets the image of `role` (0 texture, 1 normal, 2 roughness); an empty value clears it. */
  setSource(role: number, value: string | null | undefined): boolean {
    const next = value === null || value === undefined || value.trim() === '' ? null : value.trim();
    if (next === this.#sources[role]) return false;
    this.#sources[role] = next;
    if (next !== null) void loadShapeImages().catch(() => undefined);
    return true;
  }

  get repeat(): number[] {
    return Array.from(this.#repeat);
  }

  /** `"u v"` or one number for both; refuses anything else with BAD_ATTRIBUTE. Returns whether it changed. */
  setRepeat(value: string | number | ArrayLike<number> | null | undefined): boolean {
    const before = formatNumbers(this.#repeat);
    if (value === null || value === undefined) this.#repeat.set(DEFAULT_REPEAT);
    else {
      const parsed = new Float32Array(2);
      const result = readVector(value, 2, parsed, true);
      if (!result.ok || parsed[0] === 0 || parsed[1] === 0) {
        this.#mesh.reject('texture-repeat', value, result.ok ? 'cannot repeat zero times' : result.reason, before);
        return false;
      }
      this.#repeat.set(parsed);
    }
    return formatNumbers(this.#repeat) !== before;
  }

  /**
   * Draws `object` as `geometry` now and asks the scene for the images (loading the request's chunk first); the
   * textured shape replaces it once they are on the GPU. `onDrawn` hears the first frame drawn with them.
   */
  show(runtime: SceneRuntime, object: ObjectSlot, geometry: GeometryName, bounds: Float32Array, crossOrigin: CrossOrigin,
    lazy: boolean, onDrawn: () => void): void {
    this.release();
    object.setGeometry(geometry, bounds);
    if (!this.any) return;
    const token = {};
    this.#token = token;
    const current = (): boolean => this.#token === token;
    const request: ShapeImagesRequest = {
      mesh: this.#mesh, runtime, object, geometry, crossOrigin, lazy, current, drawn: onDrawn,
      sources: [...this.#sources],
      repeat: [this.#repeat[0]!, this.#repeat[1]!],
      giveUp: () => this.release(),
    };
    loadShapeImages().then((requestShapeImages) => {
      if (current()) this.#use = requestShapeImages(request);
    }, (cause: unknown) => {
      if (current()) this.#mesh.report(new LayerWError('LOAD_FAILED', `the texture code could not be loaded: ${String(cause)}`, { cause }));
    });
  }

  /** The page redrew a `<canvas>` shown here: copy it again for the next frame. */
  refresh(runtime: SceneRuntime | null): void {
    runtime?.models?.live?.refresh(this.#mesh.getRootNode() as Document | ShadowRoot, this.#sources);
  }

  release(): void {
    this.#token = null;
    this.#use?.release();
    this.#use = null;
  }
}
