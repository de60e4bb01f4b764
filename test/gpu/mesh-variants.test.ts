// The colour pass's shader variants (src/gpu/mesh-variants.ts): which paths a frame and a material keep, and the
// override constants each variant sets. That every variant draws what the generic shader draws is what the
// golden images check (they pass through specialised pipelines).
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { FRAME_PARAMS } from '../../src/gpu/frame-resources.js';
import { LIGHT_FLOATS, LIGHT_TYPES, MAX_LIGHTS, type FrameInput, type LightType } from '../../src/gpu/frame-input.js';
import { LOOK_ENVIRONMENT_INTENSITY, LOOK_PARAM_COUNT, LOOK_TONE_MAPPING, type GpuEnvironment } from '../../src/gpu/look.js';
import type { GpuMaterial } from '../../src/gpu/material.js';
import { GENERIC_VARIANT, frameVariant, materialVariant, variantConstants, variantVaryings, varyingsOf } from '../../src/gpu/mesh-variants.js';
import { MESH_SHADER, meshShader } from '../../src/gpu/shader-source.js';

interface FrameSpec {
  lights: LightType[];
  shadowLight?: number;
  environment?: boolean;
  wanted?: boolean;
  intensity?: number;
  tone?: number;
}

/** The frame's constants for a frame with these lights and this look. */
function frameConstants(spec: FrameSpec): Record<string, number> {
  const lights = new Float32Array(MAX_LIGHTS * LIGHT_FLOATS);
  spec.lights.forEach((type, i) => { lights[i * LIGHT_FLOATS] = LIGHT_TYPES[type]; });
  const params = new Float32Array(LOOK_PARAM_COUNT);
  params[LOOK_ENVIRONMENT_INTENSITY] = spec.intensity ?? 1;
  params[LOOK_TONE_MAPPING] = spec.tone ?? 0;
  const input = {
    lights,
    lightCount: spec.lights.length,
    look: { params, environment: spec.environment === false ? null : ({} as GpuEnvironment),
      environmentWanted: spec.wanted ?? spec.environment !== false, passes: [], passCount: 0 },
  } as unknown as FrameInput;
  const header = new Float32Array(FRAME_PARAMS + 4);
  header[FRAME_PARAMS] = spec.lights.length;
  header[FRAME_PARAMS + 1] = spec.shadowLight ?? -1;
  header[FRAME_PARAMS + 2] = spec.lights.filter((type) => type !== 'ambient').length;
  return variantConstants(frameVariant(input, header));
}

function material(textures: number, secondUv: boolean): GpuMaterial {
  return { textures, secondUv } as GpuMaterial;
}

