// The user component columns come with the systems chunk, which the first defineComponent fetches: a component
// value set on an element while that chunk is on its way stays on the element and reaches the columns when it
// arrives. The chunk is held back with Playwright routing (layerw-hold-url); it loads once per page, so this file
// defines no component before the test does.
import { executeServerCommand } from '@web/test-runner-commands';
import { assert, assertEqual } from '../assert.js';
import { frames, mountScene, unmountAll } from '../helpers/scene.js';
import { defineComponent } from '../../src/index.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';

const PATTERN = '**/src/systems/scene-systems.ts*';

async function heldBack(timeoutMs = 20000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while ((await executeServerCommand<number, { pattern: string }>('layerw-held-url', { pattern: PATTERN })) === 0) {
    if (performance.now() > end) throw new Error(`nothing asked for ${PATTERN} within ${timeoutMs} ms`);
    await frames(2);
  }
}

describe('user components before their code arrives', function () {
  this.timeout(120_000);
  afterEach(unmountAll);

  it('keeps values set while the systems chunk loads and writes them to the columns when it arrives', async () => {
    await executeServerCommand('layerw-hold-url', { pattern: PATTERN });
    const scene = await mountScene(`<layerw-scene camera-position="0 0 6">
      <layerw-mesh id="a" geometry="box" position="0 1 0"></layerw-mesh>
      <layerw-mesh id="b" geometry="box" position="0 -1 0"></layerw-mesh></layerw-scene>`);
    const [a, b] = ['a', 'b'].map((id) => scene.querySelector<LayerWMesh>(`#${id}`)!);
    assert(scene.runtime!.memoryReady, 'the scene\'s memory is ready');
    assertEqual(scene.runtime!.components, undefined, 'no component columns before a component is defined');

    defineComponent('heat', { default: 1, attribute: 'heat' });
    await heldBack();
    a.setAttribute('heat', '4');
    b.setComponent('heat', 2.5);
    // Component attributes reach their element through a MutationObserver: a microtask later.
    await frames(1);
    assertEqual(scene.runtime!.components, undefined, 'the columns wait for their code');
    assertEqual(a.getComponent('heat'), 4, 'the element holds the value meanwhile');
    assertEqual(b.getComponent('heat'), 2.5);

    assertEqual(await executeServerCommand<number, { pattern: string }>('layerw-release-url', { pattern: PATTERN }), 1, 'one request for the systems code');
    const end = performance.now() + 20000;
    while (!scene.runtime!.components && performance.now() < end) await frames(1);
    const components = scene.runtime!.components;
    assert(components, 'the columns are made when the code arrives');
    // Each box sits apart: its slot is the one whose position column holds its y.
    const positions = scene.runtime!.walloc!.columns.float.position;
    const slotOf = (mesh: LayerWMesh): number => {
      for (let s = 0; s < scene.runtime!.walloc!.core.slotEnd(); s++) if (positions[s * 3 + 1] === mesh.position[1]) return s;
      throw new Error('no slot for the mesh');
    };
    const heat = components.column('heat');
    assertEqual(heat[slotOf(a)], 4, 'the attribute set meanwhile is in the column');
    assertEqual(heat[slotOf(b)], 2.5, 'and the value set with setComponent');
    a.removeAttribute('heat');
    await frames(1);
    assertEqual(components.column('heat')[slotOf(a)], 1, 'removing the attribute writes the default');
  });
});
