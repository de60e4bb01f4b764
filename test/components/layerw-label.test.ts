import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { mat4, quat, vec4 } from 'gl-matrix';
import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { collectErrors, frames, loaded, mountScene, unmountAll } from '../helpers/scene.js';
import { makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWLabel } from '../../components/layerw-label.js';

const WIDTH = 240;
const HEIGHT = 160;
const CAMERA = 'camera-position="0 1 5" camera-target="0 0 0" fov="50"';

/** Where gl-matrix, given the scene's camera attributes, puts world point `p` on the page (CSS pixels). */
function projected(scene: LayerWScene, p: [number, number, number]): [number, number] {
  const view = mat4.lookAt(mat4.create(), scene.cameraPosition as [number, number, number], scene.cameraTarget as [number, number, number], [0, 1, 0]);
  const projection = mat4.perspectiveZO(mat4.create(), (scene.fov * Math.PI) / 180, WIDTH / HEIGHT, scene.near, scene.far);
  const clip = vec4.transformMat4(vec4.create(), [p[0], p[1], p[2], 1], mat4.multiply(mat4.create(), projection, view));
  const box = scene.getBoundingClientRect();
  return [box.left + ((clip[0]! / clip[3]! + 1) / 2) * box.width, box.top + ((1 - clip[1]! / clip[3]!) / 2) * box.height];
}

/** The centre of a label's box on the page (labels are centred on their point). */
function centreOf(label: Element): [number, number] {
  const box = label.getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2];
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await frames(1);
  assert(condition(), what);
}

