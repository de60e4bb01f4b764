import { assert, assertEqual } from '../assert.js';
import { fitBudget, noteUse, smallestBytes, streamLevels, type StreamedModel, type StreamingStats } from '../../src/engine/model-streaming.js';
import type { SceneModel } from '../../src/engine/scene-model.js';
import { textureSetBytes, type ImageUse } from '../../src/engine/model-textures.js';

function model(distance: number, size: number, textures = 5): StreamedModel {
  const uses: ImageUse[] = Array.from({ length: textures }, (_, image) => ({ image, srgb: image < 2, linear: image >= 2, width: size, height: size, ktx2: null, problem: null }));
  return { uses, bufferBytes: 100_000, wantShift: 0, targetShift: 0, distance, seenFrame: 1 };
}

const unseen = (): number => 0;

describe('texture levels by screen size within a budget', () => {
  it('wants larger mips for nearer and larger uses, and the largest use of a frame wins', () => {
    const m = model(0, 2048);
    noteUse(m, 2, 1, 40, 300);
    const far = m.wantShift;
    noteUse(m, 3, 1, 2, 300);
    const near = m.wantShift;
    assert(near < far, `nearer wants more: shift ${far} far, ${near} near`);
    noteUse(m, 4, 1, 40, 300);
    noteUse(m, 4, 1, 2, 300);
    assertEqual(m.wantShift, near, 'two uses in one frame: the nearer decides');
    noteUse(m, 5, 1, 0.5, 300);
    assertEqual(m.wantShift, 0, 'inside its bounds it wants full size');
  });

  it('keeps what the screen wants when it fits', () => {
    const models = [model(2, 1024), model(30, 1024)];
    models[1]!.wantShift = 3;
    const total = fitBudget(models, 1e9, unseen);
    assertEqual(models.map((m) => m.targetShift).join(), '0,3');
    assertEqual(total, 200_000 + textureSetBytes(models[0]!.uses, 0) + textureSetBytes(models[1]!.uses, 3));
  });

  it('takes top mips from the farthest model first until everything fits', () => {
    const near = model(2, 1024);
    const far = model(30, 1024);
    const allowance = 200_000 + textureSetBytes(near.uses, 0) + textureSetBytes(far.uses, 2);
    const total = fitBudget([near, far], allowance, unseen);
    assertEqual(near.targetShift, 0, 'the near model keeps full size');
    assertEqual(far.targetShift, 2, 'the far model went down two levels');
    assert(total <= allowance, `${total} fits ${allowance}`);
  });

  it('goes down to one texel and no further when the budget is tiny', () => {
    const m = model(5, 256);
    const total = fitBudget([m], 1, unseen);
    assertEqual(m.targetShift, 8, '256 → 1 texel');
    assertEqual(total, smallestBytes(m), 'its smallest level');
  });
});

describe('streaming figures', () => {
  /** A model in `state` as streamLevels reads it, on the GPU at its wanted level unless `resident` is false. */
  function sceneModel(state: SceneModel['state'], { resident = true, uploading = false } = {}): SceneModel {
    const streamed = model(5, 256, 1);
    const textures = resident ? { shift: 0, gpuBytes: textureSetBytes(streamed.uses, 0) } : null;
    return { ...streamed, state, uploading, textures, resources: resident ? { gpuBytes: 100_000 } : null } as unknown as SceneModel;
  }

  it('count as pending the models loading, staged without GPU buffers, or uploading, and no others', () => {
    const stats: StreamingStats = { gpuAllowance: 1e9, texture: { wanted: 0, resident: 0 }, mesh: { wanted: 0, resident: 0 }, degraded: false, pending: -1, ktx2Format: '' };
    const models = [
      sceneModel('loading', { resident: false }),
      sceneModel('ready', { resident: false }),
      sceneModel('ready', { uploading: true }),
      sceneModel('ready'),
      sceneModel('evicted', { resident: false }),
      sceneModel('failed', { resident: false }),
    ];
    streamLevels(models, 1e9, unseen, null, stats);
    assertEqual(stats.pending, 3);
    streamLevels([sceneModel('ready'), sceneModel('evicted', { resident: false })], 1e9, unseen, null, stats);
    assertEqual(stats.pending, 0, 'nothing on its way');
  });
});
