// Textures on built-in shapes, as the engine sees them: which geometry, which images, how often they repeat.
// A shape whose images are all URLs is loaded as a small model under a key of its own (src/engine/shape-model.ts
// reads it back), so it shares the page's model cache, the scene's budget and the texture streaming.

import type { GeometryName } from '../gpu/frame-input.js';

/** Scheme of the model keys of textured shapes; such a key is never fetched. */
export const SHAPE_SCHEME = 'layerw-shape:';

/** What `texture`, `normal-texture` and `roughness-texture` may name: a URL, or an element of the page. */
export type ShapeImageSource = string | HTMLImageElement | HTMLVideoElement | HTMLCanvasElement;

/** The roles of a shape's images, in the order of `ShapeTextureSpec.sources`. */
export const SHAPE_IMAGE_ROLES = ['texture', 'normal-texture', 'roughness-texture'] as const;

/** A textured shape: its geometry, its images by role (URLs absolute; null where unset), and the UV repeat. */
export interface ShapeTextureSpec {
  geometry: GeometryName;
  sources: readonly [ShapeImageSource | null, ShapeImageSource | null, ShapeImageSource | null];
  repeat: readonly [number, number];
}

/** True when every image of `spec` is a URL: then it loads as a model (`shapeModelKey`). */
export function urlsOnly(spec: ShapeTextureSpec): boolean {
  return spec.sources.every((source) => source === null || typeof source === 'string');
}

/** The model key of a shape whose images are all URLs. */
export function shapeModelKey(spec: ShapeTextureSpec): string {
  const params = new URLSearchParams();
  params.set('repeat', `${spec.repeat[0]} ${spec.repeat[1]}`);
  spec.sources.forEach((source, i) => {
    if (typeof source === 'string') params.set(SHAPE_IMAGE_ROLES[i]!, source);
  });
  return `${SHAPE_SCHEME}${spec.geometry}?${params.toString()}`;
}
