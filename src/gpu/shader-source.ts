// Assembles WGSL modules: constants generated from frame-input.ts (never typed twice), then the shared frame
// declarations, then the pass's own shader (the mesh pass with tone mapping, image-based light and the punctual
// lights before it).

import frameWGSL from '../../shaders/frame.wgsl?raw';
import iblWGSL from '../../shaders/ibl.wgsl?raw';
import lightsWGSL from '../../shaders/lights.wgsl?raw';
import meshWGSL from '../../shaders/mesh.wgsl?raw';
import tonemapWGSL from '../../shaders/tonemap.wgsl?raw';
import shadowWGSL from '../../shaders/shadow.wgsl?raw';
import { LIGHT_TYPES, MAX_LIGHTS } from './frame-input.js';

const constantsWGSL = [
  `const MAX_LIGHTS: u32 = ${MAX_LIGHTS}u;`,
  ...Object.entries(LIGHT_TYPES).map(([name, value]) => `const LIGHT_${name.toUpperCase()}: u32 = ${value}u;`),
  '',
].join('\n');

/** Tone mapping functions (shaders/tonemap.wgsl), also used by the skybox. */
export const TONEMAP_SHADER = tonemapWGSL;
/** Source of the mesh (colour) pass shader. */
export const MESH_SHADER = constantsWGSL + frameWGSL + tonemapWGSL + iblWGSL + lightsWGSL + meshWGSL;
/** Source of the shadow map pass shader. */
export const SHADOW_SHADER = constantsWGSL + frameWGSL + shadowWGSL;
