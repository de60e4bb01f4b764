import { assert, assertClose, assertEqual } from '../assert.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import type { ModelData } from '../../src/assets/model-data.js';
import { AssetError } from '../../src/assets/asset-error.js';
import { makeLitModel, PARENT_OFFSET, POINT_AND_SPOT } from '../helpers/light-models.js';
import { makeGlb, splitGlb } from './glb-builder.js';

const URL = 'https://models.test/lit.glb';

function parse(bytes: Uint8Array): Promise<ModelData> {
  return parseGltf(bytes, { url: URL });
}

/** The model of POINT_AND_SPOT with `edit` applied to its JSON. */
async function edited(edit: (json: Record<string, unknown>) => void): Promise<Uint8Array> {
  const { json, bin } = splitGlb(await makeLitModel(POINT_AND_SPOT));
  edit(json as Record<string, unknown>);
  return makeGlb(json, bin);
}

async function expectInvalid(bytes: Uint8Array, words: string): Promise<void> {
  try {
    await parse(bytes);
  } catch (error) {
    assert(error instanceof AssetError && error.code === 'ASSET_INVALID', `ASSET_INVALID, got ${String(error)}`);
    assert(error.message.includes(words), `"${error.message}" names "${words}"`);
    return;
  }
  throw new Error('parsed a broken light');
}

describe('parseGltf: KHR_lights_punctual', () => {
  it('reads each light node with the file\'s units, cones and its model-space matrix', async () => {
    const model = await parse(await makeLitModel(POINT_AND_SPOT));
    assertEqual(model.lights.length, 2, 'two light nodes');
    assertEqual(model.warnings.length, 0, model.warnings.join(' | '));
    const [point, spot] = model.lights as [ModelData['lights'][0], ModelData['lights'][0]];
    assertEqual(point.type, 'point');
    assertEqual(point.intensity, 0.8);
    assertEqual(point.range, 4);
    assertEqual(point.color.join(' '), '1 1 1');
    for (let i = 0; i < 3; i++) assertClose(point.worldMatrix[12 + i]!, POINT_AND_SPOT[0]!.translation[i]! + PARENT_OFFSET[i]!, 1e-6, `point position ${i}`);
    assertEqual(spot.type, 'spot');
    assertEqual(spot.range, 0, 'no range: unlimited');
    assertClose(spot.innerCone, 0.4, 1e-6, 'inner cone');
    assertClose(spot.outerCone, 0.5, 1e-6, 'outer cone');
    // The node turns -Z down: its Z column points up.
    assertClose(spot.worldMatrix[9]!, 1, 1e-6, 'node +Z is world +Y');
  });

  it('refuses a light of an unknown type and a node naming a light that does not exist', async () => {
    await expectInvalid(await edited((json) => {
      const ext = (json['extensions'] as { KHR_lights_punctual: { lights: { type: string }[] } }).KHR_lights_punctual;
      ext.lights[0]!.type = 'area';
    }), 'lights[0].type');
    await expectInvalid(await edited((json) => {
      const nodes = json['nodes'] as { extensions?: { KHR_lights_punctual?: { light: number } } }[];
      const node = nodes.find((n) => n.extensions?.KHR_lights_punctual)!;
      node.extensions!.KHR_lights_punctual!.light = 7;
    }), 'KHR_lights_punctual.light');
  });

  it('reads a file that requires the extension', async () => {
    const model = await parse(await edited((json) => {
      json['extensionsRequired'] = ['KHR_lights_punctual'];
    }));
    assertEqual(model.lights.length, 2);
  });
});
