import { assert, assertEqual } from '../assert.js';
import { AUTO_RUNGS, AutoQuality, WINDOW_FRAMES } from '../../src/engine/auto-quality.js';

/** A small seeded generator for ±5% noise. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return ((state / 2 ** 32) - 0.5) * 0.1;
  };
}

/** A fill-bound GPU: a fixed part plus a part that scales with the rung's cost, with noise. */
function gpuMs(control: AutoQuality, fixedMs: number, fullMs: number, jitter: () => number): number {
  return (fixedMs + fullMs * AUTO_RUNGS[control.rung]!.cost) * (1 + jitter());
}

/** A display-synced frame interval: never below the display's 16.7 ms, whatever the GPU does. */
function syncedFrameMs(gpu: number): number {
  return Math.max(1000 / 60, gpu);
}

/** Runs `windows` windows; returns the rung after each. */
function run(control: AutoQuality, windows: number, frame: () => [number, number], budgetMs: number): number[] {
  const rungs: number[] = [];
  for (let i = 0; i < windows * WINDOW_FRAMES; i++) {
    const [frameMs, gpu] = frame();
    control.record(frameMs, gpu, budgetMs);
    if (i % WINDOW_FRAMES === WINDOW_FRAMES - 1) rungs.push(control.rung);
  }
  return rungs;
}

function changesIn(rungs: readonly number[]): number {
  return rungs.filter((rung, i) => i > 0 && rung !== rungs[i - 1]).length;
}

describe('auto quality controller (frame and GPU times in, rung out)', () => {
  it('steps down on GPU time to the best rung that holds the budget and stays there', () => {
    const control = new AutoQuality();
    const jitter = noise(7);
    // Budget 16.7 ms; the GPU costs 1 + 50 ms at full quality. Scale .62 costs 20.2 ms (over 18.3), .5 costs
    // 13.5 ms (holds); from .5, .62 is predicted at 20.2 ms, over the step-up line (14.2): no swing.
    const rungs = run(control, 300, () => {
      const gpu = gpuMs(control, 1, 50, jitter);
      return [syncedFrameMs(gpu), gpu];
    }, 1000 / 60);
    const best = AUTO_RUNGS.findIndex((rung) => rung.renderScale === 0.5);
    const converged = rungs.indexOf(best);
    assertEqual(converged, 2, 'one rung per window: three windows to get there');
    assert(rungs.slice(converged).every((rung) => rung === best), `held rung ${best} for 297 windows: ${rungs.join(' ')}`);
    assertEqual(control.changes, 3);
  });

  it('backs off from a rung above that is predicted to fit but misses, so retries grow rare', () => {
    const control = new AutoQuality();
    const jitter = noise(11);
    // Proportional to the rung's cost, plus 8 ms the cost model does not know about on rungs 0 to 3. Rung 4
    // costs 8 ms and predicts 12.5 ms for rung 3 (under the 14.2 ms step-up line), which then costs 20.5 ms.
    const rungs = run(control, 400, () => {
      const gpu = gpuMs(control, 0, 50, jitter) + (control.rung <= 3 ? 8 : 0);
      return [syncedFrameMs(gpu), gpu];
    }, 1000 / 60);
    assertEqual(rungs[rungs.length - 1], 4);
    const late = rungs.slice(-300);
    const changes = changesIn(late);
    // Retries after waits of 4, 8, 16, ... windows: at most three in the last 300 windows.
    assert(changes <= 6, `at most a rare retry upward in the last 300 windows (${changes} changes)`);
    const away = late.filter((rung) => rung !== 4).length;
    assert(away <= 3, `on rung 4 in ${late.length - away} of ${late.length} windows`);
  });

  it('climbs back to full quality when the load goes away, judged on GPU time below a synced frame interval', () => {
    const control = new AutoQuality();
    const jitter = noise(3);
    run(control, 50, () => {
      const gpu = gpuMs(control, 1, 80, jitter);
      return [syncedFrameMs(gpu), gpu];
    }, 1000 / 60);
    assert(control.rung >= 4, `stepped down under the heavy load (${control.rung})`);
    const rungs = run(control, 400, () => {
      const gpu = gpuMs(control, 1, 8, jitter);
      return [syncedFrameMs(gpu), gpu];
    }, 1000 / 60);
    assertEqual(control.rung, 0, `back at the top: ${rungs.slice(0, 40).join(' ')}`);
  });

  it('judges the frame interval where there are no GPU times', () => {
    const control = new AutoQuality();
    const jitter = noise(5);
    const rungs = run(control, 100, () => [gpuMs(control, 2, 40, jitter), Number.NaN], 1000 / 30);
    // 33.3 ms: 42 ms misses, scale .79 (27 ms) holds, and full quality is predicted over the step-up line.
    assertEqual(rungs[rungs.length - 1], 1);
    assertEqual(control.changes, 1, 'one step, then held');
  });

  it('judges GPU times when a window has four or more, the frame interval otherwise', () => {
    // A slow frame interval and a fast GPU time: on every tenth frame (3 a window) the interval decides...
    const few = new AutoQuality();
    let frame = 0;
    run(few, 3, () => [50, frame++ % 10 === 0 ? 2 : Number.NaN], 1000 / 60);
    assert(few.rung > 0, 'stepped down on the 50 ms interval');
    // ...on every fourth frame (7 or 8 a window) the GPU time does.
    const enough = new AutoQuality();
    frame = 0;
    run(enough, 3, () => [50, frame++ % 4 === 0 ? 2 : Number.NaN], 1000 / 60);
    assertEqual(enough.rung, 0, 'held on the 2 ms GPU time');
  });

  it('ignores frames without an interval and a budget that is not positive', () => {
    const control = new AutoQuality();
    for (let i = 0; i < 10 * WINDOW_FRAMES; i++) {
      control.record(0, 100, 16);
      control.record(100, 100, 0);
      control.record(Number.NaN, 100, 16);
    }
    assertEqual(control.windows, 0);
    assertEqual(control.rung, 0);
  });
});
