// A model whose decoder cannot be loaded (its worker or its chunk fails to download): LOAD_FAILED naming the decoder,
// and the page keeps working. Each decoder's URL is made to fail through Playwright routing before the page first asks for it,
// so this file runs in its own page with neither loaded.
import { executeServerCommand } from '@web/test-runner-commands';
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { checkerPng, ktx2Image, makeModel, serve } from '../helpers/models.js';
import { collectUncaught } from '../helpers/uncaught.js';
import { ModelStore } from '../../src/engine/model-store.js';

function sceneMarkup(): string {
  return `<layerw-scene background="#202830" camera-position="1.6 1.4 2.2" camera-target="0 0 0" environment="none">
    <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`;
}

describe('decoders that cannot be loaded', function () {
  this.timeout(120_000);
  const uncaught = collectUncaught();

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('reports LOAD_FAILED naming the Basis Universal transcoder when its worker does not load, and draws the model without the texture', async () => {
    const glb = await makeModel({ color: [0.8, 0, 0, 1], baseColorPng: await ktx2Image(await checkerPng(64, '#ffcc00', '#2040ff'), 'uastc'), baseColorType: 'image/ktx2' });
    await executeServerCommand('layerw-block-url', { pattern: '**/basis-worker*' });
    const scene = await mountScene(sceneMarkup(), 96, 72);
    const mesh = document.createElement('layerw-mesh');
    const errors = collectErrors(mesh);
    const drawn = new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
    mesh.setAttribute('src', serve(glb));
    scene.append(mesh);
    await drawn;
    for (let i = 0; i < 200 && errors.length === 0; i++) await frames(1);
    assertEqual(errors.length, 1, errors.map((e) => e.message).join(' | '));
    assertEqual(errors[0]!.code, 'LOAD_FAILED', errors[0]!.message);
    assert(errors[0]!.message.includes('Basis Universal transcoder') && errors[0]!.message.includes('images[0]'), errors[0]!.message);
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r > 2 * g && r > 2 * b, `the model is drawn in its material colour: ${r} ${g} ${b}`);
    assertEqual(uncaught.length, 0, `uncaught: ${uncaught.map(String).join(' | ')}`);
  });

  it('reports LOAD_FAILED naming the Draco decoder when its worker does not load, once, and the page keeps working', async () => {
    const glb = await makeModel({ shape: 'sphere', segments: [8, 6], draco: true });
    await executeServerCommand('layerw-block-url', { pattern: '**/draco-worker*' });
    try {
      const scene = await mountScene(sceneMarkup(), 96, 72);
      const mesh = document.createElement('layerw-mesh');
      const errors = collectErrors(mesh);
      mesh.setAttribute('src', serve(glb));
      scene.append(mesh);
      for (let i = 0; i < 300 && errors.length === 0; i++) await frames(1);
      await frames(10);
      assertEqual(errors.length, 1, errors.map((e) => e.message).join(' | '));
      assertEqual(errors[0]!.code, 'LOAD_FAILED', errors[0]!.message);
      assert(errors[0]!.message.includes('Draco decoder'), errors[0]!.message);
      const box = document.createElement('layerw-mesh');
      box.setAttribute('geometry', 'box');
      box.setAttribute('color', '#ff0000');
      scene.append(box);
      await frames(3);
      const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
      assert(r > 2 * g && r > 2 * b, `the scene still draws: ${r} ${g} ${b}`);
      assertEqual(uncaught.length, 0, `uncaught: ${uncaught.map(String).join(' | ')}`);
    } finally {
      await executeServerCommand('layerw-unblock-url', { pattern: '**/draco-worker*' });
    }
  });

  it('reports LOAD_FAILED naming the Draco decoder when its chunk does not load in the worker', async () => {
    const glb = await makeModel({ shape: 'sphere', segments: [8, 6], draco: true });
    await executeServerCommand('layerw-block-url', { pattern: '**/draco-decoder.js*' });
    const scene = await mountScene(sceneMarkup(), 96, 72);
    const mesh = document.createElement('layerw-mesh');
    const errors = collectErrors(mesh);
    mesh.setAttribute('src', serve(glb));
    scene.append(mesh);
    for (let i = 0; i < 300 && errors.length === 0; i++) await frames(1);
    assertEqual(errors.length, 1, errors.map((e) => e.message).join(' | '));
    assertEqual(errors[0]!.code, 'LOAD_FAILED', errors[0]!.message);
    assert(errors[0]!.message.includes('Draco decoder'), errors[0]!.message);
    assertEqual(uncaught.length, 0, `uncaught: ${uncaught.map(String).join(' | ')}`);
  });
});
