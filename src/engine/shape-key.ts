// Textures on built-in shapes, as the engine sees them: which geometry, which images, how often they repeat.
// A shape whose images are all URLs is loaded as a small model under a key of its own (shape-model-key.ts), so
// it shares the page's model cache, the scene's budget and the texture streaming.

import type { GeometryName } from '../gpu/frame-input.js';

/** The roles of a shape's images, in the order of `ShapeTextureSpec.sources`. */
export const SHAPE_IMAGE_ROLES = ['texture', 'normal-texture', 'roughness-texture'] as const;

/**
 * A textured shape: its geometry, its images by role (absolute URLs, or `#id` of an element found in `root`; null
 * where unset), and the UV repeat.
 */
export interface ShapeTextureSpec {
  geometry: GeometryName;
  sources: readonly [string | null, string | null, string | null];
  repeat: readonly [number, number];
  root: Document | ShadowRoot;
}

/** True when every image of `spec` is a URL: then it loads as a model (`shapeModelKey`). */
export function urlsOnly(spec: ShapeTextureSpec): boolean {
  return spec.sources.every((source) => source === null || !source.startsWith('#'));
}
