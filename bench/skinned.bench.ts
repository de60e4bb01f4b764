// Main-thread CPU per frame of 1,000 animated copies of one skinned character (bench/skinned-model.ts, 30
// joints, one 1 s walk clip), each copy on its own clock. Subject: a `<layerw-scene render="continuous">` with
// 1,000 `<layerw-mesh src autoplay>` of the same file, timed around the engine's per-frame `tick` (and as the
// scene reports it itself). Peer: three.js 0.187, the file loaded once with GLTFLoader, 1,000 clones
// (SkeletonUtils.clone, so each has its own SkinnedMesh and skeleton) with one AnimationMixer each, updated
// every frame, then `renderer.render`. Same caveat as the frame benchmark: WebGPU against WebGL, both in
// SwiftShader; only the main thread is compared.

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { framer } from './frame-cpu.bench.js';
import { compareRuns, type BenchRow, type Pairing, type Settings } from './harness.js';
import { makeSkinnedCharacter } from './skinned-model.js';

const SUBJECT = 'layerw tick (external)';
const SUBJECT_OWN = 'layerw stats.cpuTime';
const THREE = 'three.js SkinnedMesh clones + AnimationMixer';
const COPIES = 1000;

/** The skinned case. Called once by the bench page. */
export async function runSkinnedBench(settings: Settings): Promise<BenchRow[]> {
  const model = await makeSkinnedCharacter();
  const frames: ContenderFrame[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const three = await openContender('three');
    frames.push(three);
    for (const frame of frames) {
      frame.front();
      await need(frame, 'populateSkinned')(COPIES, model);
      const shown = frame.page.describe();
      if (shown.objects !== COPIES) throw new Error(`skinned: the ${frame.id} scene has ${shown.objects} objects, not ${COPIES}`);
    }
    const contenders = [
      framer(layerw, { external: SUBJECT, internal: SUBJECT_OWN }, { warmup: 3, frames: 10 }, 'skinned-layerw'),
      framer(three, { external: THREE }, { warmup: 3, frames: 10 }, 'skinned-three'),
    ];
    const pairings: Pairing[] = [
      { subject: SUBJECT, peer: THREE, target: 10 },
      { subject: SUBJECT_OWN, peer: THREE },
    ];
    return await compareRuns('skinned', `${COPIES / 1000}k characters, 30 joints`, contenders, pairings, { warmups: 0, runs: settings.scenes.runs }, 250);
  } finally {
    for (const frame of frames) frame.close();
  }
}
