// A scene whose frame kernels (src/wasm/frame-kernels.ts and build/layerw-frame.wasm, the renderer's chunk in the
// package build) cannot be had: the scene reports it on itself, shows its fallback, draws nothing, and nothing
// throws out of the frame loop or an element's callbacks while the page goes on using it. The code and the
// module's bytes fail or wait through Playwright routing, so this file runs in its own page. The code tests run
// first (a module the page has once loaded is not fetched again), and the last test follows a failure of the
// module's bytes: a failure is not kept.
import { executeServerCommand } from '@web/test-runner-commands';
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, pixelAt, unmountAll } from '../helpers/scene.js';
import { collectUncaught } from '../helpers/uncaught.js';
import { Engine } from '../../src/engine/engine.js';
import { loadedRenderer } from '../../src/engine/renderer-code.js';
import type { LayerWErrorDetail } from '../../components/layerw-element.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const RENDERER_CODE = '**/src/gpu/scene-renderer.ts*';
const KERNELS_CODE = '**/src/wasm/frame-kernels.ts*';
const KERNELS_BYTES = '**/build/layerw-frame.wasm*';

const SCENE = `<layerw-scene background="#000000" camera-position="0 0 4" environment="none">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh geometry="box" scale="2" color="red"></layerw-mesh>
  <p slot="fallback">no 3D here</p>
</layerw-scene>`;

/** Puts a scene into the page, without waiting for a frame; returns it with the errors it reports. */
function addScene(): { holder: HTMLElement; scene: LayerWScene; errors: LayerWErrorDetail[] } {
  const holder = document.createElement('div');
  holder.style.cssText = 'position: fixed; left: 0; top: 0; width: 64px; height: 64px;';
  holder.innerHTML = SCENE;
  const scene = holder.querySelector('layerw-scene') as LayerWScene;
  scene.style.cssText = 'width: 64px; height: 64px;';
  const errors = collectErrors(scene);
  document.body.append(holder);
  return { holder, scene, errors };
}

/** Draws frames until `errors` has one, or fails after `timeoutMs`. */
async function firstError(errors: LayerWErrorDetail[], timeoutMs = 30000): Promise<LayerWErrorDetail> {
  const end = performance.now() + timeoutMs;
  while (errors.length === 0) {
    if (performance.now() > end) throw new Error(`no error within ${timeoutMs} ms`);
    await frames(1);
  }
  return errors[0]!;
}

/** Waits until the page has asked for `pattern` (held back), or fails after `timeoutMs`. */
async function heldBack(pattern: string, timeoutMs = 30000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while ((await executeServerCommand<number, { pattern: string }>('layerw-held-url', { pattern })) === 0) {
    if (performance.now() > end) throw new Error(`nothing asked for ${pattern} within ${timeoutMs} ms`);
    await frames(2);
  }
}

/** Waits until the page's device (and, with `renderer`, the renderer's code) is there, or fails after `timeoutMs`. */
async function deviceAndRenderer(renderer = true, timeoutMs = 30000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(Engine.exists && Engine.get().device && (!renderer || loadedRenderer()))) {
    if (performance.now() > end) throw new Error(`no device within ${timeoutMs} ms`);
    await frames(1);
  }
}

/** Whether `scene` shows its fallback box with the page's `slot="fallback"` content in it. */
function fallbackShown(scene: LayerWScene): boolean {
  const fallback = scene.shadowRoot!.querySelector<HTMLElement>('.fallback')!;
  return !fallback.hidden && fallback.querySelector('slot')!.assignedElements()[0]?.textContent === 'no 3D here';
}

/**
 * Uses a scene that cannot draw as a page would: ticks it, adds, changes and removes a mesh, changes the scene's
 * attributes. Returns how many frames it drew meanwhile.
 */
async function useFailedScene(scene: LayerWScene): Promise<number> {
  capture(scene);
  const mesh = document.createElement('layerw-mesh');
  mesh.setAttribute('geometry', 'sphere');
  scene.append(mesh);
  mesh.setAttribute('position', '1 0 0');
  mesh.setAttribute('color', 'blue');
  scene.setAttribute('camera-position', '0 1 5');
  scene.setAttribute('background', '#102030');
  await frames(3);
  mesh.remove();
  await frames(3);
  return scene.stats.frames;
}

