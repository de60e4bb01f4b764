// Features a page may not use load their code on first use: a page with only a box fetches none of it, and a
// value set or an element removed while the code is still on its way is handled when it arrives. The chunks are
// held back with Playwright routing (layerw-hold-url), so "before it arrives" is a state the test controls. The
// tests share one page and each chunk loads once per page: the box test runs first.
import { executeServerCommand } from '@web/test-runner-commands';
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { makeModel, serve } from '../helpers/models.js';
import { makeSkinnedModel } from '../helpers/animated-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';

/** The modules of features a box does not use, as the page requests them. */
const FEATURE_MODULES = [
  '/components/animation-player.ts',
  '/components/model-request.ts',
  '/components/shape-images.ts',
  '/components/scene-keyboard.ts',
  '/src/engine/labels/scene-labels.ts',
  '/src/engine/scene-tweens.ts',
  '/src/engine/scene-models.ts',
  '/src/systems/scene-systems.ts',
];

function requested(module: string): boolean {
  return performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname === module);
}

/** Waits until the page has asked for `pattern` (held back), or fails after `timeoutMs`. */
async function heldBack(pattern: string, timeoutMs = 20000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while ((await executeServerCommand<number, { pattern: string }>('layerw-held-url', { pattern })) === 0) {
    if (performance.now() > end) throw new Error(`nothing asked for ${pattern} within ${timeoutMs} ms`);
    await frames(2);
  }
}

const LIGHTS = `<layerw-light type="ambient" intensity="0.4"></layerw-light>
  <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2.5"></layerw-light>`;

