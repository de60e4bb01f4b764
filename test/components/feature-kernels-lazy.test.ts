// The feature kernels (tweens and glTF animation, build/layerw-features.wasm) load with the first scene that uses
// them: a page with a box, picked under a real mouse, never fetches them; the same page fetches them once a
// `<layerw-animate>` appears. This file runs in its own page, so nothing before it has loaded them.
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { assert } from '../assert.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';

/** Every URL the page fetches from now on (an observer, so the resource timing buffer's limit does not matter). */
const fetched: string[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) fetched.push(entry.name);
}).observe({ type: 'resource', buffered: true });

/** URLs of the feature kernels' code: their loader module and either build of the kernels. */
function featureFetches(): string[] {
  return fetched.filter((url) => /\/src\/wasm\/(feature-kernels|features-bytes|features-threads-bytes)\.|\/layerw-feature/.test(url));
}

/** Viewport pixel of the canvas centre. */
function centreOf(canvas: HTMLCanvasElement): [number, number] {
  const box = canvas.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

describe('the feature kernels chunk', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await resetMouse();
    unmountAll();
  });

  it('is never fetched by a page with only a box, picked under the mouse, and is fetched with the first <layerw-animate>', async () => {
    const scene = await mountScene(`<layerw-scene camera-position="0 0 3" camera-target="0 0 0">
      <layerw-mesh geometry="box"></layerw-mesh></layerw-scene>`, 160, 120);
    const mesh = scene.querySelector('layerw-mesh')!;
    const errors = collectErrors(scene);
    const at = centreOf(scene.canvas);
    for (let i = 0; i < 200 && scene.pick(at[0], at[1])?.element !== mesh; i++) await frames(1);
    assert(scene.pick(at[0], at[1])?.element === mesh, 'the box is picked at the canvas centre');
    const entered: Event[] = [];
    mesh.addEventListener('pointerover', (event) => entered.push(event));
    await sendMouse({ type: 'move', position: at });
    for (let i = 0; i < 100 && entered.length === 0; i++) await frames(1);
    assert(entered.length === 1, 'hovering the box dispatched pointerover on it');
    await frames(10);
    assert(fetched.some((url) => url.includes('layerw.wasm')), `the observer sees the core's fetch: ${fetched.filter((u) => u.includes('wasm')).join(', ')}`);
    assert(featureFetches().length === 0, `no feature kernels fetched: ${featureFetches().join(', ')}`);

    mesh.innerHTML = '<layerw-animate attribute="position" from="0 0 0" to="0 1 0" duration="1s"></layerw-animate>';
    for (let i = 0; i < 200 && !featureFetches().some((url) => url.includes('layerw-features.wasm')); i++) await frames(1);
    assert(featureFetches().some((url) => url.includes('layerw-features.wasm')), `the animation fetched the kernels: ${featureFetches().join(', ')}`);
    assert(!featureFetches().some((url) => url.includes('layerw-features-threads.wasm')), 'a page that is not isolated never fetches the shared-memory build');
    assert(errors.length === 0, errors.map((e) => e.message).join(' | '));
  });
});
