// The tween kernel's timing and easing against the browser's own Web Animations: the same easing and timing on a
// hidden element's `margin-left` (0px → 1000px), paused and seeked, its computed style read at the same times as
// a `<layerw-animate>` on a light's `intensity` (0 → 1000), evaluated by the WebAssembly kernel through the
// scene's tween table. Where Web Animations shows no effect (fill none), the element shows its own value.
import '../../src/index.js';
import { assert, assertClose, assertEqual } from '../assert.js';
import { collectErrors } from '../helpers/scene.js';
import { createWalloc } from '../helpers/core.js';
import { Camera } from '../../src/engine/camera.js';
import { SceneTweens } from '../../src/engine/scene-tweens.js';
import type { FrameClock } from '../../src/engine/frame-schedule.js';
import type { FeatureExports } from '../../src/wasm/exports.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import type { LayerWAnimate } from '../../components/layerw-animate.js';
import type { LayerWLight } from '../../components/layerw-light.js';

const OWN = 7777;
const EASINGS = [
  'linear', 'ease', 'ease-in', 'ease-out', 'ease-in-out', 'cubic-bezier(0.1, 0.7, 1, 0.1)',
  'cubic-bezier(0.68, -0.55, 0.27, 1.55)', 'cubic-bezier(0, 1.6, 1, -0.6)', 'cubic-bezier(1, 0, 0, 1)',
  'steps(4)', 'steps(4, jump-start)', 'steps(4, jump-end)', 'steps(5, jump-none)', 'steps(3, jump-both)',
  'steps(2, start)', 'steps(2, end)', 'step-start', 'step-end',
];

interface Timing {
  easing?: string;
  duration: number;
  delay?: number;
  iterations?: number;
  direction?: PlaybackDirection;
  fill?: FillMode;
}

/** A tween table over a fresh memory, with one `<layerw-light>` (not in a scene) per case. */
async function setUp(): Promise<{ tweens: SceneTweens; run: () => void; kernels: FeatureExports }> {
  const walloc = await createWalloc({ budget: '8MB' });
  const tweens = await SceneTweens.create({ walloc, camera: new Camera(), lightsChanged: () => {}, requestDraw: () => {} });
  const clock: FrameClock = { now: 0, dt: 0, frame: 0 };
  return { tweens, run: () => tweens.step.run(clock), kernels: await featureKernels(walloc) };
}

function tweenOn(tweens: SceneTweens, timing: Timing): { light: LayerWLight; animate: LayerWAnimate } {
  const light = document.createElement('layerw-light');
  light.intensity = OWN;
  const animate = document.createElement('layerw-animate');
  animate.setAttribute('attribute', 'intensity');
  animate.setAttribute('from', '0');
  animate.setAttribute('to', '1000');
  animate.setAttribute('duration', `${timing.duration}s`);
  animate.setAttribute('delay', `${timing.delay ?? 0}s`);
  animate.setAttribute('easing', timing.easing ?? 'linear');
  animate.setAttribute('repeat', timing.iterations === Infinity ? 'infinite' : String(timing.iterations ?? 1));
  animate.setAttribute('direction', timing.direction ?? 'normal');
  animate.setAttribute('fill', timing.fill ?? 'none');
  animate.autoplay = false;
  light.append(animate);
  document.body.append(light);
  tweens.add(animate);
  return { light, animate };
}

/** The browser's value at each time (seconds), or OWN where the animation has no effect. */
function browserValues(timing: Timing, times: readonly number[]): number[] {
  const element = document.createElement('div');
  element.style.cssText = `position: absolute; visibility: hidden; margin-left: ${OWN}px;`;
  document.body.append(element);
  const animation = element.animate([{ marginLeft: '0px' }, { marginLeft: '1000px' }], {
    duration: timing.duration * 1000, delay: (timing.delay ?? 0) * 1000, easing: timing.easing ?? 'linear',
    iterations: timing.iterations ?? 1, direction: timing.direction ?? 'normal', fill: timing.fill ?? 'none',
  });
  animation.pause();
  const values = times.map((time) => {
    animation.currentTime = time * 1000;
    return parseFloat(getComputedStyle(element).marginLeft);
  });
  animation.cancel();
  element.remove();
  return values;
}

