import { assert, assertEqual } from '../assert.js';
import { frames, mountScene, unmountAll } from '../helpers/scene.js';
import { makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';

/** A scene far below the viewport (ten viewports down), with one mesh showing `url` with `loading`. */
function farScene(url: string, loading: string | null): { holder: HTMLElement; scene: LayerWScene; mesh: LayerWMesh } {
  const holder = document.createElement('div');
  holder.style.cssText = `position: absolute; left: 0; top: ${innerHeight * 10}px; width: 64px; height: 64px;`;
  holder.innerHTML = '<layerw-scene style="width: 64px; height: 64px"><layerw-mesh></layerw-mesh></layerw-scene>';
  const mesh = holder.querySelector('layerw-mesh')!;
  if (loading !== null) mesh.setAttribute('loading', loading);
  mesh.setAttribute('src', url);
  document.body.append(holder);
  return { holder, scene: holder.querySelector('layerw-scene') as LayerWScene, mesh };
}

/** Resolves at `mesh`'s first `progress` event: its model's download has begun. */
function downloading(mesh: Element): Promise<void> {
  return new Promise((resolve) => mesh.addEventListener('progress', () => resolve(), { once: true }));
}

describe('<layerw-mesh loading>', () => {
  let holder: HTMLElement | null = null;
  afterEach(() => {
    holder?.remove();
    holder = null;
    unmountAll();
    ModelStore.resetForTests();
  });

  it('waits, by default, until its scene comes near the viewport before it loads', async () => {
    const url = serve(await makeModel());
    const before = ModelStore.get().loadsStarted;
    const far = farScene(url, null);
    holder = far.holder;
    assertEqual(far.mesh.loading, 'lazy');
    // An eager mesh beside it: once its download has begun, the scene's model code is there and working.
    const eager = document.createElement('layerw-mesh');
    eager.setAttribute('loading', 'eager');
    eager.setAttribute('src', serve(await makeModel({ color: [0.1, 0.9, 0.2, 1] })));
    const eagerDownloading = downloading(eager);
    far.scene.append(eager);
    await eagerDownloading;
    await frames(10);
    assertEqual(ModelStore.get().loadsStarted, before + 1, 'the eager model loads; the lazy one waits while the scene is far from the viewport');
    const lazyDownloading = downloading(far.mesh);
    const loaded = new Promise((resolve) => far.mesh.addEventListener('load', resolve, { once: true }));
    holder.style.top = `${innerHeight + 20}px`; // just below the fold: near, not yet visible
    await lazyDownloading;
    assertEqual(ModelStore.get().loadsStarted, before + 2, 'near the viewport, the load starts');
    holder.style.top = '0px';
    await loaded;
  });

  it('fetches the model code with a lazy mesh\'s src, while its download still waits', async () => {
    const url = serve(await makeModel());
    const before = ModelStore.get().loadsStarted;
    const far = farScene(url, null);
    holder = far.holder;
    // The model code's chunk loads with the first src, so a lazy mesh coming into view waits only for its bytes.
    for (let i = 0; i < 600 && !far.scene.runtime?.models; i++) await frames(1);
    assert(far.scene.runtime?.models !== undefined, 'the scene\'s model code is there before the scene comes near');
    await frames(10);
    assertEqual(ModelStore.get().loadsStarted, before, 'the model itself does not load while the scene is far away');
  });

  it('loads at once with loading="eager", far from the viewport', async () => {
    const url = serve(await makeModel());
    const before = ModelStore.get().loadsStarted;
    const far = farScene(url, 'eager');
    holder = far.holder;
    await downloading(far.mesh);
    assertEqual(ModelStore.get().loadsStarted, before + 1);
  });

  it('draws a model in an on-demand scene as soon as it is ready, not at the next animation frame', async () => {
    const url = serve(await makeModel({ color: [0.9, 0.9, 0.9, 1] }));
    const scene = await mountScene('<layerw-scene render="on-demand" background="#000000"></layerw-scene>', 64, 64);
    const runtime = scene.runtime!;
    // The engine's animation frames reach the scene through runtime.tick: note when one is running.
    let inAnimationFrame = false;
    const tick = runtime.tick.bind(runtime);
    runtime.tick = (now: number): void => {
      inAnimationFrame = true;
      try {
        tick(now);
      } finally {
        inAnimationFrame = false;
      }
    };
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('src', url);
    const shown = new Promise<{ inAnimationFrame: boolean; centre: number }>((resolve) => {
      mesh.addEventListener('load', () => {
        // `load` follows the frame's submission in the same task, while the canvas still holds that frame.
        const copy = document.createElement('canvas');
        copy.width = scene.canvas.width;
        copy.height = scene.canvas.height;
        const context = copy.getContext('2d')!;
        context.drawImage(scene.canvas, 0, 0);
        const [r, g, b] = context.getImageData(copy.width >> 1, copy.height >> 1, 1, 1).data;
        resolve({ inAnimationFrame, centre: (r! + g! + b!) / 3 });
      }, { once: true });
    });
    scene.append(mesh);
    const frame = await shown;
    assert(!frame.inAnimationFrame, 'the frame that shows the model is drawn when the model is ready, outside an animation frame');
    assert(frame.centre > 40, `that frame shows the model at the centre: brightness ${frame.centre}`);
  });

  it('refuses an unknown loading value and keeps the previous one', async () => {
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('loading', 'eager');
    mesh.setAttribute('loading', 'soon');
    assertEqual(mesh.loading, 'eager');
    mesh.removeAttribute('loading');
    assert(mesh.loading === 'lazy', 'removing it restores lazy');
  });
});
