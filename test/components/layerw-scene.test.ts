import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden } from '../helpers/golden.js';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWLight } from '../../components/layerw-light.js';

/** A key light; the default neutral environment fills the rest, as an ambient light used to. */
const LIT = `<layerw-light type="directional" direction="-1 -2 -1.5" intensity="1.5"></layerw-light>`;

/** A small still life used for the images: floor, box, sphere, torus. */
function stillLife(attributes: string): string {
  return `<layerw-scene ${attributes} background="#202830" camera-position="3 2.5 4" camera-target="0 0.4 0">
    ${LIT}
    <layerw-mesh geometry="plane" scale="6" color="#c8c8c8" roughness="0.9"></layerw-mesh>
    <layerw-mesh geometry="box" position="-0.6 0.5 0" color="tomato"></layerw-mesh>
    <layerw-mesh geometry="sphere" position="0.8 0.5 0.4" color="#4c8bf5" roughness="0.3"></layerw-mesh>
    <layerw-mesh geometry="torus" position="0.2 0.35 -1" rotation="90 0 0" color="gold" metalness="1" roughness="0.3"></layerw-mesh>
  </layerw-scene>`;
}

describe('<layerw-scene> images', () => {
  afterEach(unmountAll);

  for (const quality of ['low', 'medium', 'high', 'ultra'] as const) {
    it(`draws the still life at quality="${quality}"`, async () => {
      const scene = await mountScene(stillLife(`quality="${quality}"`), 96, 72);
      await expectGolden(`scene-quality-${quality}`, capture(scene));
    });
  }

  it('draws a group hierarchy: children take the group transform', async () => {
    const scene = await mountScene(`<layerw-scene background="#202830" camera-position="0 3 6" camera-target="0 0.5 0" quality="high">
      ${LIT}
      <layerw-mesh geometry="plane" scale="6" color="#c8c8c8"></layerw-mesh>
      <layerw-group position="0 0.5 0" rotation="0 45 0" scale="1.2">
        <layerw-mesh geometry="box" position="-1 0 0" scale="0.6" color="tomato"></layerw-mesh>
        <layerw-group position="1 0 0" rotation="0 0 30">
          <layerw-mesh geometry="cone" scale="0.6" color="#88c070"></layerw-mesh>
        </layerw-group>
      </layerw-group>
    </layerw-scene>`, 96, 72);
    await expectGolden('scene-group-hierarchy', capture(scene));
    // The box's world position is the group's transform applied to its own: rotate -1 0 0 by 45° about y,
    // scale by 1.2, then add 0 0.5 0.
    const walloc = scene.runtime!.walloc!;
    const box = scene.querySelector('layerw-mesh[geometry="box"]')!;
    const slots = walloc.core.slotEnd() >>> 0;
    const { world } = walloc.columns.float;
    const expected = [-1.2 * Math.cos(Math.PI / 4), 0.5, 1.2 * Math.sin(Math.PI / 4)];
    let found = false;
    for (let s = 0; s < slots && !found; s++) {
      found = [12, 13, 14].every((k, i) => Math.abs(world[s * 16 + k]! - expected[i]!) < 1e-4);
    }
    assert(found, `a slot has the box's world translation ${expected} (${box.getAttribute('position')})`);
  });

  it('hides a whole group with visible="false" and shows it again', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4" quality="low">
      <layerw-light type="ambient" intensity="1"></layerw-light>
      <layerw-group><layerw-group><layerw-mesh geometry="box" scale="2" color="white"></layerw-mesh></layerw-group></layerw-group>
    </layerw-scene>`);
    const outer = scene.querySelector('layerw-group')!;
    assert(pixelAt(capture(scene), 0.5, 0.5)[0] > 100, 'visible at first');
    outer.setAttribute('visible', 'false');
    assertEqual(pixelAt(capture(scene), 0.5, 0.5)[0], 0, 'hidden with its group');
    outer.removeAttribute('visible');
    assert(pixelAt(capture(scene), 0.5, 0.5)[0] > 100, 'shown again');
  });

  it('draws two scenes on one page with one device', async () => {
    const first = await mountScene(stillLife('quality="low"'), 64, 48);
    const second = await mountScene(stillLife('quality="low" camera-position="-3 4 2"'), 64, 48);
    assertEqual(Engine.get().devicesCreated, 1, 'one device for both');
    assertEqual(Engine.get().clientCount, 2);
    const a = capture(first);
    const b = capture(second);
    assert(a.data.some((v, i) => v !== b.data[i]), 'the two views differ');
    await expectGolden('scene-two-scenes-first', a);
    await expectGolden('scene-two-scenes-second', b);
  });
});

describe('<layerw-scene> lights and camera elements', () => {
  afterEach(unmountAll);

  it('uses default lights when it has none, and a light element once added', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4" quality="low" environment="none">
      <layerw-mesh geometry="box" scale="2" color="white"></layerw-mesh>
    </layerw-scene>`);
    assert(pixelAt(capture(scene), 0.5, 0.5)[0] > 20, 'lit by the default lights');
    const light = document.createElement('layerw-light');
    light.setAttribute('type', 'ambient');
    light.setAttribute('color', '#00ff00');
    light.setAttribute('intensity', '0.3');
    scene.append(light);
    const [r, g] = pixelAt(capture(scene), 0.5, 0.5);
    assert(g > 50 && r < 10, `only green light now: ${r} ${g}`);
    light.setAttribute('color', 'red');
    const [r2, g2] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r2 > 50 && g2 < 10, `red after the change: ${r2} ${g2}`);
  });

  it('looks through a <layerw-camera> while it is connected', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4" quality="low">
      <layerw-light type="ambient" intensity="1"></layerw-light>
      <layerw-mesh geometry="box" scale="2" color="white"></layerw-mesh>
    </layerw-scene>`);
    const camera = document.createElement('layerw-camera');
    camera.setAttribute('position', '0 0 4');
    camera.setAttribute('target', '20 0 4');
    scene.append(camera);
    assertEqual(pixelAt(capture(scene), 0.5, 0.5)[0], 0, 'looking away from the box');
    camera.remove();
    assert(pixelAt(capture(scene), 0.5, 0.5)[0] > 100, "back to the scene's own camera");
  });

  it('orbits with a drag and writes camera-position back', async () => {
    const scene = await mountScene(stillLife('quality="low" controls="orbit"'));
    const before = scene.getAttribute('camera-position');
    let moves = 0;
    scene.addEventListener('camerachange', () => moves++);
    const canvas = scene.canvas;
    const at = { clientX: 30, clientY: 30, pointerId: 1, bubbles: true };
    canvas.dispatchEvent(new PointerEvent('pointerdown', at));
    canvas.dispatchEvent(new PointerEvent('pointermove', { ...at, clientX: 60 }));
    canvas.dispatchEvent(new PointerEvent('pointerup', { ...at, clientX: 60 }));
    assertEqual(moves, 1);
    const after = scene.getAttribute('camera-position')!;
    assert(after !== before, `camera-position changed: ${before} -> ${after}`);
    const distance = (text: string) => Math.hypot(...text.split(' ').map(Number).map((v, i) => v - [0, 0.4, 0][i]!));
    assert(Math.abs(distance(after) - distance('3 2.5 4')) < 1e-3, 'orbiting keeps the distance to the target');
    canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
    assert(distance(scene.getAttribute('camera-position')!) > distance(after), 'the wheel zooms out');
  });
});

describe('<layerw-scene> bad values and budgets', () => {
  afterEach(unmountAll);

  it('refuses bad scene attributes with BAD_ATTRIBUTE and keeps drawing', async () => {
    const scene = await mountScene(stillLife('quality="low"'));
    const errors = collectErrors(scene);
    const before = capture(scene);
    scene.setAttribute('quality', 'insane');
    scene.setAttribute('memory-budget', '12 parsecs');
    scene.setAttribute('background', 'rgb(nope)');
    scene.setAttribute('fov', '0');
    scene.setAttribute('near', '5000');
    scene.setAttribute('camera-position', '1 2');
    scene.setAttribute('controls', 'joystick');
    assertEqual(errors.length, 7, errors.map((e) => e.message).join(' | '));
    assert(errors.every((e) => e.code === 'BAD_ATTRIBUTE'));
    const after = capture(scene);
    assert(before.data.every((v, i) => v === after.data[i]), 'same image');
    assertEqual(scene.quality, 'low');
  });

  it('refuses a mesh that does not fit the budget with BUDGET_EXCEEDED, and only that mesh', async () => {
    const scene = await mountScene('<layerw-scene memory-budget="1MiB" quality="low"></layerw-scene>');
    const capacity = scene.runtime!.walloc!.core.slotCapacity() >>> 0;
    const errors = collectErrors(scene);
    for (let i = 0; i <= capacity; i++) scene.append(document.createElement('layerw-mesh'));
    assertEqual(errors.length, 1, 'one refusal');
    assertEqual(errors[0]!.code, 'BUDGET_EXCEEDED');
    assertEqual(scene.runtime!.walloc!.core.liveSlots() >>> 0, capacity, 'every other mesh has its slot');
    await frames(2);
    assertEqual(scene.stats.objects, capacity);
  });

  it('reports a budget too small for the memory regions', async () => {
    const scene = document.createElement('layerw-scene');
    scene.setAttribute('memory-budget', '64KiB');
    const errors = collectErrors(scene);
    document.body.append(scene);
    try {
      for (let i = 0; i < 50 && errors.length === 0; i++) await frames(1);
      assertEqual(errors[0]?.code, 'BUDGET_EXCEEDED');
    } finally {
      scene.remove();
    }
  });
});

describe('<layerw-light> values', () => {
  afterEach(unmountAll);

  it('refuses a zero direction and out-of-range numbers, keeping the old values', async () => {
    const scene = await mountScene(stillLife('quality="low"'));
    const light = scene.querySelector<LayerWLight>('layerw-light[type="directional"]')!;
    const errors = collectErrors(scene);
    light.setAttribute('direction', '0 0 0');
    light.setAttribute('intensity', '-1');
    light.setAttribute('angle', '270');
    light.setAttribute('type', 'laser');
    assertEqual(errors.length, 4, errors.map((e) => e.message).join(' | '));
    assertEqual(light.direction.join(), '-1,-2,-1.5');
    assertEqual(light.intensity, 1.5);
    assertEqual(light.type, 'directional');
  });
});

describe('<layerw-scene> canvas size', () => {
  afterEach(unmountAll);

  it('follows the element size, the pixel ratio cap and the render scale', async () => {
    const scene = await mountScene(stillLife('quality="high" max-pixel-ratio="1"'), 80, 40);
    capture(scene);
    assertEqual(`${scene.canvas.width}x${scene.canvas.height}`, '80x40');
    scene.style.width = '120px';
    scene.style.height = '60px';
    await frames(3);
    capture(scene);
    assertEqual(`${scene.canvas.width}x${scene.canvas.height}`, '120x60', 'resized with the element');
    scene.setAttribute('quality', 'low');
    capture(scene);
    assertEqual(`${scene.canvas.width}x${scene.canvas.height}`, '60x30', 'low renders at half scale');
    scene.setAttribute('max-pixel-ratio', '0.5');
    scene.setAttribute('quality', 'high');
    capture(scene);
    assertEqual(`${scene.canvas.width}x${scene.canvas.height}`, '60x30', 'capped pixel ratio');
  });
});
