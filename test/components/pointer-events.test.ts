import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { assert, assertClose, assertDeepEqual } from '../assert.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { mousePixelOf as screenOf } from '../helpers/camera-controls.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWPointerEvent } from '../../src/index.js';

/** Waits until the picking code is there (it loads as its own chunk) and a pick at `at` finds something. */
async function pickable(scene: LayerWScene, at: [number, number]): Promise<void> {
  for (let i = 0; i < 200 && scene.pick(at[0], at[1]) === null; i++) await frames(1);
  assert(scene.pick(at[0], at[1]) !== null, 'the scene never became pickable');
}

async function click(at: [number, number]): Promise<void> {
  await sendMouse({ type: 'click', position: at });
  await frames(2);
}

async function moveTo(at: [number, number]): Promise<void> {
  await sendMouse({ type: 'move', position: at });
  await frames(3);
}

const CAMERA = 'camera-position="0 0 5" camera-target="0 0 0" fov="50"';

describe('pointer events on meshes', () => {
  afterEach(async () => {
    await resetMouse();
    unmountAll();
  });

  it('clicks the mesh under a real mouse, with a hit point on its surface, and the scene sees the click once', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="box" geometry="box" position="-1 0 0"></layerw-mesh>
      <layerw-mesh id="ball" geometry="sphere" position="1 0 0"></layerw-mesh>
    </layerw-scene>`, 240, 160);
    const box = scene.querySelector('#box')!;
    const at = screenOf(scene, [-1.1, 0.2, 0.5]);
    await pickable(scene, at);
    const onBox: LayerWPointerEvent[] = [];
    const onScene: Event[] = [];
    box.addEventListener('click', (event) => onBox.push(event as LayerWPointerEvent));
    scene.addEventListener('click', (event) => onScene.push(event));
    await click(at);
    assert(onBox.length === 1, `the box got ${onBox.length} clicks`);
    const event = onBox[0]!;
    assert(event instanceof PointerEvent, 'a click is a PointerEvent');
    assert(event.target === box && event.bubbles && event.composed, 'target, bubbles, composed');
    assertClose(event.clientX, at[0], 0.5, 'clientX from the mouse');
    // The box's front face is the plane z = 0.5, between x -1.5 and -0.5.
    assertClose(event.point![2], 0.5, 1e-3, 'hit point on the front face');
    assertClose(event.point![0], -1.1, 0.05, 'hit point x');
    assertClose(event.point![1], 0.2, 0.05, 'hit point y');
    assertDeepEqual(event.normal!.map((n) => Math.round(n)), [0, 0, 1], 'normal of the front face');
    // The pointer's ray starts where it crosses the near plane, `near` in front of the eye along the view axis.
    const toPoint = Math.hypot(event.point![0], event.point![1], event.point![2] - 5);
    assertClose(event.distance, toPoint - (scene.near * toPoint) / (5 - event.point![2]), 1e-3, 'distance from the near plane');
    assert(event.uv !== null && event.uv[0] >= 0 && event.uv[0] <= 1, 'uv on the face');
    assert(onScene.length === 1 && onScene[0] === event, `the scene saw ${onScene.length} clicks`);

    await click([2, 2]);
    assert((onScene.length as number) === 2 && onScene[1]!.target === scene, 'a click on empty space targets the scene');
    assert((onScene[1] as LayerWPointerEvent).point === null, 'and carries no point');
    assert(onBox.length === 1, 'the box did not get the empty click');
  });

  it('hears one click after the scene restarted its memory (the old listeners are gone)', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="box" geometry="box"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    const at = screenOf(scene, [0, 0, 0.5]);
    await pickable(scene, at);
    const before = scene.runtime;
    scene.memoryBudget = '48MB';
    for (let i = 0; i < 200 && (scene.runtime === before || scene.pick(at[0], at[1]) === null); i++) await frames(1);
    assert(scene.runtime !== before && scene.runtime!.schedule.names.filter((name) => name === 'hover').length === 1, 'one hover step in the new runtime');
    const clicks: Event[] = [];
    scene.addEventListener('click', (event) => clicks.push(event));
    await click(at);
    assert(clicks.length === 1 && (clicks[0]!.target as Element).id === 'box', `${clicks.length} clicks after the restart`);
  });

  it('lets a click through the hole of a torus to what is behind it', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="ring" geometry="torus" rotation="90 0 0" scale="2"></layerw-mesh>
      <layerw-mesh id="wall" geometry="box" position="0 0 -2" scale="4 4 0.2"></layerw-mesh>
    </layerw-scene>`, 160, 160);
    const centre = screenOf(scene, [0, 0, 0]);
    const onRing = screenOf(scene, [1, 0, 0]);
    await pickable(scene, centre);
    const targets: EventTarget[] = [];
    scene.addEventListener('click', (event) => targets.push(event.target!));
    await click(centre);
    await click(onRing);
    assert(targets[0] === scene.querySelector('#wall'), `the click through the hole hit ${(targets[0] as Element)?.id}`);
    assert(targets[1] === scene.querySelector('#ring'), `the click on the ring hit ${(targets[1] as Element)?.id}`);
  });

  it('passes through pickable="false" and refuses pickable="maybe", keeping false', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="front" geometry="box" pickable="false"></layerw-mesh>
      <layerw-mesh id="back" geometry="box" position="0 0 -2" scale="3"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    const front = scene.querySelector('layerw-mesh#front') as HTMLElement & { pickable: boolean };
    const errors = collectErrors(front);
    front.setAttribute('pickable', 'maybe');
    assert(errors.length === 1 && errors[0]!.code === 'BAD_ATTRIBUTE' && errors[0]!.attribute === 'pickable', 'BAD_ATTRIBUTE for maybe');
    assert(front.pickable === false, 'the previous value is kept');
    const at = screenOf(scene, [0, 0, 0.5]);
    await pickable(scene, at);
    assert(scene.pick(at[0], at[1])!.element.id === 'back', 'the pick passes through the unpickable box');
    front.setAttribute('pickable', '');
    await frames(2);
    assert(scene.pick(at[0], at[1])!.element === front, 'pickable again once the attribute says so');
  });

  it('bubbles mesh events through groups to the scene, each listener once', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-group id="outer" position="0.5 0 0"><layerw-group id="inner">
        <layerw-mesh id="part" geometry="box" position="-0.5 0 0"></layerw-mesh>
      </layerw-group></layerw-group>
    </layerw-scene>`, 120, 120);
    const at = screenOf(scene, [0, 0, 0.5]);
    await pickable(scene, at);
    const log: string[] = [];
    for (const id of ['part', 'inner', 'outer']) {
      scene.querySelector(`#${id}`)!.addEventListener('pointerdown', (event) => log.push(`${id}:${(event.target as Element).id}`));
    }
    scene.addEventListener('pointerdown', (event) => log.push(`scene:${(event.target as Element).id}`));
    document.addEventListener('pointerdown', (event) => log.push(`document:${(event.target as Element).id}`), { once: true });
    await click(at);
    assertDeepEqual(log, ['part:part', 'inner:part', 'outer:part', 'scene:part', 'document:part'], 'bubbling order');
  });

  it('moves hover between meshes in the DOM order: out, leave, over, enter', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-group id="g"><layerw-mesh id="a" geometry="box" position="-1 0 0"></layerw-mesh></layerw-group>
      <layerw-mesh id="b" geometry="sphere" position="1 0 0"></layerw-mesh>
    </layerw-scene>`, 240, 160);
    const overA = screenOf(scene, [-1, 0, 0.5]);
    const overB = screenOf(scene, [1, 0, 0.5]);
    await moveTo([3, 3]);
    await pickable(scene, overA);
    const log: string[] = [];
    for (const element of [scene, ...scene.querySelectorAll('layerw-group, layerw-mesh')]) {
      for (const type of ['pointerover', 'pointerout', 'pointerenter', 'pointerleave']) {
        element.addEventListener(type, (event) => {
          if (event.eventPhase === Event.AT_TARGET) log.push(`${type.slice(7)} ${element.id || 'scene'}`);
        });
      }
    }
    await moveTo(overA);
    await moveTo(overB);
    await moveTo([3, 3]);
    assertDeepEqual(log, [
      'out scene', 'over a', 'enter g', 'enter a',
      'out a', 'leave a', 'leave g', 'over b', 'enter b',
      'out b', 'leave b', 'over scene',
    ], 'hover order');
  });

  it('follows the hovered mesh\'s CSS cursor on the canvas', async () => {
    const style = document.createElement('style');
    style.textContent = 'layerw-mesh.button { cursor: pointer; }';
    document.head.append(style);
    try {
      const scene = await mountScene(`<layerw-scene ${CAMERA}>
        <layerw-mesh class="button" geometry="box"></layerw-mesh>
      </layerw-scene>`, 120, 120);
      const at = screenOf(scene, [0, 0, 0.5]);
      await pickable(scene, at);
      await moveTo(at);
      assert(scene.canvas.style.cursor === 'pointer', `cursor over the button: "${scene.canvas.style.cursor}"`);
      await moveTo([2, 2]);
      assert((scene.canvas.style.cursor as string) === '', 'no cursor over empty space');
    } finally {
      style.remove();
    }
  });

  it('hovers a mesh that moves under a still pointer', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="slider" geometry="box" position="-2 0 0"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    const mesh = scene.querySelector('#slider') as HTMLElement & { position: number[] };
    const at = screenOf(scene, [0, 0, 0.5]);
    await moveTo(at);
    const entered: Event[] = [];
    mesh.addEventListener('pointerenter', (event) => entered.push(event));
    mesh.position = [0, 0, 0];
    for (let i = 0; i < 100 && entered.length === 0; i++) await frames(1);
    assert(entered.length === 1, 'pointerenter when the mesh arrives under the pointer');
  });

  it('does not click after a drag that orbits the camera', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA} controls="orbit">
      <layerw-mesh geometry="box" scale="2"></layerw-mesh>
    </layerw-scene>`, 160, 160);
    const at = screenOf(scene, [0, 0, 1]);
    await pickable(scene, at);
    const clicks: Event[] = [];
    let moved = 0;
    scene.addEventListener('click', (event) => clicks.push(event));
    scene.addEventListener('camerachange', () => moved++);
    await sendMouse({ type: 'move', position: at });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [at[0] + 30, at[1] + 5] });
    await sendMouse({ type: 'move', position: [at[0] + 60, at[1] + 10] });
    await sendMouse({ type: 'up' });
    await frames(3);
    assert(moved > 0, 'the drag orbited the camera');
    assert(clicks.length === 0, `a drag ended in ${clicks.length} clicks`);
    const still = screenOf(scene, [0, 0, 0]);
    await click(still);
    assert((clicks.length as number) === 1, 'a click without a drag still clicks');
  });

  it('keeps dispatching and drawing after a listener throws', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA} render="continuous">
      <layerw-mesh id="box" geometry="box"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    const at = screenOf(scene, [0, 0, 0.5]);
    await pickable(scene, at);
    const box = scene.querySelector('#box')!;
    const seen: string[] = [];
    const reported: string[] = [];
    const saved = window.onerror;
    // The browser reports a listener's exception to window.onerror; the test runner would take it for a failure.
    window.onerror = (message) => {
      reported.push(String(message));
      return true;
    };
    try {
      box.addEventListener('pointerdown', () => {
        throw new Error('listener failed on purpose');
      });
      box.addEventListener('pointerdown', () => seen.push('second listener'));
      box.addEventListener('click', () => seen.push('click'));
      await click(at);
      await click(at);
      const frames0 = scene.stats.frames;
      await frames(5);
      assert(scene.stats.frames > frames0, 'frames go on');
    } finally {
      window.onerror = saved;
    }
    assertDeepEqual(seen, ['second listener', 'click', 'second listener', 'click'], 'events after the throwing listener');
    assert(reported.length === 2 && reported[0]!.includes('on purpose'), `reported: ${reported.join('; ')}`);
  });

  it('answers scene.pick and scene.raycast', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="near" geometry="box" position="0 0 1"></layerw-mesh>
      <layerw-mesh id="far" geometry="sphere" position="0 0 -1"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    await pickable(scene, screenOf(scene, [0, 0, 1.5]));
    const hits = scene.raycast([0, 0, 5], [0, 0, -1]);
    assertDeepEqual(hits.map((h) => h.element.id), ['near', 'far'], 'nearest first');
    assertClose(hits[0]!.distance, 3.5, 1e-3, 'box front at z = 1.5');
    assertClose(hits[1]!.distance, 5.5, 2e-3, 'sphere front at z = -0.5');
    assertDeepEqual(scene.raycast([0, 0, 5], [0, 1, 0]), [], 'a ray that misses');
    let threw = false;
    try {
      scene.raycast([0, 0], [0, 0, -1]);
    } catch (error) {
      threw = error instanceof TypeError;
    }
    assert(threw, 'a two-number origin is a TypeError');
  });
});