describe('mesh pass shader variants', () => {
  it('leave out the positional, spot and shadow paths for an ambient and a directional light without shadow', () => {
    const c = frameConstants({ lights: ['ambient', 'directional'] });
    assertEqual(c['LIGHTS_POSITIONAL'], 0);
    assertEqual(c['LIGHTS_SPOT'], 0);
    assertEqual(c['LIGHTS_SHADOW'], 0);
    assertEqual(c['LOOK_ENVIRONMENT'], 1);
  });

  it('keep the positional path for a point light, and the spot path too for a spot light', () => {
    const point = frameConstants({ lights: ['directional', 'point'] });
    assertEqual(point['LIGHTS_POSITIONAL'], 1);
    assertEqual(point['LIGHTS_SPOT'], 0);
    const spot = frameConstants({ lights: ['ambient', 'spot'] });
    assertEqual(spot['LIGHTS_POSITIONAL'], 1);
    assertEqual(spot['LIGHTS_SPOT'], 1);
  });

  it('keep the shadow path only when a light of the frame casts a shadow', () => {
    assertEqual(frameConstants({ lights: ['directional'], shadowLight: 0 })['LIGHTS_SHADOW'], 1);
    assertEqual(frameConstants({ lights: ['directional'], shadowLight: -1 })['LIGHTS_SHADOW'], 0);
  });

  it('fix the count of lights with a direction up to two with one ambient light besides, and count them at run time beyond', () => {
    const directed = (lights: LightType[]): number | undefined => frameConstants({ lights })['LIGHTS_DIRECTED'];
    assertEqual(directed([]), 0);
    assertEqual(directed(['ambient']), 0);
    assertEqual(directed(['ambient', 'directional']), 1);
    assertEqual(directed(['directional', 'ambient', 'point']), 2);
    assertEqual(directed(['directional', 'point', 'spot']), 3);
    assertEqual(directed(['ambient', 'directional', 'ambient']), 3);
  });

  it('leave out the environment when the scene has none or its intensity is 0', () => {
    assertEqual(frameConstants({ lights: [], environment: false })['LOOK_ENVIRONMENT'], 0);
    assertEqual(frameConstants({ lights: [], environment: false, wanted: true })['LOOK_ENVIRONMENT'], 1,
      'an environment on its way keeps its path, so its arrival compiles nothing');
    assertEqual(frameConstants({ lights: [], intensity: 0 })['LOOK_ENVIRONMENT'], 0);
    assertEqual(frameConstants({ lights: [], intensity: 0.5 })['LOOK_ENVIRONMENT'], 1);
  });

  it('fix the tone mapping operator the look names, and read one it does not know at run time', () => {
    assertEqual(frameConstants({ lights: [], tone: 1 })['LOOK_TONE'], 1);
    assertEqual(frameConstants({ lights: [], tone: 3 })['LOOK_TONE'], 3);
    assertEqual(frameConstants({ lights: [], tone: 9 })['LOOK_TONE'], 255);
  });

  it('sample only the textures a material has, and the second UV set only when one reads it', () => {
    const base = variantConstants(materialVariant(material(1, false)));
    assertEqual(base['MATERIAL_TEXTURES'], 1);
    assertEqual(base['MATERIAL_UV1'], 0);
    const all = variantConstants(materialVariant(material(31, true)));
    assertEqual(all['MATERIAL_TEXTURES'], 31);
    assertEqual(all['MATERIAL_UV1'], 1);
  });

  it('give the generic variant exactly the defaults of the shader overrides', () => {
    const defaults: Record<string, number> = {};
    const named: Record<string, number> = {};
    for (const match of MESH_SHADER.matchAll(/^const (\w+) = (\d+)u;/gm)) named[match[1]!] = Number(match[2]);
    for (const match of MESH_SHADER.matchAll(/^override (\w+): (\w+) = (\w+);/gm)) {
      const value = match[3]!;
      defaults[match[1]!] = value === 'true' ? 1 : value === 'false' ? 0 : named[value] ?? Number.parseInt(value, 10);
    }
    assert(Object.keys(defaults).length > 0, 'the mesh shader declares override constants');
    assertDeepEqual(variantConstants(GENERIC_VARIANT), defaults);
  });

  it('pass TEXCOORD_0 only for a textured material, TEXCOORD_1 only when a texture reads it, COLOR_0 only from a mesh that has it', () => {
    assertDeepEqual(varyingsOf(variantVaryings(materialVariant(material(0, false)))), { uv: false, uv1: false, color: false });
    assertDeepEqual(varyingsOf(variantVaryings(materialVariant(material(1, false)))), { uv: true, uv1: false, color: false });
    assertDeepEqual(varyingsOf(variantVaryings(materialVariant(material(4, true)))), { uv: true, uv1: true, color: false });
    assertDeepEqual(varyingsOf(variantVaryings(materialVariant(material(0, false), true))), { uv: false, uv1: false, color: true });
    assertDeepEqual(varyingsOf(variantVaryings(GENERIC_VARIANT)), { uv: true, uv1: true, color: true });
  });

  it('declare only the kept vertex values in the shader source, and every one in the generic source', () => {
    const lean = meshShader({ uv: false, uv1: false, color: false });
    for (const declared of ['@location(2) uv:', '@location(3) uv1:', '@location(4) color:', '@location(3) uv:', '@location(4) uv1:', '@location(5) color:']) {
      assert(!lean.includes(declared), `the lean shader declares ${declared}`);
      assert(MESH_SHADER.includes(declared), `the generic shader lacks ${declared}`);
    }
    const colours = meshShader({ uv: false, uv1: false, color: true });
    assert(colours.includes('@location(5) color:') && !colours.includes('@location(3) uv:'), 'COLOR_0 alone');
    for (const source of [lean, colours, MESH_SHADER]) assert(!/\/\/\? !?\w+$/m.test(source), 'a line keeps its condition');
  });

  it('compile for every set of kept vertex values', async () => {
    const adapter = await navigator.gpu.requestAdapter();
    assert(adapter, 'a WebGPU adapter');
    const device = await adapter.requestDevice();
    try {
      for (let varyings = 0; varyings < 8; varyings++) {
        const module = device.createShaderModule({ code: meshShader(varyingsOf(varyings)) });
        const errors = (await module.getCompilationInfo()).messages.filter((message) => message.type === 'error');
        assertEqual(errors.map((message) => message.message).join('\n'), '', `varyings ${varyings}`);
      }
    } finally {
      device.destroy();
    }
  });
});
