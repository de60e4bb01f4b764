import { executeServerCommand } from '@web/test-runner-commands';
import { assert, assertClose, assertEqual } from '../assert.js';
import { controlsReady } from '../helpers/camera-controls.js';
import { capture, collectErrors, frames, loaded, mountScene, unmountAll } from '../helpers/scene.js';
import type { Image } from '../helpers/golden.js';
import { makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

/** The box around the red pixels of `image` (the test's meshes are red on the dark default background). */
function redBox(image: Image): { x0: number; y0: number; x1: number; y1: number; count: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, count = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const at = (y * image.width + x) * 4;
      const r = image.data[at]!, g = image.data[at + 1]!;
      if (r < 90 || r < g * 1.6) continue;
      count++;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return { x0, y0, x1, y1, count };
}

function numbers(text: string | null): number[] {
  return (text ?? '').trim().split(/\s+/).map(Number);
}

const WIDTH = 96;
const HEIGHT = 64;

describe('camera fit', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('camera-fit frames a model of any size and place in the very frame that first shows it', async () => {
    // A box 1,000 units wide, 36,000 units from the origin: far outside the default camera's view and deeper than
    // its far plane (1,000).
    const url = serve(await makeModel({ shape: 'box', color: [1, 0.05, 0.02, 1], nodeTranslation: [30, 4, -20] }));
    const scene = await mountScene('<layerw-scene camera-fit></layerw-scene>', WIDTH, HEIGHT);
    const errors = collectErrors(scene);
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('scale', '1000');
    mesh.setAttribute('src', url);
    let atLoad: number[] = [];
    mesh.addEventListener('load', () => {
      atLoad = Array.from(scene.runtime!.camera.target);
    }, { once: true });
    const shown = loaded(mesh);
    scene.append(mesh);
    await shown;
    // The frame that fired `load` already looked at the box's centre (30000, 4000, -20000).
    assert(Math.hypot(atLoad[0]! - 30000, atLoad[1]! - 4000, atLoad[2]! + 20000) < 1, `the camera looked at ${atLoad.join(' ')} when the model first showed`);
    const box = redBox(capture(scene));
    assert(box.count > 0, 'the box is drawn');
    assert(box.x0 > 0 && box.y0 > 0 && box.x1 < WIDTH - 1 && box.y1 < HEIGHT - 1, `the box is inside the view with room to spare: ${JSON.stringify(box)}`);
    assert(box.y1 - box.y0 + 1 >= HEIGHT * 0.4, `the box fills the view: ${box.y1 - box.y0 + 1} of ${HEIGHT} rows`);
    await frames(2);
    const position = numbers(scene.getAttribute('camera-position'));
    const target = numbers(scene.getAttribute('camera-target'));
    assert(Math.hypot(target[0]! - 30000, target[1]! - 4000, target[2]! + 20000) < 1, `camera-target written back: ${target.join(' ')}`);
    const distance = Math.hypot(position[0]! - target[0]!, position[1]! - target[1]!, position[2]! - target[2]!);
    assert(Number(scene.getAttribute('far')) > distance, `far widened past the box: far ${scene.getAttribute('far')}, distance ${distance}`);
    // The view keeps its direction: the default camera looks along (0, -2, -6).
    const along = [(position[0]! - target[0]!) / distance, (position[1]! - target[1]!) / distance, (position[2]! - target[2]!) / distance];
    const expected = [0, 2 / Math.hypot(2, 6), 6 / Math.hypot(2, 6)];
    assert(Math.hypot(along[0]! - expected[0]!, along[1]! - expected[1]!, along[2]! - expected[2]!) < 1e-3, `the view direction is kept: ${along.join(' ')}`);

    // The view turns tall and narrow: the fit is made again for it, so the box is not cut at the sides.
    (scene.parentElement as HTMLElement).style.width = scene.style.width = '32px';
    (scene.parentElement as HTMLElement).style.height = scene.style.height = '96px';
    for (let i = 0; i < 100 && scene.canvas.width !== 32; i++) await frames(1);
    await frames(2);
    const tall = redBox(capture(scene));
    assert(tall.x0 > 0 && tall.x1 < 31 && tall.count > 0, `the box fits the narrow view: ${JSON.stringify(tall)}`);
    const backedOff = numbers(scene.getAttribute('camera-position'));
    assert(Math.hypot(backedOff[0]! - target[0]!, backedOff[1]! - target[1]!, backedOff[2]! - target[2]!) > distance * 1.5, 'the camera backed off');
    // Once the page moves the camera, a change of shape leaves it where the page put it.
    scene.setAttribute('camera-position', '30000 4000 -17000');
    await frames(2);
    (scene.parentElement as HTMLElement).style.width = scene.style.width = `${WIDTH}px`;
    (scene.parentElement as HTMLElement).style.height = scene.style.height = `${HEIGHT}px`;
    for (let i = 0; i < 100 && scene.canvas.width !== WIDTH; i++) await frames(1);
    await frames(2);
    assertEqual(Array.from(scene.runtime!.camera.position).join(' '), '30000 4000 -17000', 'the moved camera stays');
    assert(scene.runtime!.schedule.names.includes('camera-fit'), 'the kept fit keeps its step');
    scene.removeAttribute('camera-fit');
    await frames(2);
    assert(!scene.runtime!.schedule.names.includes('camera-fit'), 'without camera-fit the step leaves the schedule');
    assertEqual(errors.length, 0, 'no error');
  });

  it('a lazy mesh that camera-fit frames loads without waiting to come into view', async () => {
    const url = serve(await makeModel({ shape: 'sphere', color: [1, 0.05, 0.02, 1] }));
    // Behind the default camera: a lazy mesh elsewhere would wait for the camera to turn to it.
    const scene = await mountScene('<layerw-scene camera-fit="#framed"><layerw-group id="framed" position="0 1 400"></layerw-group></layerw-scene>', WIDTH, HEIGHT);
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('src', url);
    assertEqual(mesh.loading, 'lazy');
    const shown = loaded(mesh);
    scene.querySelector('#framed')!.append(mesh);
    await shown;
    const target = scene.runtime!.camera.target;
    assert(Math.hypot(target[0]!, target[1]! - 1, target[2]! - 400) < 1e-3, `the group's mesh is framed: ${Array.from(target).join(' ')}`);
    const box = redBox(capture(scene));
    assert(box.count > 0 && box.x0 > 0 && box.x1 < WIDTH - 1, `the sphere is drawn in the view: ${JSON.stringify(box)}`);
    // A model that camera-fit does not name leaves the camera where it is, wherever the page has moved it since.
    scene.setAttribute('camera-position', '20 5 420');
    const other = document.createElement('layerw-mesh');
    other.setAttribute('loading', 'eager');
    other.setAttribute('position', '1 1 398');
    other.setAttribute('src', serve(await makeModel({ shape: 'box' })));
    const otherShown = loaded(other);
    scene.append(other);
    await otherShown;
    await frames(2);
    assertEqual(scene.getAttribute('camera-position'), '20 5 420', 'the camera stays where the page put it');
    assertEqual(Array.from(scene.runtime!.camera.position).join(' '), '20 5 420');
  });

  it('fitCamera(target) frames one mesh, comes closer to a small one, and leaves the rest alone', async () => {
    const scene = await mountScene(`<layerw-scene camera-position="4 3 9">
      <layerw-mesh geometry="box" scale="30" position="0 0 -200" color="#2040ff"></layerw-mesh>
      <layerw-mesh id="small" geometry="sphere" scale="0.05" position="3 1 2" color="#ff1008"></layerw-mesh>
    </layerw-scene>`, WIDTH, HEIGHT);
    const moved = new Promise<CustomEvent<{ position: number[]; target: number[] }>>((resolve) => {
      scene.addEventListener('camerachange', (event) => resolve(event as CustomEvent<{ position: number[]; target: number[] }>), { once: true });
    });
    // Where the fit's step joins the schedule (it comes with the fit's chunk, and leaves in the frame it runs).
    const schedule = scene.runtime!.schedule;
    const add = schedule.add.bind(schedule);
    let order = '';
    schedule.add = (step) => {
      add(step);
      if (step.name === 'camera-fit') order = schedule.names.join();
    };
    scene.fitCamera(scene.querySelector('#small'));
    const { detail } = await moved;
    assert(order.includes('transforms,camera-fit,camera'), `the fit waits between the transforms and the camera: ${order}`);
    assert(!schedule.names.includes('camera-fit'), 'and leaves the schedule once made');
    assert(Math.hypot(detail.target[0]! - 3, detail.target[1]! - 1, detail.target[2]! - 2) < 1e-4, `the target is the sphere's centre: ${detail.target.join(' ')}`);
    const distance = Math.hypot(detail.position[0]! - 3, detail.position[1]! - 1, detail.position[2]! - 2);
    assert(distance < 0.5, `the camera came close to the small sphere: ${distance}`);
    // The sphere's radius is 0.5 × 0.05; the default near plane (0.1) would have cut it.
    const near = scene.runtime!.camera.near;
    assert(near < distance - 0.025 && Number(scene.getAttribute('near')) === near, `near moved in front of the sphere: ${near}`);
    const box = redBox(capture(scene));
    assert(box.x0 > 0 && box.y0 > 0 && box.x1 < WIDTH - 1 && box.y1 < HEIGHT - 1 && box.y1 - box.y0 + 1 >= HEIGHT * 0.5,
      `the sphere fills the view and is not cut: ${JSON.stringify(box)}`);
  });

  it('writes a fit back to the <layerw-camera> in force, near plane included', async () => {
    const scene = await mountScene(`<layerw-scene>
      <layerw-camera position="0 2 6" target="0 0 0"></layerw-camera>
      <layerw-mesh geometry="sphere" scale="0.01" position="2 0 0" color="#ff1008"></layerw-mesh>
    </layerw-scene>`, WIDTH, HEIGHT);
    const camera = scene.querySelector('layerw-camera')!;
    const moved = new Promise((resolve) => scene.addEventListener('camerachange', resolve, { once: true }));
    scene.fitCamera();
    await moved;
    assertEqual(camera.getAttribute('target'), '2 0 0', 'the explicit camera takes the target');
    const near = Number(camera.getAttribute('near'));
    assert(near > 0 && near < 0.05 && near === scene.runtime!.camera.near, `and the near plane: ${camera.getAttribute('near')}`);
    assertEqual(scene.getAttribute('camera-target'), null, "the scene's own camera attributes are left alone");
  });

  it('orbit zoom follows a fitted millimetre-sized model: no jump out, and closer in than before', async () => {
    const scene = await mountScene(`<layerw-scene controls="orbit" camera-fit>
      <layerw-mesh geometry="sphere" scale="0.002" position="1 0 0" color="#ff1008"></layerw-mesh>
    </layerw-scene>`, WIDTH, HEIGHT);
    await controlsReady(scene);
    const camera = scene.runtime!.camera;
    for (let i = 0; i < 100 && Math.abs(camera.target[0]! - 1) > 1e-6; i++) await frames(1);
    const fitted = camera.distance;
    assert(fitted < 0.01, `the camera came close to the 1 mm sphere: ${fitted}`);
    const rect = scene.getBoundingClientRect();
    const wheel = (deltaY: number) => executeServerCommand('layerw-wheel', { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, deltaY });
    await wheel(100);
    await frames(2);
    // One wheel line zooms out by 1.1: the camera used to jump to a fixed least distance of 0.05, 20 times as far.
    assertClose(camera.distance / fitted, 1.1, 1e-3, 'one wheel line out');
    await wheel(-300);
    await frames(2);
    assert(camera.distance < fitted && camera.distance >= camera.near, `zooming in goes closer, down to near: ${camera.distance}, near ${camera.near}`);
  });

  it('leaves out hidden meshes and what draws nothing; a bad padding or selector is refused', async () => {
    const scene = await mountScene(`<layerw-scene>
      <layerw-mesh geometry="box" position="1 0 0" color="#ff1008"></layerw-mesh>
      <layerw-mesh geometry="box" position="500 0 0" visible="false"></layerw-mesh>
      <layerw-group position="-500 0 0"></layerw-group>
    </layerw-scene>`, WIDTH, HEIGHT);
    const errors = collectErrors(scene);
    scene.fitCamera(undefined, { padding: -1 });
    await frames(3);
    const target = numbers(scene.getAttribute('camera-target'));
    assert(Math.hypot(target[0]! - 1, target[1]!, target[2]!) < 1e-4, `only the shown box is framed: ${target.join(' ')}`);
    assertEqual(errors.map((error) => error.code).join(), 'BAD_ATTRIBUTE', 'the padding of -1 is refused');
    (scene as LayerWScene).setAttribute('camera-fit', '[[');
    await frames(1);
    assertEqual(errors.length, 2, 'a camera-fit that is no selector is refused');
    assertEqual(scene.cameraFit, null, 'and not taken');
  });
});
