// An animated model whose player chunk cannot be loaded (its file fails to download): LOAD_FAILED on the mesh, and
// the scene goes on without the model's clock. (An animated model without a clock record is not drawn moved, as when
// its record does not fit in the mesh region: it does not show.) The chunk's URL fails through Playwright routing before the page first asks for
// it, so this file runs in its own page with the player never loaded.
import { executeServerCommand } from '@web/test-runner-commands';
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { serve } from '../helpers/models.js';
import { makeTravellingModel } from '../helpers/animated-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';

describe('an animation player that cannot be loaded', function () {
  this.timeout(120_000);

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('reports LOAD_FAILED once, takes no clock record, and the scene keeps drawing', async () => {
    await executeServerCommand('layerw-block-url', { pattern: '**/components/animation-player.ts*' });
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4" camera-target="0 0 0" fov="30" environment="none">
      <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 64, 64);
    const mesh = document.createElement('layerw-mesh') as LayerWMesh;
    const errors = collectErrors(mesh);
    const drawn = new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
    mesh.setAttribute('autoplay', '');
    mesh.setAttribute('src', serve(await makeTravellingModel()));
    scene.append(mesh);
    await drawn;
    assertEqual(errors.length, 1, errors.map((e) => e.message).join(' | '));
    assertEqual(errors[0]!.code, 'LOAD_FAILED');
    assert(errors[0]!.message.includes('animation code'), errors[0]!.message);
    assertEqual(scene.runtime!.models!.animation?.instanceCount ?? 0, 0, 'no clock record without the player');
    capture(scene);
    await frames(3);
    assertEqual(errors.length, 1, 'reported once');
  });
});