describe('<layerw-label>', () => {
  afterEach(async () => {
    await resetMouse();
    unmountAll();
    ModelStore.resetForTests();
  });

  it('shows its content at its point projected by the camera, through its parents\' transforms, within 1 px', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-label id="root" position="1.5 0.5 0" occlude="false">root</layerw-label>
      <layerw-group position="-1 0 0.5" rotation="0 30 0" scale="1.5">
        <layerw-mesh geometry="sphere" position="0.2 0.3 0" rotation="10 0 20" scale="0.5">
          <layerw-label id="deep" position="1 1 0" occlude="false"><b>deep</b></layerw-label>
        </layerw-mesh>
      </layerw-group>
    </layerw-scene>`, WIDTH, HEIGHT);
    const root = scene.querySelector<LayerWLabel>('#root')!;
    const deep = scene.querySelector<LayerWLabel>('#deep')!;
    await until(() => root.hiddenBy === '' && deep.hiddenBy === '', `labels shown (${root.hiddenBy}, ${deep.hiddenBy})`);
    await frames(2);
    const group = mat4.fromRotationTranslationScale(mat4.create(), quat.fromEuler(quat.create(), 0, 30, 0), [-1, 0, 0.5], [1.5, 1.5, 1.5]);
    const mesh = mat4.fromRotationTranslationScale(mat4.create(), quat.fromEuler(quat.create(), 10, 0, 20), [0.2, 0.3, 0], [0.5, 0.5, 0.5]);
    const point = vec4.transformMat4(vec4.create(), [1, 1, 0, 1], mat4.multiply(mat4.create(), group, mesh));
    for (const [label, world] of [[root, [1.5, 0.5, 0]], [deep, [point[0], point[1], point[2]]]] as const) {
      const expected = projected(scene, world as [number, number, number]);
      const actual = centreOf(label);
      assertClose(actual[0], expected[0], 1, `${label.id} x`);
      assertClose(actual[1], expected[1], 1, `${label.id} y`);
    }
    assert(getComputedStyle(deep).visibility === 'visible', 'a shown label is visible');

    // The label follows its mesh when the mesh moves.
    (deep.parentElement as HTMLElement & { position: number[] }).position = [0.2, 0.8, 0];
    const moved = vec4.transformMat4(vec4.create(), [1, 1, 0, 1], mat4.multiply(mat4.create(), group,
      mat4.fromRotationTranslationScale(mat4.create(), quat.fromEuler(quat.create(), 10, 0, 20), [0.2, 0.8, 0], [0.5, 0.5, 0.5])));
    const expected = projected(scene, [moved[0]!, moved[1]!, moved[2]!]);
    await until(() => Math.abs(centreOf(deep)[1] - expected[1]) <= 1, 'the label followed its mesh');
    assertClose(centreOf(deep)[0], expected[0], 1, 'x after the move');
  });

  it('hides behind the camera, with the hidden-by attribute and custom states', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-label id="front" position="0 0 0">front</layerw-label>
      <layerw-label id="back" position="0 1 8">back</layerw-label>
    </layerw-scene>`, WIDTH, HEIGHT);
    const front = scene.querySelector<LayerWLabel>('#front')!;
    const back = scene.querySelector<LayerWLabel>('#back')!;
    await until(() => front.hiddenBy === '' && back.hiddenBy === 'camera', `front ${front.hiddenBy}, back ${back.hiddenBy}`);
    assertEqual(back.getAttribute('hidden-by'), 'camera');
    assert(back.matches(':state(hidden)') && back.matches(':state(camera)'), 'custom states hidden and camera');
    assert(!front.matches(':state(hidden)') && !front.hasAttribute('hidden-by'), 'the shown label has neither');
    assertEqual(getComputedStyle(back).visibility, 'hidden');
    scene.cameraPosition = [0, 1, 10];
    await until(() => back.hiddenBy === '', 'shown once the camera is behind it');
    assert(!back.matches(':state(camera)'), 'the state goes with it');
  });

  it('hides behind a box with occlude, and not without', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="box" geometry="box" scale="1.5"></layerw-mesh>
      <layerw-label id="hidden" position="0 0 -2">behind</layerw-label>
      <layerw-label id="seen" position="0 0 -2" occlude="false">seen</layerw-label>
      <layerw-mesh geometry="sphere" position="2 0 0"><layerw-label id="surface" position="0 0 0.5">on the surface</layerw-label></layerw-mesh>
    </layerw-scene>`, WIDTH, HEIGHT);
    const hidden = scene.querySelector<LayerWLabel>('#hidden')!;
    const seen = scene.querySelector<LayerWLabel>('#seen')!;
    const surface = scene.querySelector<LayerWLabel>('#surface')!;
    await until(() => hidden.hiddenBy === 'geometry' && seen.hiddenBy === '', `occluded: ${hidden.hiddenBy}, not occluding: ${seen.hiddenBy}`);
    assert(hidden.matches(':state(geometry)'), 'custom state geometry');
    assertEqual(surface.hiddenBy, '', 'a label on its mesh\'s front surface is not hidden by it');
    (scene.querySelector('#box') as HTMLElement & { position: number[] }).position = [0, 3, 0];
    await until(() => hidden.hiddenBy === '', 'shown when the box moves away');
    hidden.occlude = false;
    (scene.querySelector('#box') as HTMLElement & { position: number[] }).position = [0, 0, 0];
    await frames(4);
    assertEqual(hidden.hiddenBy, '', 'occlude="false" keeps it shown behind the box');
  });

  it('gives label content real DOM clicks and the mesh under it no pick click', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="box" geometry="box" scale="2">
        <layerw-label position="0 0 0.5"><button id="go" style="font-size: 12px">go</button></layerw-label>
      </layerw-mesh>
    </layerw-scene>`, WIDTH, HEIGHT);
    const box = scene.querySelector('#box')!;
    const button = scene.querySelector<HTMLButtonElement>('#go')!;
    const label = button.parentElement as LayerWLabel;
    await until(() => label.hiddenBy === '', `label shown (${label.hiddenBy})`);
    const at = centreOf(button);
    for (let i = 0; i < 200 && scene.pick(at[0], at[1]) === null; i++) await frames(1);
    assert(scene.pick(at[0], at[1])?.element === box, 'the box is under the button');
    const buttonClicks: Event[] = [];
    const meshTargets: EventTarget[] = [];
    button.addEventListener('click', (event) => buttonClicks.push(event));
    box.addEventListener('click', (event) => meshTargets.push(event.target!));
    await sendMouse({ type: 'click', position: [Math.round(at[0]), Math.round(at[1])] });
    await frames(3);
    assertEqual(buttonClicks.length, 1, 'the button got one click');
    assert(buttonClicks[0]!.isTrusted, 'a real click from the browser');
    assertDeepEqual(meshTargets, [button], 'the mesh sees only the button\'s click bubbling, never a click of its own');

    // Beside the label, the canvas still gets its own clicks.
    const beside = projected(scene, [0.8, -0.8, 1]);
    await sendMouse({ type: 'click', position: [Math.round(beside[0]), Math.round(beside[1])] });
    await frames(3);
    assertDeepEqual(meshTargets, [button, box], 'a click beside the label picks the box');
  });

  it('leaves nothing behind when removed: no step, no inline transform, no state', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh geometry="box"><layerw-label id="a" position="0 1 0">a</layerw-label></layerw-mesh>
    </layerw-scene>`, WIDTH, HEIGHT);
    const label = scene.querySelector<LayerWLabel>('#a')!;
    await until(() => label.hiddenBy === '', 'shown');
    assert(scene.runtime!.schedule.names.includes('labels'), 'a labels step while there are labels');
    for (let i = 0; i < 20; i++) {
      const parent = label.parentElement!;
      label.remove();
      parent.append(label);
    }
    await until(() => label.hiddenBy === '', 'shown again after moving in and out');
    assertEqual(scene.runtime!.schedule.names.filter((name) => name === 'labels').length, 1, 'one labels step');
    label.remove();
    assert(!scene.runtime!.schedule.names.includes('labels'), 'the step goes with the last label');
    assertEqual(label.style.transform, '', 'no inline transform left');
    assertEqual(label.hiddenBy, 'pending', 'a label out of a scene is not placed');
    scene.append(label);
    await until(() => label.hiddenBy === '', 'placed again when it comes back, at the scene root');
  });

  it('shows every label of a src model once it loads, also when its picking data grows the memory', async () => {
    // A sphere fine enough that its triangle hierarchy, built for the first occlusion test, outgrows the 4 MiB
    // a scene starts with: the memory grows in the middle of the label step.
    const url = serve(await makeModel({ segments: [128, 64], color: [0.8, 0.2, 0.2, 1] }));
    const scene = await mountScene(`<layerw-scene ${CAMERA}></layerw-scene>`, WIDTH, HEIGHT);
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('loading', 'eager');
    mesh.innerHTML = `<layerw-label position="-1 1 0">a</layerw-label>
      <layerw-label position="0 1 0">b</layerw-label>
      <layerw-label position="1 1 0">c</layerw-label>`;
    const labels = [...mesh.querySelectorAll<LayerWLabel>('layerw-label')];
    const walloc = scene.runtime!.walloc!;
    const growth = walloc.growth;
    const done = loaded(mesh);
    mesh.setAttribute('src', url);
    scene.append(mesh);
    await done;
    await until(() => labels.every((label) => label.hiddenBy === ''), `labels shown: ${labels.map((label) => `'${label.hiddenBy}'`).join(' ')}`);
    assert(walloc.growth > growth, 'the memory grew while the model was shown');
    for (const [i, label] of labels.entries()) {
      const expected = projected(scene, [i - 1, 1, 0]);
      assertClose(centreOf(label)[0], expected[0], 1, `label ${i} x`);
      assertClose(centreOf(label)[1], expected[1], 1, `label ${i} y`);
    }
  });

  it('refuses position="1 2" and occlude="maybe" with BAD_ATTRIBUTE, keeping the previous values', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-label position="1 2 3" occlude="false">x</layerw-label>
    </layerw-scene>`, WIDTH, HEIGHT);
    const label = scene.querySelector<LayerWLabel>('layerw-label')!;
    const errors = collectErrors(label);
    label.setAttribute('position', '1 2');
    label.setAttribute('occlude', 'maybe');
    assertDeepEqual(errors.map((error) => [error.code, error.attribute]), [['BAD_ATTRIBUTE', 'position'], ['BAD_ATTRIBUTE', 'occlude']]);
    assertDeepEqual(label.position, [1, 2, 3]);
    assertEqual(label.occlude, false);
    label.removeAttribute('position');
    assertDeepEqual(label.position, [0, 0, 0], 'removing the attribute restores the default');
  });
});
