import { assert, assertEqual } from '../assert.js';
import { frames, unmountAll } from '../helpers/scene.js';
import { makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

/** A scene far below the viewport (ten viewports down), with one mesh showing `url` with `loading`. */
async function farScene(url: string, loading: string | null): Promise<{ holder: HTMLElement; scene: LayerWScene }> {
  const holder = document.createElement('div');
  holder.style.cssText = `position: absolute; left: 0; top: ${innerHeight * 10}px; width: 64px; height: 64px;`;
  holder.innerHTML = '<layerw-scene style="width: 64px; height: 64px"><layerw-mesh></layerw-mesh></layerw-scene>';
  const mesh = holder.querySelector('layerw-mesh')!;
  if (loading !== null) mesh.setAttribute('loading', loading);
  mesh.setAttribute('src', url);
  document.body.append(holder);
  const scene = holder.querySelector('layerw-scene') as LayerWScene;
  for (let i = 0; i < 100 && !scene.runtime?.memoryReady; i++) await frames(1);
  return { holder, scene };
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
    const far = await farScene(url, null);
    holder = far.holder;
    assertEqual(far.scene.querySelector('layerw-mesh')!.loading, 'lazy');
    await frames(10);
    assertEqual(ModelStore.get().loadsStarted, before, 'nothing loaded while the scene is far from the viewport');
    const loaded = new Promise((resolve) => far.scene.addEventListener('load', resolve, { once: true }));
    holder.style.top = `${innerHeight + 20}px`; // just below the fold: near, not yet visible
    for (let i = 0; i < 100 && ModelStore.get().loadsStarted === before; i++) await frames(1);
    assertEqual(ModelStore.get().loadsStarted, before + 1, 'near the viewport, the load starts');
    holder.style.top = '0px';
    await loaded;
  });

  it('loads at once with loading="eager", far from the viewport', async () => {
    const url = serve(await makeModel());
    const before = ModelStore.get().loadsStarted;
    const far = await farScene(url, 'eager');
    holder = far.holder;
    for (let i = 0; i < 100 && ModelStore.get().loadsStarted === before; i++) await frames(1);
    assertEqual(ModelStore.get().loadsStarted, before + 1);
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
