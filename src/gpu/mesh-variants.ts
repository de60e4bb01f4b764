// Which variant of the colour pass's shader a draw uses. A software rasteriser (SwiftShader, what browsers use
// without a GPU) runs every branch of a shader whatever its uniforms say, so a shader that tests at run time for
// each texture, light type, the shadow, the environment and the tone mapping operator pays for all of them on
// every fragment. The mesh pass makes one pipeline per variant instead, with the override constants of
// shaders/mesh.wgsl, lights.wgsl and ibl.wgsl set to what the material and the frame use; the branches that are
// left out are compiled out. It also leaves out the vertex values nothing reads (shaders/mesh-varyings.wgsl),
// which such a rasteriser would fetch, clip and interpolate all the same; those take a shader module each. A
// variant is a small integer: the material's and the mesh's bits and the frame's bits.

import { FRAME_PARAMS } from './frame-resources.js';
import { LIGHT_FLOATS, LIGHT_TYPES, type FrameInput } from './frame-input.js';
import { LOOK_ENVIRONMENT_INTENSITY, LOOK_TONE_MAPPING, TONE_MAPPINGS } from './look.js';
import type { GpuMaterial } from './material.js';
import type { MeshVaryings } from './shader-source.js';

/** The material's bound textures, as the shader's HAS_* bits. */
const TEXTURES = 0x1f;
const SECOND_UV = 1 << 5;
const ENVIRONMENT = 1 << 6;
const POSITIONAL = 1 << 7;
const SPOT = 1 << 8;
const SHADOW = 1 << 9;
/** Three bits from here: the tone mapping operator's number, or TONE_DYNAMIC. */
const TONE_SHIFT = 10;
const TONE_DYNAMIC = 7;
/** The mesh's vertices hold colours (glTF COLOR_0). */
const VERTEX_COLORS = 1 << 13;
/** The shader's LOOK_TONE_DYNAMIC (ibl.wgsl): the operator is read from the look's uniform. */
const SHADER_TONE_DYNAMIC = 255;
/**
 * Two bits from here: the frame's lights with a direction when there are at most two, with at most one ambient
 * light besides, which the shader shades at constant indices (shaders/mesh.wgsl); else LIGHTS_COUNTED_LATER. The
 * shader's LIGHTS_DIRECTED as it is.
 */
const DIRECTED_SHIFT = 14;
const DIRECTED_FIXED = 2;
const AMBIENT_FIXED = 1;
const LIGHTS_COUNTED_LATER = 3;

/**
 * The variant whose constants are the shader's defaults: every path kept, the look read at run time. For
 * pipelines that outlive the frame they were chosen in (the GPU-culled render bundles).
 */
export const GENERIC_VARIANT = TEXTURES | SECOND_UV | ENVIRONMENT | POSITIONAL | SPOT | SHADOW | (TONE_DYNAMIC << TONE_SHIFT) | VERTEX_COLORS
  | (LIGHTS_COUNTED_LATER << DIRECTED_SHIFT);

/**
 * The frame's part of a variant: the kinds of the lights shaded and how many, whether one casts a shadow,
 * the environment (also while it is on its way) and the tone mapping operator. `header` is the frame header as the
 * renderer filled it (lights shaded, shadow light and lights with a direction at FRAME_PARAMS). Called once per
 * frame by the mesh pass; allocates nothing.
 */
export function frameVariant(input: FrameInput, header: Float32Array): number {
  let bits = 0;
  const lights = input.lights;
  const count = header[FRAME_PARAMS]!;
  for (let i = 0; i < count; i++) {
    const type = lights[i * LIGHT_FLOATS]!;
    if (type === LIGHT_TYPES.point) bits |= POSITIONAL;
    else if (type === LIGHT_TYPES.spot) bits |= POSITIONAL | SPOT;
  }
  if (header[FRAME_PARAMS + 1]! >= 0) bits |= SHADOW;
  const directed = header[FRAME_PARAMS + 2]!;
  bits |= (directed <= DIRECTED_FIXED && count - directed <= AMBIENT_FIXED ? directed : LIGHTS_COUNTED_LATER) << DIRECTED_SHIFT;
  const look = input.look;
  if ((look.environment || look.environmentWanted) && look.params[LOOK_ENVIRONMENT_INTENSITY]! > 0) bits |= ENVIRONMENT;
  const tone = look.params[LOOK_TONE_MAPPING]!;
  const known = Number.isInteger(tone) && tone >= 0 && tone < TONE_MAPPINGS.length;
  return bits | ((known ? tone : TONE_DYNAMIC) << TONE_SHIFT);
}

/**
 * The drawn mesh's part of a variant: its material's bound textures, whether one reads the second UV set, and
 * whether the vertices hold colours.
 */
export function materialVariant(material: Pick<GpuMaterial, 'textures' | 'secondUv'>, vertexColors = false): number {
  return (material.textures & TEXTURES) | (material.secondUv ? SECOND_UV : 0) | (vertexColors ? VERTEX_COLORS : 0);
}

/**
 * The vertex values `variant`'s shader keeps, as a number below 8 (one shader module each): TEXCOORD_0 when a
 * texture is sampled, TEXCOORD_1 when one reads it, COLOR_0 when the mesh has it.
 */
export function variantVaryings(variant: number): number {
  return ((variant & TEXTURES) !== 0 ? 1 : 0) | ((variant & SECOND_UV) !== 0 ? 2 : 0) | ((variant & VERTEX_COLORS) !== 0 ? 4 : 0);
}

/** The vertex values of a variantVaryings number, as the shader source takes them. */
export function varyingsOf(varyings: number): MeshVaryings {
  return { uv: (varyings & 1) !== 0, uv1: (varyings & 2) !== 0, color: (varyings & 4) !== 0 };
}

/** The override constants of the fragment stage for `variant`. Called when a pipeline is made. */
export function variantConstants(variant: number): Record<string, number> {
  const tone = (variant >> TONE_SHIFT) & 7;
  return {
    MATERIAL_TEXTURES: variant & TEXTURES,
    MATERIAL_UV1: variant & SECOND_UV ? 1 : 0,
    LOOK_ENVIRONMENT: variant & ENVIRONMENT ? 1 : 0,
    LIGHTS_POSITIONAL: variant & POSITIONAL ? 1 : 0,
    LIGHTS_SPOT: variant & SPOT ? 1 : 0,
    LIGHTS_SHADOW: variant & SHADOW ? 1 : 0,
    LOOK_TONE: tone === TONE_DYNAMIC ? SHADER_TONE_DYNAMIC : tone,
    LIGHTS_DIRECTED: (variant >> DIRECTED_SHIFT) & 3,
  };
}
