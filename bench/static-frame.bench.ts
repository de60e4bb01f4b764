// Frame cost when most of the scene stands still: 100k static boxes and 1k moving ones. Subject: LayerW, whose
// instance data stays on the GPU and whose frames upload only what changed. Peer: three.js with one
// InstancedMesh, the moving boxes' matrices recomposed each frame and the instance matrix buffer marked for
// upload (three.js uploads it whole). Main-thread CPU per frame and bytes written to the GPU per frame.

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { compareRuns, log, median, type BenchRow, type Settings } from './harness.js';

const STATIC = 100_000;
const MOVING = 1_000;
const SUBJECT = 'layerw tick (external)';
const PEER = 'three.js InstancedMesh';

/** Per-frame milliseconds of LayerW's movement and transforms steps, over every recorded frame. */
const stepMs = { movement: [] as number[], transforms: [] as number[] };

/** Plays, skips the warm-up, records `frames` frames and the bytes each uploaded, pauses. */
async function record(frame: ContenderFrame, frames: number, bytes: number[]): Promise<number> {
  frame.front();
  need(frame, 'play')();
  await need(frame, 'waitFrames')(2);
  const times = await need(frame, 'frameTimes')(frames);
  if (times.steps) {
    stepMs.movement.push(...times.steps.movement);
    stepMs.transforms.push(...times.steps.transforms);
  }
  bytes.push(need(frame, 'uploadedBytes')());
  need(frame, 'pause')();
  await frame.page.idle?.();
  return median(times.external);
}

/** The static-frame rows. Called once by the bench page. */
export async function runStaticFrameBench(settings: Settings): Promise<BenchRow[]> {
  const count = STATIC + MOVING;
  const frames: ContenderFrame[] = [];
  const layerwBytes: number[] = [];
  const threeBytes: number[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const three = await openContender('three', 'three-instanced');
    frames.push(three);
    for (const frame of frames) {
      frame.front();
      await need(frame, 'populate')(count, { moving: true, movingCount: MOVING, instanced: frame === three });
      const shown = frame.page.describe();
      if (shown.objects !== count) throw new Error(`static-frame: the ${frame.id} scene has ${shown.objects} objects, not ${count}`);
    }
    const label = '100k static + 1k moving';
    const rows = await compareRuns('static-frame', label, [
      { name: SUBJECT, run: async () => ({ [SUBJECT]: await record(layerw, 4, layerwBytes) }) },
      { name: PEER, run: async () => ({ [PEER]: await record(three, 4, threeBytes) }) },
    ], [{ subject: SUBJECT, peer: PEER, target: 10 }], { warmups: 0, runs: settings.scenes.runs }, 250);
    const subjectBytes = median(layerwBytes);
    const peerBytes = median(threeBytes);
    log(`static-frame: bytes uploaded per frame: layerw ${subjectBytes}, three.js ${peerBytes}`);
    log(`static-frame: layerw steps, median of ${stepMs.movement.length} frames: movement ${median(stepMs.movement).toFixed(3)} ms, transforms ${median(stepMs.transforms).toFixed(3)} ms`);
    rows.push({
      benchmark: 'static-frame', case: `${label}: bytes uploaded per frame`, subject: 'layerw', peer: PEER,
      subjectMs: subjectBytes, peerMs: peerBytes, ratio: subjectBytes > 0 ? peerBytes / subjectBytes : null,
      target: null, targetMet: null, unit: 'B',
    });
    return rows;
  } finally {
    for (const frame of frames) frame.close();
  }
}
