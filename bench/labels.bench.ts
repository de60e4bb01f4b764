// Labels: placing N HTML labels over a moving camera, per frame. Subject: the `labels` frame step of a scene
// (SceneLabels over a real Walloc and Camera): each label's point through the view-projection to CSS pixels,
// written as its inline transform through reused Typed OM values. Peer: three.js CSS2DRenderer.render over the
// same points as CSS2DObjects (its z-order sorting off, as LayerW keeps document order), which writes a
// transform string per label. Both move the camera and update its matrices each frame; neither occludes; the
// browser's style and layout work after the frame is the same for both and not timed.

import { CSS2DObject, CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { PerspectiveCamera, Scene } from 'three';
import '../src/index.js';
import { Walloc } from '../src/memory/walloc.js';
import { Camera } from '../src/engine/camera.js';
import { FrameSchedule, type FrameClock } from '../src/engine/frame-schedule.js';
import { SceneLabels } from '../src/engine/labels/scene-labels.js';
import type { LayerWLabel } from '../components/layerw-label.js';
import { Random } from '../test/helpers/random.js';
import { compare, log, type BenchRow, type Contender, type Settings } from './harness.js';

const SIZES = [100, 1000];
const SEED = 0x1abe1;
const WIDTH = 800;
const HEIGHT = 600;
const FOV = 50;
const DISTANCE = 40;
const SUBJECT = 'layerw labels step';
const PEER = 'three.js CSS2DRenderer';

function overlay(): HTMLDivElement {
  const element = document.createElement('div');
  element.style.cssText = `position: fixed; left: 0; top: 0; width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; pointer-events: none;`;
  document.body.append(element);
  return element;
}

async function labelsCase(count: number, settings: Settings): Promise<BenchRow[]> {
  const random = new Random(SEED + count);
  const points = Array.from({ length: count }, () => [random.range(-10, 10), random.range(-10, 10), random.range(-10, 10)] as const);

  const walloc = await Walloc.create({ budget: '32MB' });
  const camera = new Camera();
  camera.fov = FOV;
  const schedule = new FrameSchedule();
  const ours = overlay();
  const labels = new SceneLabels(
    { walloc, camera, schedule, cssWidth: WIDTH, cssHeight: HEIGHT, requestDraw: () => undefined },
    walloc, () => null, ours,
  );
  for (const [x, y, z] of points) {
    const label = document.createElement('layerw-label') as LayerWLabel;
    label.position = [x, y, z];
    label.occlude = false;
    label.textContent = 'label';
    ours.append(label);
    labels.add(label);
  }
  const clock: FrameClock = { now: 0, dt: 0, frame: 0 };

  const theirs = overlay();
  const renderer = new CSS2DRenderer({ element: theirs });
  renderer.setSize(WIDTH, HEIGHT);
  renderer.sortObjects = false;
  const scene = new Scene();
  for (const [x, y, z] of points) {
    const element = document.createElement('div');
    element.textContent = 'label';
    const object = new CSS2DObject(element);
    object.position.set(x, y, z);
    scene.add(object);
  }
  const threeCamera = new PerspectiveCamera(FOV, WIDTH / HEIGHT, 0.1, 1000);

  let angle = 0;
  const contenders: Contender[] = [
    {
      name: SUBJECT,
      run: () => {
        angle += 0.01;
        camera.position[0] = DISTANCE * Math.sin(angle);
        camera.position[1] = 0;
        camera.position[2] = DISTANCE * Math.cos(angle);
        camera.changed();
        camera.update(WIDTH, HEIGHT);
        schedule.run(clock);
      },
    },
    {
      name: PEER,
      run: () => {
        angle += 0.01;
        threeCamera.position.set(DISTANCE * Math.sin(angle), 0, DISTANCE * Math.cos(angle));
        threeCamera.lookAt(0, 0, 0);
        renderer.render(scene, threeCamera);
      },
    },
  ];
  // Both overlays must show the same picture: every label of both placed within a pixel of the other's.
  contenders[0]!.run();
  angle -= 0.01;
  contenders[1]!.run();
  const ourBoxes = [...ours.children].map((element) => element.getBoundingClientRect());
  const theirBoxes = [...theirs.children].map((element) => element.getBoundingClientRect());
  const worst = Math.max(...ourBoxes.map((box, i) => Math.hypot(box.x + box.width / 2 - theirBoxes[i]!.x - theirBoxes[i]!.width / 2,
    box.y + box.height / 2 - theirBoxes[i]!.y - theirBoxes[i]!.height / 2)));
  if (!(worst <= 1)) throw new Error(`labels: LayerW and three.js place a label ${worst.toFixed(2)} px apart`);
  log(`labels ${count}: both place every label within ${worst.toFixed(3)} px of the other`);

  const rows = compare('labels', `${count} labels, moving camera`, contenders, [{ subject: SUBJECT, peer: PEER }], settings);
  labels.destroy();
  ours.remove();
  theirs.remove();
  return rows;
}

/** Runs the labels benchmark at each size. */
export async function runLabelsBench(settings: Settings): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of SIZES) rows.push(...(await labelsCase(count, settings)));
  return rows;
}
