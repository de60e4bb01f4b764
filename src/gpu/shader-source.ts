// Assembles WGSL modules: constants generated from frame-input.ts (never typed twice), then the shared frame
// declarations, then the pass's own shader (the mesh pass with tone mapping, image-based light, the punctual
// lights and its vertex values before it).

import frameWGSL from '../../shaders/frame.wgsl?raw';
import iblWGSL from '../../shaders/ibl.wgsl?raw';
import lightsWGSL from '../../shaders/lights.wgsl?raw';
import meshWGSL from '../../shaders/mesh.wgsl?raw';
import varyingsWGSL from '../../shaders/mesh-varyings.wgsl?raw';
import tonemapWGSL from '../../shaders/tonemap.wgsl?raw';
import shadowWGSL from '../../shaders/shadow.wgsl?raw';
import { LIGHT_TYPES, MAX_LIGHTS } from './frame-input.js';

const constantsWGSL = [
  `const MAX_LIGHTS: u32 = ${MAX_LIGHTS}u;`,
  ...Object.entries(LIGHT_TYPES).map(([name, value]) => `const LIGHT_${name.toUpperCase()}: u32 = ${value}u;`),
  '',
].join('\n');

/** The optional vertex values of the colour pass (shaders/mesh-varyings.wgsl) that a shader keeps. */
export interface MeshVaryings {
  /** TEXCOORD_0. */
  uv: boolean;
  /** TEXCOORD_1. */
  uv1: boolean;
  /** COLOR_0. */
  color: boolean;
}

/** A line of mesh-varyings.wgsl that holds only with (`//? name`) or without (`//? !name`) a value. */
const CONDITIONAL_LINE = /^(.*?)\s*\/\/\? (!?)(uv1|uv|color)$/;

/** mesh-varyings.wgsl with the lines of the values `kept` has, and without those of the others. */
function varyings(kept: MeshVaryings): string {
  const lines: string[] = [];
  for (const line of varyingsWGSL.split('\n')) {
    const match = CONDITIONAL_LINE.exec(line);
    if (!match) lines.push(line);
    else if (kept[match[3] as keyof MeshVaryings] !== (match[2] === '!')) lines.push(match[1]!);
  }
  return lines.join('\n');
}

/** Tone mapping functions (shaders/tonemap.wgsl), also used by the skybox. */
export const TONEMAP_SHADER = tonemapWGSL;

/** Source of the mesh (colour) pass shader keeping the vertex values of `kept`. */
export function meshShader(kept: MeshVaryings): string {
  return constantsWGSL + frameWGSL + tonemapWGSL + iblWGSL + lightsWGSL + varyings(kept) + meshWGSL;
}

/** Source of the mesh (colour) pass shader with every vertex value: what the passes' extensions build on. */
export const MESH_SHADER = meshShader({ uv: true, uv1: true, color: true });
/** Source of the shadow map pass shader. */
export const SHADOW_SHADER = constantsWGSL + frameWGSL + shadowWGSL;
