import { sendKeys } from '@web/test-runner-commands';
import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { capture, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden } from '../helpers/golden.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWPointerEvent } from '../../src/index.js';

const CAMERA = 'camera-position="0 0 5" camera-target="0 0 0" fov="50"';

/** The scene's list box, once the keyboard chunk has built it for the labelled meshes. */
async function listBox(scene: LayerWScene): Promise<HTMLElement> {
  for (let i = 0; i < 200; i++) {
    const box = scene.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]');
    if (box && !box.hidden) return box;
    await frames(1);
  }
  throw new Error('no list box for the labelled meshes');
}

async function press(key: string): Promise<void> {
  await sendKeys({ press: key });
  await frames(1);
}

/** What screen readers are pointed at: the text of the list box's active option. */
function announced(box: HTMLElement): string | null {
  const id = box.getAttribute('aria-activedescendant');
  return id ? box.querySelector(`#${id}`)!.textContent : null;
}

describe('keyboard access to labelled meshes', () => {
  afterEach(() => unmountAll());

  it('is one tab stop: Tab and the arrows move through labelled meshes in document order, with focus and blur', async () => {
    const scene = await mountScene(`<button id="before">before</button>
      <layerw-scene ${CAMERA} alt="Three shapes">
        <layerw-mesh id="a" label="alpha" position="-1.5 0 0"></layerw-mesh>
        <layerw-mesh id="skipped" position="0 -1 0"></layerw-mesh>
        <layerw-group><layerw-mesh id="c" geometry="sphere" label="gamma"></layerw-mesh></layerw-group>
        <layerw-mesh id="d" geometry="cone" label="delta" position="1.5 0 0"></layerw-mesh>
      </layerw-scene>
      <button id="after">after</button>`, 200, 120);
    const box = await listBox(scene);
    assertEqual(box.getAttribute('aria-label'), 'Three shapes', 'the list box is named by alt');
    assertDeepEqual([...box.children].map((option) => option.textContent), ['alpha', 'gamma', 'delta'], 'one option per labelled mesh');
    const log: string[] = [];
    for (const mesh of scene.querySelectorAll('layerw-mesh')) {
      for (const type of ['focus', 'blur']) mesh.addEventListener(type, () => log.push(`${type} ${mesh.id}`));
    }
    const focusins: string[] = [];
    scene.addEventListener('focusin', (event) => focusins.push((event.target as Element).id));
    document.querySelector<HTMLButtonElement>('#before')!.focus();

    await press('Tab');
    assert(document.activeElement === scene, 'Tab enters the scene');
    assertEqual(announced(box), 'alpha');
    await press('Tab');
    await press('Tab');
    assertEqual(announced(box), 'delta');
    await press('Tab');
    assertEqual(document.activeElement?.id, 'after', 'Tab past the last mesh leaves the scene');
    assertDeepEqual(log, ['focus a', 'blur a', 'focus c', 'blur c', 'focus d', 'blur d']);
    assertEqual(announced(box), null, 'nothing is active once focus left');

    log.length = 0;
    await press('Shift+Tab');
    assertEqual(announced(box), 'delta', 'Shift+Tab comes back to the last mesh');
    await press('ArrowLeft');
    await press('ArrowUp');
    await press('ArrowUp');
    assertEqual(announced(box), 'alpha', 'the arrows stop at the first');
    await press('End');
    await press('Home');
    await press('ArrowDown');
    assertEqual(announced(box), 'gamma');
    await press('Shift+Tab');
    await press('Shift+Tab');
    assertEqual(document.activeElement?.id, 'before', 'Shift+Tab before the first mesh leaves the scene');
    assertDeepEqual(log, ['focus d', 'blur d', 'focus c', 'blur c', 'focus a', 'blur a', 'focus d', 'blur d', 'focus a',
      'blur a', 'focus c', 'blur c', 'focus a', 'blur a']);
    assert(focusins.includes('c') && !focusins.includes('skipped'), 'focusin bubbles from the mesh to the scene');
  });

  it('dispatches a click with the hit on Enter and on Space', async () => {
    const scene = await mountScene(`<button id="before">before</button>
      <layerw-scene ${CAMERA}><layerw-mesh id="box" label="the box"></layerw-mesh></layerw-scene>`, 120, 120);
    await listBox(scene);
    for (let i = 0; i < 200 && scene.pick(60, 60) === null; i++) await frames(1);
    const mesh = scene.querySelector('#box')!;
    const clicks: LayerWPointerEvent[] = [];
    mesh.addEventListener('click', (event) => clicks.push(event as LayerWPointerEvent));
    document.querySelector<HTMLButtonElement>('#before')!.focus();
    await press('Tab');
    await press('Enter');
    await press('Space');
    assertEqual(clicks.length, 2, 'one click per key');
    const click = clicks[0]!;
    assert(click instanceof PointerEvent && click.bubbles && click.composed && click.target === mesh, 'a bubbling PointerEvent on the mesh');
    assertEqual(click.pointerId, -1, 'a keyboard click has no pointer');
    assertClose(click.point![2], 0.5, 1e-3, 'the ray through the centre meets the front face');
    assertDeepEqual(click.normal!.map(Math.round), [0, 0, 1], 'its normal');
    assertClose(click.clientX, 60, 1, 'clientX where the point is drawn');
    assertEqual(document.activeElement, scene, 'focus stays in the scene');
  });

  it('stays one tab stop with orbit controls, passing Shift+arrows to them', async () => {
    const scene = await mountScene(`<button id="before">before</button>
      <layerw-scene ${CAMERA} controls="orbit"><layerw-mesh label="only"></layerw-mesh></layerw-scene>
      <button id="after">after</button>`, 120, 120);
    const box = await listBox(scene);
    assertEqual(scene.canvas.tabIndex, -1, 'the canvas leaves the tab order');
    assertEqual(scene.canvas.getAttribute('aria-hidden'), 'true', 'and the accessibility tree');
    document.querySelector<HTMLButtonElement>('#before')!.focus();
    await press('Tab');
    assertEqual(announced(box), 'only');
    const moves: Event[] = [];
    scene.addEventListener('camerachange', (event) => moves.push(event));
    await press('Shift+ArrowLeft');
    assert(moves.length === 1, 'Shift+ArrowLeft orbits the camera');
    assertEqual(announced(box), 'only', 'and does not move focus');
    await press('Tab');
    assertEqual(document.activeElement?.id, 'after', 'the next Tab leaves: no second stop on the canvas');
  });

  it('follows label changes and removals, moving focus off a removed mesh', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="a" label="a"></layerw-mesh><layerw-mesh id="b" label="b"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    const box = await listBox(scene);
    const a = scene.querySelector('#a') as HTMLElement & { label: string };
    a.label = 'renamed';
    await frames(1);
    assertEqual(box.children[0]!.textContent, 'renamed');
    box.focus();
    await frames(1);
    assertEqual(announced(box), 'renamed');
    const blurred: string[] = [];
    a.addEventListener('blur', () => blurred.push('a'));
    a.label = '';
    await frames(1);
    assertEqual(announced(box), 'b', 'focus moves on when the focused mesh loses its label');
    assertDeepEqual(blurred, ['a']);
    scene.querySelector('#b')!.remove();
    await frames(1);
    assert(box.hidden && !scene.canvas.hasAttribute('aria-hidden'), 'no labelled mesh: no list box, the canvas speaks again');
    assert(!scene.canvas.hasAttribute('tabindex'), 'and has its own tabindex back');
  });

  it('skips hidden meshes, hidden themselves or through a group, and takes them back when shown', async () => {
    const scene = await mountScene(`<layerw-scene ${CAMERA}>
      <layerw-mesh id="a" label="a"></layerw-mesh>
      <layerw-mesh id="b" label="b" visible="false"></layerw-mesh>
      <layerw-group id="g"><layerw-mesh id="c" label="c"></layerw-mesh></layerw-group>
      <layerw-mesh id="d" label="d"></layerw-mesh>
    </layerw-scene>`, 120, 120);
    const box = await listBox(scene);
    const options = (): string[] => Array.from(box.children, (option) => option.textContent ?? '');
    assertDeepEqual(options(), ['a', 'c', 'd']);
    (scene.querySelector('#g') as HTMLElement & { visible: boolean }).visible = false;
    await frames(1);
    assertDeepEqual(options(), ['a', 'd'], 'a hidden group hides its labelled meshes from the keyboard');
    box.focus();
    await frames(1);
    await press('ArrowRight');
    assertEqual(announced(box), 'd', 'the arrow skips the hidden meshes');
    scene.querySelector('#b')!.setAttribute('visible', 'true');
    await frames(1);
    assertDeepEqual(options(), ['a', 'b', 'd']);
    assertEqual(announced(box), 'd', 'focus stays on its mesh when another is shown');
    (scene.querySelector('#d') as HTMLElement & { visible: boolean }).visible = false;
    await frames(1);
    assertEqual(announced(box), 'b', 'focus moves off a mesh that is hidden');
  });

  it('highlights the focused mesh in 3D and restores it on blur (golden)', async () => {
    const scene = await mountScene(`<button id="before">before</button>
      <layerw-scene ${CAMERA} background="#202830">
        <layerw-light type="directional" direction="-1 -1 -2" intensity="2"></layerw-light>
        <layerw-mesh label="left" position="-1.1 0 0" rotation="20 30 0" color="#4c8bf5"></layerw-mesh>
        <layerw-mesh label="right" position="1.1 0 0" rotation="20 30 0" color="#4c8bf5" emissive="#101010"></layerw-mesh>
      </layerw-scene>
      <button id="after">after</button>`, 128, 64);
    await listBox(scene);
    const before = capture(scene);
    document.querySelector<HTMLButtonElement>('#before')!.focus();
    await press('Tab');
    await frames(2);
    const focused = capture(scene);
    await expectGolden('keyboard-focus-highlight', focused);
    const left = pixelAt(before, 0.38, 0.5), lit = pixelAt(focused, 0.38, 0.5);
    assert(lit[0] > left[0] + 40 && lit[1] > left[1] + 20, `the focused mesh glows: ${left} -> ${lit}`);
    assertDeepEqual(pixelAt(focused, 0.62, 0.5), pixelAt(before, 0.62, 0.5), 'the other mesh is unchanged');
    await press('Tab');
    await frames(2);
    const moved = capture(scene);
    assertDeepEqual(pixelAt(moved, 0.38, 0.5), left, 'the left mesh is restored when focus moves on');
    const right = pixelAt(moved, 0.62, 0.5);
    assert(right[0] > pixelAt(before, 0.62, 0.5)[0] + 40, 'and the right one, emissive of its own, glows');
    await press('Tab');
    await frames(2);
    assertDeepEqual(pixelAt(capture(scene), 0.62, 0.5), pixelAt(before, 0.62, 0.5), 'its own emissive is back after blur');
  });
});
