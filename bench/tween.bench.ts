// Main-thread CPU per frame with 10,000 declarative tweens. Every box of the shared layout bobs up and down by a
// tween of its position (2 s, alternating, ease-in-out, forever): in LayerW a `<layerw-animate attribute="position">`
// inside each `<layerw-mesh>` (evaluated in WebAssembly by the `tweens` frame step), in A-Frame the `animation`
// component on each entity, and beside them 10,000 Web Animations of `transform` on plain <div>s, which the
// browser itself runs. Each contender draws frames on its own while the others are paused.
// Figures per frame: the externally timed frame (LayerW's engine tick; A-Frame's scene.render, which ticks every
// component and then renders), the animation work alone (LayerW's `tweens` step; A-Frame's scene tick), and
// the renderer main thread's task time (DevTools' TaskDuration over the recorded frames), the one measure the
// Web Animations page has too. LayerW draws with WebGPU, A-Frame with WebGL, both in SwiftShader here.

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { compareRuns, log, median, type BenchRow, type Pairing, type RunContender, type Settings } from './harness.js';
import { screenshot, taskDuration } from './host.js';
import { TWEEN_RISE, layoutFor } from './scene-layout.js';

const COUNT = 10_000;
const LAYERW = 'layerw tick (external)';
const LAYERW_STEP = 'layerw tweens step';
const LAYERW_TASKS = 'layerw main-thread tasks';
const AFRAME = 'aframe scene.render (external)';
const AFRAME_TICK = 'aframe scene tick (animation)';
const AFRAME_TASKS = 'aframe main-thread tasks';
const WAAPI_TASKS = 'web animations main-thread tasks';
/** Boxes whose tweened height is checked in every contender. */
const CHECKED = [0, 1, 4999, COUNT - 1];

interface Names {
  external?: string;
  animation?: string;
  tasks: string;
}

/**
 * Shows only `frame`'s iframe: the main thread's task time is the whole renderer's, and the other contenders'
 * documents (10,000 entities or elements each, paused) would otherwise still be styled, laid out and painted
 * with every frame of the one being timed.
 */
function showOnly(frame: ContenderFrame, all: readonly ContenderFrame[]): void {
  for (const other of all) {
    const iframe = document.querySelector<HTMLIFrameElement>(`iframe[data-contender="${other.id}"]`);
    if (iframe) iframe.style.display = other === frame ? '' : 'none';
  }
  frame.front();
}

/** One contender: play, skip warm-up frames, record frames and the main thread's task time, pause. */
function framer(frame: ContenderFrame, all: readonly ContenderFrame[], names: Names, warmup: number, frames: number, shot: string): RunContender {
  const play = need(frame, 'play');
  const pause = need(frame, 'pause');
  const waitFrames = need(frame, 'waitFrames');
  const drawnFrames = need(frame, 'drawnFrames');
  let pictured = false;
  return {
    name: names.tasks,
    run: async () => {
      showOnly(frame, all);
      play();
      await waitFrames(warmup);
      const tasksBefore = await taskDuration();
      const framesBefore = drawnFrames();
      const times = names.external ? await need(frame, 'frameTimes')(frames) : null;
      if (!times) await waitFrames(frames);
      const tasksAfter = await taskDuration();
      const counted = drawnFrames() - framesBefore;
      if (!pictured) {
        pictured = true;
        const path = await screenshot(frame.id, shot);
        log(`tween: ${names.tasks}: ${frame.page.describe().objects} animated objects${path ? `; screenshot ${path}` : ''}`);
      }
      pause();
      await frame.page.idle?.();
      const result: Record<string, number> = {};
      if (tasksBefore !== null && tasksAfter !== null) result[names.tasks] = ((tasksAfter - tasksBefore) * 1000) / counted;
      if (times && names.external) result[names.external] = median(times.external);
      if (times?.animation && names.animation) result[names.animation] = median(times.animation);
      return result;
    },
  };
}

/**
 * Every contender's tweens move its boxes between their place and TWEEN_RISE above it: the checked boxes' heights
 * over a few frames stay in range and take more than one value. (They share one timing, so a single pair of
 * frames can land on the same height.)
 */
async function checkTweens(frame: ContenderFrame): Promise<void> {
  const layout = layoutFor(COUNT);
  const tweenedY = need(frame, 'tweenedY');
  const seen = CHECKED.map(() => new Set<number>());
  need(frame, 'play')();
  for (let i = 0; i < 6; i++) {
    await need(frame, 'waitFrames')(1);
    CHECKED.forEach((index, k) => seen[k]!.add(tweenedY(index)));
  }
  need(frame, 'pause')();
  CHECKED.forEach((index, k) => {
    const base = layout.positions[index * 3 + 1]!;
    for (const y of seen[k]!) {
      if (!(y >= base - 1e-3 && y <= base + TWEEN_RISE + 1e-3)) throw new Error(`tween: ${frame.id} box ${index} at y ${y}, outside ${base} … ${base + TWEEN_RISE}`);
    }
  });
  if (seen.every((values) => values.size < 2)) throw new Error(`tween: ${frame.id}: no checked box moved in 6 frames`);
}

/** The tween benchmark. Called once by the bench page. */
export async function runTweenBench(settings: Settings): Promise<BenchRow[]> {
  const frames: ContenderFrame[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const aframe = await openContender('aframe');
    frames.push(aframe);
    const waapi = await openContender('waapi');
    frames.push(waapi);
    for (const frame of frames) {
      showOnly(frame, frames);
      await need(frame, 'populate')(COUNT, { moving: false, tweens: true });
      const shown = frame.page.describe();
      if (shown.objects !== COUNT) throw new Error(`tween: the ${frame.id} page has ${shown.objects} objects, not ${COUNT}`);
      await checkTweens(frame);
    }
    log('tween: every contender\'s checked boxes move within their range');
    const contenders = [
      framer(layerw, frames, { external: LAYERW, animation: LAYERW_STEP, tasks: LAYERW_TASKS }, 3, 10, 'tween-layerw'),
      framer(aframe, frames, { external: AFRAME, animation: AFRAME_TICK, tasks: AFRAME_TASKS }, 2, 6, 'tween-aframe'),
      framer(waapi, frames, { tasks: WAAPI_TASKS }, 3, 20, 'tween-web-animations'),
    ];
    const pairings: Pairing[] = [
      { subject: LAYERW, peer: AFRAME, target: 20 },
      { subject: LAYERW_TASKS, peer: AFRAME_TASKS, target: 20 },
      { subject: LAYERW_TASKS, peer: WAAPI_TASKS },
      { subject: LAYERW_STEP, peer: AFRAME_TICK },
    ];
    return await compareRuns('tween', '10k position tweens', contenders, pairings, { warmups: 0, runs: settings.scenes.runs }, 250);
  } finally {
    for (const frame of frames) frame.close();
  }
}
