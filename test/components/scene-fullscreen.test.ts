import { executeServerCommand, resetMouse, sendMouse } from '@web/test-runner-commands';
import { assert, assertEqual } from '../assert.js';
import { capture, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const MARKUP = `<layerw-scene quality="high" background="#000000" camera-position="0 0 4">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh geometry="box" color="white"></layerw-mesh>
</layerw-scene>`;

function once(target: EventTarget, type: string, timeoutMs = 10000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} in ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Waits until the canvas's backing store is its CSS size times `ratio` (the scene resizes on its next frame). */
async function sizedAt(scene: LayerWScene, ratio: number): Promise<void> {
  const want = () => [Math.round(scene.canvas.clientWidth * ratio), Math.round(scene.canvas.clientHeight * ratio)];
  for (let i = 0; i < 100; i++) {
    const [width, height] = want();
    if (scene.canvas.width === width && scene.canvas.height === height) return;
    await frames(1);
  }
  const [width, height] = want();
  assertEqual(`${scene.canvas.width}×${scene.canvas.height}`, `${width}×${height}`, `backing store at ${ratio}× the CSS size`);
}

describe('<layerw-scene> in fullscreen and at other pixel ratios', () => {
  afterEach(async () => {
    await resetMouse();
    if (document.fullscreenElement) await document.exitFullscreen();
    await executeServerCommand('layerw-pixel-ratio', { ratio: null });
    unmountAll();
  });

  it("fills the screen at full resolution through the element's own requestFullscreen(), and returns after exit", async () => {
    // At twice the pixels of CSS, so the test sees the backing store follow both the size and the ratio.
    await executeServerCommand('layerw-pixel-ratio', { ratio: 2 });
    const scene = await mountScene(MARKUP, 200, 120);
    const ratio = 2;
    await sizedAt(scene, ratio);
    assertEqual(scene.canvas.width, Math.round(200 * ratio));
    // Fullscreen needs a user's gesture: a real click asks for it.
    scene.addEventListener('click', () => void scene.requestFullscreen(), { once: true });
    const entered = once(document, 'fullscreenchange');
    await sendMouse({ type: 'click', position: [20, 20] });
    await entered;
    assert(document.fullscreenElement === scene, 'the scene is the fullscreen element');
    assertEqual(scene.canvas.clientWidth, innerWidth, 'the canvas spans the screen');
    assertEqual(scene.canvas.clientHeight, innerHeight);
    assert(innerWidth > 200 && innerHeight > 120, `the screen is larger than the scene: ${innerWidth}×${innerHeight}`);
    await sizedAt(scene, ratio);
    const image = capture(scene);
    assertEqual(image.width, Math.round(innerWidth * ratio), 'a frame at the new size');
    assert(pixelAt(image, 0.5, 0.5)[0] > 100, 'the box is drawn in the middle');
    assertEqual(pixelAt(image, 0.02, 0.5)[0], 0, 'background at the edge');

    const left = once(document, 'fullscreenchange');
    await document.exitFullscreen();
    await left;
    await sizedAt(scene, ratio);
    assertEqual(scene.canvas.width, Math.round(200 * ratio), 'back to its own width');
    assertEqual(scene.canvas.height, Math.round(120 * ratio), 'and height');
  });

  it('sizes its backing store by the device pixel ratio, capped by max-pixel-ratio', async () => {
    // The ratio is emulated before the scene starts: under this emulation the page gets no media query change
    // or resize event when the ratio changes later, so a live change is not what this test can show.
    await executeServerCommand('layerw-pixel-ratio', { ratio: 1.5 });
    assertEqual(devicePixelRatio, 1.5);
    const sharp = await mountScene(MARKUP, 200, 120);
    await sizedAt(sharp, 1.5);
    unmountAll();
    await executeServerCommand('layerw-pixel-ratio', { ratio: 3 });
    const capped = await mountScene(MARKUP, 200, 120);
    await sizedAt(capped, 2);
    capped.maxPixelRatio = 2.5;
    await sizedAt(capped, 2.5);
    capped.maxPixelRatio = 8;
    await sizedAt(capped, 3);
  });
});
