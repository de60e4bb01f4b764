import { assert, assertEqual } from '../assert.js';
import { FrameSchedule, type FrameClock, type FrameStep, type Phase } from '../../src/engine/frame-schedule.js';
import { capture, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { LayerWError } from '../../src/errors.js';

const CLOCK: FrameClock = { now: 0, dt: 1 / 60, frame: 0 };

function step(name: string, phase: Phase, log: string[], extra: Partial<FrameStep> = {}): FrameStep {
  return { name, phase, run: () => void log.push(name), ...extra };
}

function thrown(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('frame schedule', () => {
  afterEach(unmountAll);

  it('runs steps phase by phase, whatever order they were added in', () => {
    const log: string[] = [];
    const schedule = new FrameSchedule();
    schedule.add(step('draw', 'render', log));
    schedule.add(step('cull', 'cull', log));
    schedule.add(step('user', 'simulate', log));
    schedule.add(step('hover', 'input', log));
    schedule.add(step('tweens', 'animate', log));
    schedule.add(step('world', 'transform', log));
    schedule.run(CLOCK);
    assertEqual(log.join(), 'hover,user,tweens,world,cull,draw');
    assertEqual(schedule.names.join(), log.join());
  });

  it('orders a phase by before and after, and keeps insertion order otherwise', () => {
    const log: string[] = [];
    const schedule = new FrameSchedule();
    schedule.add(step('a', 'simulate', log));
    schedule.add(step('b', 'simulate', log));
    schedule.add(step('c', 'simulate', log, { before: ['a'] }));
    schedule.add(step('d', 'simulate', log, { after: ['b'], before: ['missing-step'] }));
    schedule.run(CLOCK);
    // Each time, the earliest-added step whose constraints are met runs next: b (a waits for c), c, a, d.
    assertEqual(log.join(), 'b,c,a,d');
  });

  it('refuses a cycle and a duplicate name, and keeps the schedule it had', () => {
    const log: string[] = [];
    const schedule = new FrameSchedule();
    schedule.add(step('a', 'simulate', log, { after: ['b'] }));
    const cycle = thrown(() => schedule.add(step('b', 'simulate', log, { after: ['a'] })));
    assert(cycle instanceof LayerWError && cycle.code === 'SYSTEM_FAILED', 'a cycle is SYSTEM_FAILED');
    const duplicate = thrown(() => schedule.add(step('a', 'render', log)));
    assert(duplicate instanceof LayerWError && duplicate.code === 'BAD_ATTRIBUTE', 'a duplicate name is refused');
    const phase = thrown(() => schedule.add(step('x', 'later' as Phase, log)));
    assert(phase instanceof LayerWError, 'an unknown phase is refused');
    assertEqual(schedule.names.join(), 'a');
  });

  it('removes steps by name and reports whether any step wants another frame', () => {
    const schedule = new FrameSchedule();
    schedule.add({ name: 'busy', phase: 'simulate', run: () => true });
    schedule.add({ name: 'idle', phase: 'render', run: () => undefined });
    assertEqual(schedule.run(CLOCK), true);
    assertEqual(schedule.remove('busy'), true);
    assertEqual(schedule.remove('busy'), false);
    assertEqual(schedule.run(CLOCK), false);
  });

  it("lists a scene's built-in steps in phase order", async () => {
    const scene = await mountScene('<layerw-scene><layerw-mesh geometry="box"></layerw-mesh></layerw-scene>');
    // Picking is a chunk that joins the input phase with its hover step once it has loaded, on first use.
    await scene.loadPicking();
    for (let i = 0; i < 200 && !scene.runtime!.schedule.names.includes('hover'); i++) await frames(1);
    assertEqual(scene.runtime!.schedule.names.join(), 'hover,movement,transforms,camera,lod,frustum-cull,pack,draw');
  });

  it('runs an added step inside the frame, between the built-in phases', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4">
      <layerw-light type="ambient" intensity="1"></layerw-light>
      <layerw-mesh geometry="box" color="white" scale="2"></layerw-mesh></layerw-scene>`);
    const runtime = scene.runtime!;
    const position = () => runtime.walloc!.columns.float.position;
    let ran = 0;
    // Moves slot 0 far to the side before transforms: the box leaves the centre of the picture. Like every
    // writer of a slot, the step marks it dirty, which is what makes the transform pass visit it.
    runtime.schedule.add({
      name: 'push-aside', phase: 'simulate', writes: ['position'], run: () => {
        ran++;
        position()[0] = 100;
        runtime.walloc!.columns.markDirty(0);
      },
    });
    assertEqual(runtime.schedule.names.indexOf('push-aside') < runtime.schedule.names.indexOf('transforms'), true);
    const image = capture(scene);
    assert(ran > 0, 'the step ran');
    assertEqual(pixelAt(image, 0.5, 0.5).slice(0, 3).join(), '0,0,0', 'the box left the centre in the same frame');
  });
});