describe('features loaded on first use', function () {
  this.timeout(120_000);

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws a page with only a box without fetching the code of any other feature', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 3" environment="none">${LIGHTS}
      <layerw-mesh geometry="box" color="red" rotation="20 30 0"></layerw-mesh></layerw-scene>`, 64, 64);
    await frames(10);
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r > 2 * g && r > 2 * b, `the box is drawn: ${r} ${g} ${b}`);
    for (const module of FEATURE_MODULES) assert(!requested(module), `${module} was fetched`);
  });

  it('shows a model whose src was set before the model code arrives, and asks nothing for a mesh removed meanwhile', async () => {
    const pattern = '**/components/model-request.ts*';
    await executeServerCommand('layerw-hold-url', { pattern });
    const url = serve(await makeModel({ color: [0.1, 0.9, 0.2, 1] }));
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="1.6 1.4 2.2" camera-target="0 0 0" environment="none">
      <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 64, 64);
    const [kept, removed] = [0, 5].map((x) => {
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('position', `${x} 0 0`);
      mesh.setAttribute('loading', 'eager');
      mesh.setAttribute('src', url);
      return mesh;
    }) as [LayerWMesh, LayerWMesh];
    const errors = collectErrors(kept);
    let removedEvents = 0;
    for (const type of ['load', 'progress']) removed.addEventListener(type, () => removedEvents++);
    scene.append(kept, removed);
    await heldBack(pattern);
    kept.setAttribute('loading', 'soon');
    assertEqual(errors.length, 1, 'a bad loading value is refused at once, before the code is here');
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
    assertEqual(kept.loading, 'eager', 'the previous value is kept');
    removed.remove();
    const drawn = new Promise((resolve) => kept.addEventListener('load', resolve, { once: true }));
    assertEqual(await executeServerCommand<number, { pattern: string }>('layerw-release-url', { pattern }), 1, 'one request for the model code');
    await drawn;
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(g > 2 * r && g > 2 * b, `the model set before the code arrived is drawn: ${r} ${g} ${b}`);
    await frames(5);
    assertEqual(removedEvents, 0, 'the removed mesh asked for nothing and hears nothing');
    assertEqual(errors.length, 1, 'and the kept one reports nothing more');
  });

  it('applies animation values set before the player code arrives, and attaches nothing for a mesh removed meanwhile', async () => {
    const pattern = '**/components/animation-player.ts*';
    await executeServerCommand('layerw-hold-url', { pattern });
    const url = serve(await makeSkinnedModel());
    const scene = await mountScene(`<layerw-scene background="#202830" camera-position="0 1 6" camera-target="0 1 0">${LIGHTS}</layerw-scene>`, 96, 96);
    const [kept, removed] = [-1, 1].map((x) => {
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('position', `${x} 0 0`);
      mesh.setAttribute('animation', 'bend');
      mesh.setAttribute('src', url);
      return mesh;
    }) as [LayerWMesh, LayerWMesh];
    const errors = collectErrors(kept);
    const removedErrors = collectErrors(removed);
    let removedLoads = 0;
    removed.addEventListener('load', () => removedLoads++);
    const keptLoad = new Promise((resolve) => kept.addEventListener('load', resolve, { once: true }));
    scene.append(kept, removed);
    await heldBack(pattern);
    // The models are ready and wait for the player: set values now, and take one mesh away.
    kept.loop = 'once';
    kept.animationSpeed = '8';
    kept.setAttribute('loop', 'sideways');
    assertEqual(errors.length, 1, 'a bad value is refused at once, before the code is here');
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
    assertEqual(kept.loop, 'once', 'the previous value is kept');
    removed.remove();
    assertEqual(await executeServerCommand<number, { pattern: string }>('layerw-release-url', { pattern }), 1, 'one request for the player');
    await keptLoad;
    const animation = scene.runtime!.models!.animation!;
    assertEqual(animation.instanceCount, 1, 'one record: none for the mesh removed before the code arrived');
    assertEqual(kept.animations.join(','), 'bend,sway', 'the player serves the clip names');
    assertEqual(kept.paused, true, 'not playing until asked');
    const finished = new Promise((resolve) => kept.addEventListener('finished', resolve, { once: true }));
    kept.play();
    await finished;
    assertEqual(kept.currentTime, 2, 'played once to the end at the speed set before: the loop value reached the player');
    await frames(5);
    assertEqual(removedLoads, 0, 'the removed mesh hears nothing');
    assertEqual(removedErrors.length, 0, 'and reports nothing');
    kept.remove();
    assertEqual(animation.instanceCount, 0, 'every record freed');
  });

  it('shows images set before the texture code arrives, and asks nothing for a mesh removed meanwhile', async () => {
    const pattern = '**/components/shape-images.ts*';
    await executeServerCommand('layerw-hold-url', { pattern });
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 8;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#20e040';
    context.fillRect(0, 0, 8, 8);
    const image = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    const imageUrl = URL.createObjectURL(image);
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 2.2" environment="none">
      <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 64, 64);
    const kept = document.createElement('layerw-mesh');
    kept.setAttribute('geometry', 'plane');
    kept.setAttribute('rotation', '90 0 0');
    kept.setAttribute('loading', 'eager');
    const removed = document.createElement('layerw-mesh');
    removed.setAttribute('position', '5 0 0');
    removed.setAttribute('texture', imageUrl);
    let removedLoads = 0;
    removed.addEventListener('load', () => removedLoads++);
    const errors = collectErrors(kept);
    scene.append(kept, removed);
    kept.texture = imageUrl;
    await heldBack(pattern);
    kept.textureRepeat = '2 2';
    kept.setAttribute('texture-repeat', '0 1');
    assertEqual(errors.length, 1, 'a bad repeat is refused at once, before the code is here');
    assertEqual(kept.textureRepeat.join(' '), '2 2', 'the previous repeat is kept');
    removed.remove();
    await frames(3);
    const [r0, g0] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r0 > 150 && g0 > 150, `untextured (white) while the code is on its way: ${r0} ${g0}`);
    const drawn = new Promise((resolve) => kept.addEventListener('load', resolve, { once: true }));
    await executeServerCommand('layerw-release-url', { pattern });
    await drawn;
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(g > 2 * r && g > 2 * b, `the image set before the code arrived is drawn: ${r} ${g} ${b}`);
    await frames(5);
    assertEqual(removedLoads, 0, 'the removed mesh asked for nothing and hears nothing');
    URL.revokeObjectURL(imageUrl);
  });
});
