import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { compareImages } from '../helpers/golden.js';
import { collectErrors, mountScene, unmountAll } from '../helpers/scene.js';
import { workerCount } from '../../src/engine/workers/worker-setting.js';
import { runWorkersScene, type WorkersRun } from './workers-scene.js';

/** Opens test/workers/isolated.html (cross-origin isolated by the test server) and waits for what it posts. */
function runIsolated(query: string): Promise<WorkersRun> {
  const name = `layerw-workers-${Math.random().toString(36).slice(2)}`;
  const channel = new BroadcastChannel(name);
  return new Promise<WorkersRun>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the isolated page did not answer within 120 s')), 120_000);
    channel.onmessage = (event: MessageEvent<{ run?: WorkersRun; error?: string }>) => {
      clearTimeout(timer);
      channel.close();
      if (event.data.run) resolve(event.data.run);
      else reject(new Error(`the isolated page failed: ${event.data.error}`));
    };
    window.open(`/test/workers/isolated.html?channel=${name}&${query}`, '_blank', 'noopener');
  });
}

/** The first slot whose world matrix or bounds differ, or -1. Exact: the split kernels compute the same floats. */
function firstDifference(a: WorkersRun, b: WorkersRun): number {
  for (let s = 0; s < a.slotEnd; s++) {
    for (let k = 0; k < 16; k++) if (!Object.is(a.world[s * 16 + k], b.world[s * 16 + k])) return s;
    for (let k = 0; k < 4; k++) if (!Object.is(a.bounds[s * 4 + k], b.bounds[s * 4 + k])) return s;
  }
  return -1;
}

function expectSameScene(actual: WorkersRun, expected: WorkersRun): void {
  assertEqual(actual.slotEnd, expected.slotEnd, 'slots');
  assertEqual(actual.layouts, expected.layouts, 'column moves');
  assertEqual(firstDifference(actual, expected), -1, 'first slot whose world matrix or bounds differ');
  assertDeepEqual(actual.changed, expected.changed, 'slots flagged CHANGED by the last transform pass');
  assert(expected.changed.length > 0 && expected.changed.length < expected.slotEnd, `some slots changed: ${expected.changed.length}`);
  assertEqual(actual.visible, expected.visible, 'visible count');
  assert(expected.visible > 0 && expected.visible < expected.slotEnd, `some but not all objects visible: ${expected.visible} of ${expected.slotEnd}`);
  const { differing } = compareImages(actual.image, expected.image, 0);
  assertEqual(differing, 0, 'differing pixels');
}

describe('scene workers', () => {
  const seed = (Math.random() * 2 ** 31) >>> 0;
  let plain: WorkersRun;

  before(async () => {
    plain = await runWorkersScene('auto', seed);
    unmountAll();
  });

  afterEach(() => unmountAll());

  it('runs on one thread, with a memory that is not shared, when the page is not cross-origin isolated', () => {
    assertEqual(plain.isolated, false);
    assertEqual(plain.workers, 0);
    assertDeepEqual(plain.errors, []);
    assertEqual(workerCount(2), 0, 'workers asked for on a page that is not isolated');
    assert(plain.layouts > 0, 'the boxes added halfway grew the memory and moved the columns');
  });

  it(`computes the same world matrices, bounds, visible list and picture with two workers (seed ${seed})`, async () => {
    const run = await runIsolated(`workers=2&seed=${seed}`);
    assertEqual(run.isolated, true, 'crossOriginIsolated');
    assertDeepEqual(run.errors, []);
    assertEqual(run.workers, 2, 'workers');
    // Movement, transforms and culling each split on every one of the frames.
    assert(run.parallelSteps >= 3 * 12, `split steps: ${run.parallelSteps}`);
    assertEqual(run.cullAgrees, true, 'split cull list equals cullSimd');
    expectSameScene(run, plain);
  });

  it(`computes the same with one worker (seed ${seed})`, async () => {
    const run = await runIsolated(`workers=1&seed=${seed}`);
    assertEqual(run.workers, 1, 'workers');
    assertEqual(run.cullAgrees, true, 'split cull list equals cullSimd');
    expectSameScene(run, plain);
  });

  it('stays on one thread in an isolated page with workers="0"', async () => {
    const run = await runIsolated(`workers=0&seed=${seed}`);
    assertEqual(run.isolated, true, 'crossOriginIsolated');
    assertEqual(run.workers, 0, 'workers');
    assertEqual(run.parallelSteps, 0, 'split steps');
    expectSameScene(run, plain);
  });

  it('falls back to one thread with a LOAD_FAILED error when a worker script cannot load, losing nothing', async () => {
    const run = await runIsolated(`workers=2&seed=${seed}&fail`);
    assertEqual(run.isolated, true, 'crossOriginIsolated');
    assertEqual(run.workers, 0, 'workers');
    assertEqual(run.errors.length, 1, run.errors.join('; '));
    assert(/^LOAD_FAILED: workers are off, the scene runs on one thread: worker \d failed to load/.test(run.errors[0]!), run.errors[0]);
    expectSameScene(run, plain);
  });

  it('keeps the previous workers value and reports BAD_ATTRIBUTE for a value that is not a count', async () => {
    const scene = await mountScene('<layerw-scene workers="3"></layerw-scene>');
    const errors = collectErrors(scene);
    scene.setAttribute('workers', 'many');
    scene.setAttribute('workers', '1.5');
    scene.setAttribute('workers', '17');
    assertEqual(scene.workers, 3);
    assertDeepEqual(errors.map((error) => error.code), ['BAD_ATTRIBUTE', 'BAD_ATTRIBUTE', 'BAD_ATTRIBUTE']);
    scene.workers = 'auto';
    assertEqual(scene.workers, 'auto');
    scene.removeAttribute('workers');
    assertEqual(scene.workers, 'auto');
  });
});
