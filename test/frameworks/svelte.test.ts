import { flushSync, mount, unmount } from 'svelte';
import SvelteScene from './SvelteScene.svelte';
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { unmountAll } from '../helpers/scene.js';
import type { LayerWErrorDetail } from '../../components/layerw-element.js';
import { centre, holdings, isPrimary, makeHolder, sceneIn, until, type ListedMesh } from './framework-scene.js';

/** What SvelteScene.svelte exports. */
interface SceneApp {
  setShown(value: boolean): void;
  setColor(value: string): void;
  setMeshes(value: ListedMesh[]): void;
}

describe('Svelte 5', () => {
  let holder: HTMLDivElement;
  let app: SceneApp;
  let readyCount: number;
  let errors: LayerWErrorDetail[];

  beforeEach(() => {
    holder = makeHolder();
    readyCount = 0;
    errors = [];
    app = mount(SvelteScene, {
      target: holder,
      props: {
        onready: () => readyCount++,
        onerror: (event: CustomEvent<LayerWErrorDetail>) => errors.push(event.detail),
      },
    }) as unknown as SceneApp;
    flushSync();
  });

  afterEach(() => {
    void unmount(app as unknown as Record<string, unknown>);
    holder.remove();
    unmountAll();
  });

  it('renders the scene (compiled by svelte/compiler) and calls onready', async () => {
    await until(() => readyCount > 0, 'ready');
    const scene = sceneIn(holder);
    assert(isPrimary(centre(scene), 0), `red at the centre, got ${centre(scene)}`);
    assertEqual(holdings(scene).slots, 1);
    assertDeepEqual(errors, []);
  });

  it('carries state changes to the pixels and adds and removes meshes in a keyed each', async () => {
    await until(() => readyCount > 0, 'ready');
    const scene = sceneIn(holder);
    app.setColor('#00ff00');
    flushSync();
    assert(isPrimary(centre(scene), 1), `green after the state change, got ${centre(scene)}`);
    app.setMeshes([{ id: 1, x: 0 }, { id: 2, x: 5 }, { id: 3, x: -5 }]);
    flushSync();
    assertEqual(holdings(scene).slots, 3);
    for (let round = 0; round < 3; round++) {
      app.setMeshes([{ id: 10 + round, x: 0 }]);
      flushSync();
      assertEqual(holdings(scene).slots, 1, `round ${round}: one slot for one mesh`);
    }
    assertEqual(scene.querySelectorAll('layerw-mesh').length, 1);
    assert(isPrimary(centre(scene), 1), `the remaining mesh is drawn, got ${centre(scene)}`);
  });

  it('delivers layerw-error events to the onlayerw-error handler', async () => {
    await until(() => readyCount > 0, 'ready');
    app.setColor('not-a-colour');
    flushSync();
    assert(errors.length >= 1, 'the handler saw the error');
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
  });

  it('leaves no slots, GPU bytes or engine clients behind when {#if} toggles the scene', async () => {
    app.setMeshes([{ id: 1, x: 0 }, { id: 2, x: 3 }]);
    flushSync();
    await until(() => readyCount > 0, 'ready');
    centre(sceneIn(holder));
    const first = holdings(sceneIn(holder));
    for (let round = 1; round <= 3; round++) {
      app.setShown(false);
      flushSync();
      assertEqual(holder.querySelector('layerw-scene'), null);
      app.setShown(true);
      flushSync();
      await until(() => readyCount > round, `ready after toggle ${round}`);
      centre(sceneIn(holder));
      assertDeepEqual(holdings(sceneIn(holder)), first, `round ${round}`);
    }
  });
});
