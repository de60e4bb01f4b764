import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { assert, assertClose, assertEqual } from '../assert.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { cameraOf, controlsReady, length, probeFrames, sub, wait, type Vec3 } from '../helpers/camera-controls.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const SCENE = `controls="fly" fly-speed="2" camera-position="0 1 5" camera-target="0 1 0" quality="low"`;
const MESHES = '<layerw-mesh geometry="box"></layerw-mesh><layerw-mesh geometry="plane" scale="10" position="0 -0.5 0"></layerw-mesh>';
const CENTRE: [number, number] = [100, 80];

/** Focuses the scene the way a person does: a click on its canvas. */
async function focusByClick(scene: LayerWScene): Promise<void> {
  await sendMouse({ type: 'click', position: CENTRE });
  await frames(1);
  assert(scene.shadowRoot!.activeElement === scene.canvas, 'a click focuses the canvas');
}

/** Holds `key` for about `ms` and returns how long it was down by the events' own timestamps, in seconds. */
async function hold(scene: LayerWScene, key: string, ms: number): Promise<number> {
  let down = NaN, up = NaN;
  const onDown = (event: KeyboardEvent) => { if (!event.repeat && Number.isNaN(down)) down = event.timeStamp; };
  const onUp = (event: KeyboardEvent) => { up = event.timeStamp; };
  scene.canvas.addEventListener('keydown', onDown);
  scene.canvas.addEventListener('keyup', onUp);
  await sendKeys({ down: key });
  await wait(ms);
  await sendKeys({ up: key });
  await frames(2);
  scene.canvas.removeEventListener('keydown', onDown);
  scene.canvas.removeEventListener('keyup', onUp);
  assert(up > down, `${key} went down and up`);
  return (up - down) / 1000;
}

function assertVector(actual: Vec3, expected: Vec3, eps: number, what: string): void {
  for (let k = 0; k < 3; k++) assertClose(actual[k]!, expected[k]!, eps, `${what} [${k}]`);
}

/** A gamepad with the standard mapping whose sticks and triggers a test sets. */
function scriptedPad(): { axes: number[]; buttons: { value: number; pressed: boolean; touched: boolean }[]; connected: boolean; mapping: string; id: string; index: number; timestamp: number } {
  return {
    id: 'scripted pad', index: 0, connected: true, mapping: 'standard', timestamp: 0,
    axes: [0, 0, 0, 0],
    buttons: Array.from({ length: 17 }, () => ({ value: 0, pressed: false, touched: false })),
  };
}

