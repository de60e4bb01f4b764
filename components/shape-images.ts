import { absoluteUrl } from '../src/assets/url.js';
import type { LayerWError } from '../src/errors.js';
import type { CrossOrigin } from '../src/assets/fetch-bytes.js';
import type { GeometryName } from '../src/gpu/frame-input.js';
import type { ObjectSlot } from '../src/engine/object-slot.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';
import type { ModelUse, ModelUser } from '../src/engine/model-user.js';
import type { BoundingSphere } from '../src/assets/model-data.js';
import type { ShapeTextureSpec } from '../src/engine/shape-key.js';
import type { TexturedMesh } from './mesh-textures.js';
import { makeModelRequests } from '../src/engine/scene-model-requests.js';

/** Scratch for a model's bounds on their way to the slot. */
const shapeBounds = new Float32Array(4);

/** One request for a shape's images, as MeshTextures hands it over. */
export interface ShapeImagesRequest {
  readonly mesh: TexturedMesh;
  readonly runtime: SceneRuntime;
  readonly object: ObjectSlot;
  readonly geometry: GeometryName;
  /** As written, by role (SHAPE_IMAGE_ROLES order). */
  readonly sources: readonly (string | null)[];
  readonly repeat: readonly [number, number];
  readonly crossOrigin: CrossOrigin;
  /** Wait for the scene to come near the viewport. */
  readonly lazy: boolean;
  /** False once the request is superseded or released: its callbacks then stay quiet. */
  current(): boolean;
  /** Nothing of the images can be shown: let go of the request, the untextured shape stays. */
  giveUp(): void;
  /** The first frame with the images was drawn. */
  drawn(): void;
}

/**
 * Asks the scene for the images of a `<layerw-mesh geometry>` (its own chunk, loaded with the first texture
 * attribute): the textured shape replaces the untextured one in the mesh's slot once they are on the GPU. Returns
 * the scene's use of them, or null when a source is not a valid URL (reported on the mesh).
 */
export function requestShapeImages(request: ShapeImagesRequest): ModelUse | null {
  const { mesh, object } = request;
  let sources: (string | null)[];
  try {
    sources = request.sources.map((text) => text === null || text.startsWith('#') ? text : absoluteUrl(text));
  } catch (error) {
    mesh.report(error as LayerWError);
    return null;
  }
  const spec: ShapeTextureSpec = {
    geometry: request.geometry,
    sources: sources as unknown as ShapeTextureSpec['sources'],
    repeat: request.repeat,
    root: mesh.getRootNode() as Document | ShadowRoot,
  };
  let ready = false;
  const user: ModelUser = {
    modelProgress: () => undefined,
    modelReady: (keys, coverage, b: BoundingSphere) => {
      if (!request.current()) return;
      ready = true;
      shapeBounds.set(b.center);
      shapeBounds[3] = b.radius;
      object.setModel(keys, coverage, shapeBounds);
    },
    modelDrawn: () => {
      if (request.current()) request.drawn();
    },
    modelFailed: (error) => {
      if (!request.current()) return;
      mesh.report(error);
      if (!ready) request.giveUp();
    },
  };
  return request.runtime.modelRequests(makeModelRequests)?.useShapeTextures(spec, request.crossOrigin, user, request.lazy ? object : null) ?? null;
}
