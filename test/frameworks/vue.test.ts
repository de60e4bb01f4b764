import { createApp, h, nextTick, reactive, type App } from 'vue';
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { unmountAll } from '../helpers/scene.js';
import type { LayerWErrorDetail } from '../../components/layerw-element.js';
import { centre, holdings, isPrimary, makeHolder, sceneIn, SCENE_ATTRIBUTES, until, type ListedMesh } from './framework-scene.js';

describe('Vue 3', () => {
  let holder: HTMLDivElement;
  let app: App;
  let readyCount: number;
  let errors: LayerWErrorDetail[];
  let state: { shown: boolean; color: string; meshes: ListedMesh[] };

  beforeEach(() => {
    holder = makeHolder();
    readyCount = 0;
    errors = [];
    state = reactive({ shown: true, color: '#ff0000', meshes: [{ id: 1, x: 0 }] });
    // The same as `<layerw-scene v-if="shown" @ready="…" @layerw-error="…">` in a template: Vue sets `position`
    // and `scale` as properties because the element has them, and `onLayerwError` listens to `layerw-error`.
    app = createApp({
      render: () =>
        state.shown
          ? h(
            'layerw-scene',
            {
              ...SCENE_ATTRIBUTES,
              onReady: () => readyCount++,
              onLayerwError: (event: CustomEvent<LayerWErrorDetail>) => errors.push(event.detail),
            },
            [
              h('layerw-light', { type: 'ambient', intensity: 1 }),
              ...state.meshes.map((mesh) =>
                h('layerw-mesh', { key: mesh.id, geometry: 'box', position: [mesh.x, 0, 0], scale: 1.5, color: state.color, emissive: state.color }),
              ),
            ],
          )
          : null,
    });
    app.mount(holder);
  });

  afterEach(() => {
    app.unmount();
    holder.remove();
    unmountAll();
  });

  it('renders the scene and calls the @ready handler', async () => {
    await until(() => readyCount > 0, 'ready');
    const scene = sceneIn(holder);
    assert(isPrimary(centre(scene), 0), `red at the centre, got ${centre(scene)}`);
    assertEqual(holdings(scene).slots, 1);
    assertDeepEqual(errors, []);
  });

  it('carries state changes to the pixels and adds and removes meshes from a list', async () => {
    await until(() => readyCount > 0, 'ready');
    const scene = sceneIn(holder);
    state.color = '#0000ff';
    await nextTick();
    assert(isPrimary(centre(scene), 2), `blue after the state change, got ${centre(scene)}`);
    state.meshes.push({ id: 2, x: 5 }, { id: 3, x: -5 });
    await nextTick();
    assertEqual(holdings(scene).slots, 3);
    state.meshes.splice(0, 2);
    await nextTick();
    assertEqual(holdings(scene).slots, 1);
    assertEqual(scene.querySelectorAll('layerw-mesh').length, 1);
  });

  it('delivers layerw-error events to the @layerw-error handler', async () => {
    await until(() => readyCount > 0, 'ready');
    state.color = 'not-a-colour';
    await nextTick();
    assert(errors.length >= 1, 'the handler saw the error');
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
  });

  it('leaves no slots, GPU bytes or engine clients behind when v-if toggles the scene', async () => {
    state.meshes.push({ id: 2, x: 3 });
    await until(() => readyCount > 0, 'ready');
    centre(sceneIn(holder));
    const first = holdings(sceneIn(holder));
    for (let round = 1; round <= 3; round++) {
      state.shown = false;
      await nextTick();
      assertEqual(holder.querySelector('layerw-scene'), null);
      state.shown = true;
      await nextTick();
      await until(() => readyCount > round, `ready after toggle ${round}`);
      centre(sceneIn(holder));
      assertDeepEqual(holdings(sceneIn(holder)), first, `round ${round}`);
    }
  });
});