function compare(label: string, timing: Timing, times: readonly number[], tweens: SceneTweens, run: () => void): void {
  const expected = browserValues(timing, times);
  const { light, animate } = tweenOn(tweens, timing);
  try {
    times.forEach((time, i) => {
      tweens.seek(animate, time);
      run();
      assertClose(light.intensity, expected[i]!, 0.05, `${label} at ${time}s (browser ${expected[i]}, tween ${light.intensity})`);
    });
  } finally {
    animate.remove();
    tweens.remove(animate, true);
    light.remove();
  }
}

// Times that are exact in binary, so the kernel's f32 clock meets step boundaries exactly where the browser does.
const SAMPLES = Array.from({ length: 33 }, (_, i) => i / 32);

describe('tween timing matches Web Animations', () => {
  it('every easing keyword, cubic-bezier and steps variant, sampled over one iteration', async () => {
    const { tweens, run } = await setUp();
    for (const easing of EASINGS) compare(easing, { easing, duration: 1, fill: 'both' }, SAMPLES, tweens, run);
    assert(tweens.count === 0, 'every entry was freed');
  });

  it('steps() at the ends of fill backwards and forwards, reversed, with a delay (the before flag)', async () => {
    const { tweens, run } = await setUp();
    const times = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5];
    for (const easing of ['steps(4, jump-start)', 'steps(3, jump-both)', 'steps(4, jump-end)', 'step-start']) {
      for (const direction of ['normal', 'reverse'] as const) {
        for (const fill of ['backwards', 'forwards', 'both', 'none'] as const) {
          compare(`${easing} ${direction} ${fill}`, { easing, duration: 1, delay: 0.5, direction, fill }, times, tweens, run);
        }
      }
    }
  });

  it('repeat, direction and fill on the same timing', async () => {
    const { tweens, run } = await setUp();
    const times = [-0.5, 0, 0.125, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5, 4, 8];
    for (const iterations of [0, 1, 2.5, 3, Infinity]) {
      for (const direction of ['normal', 'reverse', 'alternate', 'alternate-reverse'] as const) {
        for (const fill of ['none', 'forwards', 'backwards', 'both'] as const) {
          for (const delay of [0, 0.5, -0.25]) {
            const timing = { easing: 'ease-in', duration: 1, iterations, direction, fill, delay };
            compare(JSON.stringify(timing), timing, times, tweens, run);
          }
        }
      }
    }
  });

  it('a zero duration jumps to the end value at the delay', async () => {
    const { tweens, run } = await setUp();
    for (const fill of ['none', 'forwards', 'backwards', 'both'] as const) {
      for (const iterations of [1, 2.5]) {
        compare(`duration 0 ${fill} ${iterations}`, { duration: 0, delay: 0.5, fill, iterations }, [0, 0.25, 0.5, 1], tweens, run);
      }
    }
  });
});

describe('the tween table', () => {
  it('refuses a tween past its capacity with BUDGET_EXCEEDED and hands freed entries out again', async () => {
    const { tweens, kernels } = await setUp();
    const capacity = kernels.tweenCapacity() >>> 0;
    assert(capacity > 0, `capacity ${capacity}`);
    const errors = collectErrors(document.body);
    const made = Array.from({ length: capacity + 1 }, () => tweenOn(tweens, { duration: 1 }));
    assertEqual(tweens.count, capacity, 'the table is full');
    assertEqual(kernels.liveTweens() >>> 0, capacity);
    assertEqual(errors.length, 1);
    assertEqual(errors[0]!.code, 'BUDGET_EXCEEDED');
    tweens.remove(made[0]!.animate, true);
    assertEqual(kernels.liveTweens() >>> 0, capacity - 1, 'removal frees the entry');
    tweens.add(made[capacity]!.animate);
    assertEqual(tweens.count, capacity, 'the freed entry was taken');
    assertEqual(errors.length, 1, 'no second refusal');
    for (const { light } of made) light.remove();
  });
});
