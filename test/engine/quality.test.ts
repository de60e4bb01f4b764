import { assert, assertEqual } from '../assert.js';
import { AUTO_RUNGS, QualityController, QUALITY_PRESETS } from '../../src/engine/quality.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';

/**
 * An artificial GPU load: each frame costs a fixed part plus a part per shaded sample, so the frame interval
 * falls with the render scale squared and with multisampling off, as a fill-bound GPU does.
 */
function frameMs(quality: QualityController, fixedMs: number, fullMs: number, jitter: () => number): number {
  const { renderScale, msaa } = quality.preset;
  return fixedMs + fullMs * renderScale * renderScale * (msaa === 4 ? 1 : 0.6) * (1 + jitter());
}

/** A small seeded generator for ±5% noise. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return ((state / 2 ** 32) - 0.5) * 0.1;
  };
}

describe('quality control', () => {
  afterEach(unmountAll);

  it('auto steps down rung by rung until the target holds, and settles there without swinging', () => {
    const quality = new QualityController();
    quality.setting = 'auto';
    assertEqual(quality.rung, 0);
    const jitter = noise(7);
    const rungs: number[] = [];
    // 60 fps target (16.7 ms: a rung down past 18.3, up below 13.3). Full quality costs 2 + 44 ms; scale .62
    // costs 18.9 ms, scale .5 costs 13 ms: the best rung that holds the target is scale .5, and from there the
    // rung above always looks worth a try. Only the backing off keeps `auto` from swinging between the two.
    for (let frame = 0; frame < 30 * 400; frame++) {
      quality.record(frameMs(quality, 2, 44, jitter), 60);
      if (frame % 30 === 29) rungs.push(quality.rung);
    }
    const best = AUTO_RUNGS.findIndex((rung) => rung.renderScale === 0.5);
    assertEqual(rungs[rungs.length - 1], best, 'ends on the best rung that holds the target');
    const late = rungs.slice(-200);
    const changes = late.filter((rung, i) => i > 0 && rung !== late[i - 1]).length;
    assert(changes <= 4, `at most a rare retry upward in the last 200 windows (${changes} changes)`);
    const away = late.filter((rung) => rung !== best).length;
    assert(away <= 2, `on the settled rung ${late.length - away} of ${late.length} windows`);
  });

  it('climbs back to full quality when the load goes away', () => {
    const quality = new QualityController();
    quality.setting = 'auto';
    const jitter = noise(3);
    for (let frame = 0; frame < 30 * 50; frame++) quality.record(frameMs(quality, 2, 60, jitter), 60);
    assert(quality.rung > 2, 'stepped down under the heavy load');
    for (let frame = 0; frame < 30 * 400; frame++) quality.record(frameMs(quality, 2, 6, jitter), 60);
    assertEqual(quality.rung, 0, 'back at the top');
    assertEqual(quality.level, 'high');
  });

  it('keeps a fixed level whatever the frame rate', () => {
    const quality = new QualityController();
    quality.setting = 'ultra';
    for (let i = 0; i < 600; i++) quality.record(100, 60);
    assertEqual(quality.level, 'ultra');
    assertEqual(quality.preset, QUALITY_PRESETS.ultra);
  });

  it('a scene with quality="auto" and an unreachable target lowers its render scale and draws on', async () => {
    const scene = await mountScene(`<layerw-scene quality="auto" fps-target="1000" render="continuous">
      <layerw-mesh geometry="torus"></layerw-mesh></layerw-scene>`, 96, 96);
    const errors = collectErrors(scene);
    const width = scene.canvas.width;
    for (let i = 0; i < 600 && scene.canvas.width >= width; i++) await frames(1);
    assert(scene.canvas.width < width, `canvas ${scene.canvas.width} px wide, was ${width}`);
    assertEqual(errors.length, 0);
  });
});
