// The model key of a built-in shape whose images are all URLs: src/engine/shape-model.ts reads it back. Used only
// by the model chunks.

import { SHAPE_IMAGE_ROLES, type ShapeTextureSpec } from './shape-key.js';

/** Scheme of the model keys of textured shapes; such a key is never fetched. */
export const SHAPE_SCHEME = 'layerw-shape:';

/** The model key of a shape whose images are all URLs (`urlsOnly`). */
export function shapeModelKey(spec: ShapeTextureSpec): string {
  const params = new URLSearchParams();
  params.set('repeat', `${spec.repeat[0]} ${spec.repeat[1]}`);
  spec.sources.forEach((source, i) => {
    if (typeof source === 'string') params.set(SHAPE_IMAGE_ROLES[i]!, source);
  });
  return `${SHAPE_SCHEME}${spec.geometry}?${params.toString()}`;
}
