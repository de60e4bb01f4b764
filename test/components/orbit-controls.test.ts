import { executeServerCommand, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { assert, assertClose, assertEqual } from '../assert.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import {
  cameraOf, controlsReady, length, orbitYaw, probeFrames, screenOf, sub, wait, type Vec3,
} from '../helpers/camera-controls.js';

const SCENE = `camera-position="0 0 5" camera-target="0 0 0" fov="50" quality="low"`;
const MESHES = '<layerw-mesh geometry="box"></layerw-mesh><layerw-mesh geometry="sphere" position="1.5 0 0"></layerw-mesh>';

/** Where the pointer starts its drags: the middle of a 200×160 scene at the viewport's corner. */
const START: [number, number] = [100, 80];

async function drag(from: [number, number], by: [number, number], button: 'left' | 'right' = 'left'): Promise<void> {
  await sendMouse({ type: 'move', position: from });
  await sendMouse({ type: 'down', button });
  await sendMouse({ type: 'move', position: [from[0] + by[0], from[1] + by[1]] });
  await sendMouse({ type: 'up', button });
  await frames(2);
}

/**
 * After a pan by `by` pixels, the world point that was under the pointer at the target's depth is under the
 * pointer again, the camera looks the same way from the same distance, and the target moved.
 */
async function assertPanned(scene: Parameters<typeof cameraOf>[0], before: { position: Vec3; target: Vec3 }, by: [number, number], what: string): Promise<void> {
  await frames(2);
  const after = cameraOf(scene);
  assert(length(sub(after.target, before.target)) > 0.1, `${what}: the target moved (${before.target} -> ${after.target})`);
  const offsetBefore = sub(before.position, before.target), offsetAfter = sub(after.position, after.target);
  for (let k = 0; k < 3; k++) assertClose(offsetAfter[k]!, offsetBefore[k]!, 1e-4, `${what}: camera and target moved together (${k})`);
  const [x, y] = screenOf(scene, before.target);
  assertClose(x, START[0] + by[0], 1, `${what}: the old target follows the pointer in x`);
  assertClose(y, START[1] + by[1], 1, `${what}: the old target follows the pointer in y`);
}

