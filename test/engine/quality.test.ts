import { assert, assertEqual } from '../assert.js';
import { QualityController, QUALITY_PRESETS } from '../../src/engine/quality.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { WINDOW_FRAMES } from '../../src/engine/auto-quality.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWQualityDetail } from '../../src/framework-types.js';

describe('quality control', () => {
  afterEach(unmountAll);

  it('keeps a fixed level whatever the frame rate', () => {
    const quality = new QualityController();
    quality.setting = 'ultra';
    for (let i = 0; i < 600; i++) quality.record(100, 100, 60);
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

/**
 * An artificial GPU load whose cost follows the render scale: a canvas covered by two half-transparent planes
 * (both shaded, back to front) lit by four point lights and the environment, with 4× multisampling. On the
 * software adapter the tests run on, this costs tens of milliseconds of GPU time per frame at full scale.
 */
function heavyScene(quality: string): string {
  const lights = Array.from({ length: 4 }, (_, i) =>
    `<layerw-light type="point" position="${Math.cos(i) * 2} ${Math.sin(i) * 2} 1" intensity="3" range="20"></layerw-light>`).join('');
  const planes = Array.from({ length: 2 }, (_, i) =>
    `<layerw-mesh geometry="plane" rotation="90 0 0" scale="12" position="0 0 ${-i * 0.2}" opacity="0.5" color="hsl(${i * 90} 70% 60%)"></layerw-mesh>`).join('');
  return `<layerw-scene quality="${quality}" render="continuous" max-pixel-ratio="1" camera-position="0 0 3">
    ${lights}${planes}</layerw-scene>`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

/** GPU times of the next frames that brought a new one, over `count` frames. */
async function gpuTimes(scene: LayerWScene, count: number): Promise<number[]> {
  const times: number[] = [];
  let last = scene.stats.gpuTime;
  const end = scene.stats.frames + count;
  while (scene.stats.frames < end) {
    await frames(1);
    const time = scene.stats.gpuTime;
    if (time !== last) times.push(time);
    last = time;
  }
  return times;
}

describe('quality="auto" under an artificial GPU load', function () {
  // Frame-count bound: about 420 frames of a software-rendered scene on a shared machine.
  this.timeout(300_000);
  afterEach(unmountAll);

  it('converges on GPU time to a lower render scale that holds the target, and stays there', async () => {
    const scene = await mountScene(heavyScene('high'), 240, 180);
    const errors = collectErrors(scene);
    await gpuTimes(scene, 10); // shader compiles and first uploads
    const full = median(await gpuTimes(scene, 30));
    assert(full > 0, `the device times the colour pass (gpuTime ${scene.stats.gpuTime})`);
    // A target the full-quality frame misses by a factor of three.
    const budget = full * 0.3;
    const changes: number[] = [];
    scene.addEventListener('qualitychange', (event) => changes.push((event as CustomEvent<LayerWQualityDetail>).detail.rung));
    scene.fpsTarget = 1000 / budget;
    scene.quality = 'auto';
    const start = scene.stats.frames;
    let settledAt = start;
    while (scene.stats.frames < start + 6 * WINDOW_FRAMES) {
      const before = scene.stats.rung;
      await frames(1);
      if (scene.stats.rung !== before) settledAt = scene.stats.frames;
    }
    const rung = scene.stats.rung;
    const scale = scene.stats.renderScale;
    // The canvas is resized at the start of the frame after a change.
    await frames(2);
    assertEqual(scene.canvas.width, Math.round(240 * scene.stats.renderScale), 'the canvas follows the render scale');
    const changesBefore = changes.length;
    const held = await gpuTimes(scene, 6 * WINDOW_FRAMES);
    const late = changes.slice(changesBefore);
    console.log(`quality auto: full ${full.toFixed(2)} ms, budget ${budget.toFixed(2)} ms; settled on rung ${rung} `
      + `(scale ${scale}) after ${settledAt - start} frames; GPU ${median(held).toFixed(2)} ms median `
      + `over ${held.length} timed frames; rungs ${changes.join(' ')}; ${late.length} changes in the 6 windows after`);
    assert(rung > 0 && scene.stats.renderScale < 1, 'stepped down to a lower render scale');
    assertEqual(changes[0], 1, 'one rung at a time');
    assert(median(held) <= budget * 1.1, `GPU ${median(held).toFixed(2)} ms within 10% of the ${budget.toFixed(2)} ms budget`);
    assert(late.length <= 2, `no swinging after settling: ${late.join(' ')}`);
    assertEqual(errors.length, 0);
  });
});
