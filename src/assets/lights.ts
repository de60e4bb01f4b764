import { invalid } from './asset-error.js';
import { asObject, extension, list, num, numbers, optObject, str } from './gltf-json.js';
import type { ModelLight } from './model-data.js';
import type { LightInstance } from './nodes.js';
import type { ParseContext } from './parse-context.js';

const LIGHT_KINDS: readonly ModelLight['type'][] = ['directional', 'point', 'spot'];
const DEFAULT_OUTER_CONE = Math.PI / 4;

/** The file's KHR_lights_punctual light definitions (the root extension's `lights`), unchecked. */
export function lightDefinitions(ctx: ParseContext): readonly unknown[] {
  const ext = extension(ctx.root, 'KHR_lights_punctual', 'glTF');
  return ext ? list(ext, 'lights', 'glTF.extensions.KHR_lights_punctual', ctx.limits.maxItems) : [];
}

/**
 * One ModelLight per light node of the default scene. Values are the file's: intensity in candela (point,
 * spot) or lux (directional), colour linear, cone half-angles in radians. A definition that breaks the
 * extension's rules refuses the file, like any other broken reference.
 */
export function readLights(definitions: readonly unknown[], nodes: readonly LightInstance[]): ModelLight[] {
  const read = definitions.map((definition, i) => readDefinition(definition, `extensions.KHR_lights_punctual.lights[${i}]`));
  return nodes.map(({ node, light, worldMatrix }) => ({ ...read[light]!, node, worldMatrix }));
}

function readDefinition(definition: unknown, path: string): Omit<ModelLight, 'node' | 'worldMatrix'> {
  const json = asObject(definition, path);
  const type = str(json, 'type', path, '') as ModelLight['type'];
  if (!LIGHT_KINDS.includes(type)) invalid(`${path}.type is "${type.slice(0, 20)}"; expected directional, point or spot`);
  const color = numbers(json, 'color', path, [1, 1, 1]);
  if (color.some((c) => c < 0)) invalid(`${path}.color has a negative component`);
  const intensity = num(json, 'intensity', path, 1, 0);
  const range = type === 'directional' ? 0 : num(json, 'range', path, 0, Number.MIN_VALUE);
  let innerCone = 0;
  let outerCone = DEFAULT_OUTER_CONE;
  if (type === 'spot') {
    const spot = optObject(json, 'spot', path);
    if (!spot) invalid(`${path} is a spot light without a spot object`);
    outerCone = num(spot, 'outerConeAngle', `${path}.spot`, DEFAULT_OUTER_CONE, 0, Math.PI / 2);
    innerCone = num(spot, 'innerConeAngle', `${path}.spot`, 0, 0, outerCone);
  }
  return { type, color: [color[0]!, color[1]!, color[2]!], intensity, range, innerCone, outerCone };
}
