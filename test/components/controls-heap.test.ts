import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import { assert } from '../assert.js';
import { frames, mountScene, unmountAll } from '../helpers/scene.js';
import { controlsReady } from '../helpers/camera-controls.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import { boxNumbers, type HeapSite } from '../helpers/heap-sites.js';

// The controls' frame step makes no objects, arrays, closures or strings once warm: the sampling heap profiler
// (a sample every 32 bytes on average) runs over 120 frames while a scene auto-rotates, and while it flies on a
// held key and a gamepad, and the samples from the controls' code (src/engine/controls/) that are not boxed
// numbers may be no more than a few one-off allocations of the VM (while it compiles or deoptimises the step):
// an object of 16 bytes made every frame would give about 45 samples. V8 boxes some floating-point
// values as 12-byte heap numbers (in code it has not optimised, and across some calls), as it does elsewhere
// in the engine: those bytes are printed as a figure, not refused. "Warm" means optimised: the step is first
// run a few thousand times on a still clock, as a page's first seconds would. The write-back to the scene's
// attributes (`frameDone`, after the frame) makes strings and an event by design, at most four times a second:
// it is not counted as the step's, and its rate is checked instead. A kept camera fit (`camera-fit`) has its step in
// every frame too, in the same folder, and is held to the same.

const CONTROLS_CODE = '/src/engine/controls/';
const FRAMES = 120;
/** Samples of objects the VM may make once while it compiles or deoptimises the step. */
const ONE_OFF_SAMPLES = 5;

/** Runs the controls step `times` times on a still clock (dt of a microsecond), so V8 optimises it. */
function warm(scene: LayerWScene, times = 5000): void {
  const step = scene.runtime!.controls.active!.step;
  const clock = { now: performance.now(), dt: 1e-6, frame: 0 };
  for (let i = 0; i < times; i++) step.run(clock);
}

interface Sampled {
  /** Sampled bytes in the controls' code that are heap numbers, per frame. */
  numberBytesPerFrame: number;
  /** Anything else the controls' code allocated: `function url:line {size: count}`, and how many samples. */
  others: string[];
  otherSamples: number;
  /** `camerachange` events (write-backs) per second while sampling. */
  writeBacksPerSecond: number;
}

/** The write-back (and what V8 inlines into it), allowed to allocate at its own rate. */
const WRITE_BACK = 'frameDone';

async function sampledDuring(scene: LayerWScene, count: number): Promise<Sampled> {
  await frames(30);
  warm(scene);
  await frames(10);
  let writeBacks = 0;
  const onChange = () => writeBacks++;
  scene.addEventListener('camerachange', onChange);
  try {
    const started = performance.now();
    const before = scene.stats.frames;
    await executeServerCommand('layerw-heap-start', { samplingInterval: 32 });
    await frames(count);
    boxNumbers(5000);
    const sites = (await executeServerCommand('layerw-heap-stop')) as HeapSite[];
    const seconds = (performance.now() - started) / 1000;
    const drawn = scene.stats.frames - before;
    assert(drawn >= count, `the scene drew every frame: ${drawn}`);
    const calibration = sites.find((site) => site.functionName === 'boxNumbers');
    assert(calibration, 'the profile saw the heap numbers made on purpose');
    const numberSize = Object.entries(calibration.sizes).sort((a, b) => b[1] - a[1])[0]![0];
    let numberBytes = 0;
    const others: string[] = [];
    let otherSamples = 0;
    for (const site of sites.filter((s) => s.url.includes(CONTROLS_CODE) && s.functionName !== WRITE_BACK)) {
      numberBytes += Number(numberSize) * (site.sizes[numberSize] ?? 0);
      const rest = Object.entries(site.sizes).filter(([size]) => size !== numberSize);
      for (const [, samples] of rest) otherSamples += samples;
      if (rest.length > 0) others.push(`${site.functionName} ${site.url}:${site.line} ${JSON.stringify(Object.fromEntries(rest))}`);
    }
    console.log(`${scene.controls}: heap numbers in the controls' code: ${(numberBytes / drawn).toFixed(1)} B/frame (sampled, over ${drawn} frames)`);
    return { numberBytesPerFrame: numberBytes / drawn, others, otherSamples, writeBacksPerSecond: writeBacks / seconds };
  } finally {
    scene.removeEventListener('camerachange', onChange);
  }
}

describe('camera controls on the JavaScript heap', () => {
  afterEach(() => {
    delete (navigator as unknown as Record<string, unknown>).getGamepads;
    unmountAll();
  });

  it('auto-rotates without making objects', async () => {
    const scene = await mountScene('<layerw-scene controls="orbit" auto-rotate quality="low"><layerw-mesh geometry="box"></layerw-mesh></layerw-scene>', 120, 90);
    await controlsReady(scene);
    const sampled = await sampledDuring(scene, FRAMES);
    assert(sampled.otherSamples <= ONE_OFF_SAMPLES, `objects allocated by the controls: ${sampled.others.join(' | ')}`);
    assert(sampled.writeBacksPerSecond > 1 && sampled.writeBacksPerSecond <= 4.5, `write-backs per second: ${sampled.writeBacksPerSecond}`);
  });

  it('auto-rotates under a kept camera fit without making objects (its step runs every frame)', async () => {
    const scene = await mountScene('<layerw-scene controls="orbit" auto-rotate camera-fit quality="low"><layerw-mesh geometry="box"></layerw-mesh></layerw-scene>', 120, 90);
    await controlsReady(scene);
    for (let i = 0; i < 100 && !scene.runtime!.schedule.names.includes('camera-fit'); i++) await frames(1);
    assert(scene.runtime!.schedule.names.includes('camera-fit'), 'the kept fit has its step in the schedule');
    const sampled = await sampledDuring(scene, FRAMES);
    assert(sampled.otherSamples <= ONE_OFF_SAMPLES, `objects allocated by the controls or the fit: ${sampled.others.join(' | ')}`);
  });

  it('flies on a held key and a gamepad without making objects (beyond the pad array the browser hands out)', async () => {
    const pad = {
      id: 'scripted pad', index: 0, connected: true, mapping: 'standard', timestamp: 0,
      axes: [0.5, -1, 0.3, 0.2],
      buttons: Array.from({ length: 17 }, (_, i) => ({ value: i === 7 ? 0.5 : 0, pressed: false, touched: false })),
    };
    const pads = [pad];
    // The same array every call, so the stub itself allocates nothing either.
    Object.defineProperty(navigator, 'getGamepads', { configurable: true, value: () => pads });
    const scene = await mountScene('<layerw-scene controls="fly" quality="low"><layerw-mesh geometry="box"></layerw-mesh></layerw-scene>', 120, 90);
    await controlsReady(scene);
    await sendMouse({ type: 'click', position: [60, 45] });
    await sendKeys({ down: 'd' });
    try {
      const sampled = await sampledDuring(scene, FRAMES);
      assert(sampled.otherSamples <= ONE_OFF_SAMPLES, `objects allocated by the controls: ${sampled.others.join(' | ')}`);
      assert(sampled.writeBacksPerSecond > 1 && sampled.writeBacksPerSecond <= 4.5, `write-backs per second: ${sampled.writeBacksPerSecond}`);
    } finally {
      await sendKeys({ up: 'd' });
    }
  });
});
