import { assert, assertEqual } from '../assert.js';
import { makeGlb, splitGlb } from './glb-builder.js';
import { makeMorphedModel, makeSkinnedModel } from '../helpers/animated-models.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import { MAX_JOINTS, PATH_ROTATION, PATH_SCALE, PATH_TRANSLATION, PATH_WEIGHTS } from '../../src/assets/rig-data.js';

const parse = (bytes: Uint8Array) => parseGltf(bytes, { url: 'https://models.test/rig.glb' });

/** The skinned test model with its JSON edited. */
async function editedSkin(edit: (json: Record<string, any>) => void): Promise<Uint8Array> {
  const { json, bin } = splitGlb(await makeSkinnedModel());
  edit(json);
  return makeGlb(json, bin);
}

describe('glTF skins, morph targets and animations', () => {
  it('reads a skin, its clips and every channel kind', async () => {
    const data = await parse(await makeSkinnedModel());
    const rig = data.rig!;
    assertEqual(data.rigProblem, null);
    assertEqual(rig.paletteCount, 2, 'one entry per joint');
    assertEqual(rig.animations.map((a) => a.name).join(','), 'bend,sway');
    assertEqual(rig.animations[0]!.duration, 2);
    const sway = rig.animations[1]!;
    assertEqual(sway.channels.map((c) => `${c.path}/${c.interpolation}`).join(','),
      `${PATH_ROTATION}/2,${PATH_TRANSLATION}/1,${PATH_SCALE}/0`, 'rotation CUBICSPLINE, translation STEP, scale LINEAR');
    assertEqual(sway.channels[0]!.values.length, 3 * 3 * 4, 'cubic keys hold in-tangent, value and out-tangent');
    const primitive = data.primitives[0]!;
    assert(primitive.rig?.joints !== null && primitive.rig?.weights !== null, 'joints and weights read');
    const weights = primitive.rig!.weights!;
    for (let v = 0; v < primitive.vertexCount; v++) {
      const sum = weights[v * 4]! + weights[v * 4 + 1]! + weights[v * 4 + 2]! + weights[v * 4 + 3]!;
      assert(Math.abs(sum - 1) < 1e-6, `weights of vertex ${v} sum to 1: ${sum}`);
    }
  });

  it('reads morph targets, the mesh default weights and weight channels', async () => {
    const data = await parse(await makeMorphedModel());
    const rig = data.rig!;
    assertEqual(Array.from(rig.weights).join(','), '0,0', 'mesh default weights');
    const primitive = data.primitives[0]!;
    assertEqual(primitive.rig!.targetCount, 2);
    assertEqual(primitive.rig!.morphPositions!.length, 2 * primitive.vertexCount * 3);
    assert(primitive.rig!.morphNormals !== null, 'NORMAL deltas read');
    assertEqual(rig.animations[0]!.channels[0]!.path, PATH_WEIGHTS);
    assertEqual(rig.animations[0]!.channels[0]!.components, 2, 'one value per target per key');
  });

  it('draws the model unanimated and says why when sampler input and output counts disagree', async () => {
    const data = await parse(await editedSkin((json) => {
      const output = json.animations[0].samplers[0].output;
      json.accessors[output].count -= 1;
    }));
    assertEqual(data.rig, null);
    assert(/3 input times but 2 output values/.test(data.rigProblem ?? ''), `reason: ${data.rigProblem}`);
    assertEqual(data.primitives.length, 1, 'the geometry is still there to draw');
  });

  it('draws the model unanimated and says why when a joint index is past its skin', async () => {
    const data = await parse(await editedSkin((json) => {
      json.skins[0].joints = json.skins[0].joints.slice(0, 1);
    }));
    assertEqual(data.rig, null);
    assert(/JOINTS_0 names joint 1 .* its skin has 1/.test(data.rigProblem ?? ''), `reason: ${data.rigProblem}`);
  });

  it(`draws the model unanimated and says why when a skin has more than ${MAX_JOINTS} joints`, async () => {
    const data = await parse(await editedSkin((json) => {
      const first = json.nodes.length;
      for (let i = 0; i < MAX_JOINTS + 1; i++) json.nodes.push({ name: `extra${i}` });
      json.skins[0].joints = Array.from({ length: MAX_JOINTS + 1 }, (_, i) => first + i);
    }));
    assertEqual(data.rig, null);
    assert(new RegExp(`${MAX_JOINTS + 1} joints, more than the ${MAX_JOINTS}`).test(data.rigProblem ?? ''), `reason: ${data.rigProblem}`);
  });
});
