// Main-thread CPU per frame with 10k and 100k moving boxes. Subject: a `<layerw-scene render="continuous">`
// whose meshes move by their `velocity` and `spin` attributes (WebAssembly moves them), timed around the
// engine's per-frame `tick` of the scene, and as the scene reports itself (`scene.stats.cpuTime`). Peers:
// three.js with one Mesh per box, positions and rotations updated in JavaScript then `renderer.render`, and
// three.js with one InstancedMesh whose instance matrices are recomposed every frame, then rendered.
// LayerW draws with WebGPU and three.js with WebGL, both in SwiftShader here: only the main thread's time is
// compared; what the GPU process does with the commands is not.

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { compareRuns, log, median, type BenchRow, type Pairing, type RunContender, type Settings } from './harness.js';
import { screenshot } from './host.js';

const SUBJECT = 'layerw tick (external)';
const SUBJECT_OWN = 'layerw stats.cpuTime';
const MESHES = 'three.js Mesh per box';
const INSTANCED = 'three.js InstancedMesh';

/** Frames per run: warm-up (not recorded; LayerW's scene also resizes as it comes back on screen), recorded. */
export interface FramePlan {
  warmup: number;
  frames: number;
}

/** One contender: play, skip the warm-up frames, record, pause; pictured once. Also used by the skinned bench. */
export function framer(frame: ContenderFrame, names: { external: string; internal?: string }, plan: FramePlan, shot: string | null): RunContender {
  const play = need(frame, 'play');
  const pause = need(frame, 'pause');
  const waitFrames = need(frame, 'waitFrames');
  const frameTimes = need(frame, 'frameTimes');
  let pictured = shot === null;
  return {
    name: names.external,
    run: async () => {
      frame.front();
      play();
      await waitFrames(plan.warmup);
      const times = await frameTimes(plan.frames);
      if (!pictured) {
        pictured = true;
        const shown = frame.page.describe();
        const path = await screenshot(frame.id, shot!);
        log(`${shot}: ${names.external}: ${shown.objects} objects, ${shown.drawn ?? '?'} drawn (visible or draw calls)${path ? `; screenshot ${path}` : ''}`);
      }
      pause();
      await frame.page.idle?.();
      const result: Record<string, number> = { [names.external]: median(times.external) };
      if (names.internal && times.internal) result[names.internal] = median(times.internal);
      return result;
    },
  };
}

async function frameCase(count: number, settings: Settings): Promise<BenchRow[]> {
  const label = `${count / 1000}k moving`;
  const big = count > 20_000;
  const frames: ContenderFrame[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const meshes = await openContender('three', 'three-mesh');
    frames.push(meshes);
    const instanced = await openContender('three', 'three-instanced');
    frames.push(instanced);
    for (const frame of frames) {
      frame.front();
      await need(frame, 'populate')(count, { moving: true, instanced: frame === instanced });
      const shown = frame.page.describe();
      if (shown.objects !== count) throw new Error(`frame: the ${frame.id} scene has ${shown.objects} objects, not ${count}`);
    }
    const shot = (name: string): string | null => (big ? null : `frame-${name}-${count / 1000}k`);
    // SwiftShader draws 100k boxes in seconds per frame, and one Mesh per box costs seconds of CPU per frame
    // in three.js: few frames per run there. LayerW's first frame after it comes back on screen resizes the
    // canvas, so it always skips at least one.
    const contenders = [
      framer(layerw, { external: SUBJECT, internal: SUBJECT_OWN }, big ? { warmup: 1, frames: 2 } : { warmup: 3, frames: 10 }, shot('layerw')),
      framer(meshes, { external: MESHES }, big ? { warmup: 0, frames: 1 } : { warmup: 1, frames: 3 }, shot('three-mesh')),
      framer(instanced, { external: INSTANCED }, big ? { warmup: 1, frames: 2 } : { warmup: 3, frames: 10 }, shot('three-instanced')),
    ];
    const pairings: Pairing[] = [
      { subject: SUBJECT, peer: MESHES, target: 10 },
      // Issue 13 asks 1.5x InstancedMesh at 100k; at 10k, where the fixed per-frame cost weighs more, no worse.
      { subject: SUBJECT, peer: INSTANCED, target: big ? 1.5 : 1 },
      { subject: SUBJECT_OWN, peer: MESHES },
      { subject: SUBJECT_OWN, peer: INSTANCED },
    ];
    // Every run skips its own warm-up frames, so no warm-up rounds.
    return await compareRuns('frame', label, contenders, pairings, { warmups: 0, runs: settings.scenes.runs }, 250);
  } finally {
    for (const frame of frames) frame.close();
  }
}

/** Both frame CPU cases. Called once by the bench page. */
export async function runFrameCpuBench(settings: Settings): Promise<BenchRow[]> {
  return [...(await frameCase(10_000, settings)), ...(await frameCase(100_000, settings))];
}