describe('fly controls', () => {
  afterEach(async () => {
    await resetMouse();
    delete (navigator as unknown as Record<string, unknown>).getGamepads;
    unmountAll();
  });

  it('moves with W, D, E and the arrow keys by fly-speed times the time they were held', async () => {
    const scene = await mountScene(`<layerw-scene ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    await focusByClick(scene);
    const start = cameraOf(scene);
    const forward = await hold(scene, 'w', 400);
    assert(forward > 0.3 && forward < 5, `held for ${forward} s`);
    let now = cameraOf(scene);
    // Looking down -z from (0 1 5): forward is -z.
    assertVector(now.position, [0, 1, 5 - 2 * forward], 2e-3, 'W moves forward by speed × time');
    assertVector(sub(now.target, now.position), sub(start.target, start.position), 1e-4, 'the target moves along');

    const before = now.position;
    const right = await hold(scene, 'd', 300);
    now = cameraOf(scene);
    assertVector(now.position, [before[0] + 2 * right, before[1], before[2]], 2e-3, 'D strafes right');
    const up = await hold(scene, 'e', 250);
    const afterUp = cameraOf(scene).position;
    assertVector(afterUp, [now.position[0], now.position[1] + 2 * up, now.position[2]], 2e-3, 'E rises');
    const left = await hold(scene, 'ArrowLeft', 250);
    assertVector(cameraOf(scene).position, [afterUp[0] - 2 * left, afterUp[1], afterUp[2]], 2e-3, 'ArrowLeft strafes left');
    await wait(300);
    const written = scene.getAttribute('camera-position')!.split(' ').map(Number) as Vec3;
    assertVector(written, cameraOf(scene).position, 1e-4, 'camera-position is written back when the keys are up');
  });

  it('keeps its keys from the page only while focused, and leaves other keys alone', async () => {
    const scene = await mountScene(`<layerw-scene ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const prevented: string[] = [];
    const watch = (event: KeyboardEvent) => { if (event.defaultPrevented) prevented.push(event.key); };
    window.addEventListener('keydown', watch);
    const button = document.createElement('button');
    document.body.append(button);
    try {
      button.focus();
      const start = cameraOf(scene);
      await sendKeys({ press: 'w' });
      await sendKeys({ press: 'ArrowDown' });
      await frames(3);
      assertVector(cameraOf(scene).position, start.position, 0, 'keys without focus do not move the camera');
      assertEqual(prevented.length, 0, 'nor are they kept from the page');
      await focusByClick(scene);
      await sendKeys({ press: 'x' });
      await sendKeys({ press: 'w' });
      assertEqual(prevented.join(), 'w', 'only the movement key is kept from the page');
      // Focus leaving with a key down releases it: nothing keeps moving.
      await sendKeys({ down: 's' });
      await wait(100);
      button.focus();
      await frames(2);
      const released = cameraOf(scene).position;
      await wait(200);
      assertVector(cameraOf(scene).position, released, 0, 'a held key stops when focus leaves');
      await sendKeys({ up: 's' });
    } finally {
      window.removeEventListener('keydown', watch);
      button.remove();
    }
  });

  it('turns the view with a drag (right turns right, up looks up), pitch held short of the poles', async () => {
    const scene = await mountScene(`<layerw-scene ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const clicks: Event[] = [];
    scene.addEventListener('click', (event) => clicks.push(event));
    const start = cameraOf(scene);
    await sendMouse({ type: 'move', position: CENTRE });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [CENTRE[0] + 60, CENTRE[1] - 40] });
    await sendMouse({ type: 'up' });
    await frames(2);
    const turned = cameraOf(scene);
    assertVector(turned.position, start.position, 0, 'looking does not move the camera');
    const look = sub(turned.target, turned.position);
    assertClose(length(look), 5, 1e-4, 'the target stays as far');
    // 60 pixels right at 0.005 rad per pixel: yaw 0.3 rad to the right; 40 pixels up: pitch 0.2 rad up.
    assertClose(Math.atan2(look[0], -look[2]), 0.3, 1e-4, 'yaw to the right');
    assertClose(Math.asin(look[1] / 5), 0.2, 1e-4, 'pitch up');
    assertEqual(clicks.length, 0, 'a drag to look is not a click');

    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [CENTRE[0] + 60, CENTRE[1] + 2000] });
    await sendMouse({ type: 'up' });
    await frames(2);
    const down = sub(cameraOf(scene).target, cameraOf(scene).position);
    assertClose(Math.asin(down[1] / 5), (-89 * Math.PI) / 180, 1e-4, 'pitch stops at -89°');
  });

  it('moves and looks with a gamepad (a scripted one: headless Chromium has no real pad), polled once per frame', async () => {
    const pad = scriptedPad();
    let polls = 0;
    Object.defineProperty(navigator, 'getGamepads', {
      configurable: true,
      value: () => {
        polls++;
        return [pad.connected ? pad : null];
      },
    });
    const scene = await mountScene(`<layerw-scene ${SCENE} render="on-demand">${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const probe = probeFrames(scene);
    window.dispatchEvent(new Event('gamepadconnected'));

    /** Runs frames with the pad as set, returns the seconds of frame clock it moved the camera for. */
    async function during(count: number): Promise<number> {
      const first = probe.frames.length;
      for (let i = 0; i < 200 && probe.frames.length < first + count; i++) await frames(1);
      assert(probe.frames.length >= first + count, 'the connected pad keeps an on-demand scene drawing');
      return probe.frames.slice(first + 1, first + count).reduce((sum, frame) => sum + frame.dt, 0);
    }
    await during(2);
    const start = probe.frames[probe.frames.length - 1]!.position;
    pad.axes[1] = -1;
    const first = probe.frames.length;
    await during(10);
    const seen = probe.frames.slice(first);
    // Each frame moves the camera by fly-speed × its dt along the view (-z), once the probe has seen the stick.
    for (let i = 1; i < seen.length; i++) {
      const moved = seen[i - 1]!.position[2] - seen[i]!.position[2];
      if (i > 1) assertClose(moved, 2 * seen[i]!.dt, 1e-4, `frame ${i}: speed × dt`);
    }
    assert(seen[seen.length - 1]!.position[2] < start[2] - 0.05, 'left stick up flies forward');
    assertClose(seen[seen.length - 1]!.position[0], start[0], 1e-5, 'straight ahead');

    pad.axes[1] = 0;
    pad.axes[2] = 1;
    const turnFrom = probe.frames.length;
    await during(6);
    const turnSeen = probe.frames.slice(turnFrom);
    const yaw = (frame: { position: Vec3; target: Vec3 }) => { const d = sub(frame.target, frame.position); return Math.atan2(d[0], -d[2]); };
    for (let i = 2; i < turnSeen.length; i++) {
      assertClose(yaw(turnSeen[i]!) - yaw(turnSeen[i - 1]!), 2 * turnSeen[i]!.dt, 1e-4, `right stick turns right at 2 rad/s (frame ${i})`);
    }
    pad.axes[2] = 0;
    pad.buttons[7]!.value = 1;
    const riseFrom = probe.frames.length;
    await during(4);
    const rose = probe.frames[probe.frames.length - 1]!.position[1] - probe.frames[riseFrom]!.position[1];
    assert(rose > 0, `the right trigger rises: ${rose}`);
    pad.buttons[7]!.value = 0;
    pad.axes[0] = 0.1;
    const restFrom = probe.frames.length;
    await during(3);
    assertVector(probe.frames[probe.frames.length - 1]!.position, probe.frames[restFrom]!.position, 1e-5, 'a stick inside the dead zone is at rest (the write-back rounds to 7 digits)');

    pad.connected = false;
    await frames(3);
    const pollsWhenGone = polls;
    const framesWhenGone = scene.stats.frames;
    await wait(300);
    assert(polls <= pollsWhenGone + 1 && scene.stats.frames <= framesWhenGone + 1, 'without a pad the scene goes idle and stops polling');
    probe.stop();
  });

  it('adds and removes its listeners: none left after controls="none" or removal', async () => {
    // A listener is live while it was added and neither removed nor cut off by its abort signal.
    const listeners: { type: string; removed: boolean; signal?: AbortSignal }[] = [];
    const live = (type: string) => listeners.filter((l) => l.type === type && !l.removed && !l.signal?.aborted).length;
    const realAdd = EventTarget.prototype.addEventListener, realRemove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
      if (this === window && type === 'gamepadconnected') {
        listeners.push({ type, removed: false, signal: (options as AddEventListenerOptions | undefined)?.signal });
      }
      return (realAdd as (...args: unknown[]) => void).call(this, type, listener, options);
    };
    EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (this === window && type === 'gamepadconnected') {
        const first = listeners.find((l) => l.type === type && !l.removed);
        if (first) first.removed = true;
      }
      return (realRemove as (...args: unknown[]) => void).call(this, type, ...rest);
    };
    try {
      const scene = await mountScene(`<layerw-scene ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
      await controlsReady(scene);
      assertEqual(live('gamepadconnected'), 1, 'one window listener while flying');
      await focusByClick(scene);
      scene.controls = 'none';
      assert(!scene.runtime!.schedule.has('controls'), 'the step left the schedule');
      assertEqual(live('gamepadconnected'), 0, 'gone with controls="none"');
      const start = cameraOf(scene);
      await sendKeys({ press: 'w' });
      await frames(2);
      assertVector(cameraOf(scene).position, start.position, 0, 'keys do nothing without controls');
      scene.controls = 'fly';
      await controlsReady(scene);
      assertEqual(live('gamepadconnected'), 1, 'one again when flying again');
      scene.parentElement!.remove();
      assertEqual(live('gamepadconnected'), 0, 'gone when the scene is removed');
    } finally {
      EventTarget.prototype.addEventListener = realAdd;
      EventTarget.prototype.removeEventListener = realRemove;
    }
  });

  it('refuses fly-speed="-1" and "fast", keeping the previous speed', async () => {
    const scene = await mountScene(`<layerw-scene ${SCENE}></layerw-scene>`, 64, 64);
    const errors = collectErrors(scene);
    scene.setAttribute('fly-speed', '-1');
    scene.flySpeed = 'fast';
    assertEqual(errors.length, 2, errors.map((e) => e.message).join(' | '));
    assert(errors.every((e) => e.code === 'BAD_ATTRIBUTE' && e.attribute === 'fly-speed'), 'BAD_ATTRIBUTE on fly-speed');
    assertEqual(scene.flySpeed, 2);
    scene.removeAttribute('fly-speed');
    assertEqual(scene.flySpeed, 3, 'removing it restores the default');
  });
});