/** Takes `holder`'s scene out of the page and puts it back: a new start, which fails as the first did. */
async function reconnected(holder: HTMLElement, errors: LayerWErrorDetail[]): Promise<void> {
  const before = errors.length;
  holder.remove();
  document.body.append(holder);
  const end = performance.now() + 30000;
  while (errors.length === before) {
    if (performance.now() > end) throw new Error('no error after the scene was put back');
    await frames(1);
  }
}

describe('a scene whose frame kernels cannot be had', function () {
  this.timeout(120_000);
  const uncaught = collectUncaught();
  let holder: HTMLElement | null = null;

  afterEach(() => {
    holder?.remove();
    holder = null;
    unmountAll();
  });

  /**
   * Makes the page's requests for `blocked` fail, puts a scene in and checks what the page sees: one error of
   * `code` whose message names `named`, the fallback, no frame while the scene is used, nothing uncaught. With
   * `retried`, the scene is then taken out and put back: it tries again and reports again.
   */
  async function expectFailure(blocked: readonly string[], code: string, named: string, retried: boolean): Promise<void> {
    for (const pattern of blocked) await executeServerCommand('layerw-block-url', { pattern });
    try {
      const added = addScene();
      holder = added.holder;
      const error = await firstError(added.errors);
      assertEqual(error.code, code, error.message);
      assert(error.message.includes(named), error.message);
      assert(fallbackShown(added.scene), 'the fallback is shown');
      await deviceAndRenderer(!blocked.includes(RENDERER_CODE));
      assertEqual(await useFailedScene(added.scene), 0, 'no frame is drawn');
      assert(fallbackShown(added.scene), 'the fallback stays when the device arrives and the scene is used');
      assertEqual(added.errors.length, 1, `reported once: ${added.errors.map((e) => e.message).join(' | ')}`);
      if (retried) {
        await reconnected(added.holder, added.errors);
        assertEqual(added.errors.map((e) => e.code).join(), `${code},${code}`, 'put back, the scene tried again and reported again');
        assert(fallbackShown(added.scene), 'and shows the fallback');
        assertEqual(added.scene.stats.frames, 0, 'no frame is drawn');
      }
      assertEqual(uncaught.length, 0, `uncaught: ${uncaught.map(String).join(' | ')}`);
    } finally {
      for (const pattern of blocked) await executeServerCommand('layerw-unblock-url', { pattern });
    }
  }

  it('reports one LOAD_FAILED when neither the renderer\'s code nor the kernels\' load (one chunk in the package build)', async () => {
    await expectFailure([RENDERER_CODE, KERNELS_CODE], 'LOAD_FAILED', 'could not be loaded', false);
  });

  it('reports LOAD_FAILED on the scene and shows the fallback when the kernels\' code does not load', async () => {
    await expectFailure([KERNELS_CODE], 'LOAD_FAILED', 'frame kernels', true);
  });

  it('reports WASM_UNAVAILABLE on the scene and shows the fallback when the module\'s bytes cannot be had', async () => {
    await expectFailure([KERNELS_BYTES], 'WASM_UNAVAILABLE', 'layerw-frame.wasm', true);
  });

  it('draws no frame while the module is on its way, and draws once it arrives: a failure is not kept', async () => {
    await executeServerCommand('layerw-hold-url', { pattern: KERNELS_BYTES });
    const added = addScene();
    holder = added.holder;
    const ready = new Promise((resolve) => added.scene.addEventListener('ready', resolve, { once: true }));
    await heldBack(KERNELS_BYTES);
    await deviceAndRenderer();
    capture(added.scene);
    await frames(5);
    assertEqual(added.scene.stats.frames, 0, 'no frame before the kernels');
    assertEqual(await executeServerCommand<number, { pattern: string }>('layerw-release-url', { pattern: KERNELS_BYTES }), 1, 'one request for the module');
    await ready;
    const [r, g, b] = pixelAt(capture(added.scene), 0.5, 0.5);
    assert(r > 2 * g && r > 2 * b, `the box is drawn: ${r} ${g} ${b}`);
    assert(!fallbackShown(added.scene), 'no fallback');
    assertEqual(added.errors.length, 0, added.errors.map((e) => e.message).join(' | '));
    assertEqual(uncaught.length, 0, `uncaught: ${uncaught.map(String).join(' | ')}`);
  });
});
