// Pointer handling and the picking kernels load on a scene's first use of them, not with every scene: a scene
// nobody points at never fetches them, and the first real click, which starts the load, still reaches its mesh.
// One scene per page load matters here (the code stays loaded once fetched), so this file holds one test.
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { assert, assertClose } from '../assert.js';
import { frames } from '../helpers/scene.js';
import { mousePixelOf as screenOf } from '../helpers/camera-controls.js';
import type { LayerWPointerEvent } from '../../src/index.js';

/** Whether the page has fetched a file whose URL contains `part`. */
function fetched(part: string): boolean {
  return performance.getEntriesByType('resource').some((entry) => entry.name.includes(part));
}

describe('pointer handling on first use', () => {
  let mounted: HTMLElement | null = null;
  after(async () => {
    await resetMouse();
    mounted?.remove();
  });

  it('is not fetched by a scene nobody points at; the first real click loads it and reaches the mesh; then raycast answers', async () => {
    // Chromium puts the page's pointer at (0, 0) before any input, and a canvas that appears under a pointer gets
    // pointerover, which is pointer use: this scene sits away from that corner.
    const holder = document.createElement('div');
    holder.style.cssText = 'position: fixed; left: 400px; top: 300px; width: 240px; height: 160px;';
    holder.innerHTML = `<layerw-scene style="width: 240px; height: 160px" camera-position="0 0 5" camera-target="0 0 0" fov="50">
      <layerw-mesh id="box" geometry="box" position="-1 0 0"></layerw-mesh>
    </layerw-scene>`;
    const scene = holder.querySelector('layerw-scene')!;
    const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
    document.body.append(holder);
    mounted = holder;
    await ready;
    await frames(30);
    assert(!fetched('picking/scene-pointer'), 'the pointer code was fetched without any pointer use');
    assert(!fetched('layerw-picking'), 'the picking kernels were fetched without any pointer use');

    const box = scene.querySelector('#box')!;
    const onBox: LayerWPointerEvent[] = [];
    const onScene: Event[] = [];
    box.addEventListener('click', (event) => onBox.push(event as LayerWPointerEvent));
    scene.addEventListener('click', (event) => onScene.push(event));
    const at = screenOf(scene, [-1.1, 0.2, 0.5]);
    await sendMouse({ type: 'click', position: at });
    for (let i = 0; i < 300 && onBox.length === 0; i++) await frames(1);
    assert(fetched('picking/scene-pointer') && fetched('layerw-picking'), 'the click loaded the pointer code and the picking kernels');
    assert(onBox.length === 1, `the box got ${onBox.length} clicks`);
    const event = onBox[0]!;
    assert(event instanceof PointerEvent && event.target === box, 'a PointerEvent on the box');
    assertClose(event.point![2], 0.5, 1e-3, 'hit point on the front face');
    assertClose(event.point![0], -1.1, 0.05, 'hit point x');
    assert(onScene.length === 1 && onScene[0] === event, `the scene saw ${onScene.length} clicks: the held native click did not reach it`);

    assert(scene.raycast([-1, 0, 5], [0, 0, -1])[0]?.element === box, 'once loaded, raycast answers at once');
    await scene.loadPicking();

    const corner = scene.canvas.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(corner.left) + 2, Math.round(corner.top) + 2] });
    await frames(2);
    assert((onScene.length as number) === 2 && onScene[1]!.target === scene, 'a later click on empty space targets the scene');
  });
});