describe('orbit controls: pan and auto-rotate', () => {
  afterEach(async () => {
    await resetMouse();
    unmountAll();
  });

  it('pans with a right-drag of a real mouse: camera and target move, the scene follows the pointer', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const before = cameraOf(scene);
    let changes = 0;
    scene.addEventListener('camerachange', () => changes++);
    await drag(START, [40, -20], 'right');
    await assertPanned(scene, before, [40, -20], 'right-drag');
    assert(changes > 0, 'camerachange fired');
    const written = scene.getAttribute('camera-target')!.split(' ').map(Number);
    const target = cameraOf(scene).target;
    for (let k = 0; k < 3; k++) assertClose(written[k]!, target[k]!, 1e-4, 'camera-target is written back');
  });

  it('pans with a Shift-drag, and a plain drag still orbits about the target', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const before = cameraOf(scene);
    await sendKeys({ down: 'Shift' });
    await drag(START, [-30, 25]);
    await sendKeys({ up: 'Shift' });
    await assertPanned(scene, before, [-30, 25], 'shift-drag');
    const panned = cameraOf(scene);
    await drag(START, [40, 0]);
    const orbited = cameraOf(scene);
    for (let k = 0; k < 3; k++) assertEqual(orbited.target[k], panned.target[k], 'an orbit keeps the target');
    assertClose(length(sub(orbited.position, orbited.target)), length(sub(panned.position, panned.target)), 1e-4, 'and the distance');
    assert(length(sub(orbited.position, panned.position)) > 0.1, 'and moves the camera');
  });

  it('pans with two fingers moving together and zooms when they spread (real touch input)', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const before = cameraOf(scene);
    const touch = (type: string, points: { x: number; y: number; id: number }[]) => executeServerCommand('layerw-touch', { type, points });
    await touch('touchStart', [{ x: 80, y: 80, id: 1 }, { x: 120, y: 80, id: 2 }]);
    await touch('touchMove', [{ x: 90, y: 95, id: 1 }, { x: 130, y: 95, id: 2 }]);
    await touch('touchMove', [{ x: 100, y: 110, id: 1 }, { x: 140, y: 110, id: 2 }]);
    await touch('touchEnd', []);
    await assertPanned(scene, before, [20, 30], 'two fingers');

    const panned = cameraOf(scene);
    await touch('touchStart', [{ x: 80, y: 80, id: 3 }, { x: 120, y: 80, id: 4 }]);
    await touch('touchMove', [{ x: 60, y: 80, id: 3 }, { x: 140, y: 80, id: 4 }]);
    await touch('touchEnd', []);
    await frames(2);
    const pinched = cameraOf(scene);
    // The spread doubled (40 to 80 pixels): the camera is half as far from the target.
    assertClose(length(sub(pinched.position, pinched.target)) / length(sub(panned.position, panned.target)), 0.5, 1e-3, 'pinch zoom');
  });

  it('auto-rotates at auto-rotate-speed degrees per second of the frame clock, in on-demand mode', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" auto-rotate auto-rotate-speed="90" render="on-demand" ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    const probe = probeFrames(scene);
    // Nothing but the turn asks for frames here; a loaded machine may stall a while between two.
    for (let i = 0; i < 200 && probe.frames.length < 3; i++) await wait(5);
    // The first frame of the turn stands still; the second turns and is written back at once.
    const early = scene.getAttribute('camera-position');
    for (let i = 0; i < 60 && probe.frames.length < 12; i++) await wait(50);
    probe.stop();
    const seen = probe.frames;
    assert(seen.length >= 12, `on-demand mode kept drawing while turning: ${seen.length} frames in 3 s`);
    let turned = 0, seconds = 0;
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1]!.position, b = seen[i]!.position;
      let step = Math.atan2(a[0], a[2]) - Math.atan2(b[0], b[2]);
      if (step < -Math.PI) step += 2 * Math.PI;
      if (step > Math.PI) step -= 2 * Math.PI;
      turned += step;
      seconds += seen[i]!.dt;
    }
    assertClose(turned, (90 * Math.PI) / 180 * seconds, 1e-3, `turned ${turned} rad in ${seconds} s`);
    assertClose(length(seen[seen.length - 1]!.position), 5, 1e-4, 'at the same distance');
    assert(early !== '0 0 5', `camera-position follows from the first frame that turns: ${early}`);
    assert(scene.getAttribute('camera-position') !== '0 0 5', 'camera-position follows (at most 4 times a second)');
  });

  it('stops auto-rotating while a pointer is down and starts again after', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" auto-rotate ${SCENE}>${MESHES}</layerw-scene>`, 200, 160);
    await controlsReady(scene);
    await wait(100);
    await sendMouse({ type: 'move', position: START });
    await sendMouse({ type: 'down' });
    await frames(2);
    const held = orbitYaw(scene);
    const framesBefore = scene.stats.frames;
    await wait(400);
    assertEqual(orbitYaw(scene), held, 'no turn while the pointer is down');
    await sendMouse({ type: 'up' });
    await wait(400);
    const turned = held - orbitYaw(scene);
    assert(turned > 0.05, `turning again after the press: ${turned} rad`);
    assert(scene.stats.frames > framesBefore, 'frames drawn');
    scene.autoRotate = false;
    await frames(3);
    const stopped = orbitYaw(scene);
    const frameCount = scene.stats.frames;
    await wait(300);
    assertEqual(orbitYaw(scene), stopped, 'auto-rotate="false" stops it');
    assertEqual(scene.stats.frames, frameCount, 'and an on-demand scene goes idle');
  });

  it('refuses auto-rotate-speed="fast", auto-rotate="maybe" and controls="joystick", keeping the previous values', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" auto-rotate auto-rotate-speed="45" ${SCENE}></layerw-scene>`, 64, 64);
    const errors = collectErrors(scene);
    scene.setAttribute('auto-rotate-speed', 'fast');
    scene.setAttribute('auto-rotate', 'maybe');
    scene.setAttribute('controls', 'joystick');
    assertEqual(errors.length, 3, errors.map((e) => e.message).join(' | '));
    assert(errors.every((e) => e.code === 'BAD_ATTRIBUTE'), 'all BAD_ATTRIBUTE');
    assertEqual(errors.map((e) => e.attribute).join(), 'auto-rotate-speed,auto-rotate,controls');
    assertEqual(scene.autoRotateSpeed, 45);
    assertEqual(scene.autoRotate, true);
    assertEqual(scene.controls, 'orbit');
    scene.removeAttribute('auto-rotate-speed');
    assertEqual(scene.autoRotateSpeed, 30, 'removing it restores the default');
  });
});
