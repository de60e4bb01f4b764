import { createElement, StrictMode, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { unmountAll } from '../helpers/scene.js';
import type { LayerWErrorDetail } from '../../components/layerw-element.js';
import { centre, holdings, isPrimary, makeHolder, sceneIn, SCENE_ATTRIBUTES, until, type ListedMesh } from './framework-scene.js';

interface AppProps {
  color: string;
  meshes: ListedMesh[];
  onReady: () => void;
  onError: (detail: LayerWErrorDetail) => void;
}

// React 19 sets a property when the element has one (`position` as an array, `scale` as a number) and an attribute
// otherwise, and binds `on<event>` props to events of that exact name.
function App({ color, meshes, onReady, onError }: AppProps): ReactNode {
  return createElement(
    'layerw-scene',
    {
      ...SCENE_ATTRIBUTES,
      style: { display: 'block', width: 64, height: 64 },
      onready: onReady,
      'onlayerw-error': (event: CustomEvent<LayerWErrorDetail>) => onError(event.detail),
    },
    createElement('layerw-light', { type: 'ambient', intensity: 1 }),
    ...meshes.map((mesh) =>
      createElement('layerw-mesh', { key: mesh.id, geometry: 'box', position: [mesh.x, 0, 0], scale: 1.5, color, emissive: color }),
    ),
  );
}

describe('React 19', () => {
  let holder: HTMLDivElement;
  let root: Root;
  let readyCount: number;
  let errors: LayerWErrorDetail[];
  const props = (color: string, meshes: ListedMesh[]): AppProps => ({
    color,
    meshes,
    onReady: () => readyCount++,
    onError: (detail) => errors.push(detail),
  });
  const render = async (color: string, meshes: ListedMesh[]): Promise<void> => {
    flushSync(() => root.render(createElement(StrictMode, null, createElement(App, props(color, meshes)))));
    await Promise.resolve();
  };

  beforeEach(() => {
    holder = makeHolder();
    root = createRoot(holder);
    readyCount = 0;
    errors = [];
  });

  afterEach(() => {
    root.unmount();
    holder.remove();
    unmountAll();
  });

  it('renders the scene in StrictMode and calls onready once', async () => {
    await render('#ff0000', [{ id: 1, x: 0 }]);
    await until(() => readyCount > 0, 'ready');
    const scene = sceneIn(holder);
    assert(isPrimary(centre(scene), 0), `red at the centre, got ${centre(scene)}`);
    assertEqual(readyCount, 1);
    assertEqual(holdings(scene).slots, 1, 'StrictMode double effects leave one slot per mesh');
    assertDeepEqual(errors, []);
  });

  it('carries state changes to the pixels and adds and removes meshes from a list', async () => {
    await render('#ff0000', [{ id: 1, x: 0 }]);
    await until(() => readyCount > 0, 'ready');
    const scene = sceneIn(holder);
    await render('#00ff00', [{ id: 1, x: 0 }]);
    assert(isPrimary(centre(scene), 1), `green after the state change, got ${centre(scene)}`);
    await render('#00ff00', [{ id: 1, x: 0 }, { id: 2, x: 5 }, { id: 3, x: -5 }]);
    assertEqual(holdings(scene).slots, 3);
    await render('#00ff00', [{ id: 3, x: 0 }]);
    assertEqual(holdings(scene).slots, 1);
    assertEqual(scene.querySelectorAll('layerw-mesh').length, 1);
    assert(isPrimary(centre(scene), 1), `the remaining mesh is drawn, got ${centre(scene)}`);
  });

  it('delivers layerw-error events to the onlayerw-error prop', async () => {
    await render('#ff0000', [{ id: 1, x: 0 }]);
    await until(() => readyCount > 0, 'ready');
    await render('not-a-colour', [{ id: 1, x: 0 }]);
    assert(errors.length >= 1, 'the handler saw the error');
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
    assert(isPrimary(centre(sceneIn(holder)), 0), 'the mesh keeps its previous colour');
  });

  it('leaves no slots, GPU bytes or engine clients behind over unmount and remount', async () => {
    await render('#ff0000', [{ id: 1, x: 0 }, { id: 2, x: 3 }]);
    await until(() => readyCount > 0, 'ready');
    centre(sceneIn(holder));
    const first = holdings(sceneIn(holder));
    for (let round = 0; round < 3; round++) {
      root.unmount();
      assertEqual(holder.childElementCount, 0);
      root = createRoot(holder);
      readyCount = 0;
      await render('#ff0000', [{ id: 1, x: 0 }, { id: 2, x: 3 }]);
      await until(() => readyCount > 0, `ready after remount ${round}`);
      centre(sceneIn(holder));
      assertDeepEqual(holdings(sceneIn(holder)), first, `round ${round}`);
    }
  });
});
