import { invalid } from './asset-error.js';
import { BYTE, FLOAT, readFloats, SHORT, UNSIGNED_BYTE, UNSIGNED_SHORT, type AccessorRule } from './accessor.js';
import { asObject, index, list, str } from './gltf-json.js';
import type { ParseContext } from './parse-context.js';
import {
  INTERPOLATION_CUBICSPLINE, INTERPOLATION_LINEAR, INTERPOLATION_STEP, PATH_ROTATION, PATH_SCALE, PATH_TRANSLATION,
  PATH_WEIGHTS, type AnimationData, type ChannelData,
} from './rig-data.js';

const INPUT: AccessorRule = { types: ['SCALAR'], componentTypes: { [FLOAT]: 'raw' } };
const VEC3_OUTPUT: AccessorRule = { types: ['VEC3'], componentTypes: { [FLOAT]: 'raw' } };
const ROTATION_OUTPUT: AccessorRule = {
  types: ['VEC4'],
  componentTypes: { [FLOAT]: 'raw', [BYTE]: 'normalized', [UNSIGNED_BYTE]: 'normalized', [SHORT]: 'normalized', [UNSIGNED_SHORT]: 'normalized' },
};
const WEIGHTS_OUTPUT: AccessorRule = {
  types: ['SCALAR'],
  componentTypes: { [FLOAT]: 'raw', [BYTE]: 'normalized', [UNSIGNED_BYTE]: 'normalized', [SHORT]: 'normalized', [UNSIGNED_SHORT]: 'normalized' },
};
const PATHS: Readonly<Record<string, number>> = { translation: PATH_TRANSLATION, rotation: PATH_ROTATION, scale: PATH_SCALE, weights: PATH_WEIGHTS };
const INTERPOLATIONS: Readonly<Record<string, number>> = { LINEAR: INTERPOLATION_LINEAR, STEP: INTERPOLATION_STEP, CUBICSPLINE: INTERPOLATION_CUBICSPLINE };

/**
 * Reads every glTF animation. Each channel's sampler is checked: times finite and non-decreasing, the output
 * count equal to the input count (three times for CUBICSPLINE, times the node's morph target count for
 * weights). A channel without a target node, or with an extension path, is skipped as glTF allows.
 * `weightCount` gives each node's morph target count. Throws InvalidContent on any disagreement.
 */
export function readAnimations(ctx: ParseContext, animations: readonly unknown[], weightCount: Int32Array): AnimationData[] {
  return animations.map((value, a) => {
    const path = `animations[${a}]`;
    const animation = asObject(value, path);
    const samplers = list(animation, 'samplers', path, ctx.limits.maxItems);
    const channels: ChannelData[] = [];
    let duration = 0;
    list(animation, 'channels', path, ctx.limits.maxItems).forEach((channelValue, c) => {
      const channelPath = `${path}.channels[${c}]`;
      const channel = asObject(channelValue, channelPath);
      const target = asObject(channel['target'], `${channelPath}.target`);
      if (target['node'] === undefined) return;
      const node = index(target, 'node', `${channelPath}.target`, ctx.nodes.length, 'node');
      const pathName = str(target, 'path', `${channelPath}.target`, '');
      const targetPath = PATHS[pathName];
      if (targetPath === undefined) {
        ctx.warnings.push(`${channelPath} animates "${pathName.slice(0, 40)}", which LayerW does not; skipped`);
        return;
      }
      const samplerIndex = index(channel, 'sampler', channelPath, samplers.length, 'sampler');
      const samplerPath = `${path}.samplers[${samplerIndex}]`;
      const sampler = asObject(samplers[samplerIndex], samplerPath);
      const interpolationName = str(sampler, 'interpolation', samplerPath, 'LINEAR');
      const interpolation = INTERPOLATIONS[interpolationName];
      if (interpolation === undefined) invalid(`${samplerPath}.interpolation "${interpolationName.slice(0, 40)}" is not LINEAR, STEP or CUBICSPLINE`);
      const times = readFloats(ctx, index(sampler, 'input', samplerPath, ctx.accessors.length, 'accessor'), INPUT, `${samplerPath}.input`).values;
      for (let k = 0; k < times.length; k++) {
        if (!Number.isFinite(times[k]) || times[k]! < 0) invalid(`${samplerPath}.input holds ${times[k]} at key ${k}`);
        if (k > 0 && times[k]! < times[k - 1]!) invalid(`${samplerPath}.input is not increasing at key ${k}`);
      }
      const components = targetPath === PATH_WEIGHTS ? weightCount[node]! : targetPath === PATH_ROTATION ? 4 : 3;
      if (components === 0) invalid(`${channelPath} animates the weights of nodes[${node}], which has no morph targets`);
      const rule = targetPath === PATH_WEIGHTS ? WEIGHTS_OUTPUT : targetPath === PATH_ROTATION ? ROTATION_OUTPUT : VEC3_OUTPUT;
      const values = readFloats(ctx, index(sampler, 'output', samplerPath, ctx.accessors.length, 'accessor'), rule, `${samplerPath}.output`).values;
      const perKey = components * (interpolation === INTERPOLATION_CUBICSPLINE ? 3 : 1);
      if (values.length !== times.length * perKey) {
        invalid(`${samplerPath} has ${times.length} input times but ${values.length / (targetPath === PATH_WEIGHTS ? 1 : components)} output values; ${pathName} with ${interpolationName} needs ${times.length * perKey / (targetPath === PATH_WEIGHTS ? 1 : components)}`);
      }
      for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k])) invalid(`${samplerPath}.output holds ${values[k]}`);
      duration = Math.max(duration, times[times.length - 1]!);
      channels.push({ node, path: targetPath, interpolation, times, values, components });
    });
    return { name: str(animation, 'name', path, ''), duration, channels };
  });
}
