import { LIGHT_FLOATS, LIGHT_TYPES, MAX_LIGHTS, type LightType } from '../gpu/frame-input.js';

/** One light's parsed values, owned by its element; the scene copies them into the frame's light buffer. */
export interface LightValues {
  type: LightType;
  /** Linear rgb. */
  color: Float32Array;
  intensity: number;
  position: Float32Array;
  /** Where the light shines; need not be unit length. */
  direction: Float32Array;
  /** Point and spot reach; 0 = unlimited. */
  range: number;
  /** Spot cone full angle in degrees. */
  angle: number;
  /** Full angle in degrees inside which a spot is at full strength; SPOT_INNER_FRACTION of `angle` when absent. */
  innerAngle?: number;
  castShadow: boolean;
}

/** Lights used when a scene has none: a soft ambient fill and a key light from above, front, right. */
export const DEFAULT_LIGHTS: readonly LightValues[] = [
  { type: 'ambient', color: new Float32Array([1, 1, 1]), intensity: 0.35, position: new Float32Array(3), direction: new Float32Array([0, -1, 0]), range: 0, angle: 45, castShadow: false },
  { type: 'directional', color: new Float32Array([1, 1, 1]), intensity: 2.5, position: new Float32Array(3), direction: new Float32Array([-0.5, -1, -0.6]), range: 0, angle: 45, castShadow: true },
];

/** Lights used when a scene has none but an environment lights it: the key light alone, for shape and shadow. */
export const DEFAULT_LIGHTS_WITH_ENVIRONMENT: readonly LightValues[] = [DEFAULT_LIGHTS[1]!];

/** Fraction of the cone angle where a spot light's edge starts to fade. */
const SPOT_INNER_FRACTION = 0.8;
const DEGREES = Math.PI / 180;

/**
 * Writes up to MAX_LIGHTS lights into `out` in the renderer's layout (LIGHT_FLOATS each) and returns how many
 * were written. Called when a light changes, not per frame.
 */
export function packLights(lights: readonly LightValues[], out: Float32Array): number {
  const count = Math.min(lights.length, MAX_LIGHTS);
  for (let i = 0; i < count; i++) {
    const light = lights[i]!;
    const at = i * LIGHT_FLOATS;
    const half = (light.angle * DEGREES) / 2;
    const d = light.direction;
    const length = Math.hypot(d[0]!, d[1]!, d[2]!) || 1;
    out[at] = LIGHT_TYPES[light.type];
    out[at + 1] = light.intensity;
    out[at + 2] = light.range;
    out[at + 3] = light.castShadow ? 1 : 0;
    out[at + 4] = light.color[0]!;
    out[at + 5] = light.color[1]!;
    out[at + 6] = light.color[2]!;
    out[at + 7] = Math.cos(half);
    out[at + 8] = light.position[0]!;
    out[at + 9] = light.position[1]!;
    out[at + 10] = light.position[2]!;
    const inner = light.innerAngle === undefined ? half * SPOT_INNER_FRACTION : (light.innerAngle * DEGREES) / 2;
    // The shader's smoothstep needs the inner cosine above the outer one.
    out[at + 11] = Math.max(Math.cos(inner), Math.cos(half) + 1e-4);
    out[at + 12] = d[0]! / length;
    out[at + 13] = d[1]! / length;
    out[at + 14] = d[2]! / length;
    out[at + 15] = 0;
  }
  return count;
}
