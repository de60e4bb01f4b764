import { assert, assertEqual } from '../assert.js';
import { capture, mountScene, unmountAll } from '../helpers/scene.js';
import { compareImages } from '../helpers/golden.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const sceneWith = (boxX: number): string => `<layerw-scene background="#203040" camera-position="0 3 5" camera-target="0 0 0" quality="high">
  <layerw-light type="ambient" intensity="0.3"></layerw-light>
  <layerw-light type="directional" direction="-1 -2 -0.5" intensity="2"></layerw-light>
  <layerw-mesh geometry="plane" scale="8" color="#c0c0c0"></layerw-mesh>
  <layerw-mesh geometry="box" position="${boxX} 0.5 0" color="tomato"></layerw-mesh>
</layerw-scene>`;

function shadowBytes(scene: LayerWScene): number {
  return scene.stats.gpuBytes;
}

describe('shadow maps shared by the scenes of a device', () => {
  afterEach(unmountAll);

  it('draws each scene as it draws alone, with one map for both', async () => {
    const left = await mountScene(sceneWith(-1), 96, 96);
    const aloneLeft = capture(left);
    const aloneBytes = shadowBytes(left);
    unmountAll();

    const right = await mountScene(sceneWith(1), 96, 96);
    const aloneRight = capture(right);
    unmountAll();

    const a = await mountScene(sceneWith(-1), 96, 96);
    const b = await mountScene(sceneWith(1), 96, 96);
    // Interleave: b's shadow pass writes the shared map between a's frames.
    capture(a);
    capture(b);
    const togetherLeft = capture(a);
    const togetherRight = capture(b);
    assertEqual(compareImages(togetherLeft, aloneLeft, 2).differing, 0, 'the left scene draws as it does alone');
    assertEqual(compareImages(togetherRight, aloneRight, 2).differing, 0, 'the right scene draws as it does alone');
    assert(compareImages(aloneLeft, aloneRight, 2).differing > 50, 'the two scenes differ, so mixing would show');
    // Every shared resource (map, environment, built-in geometry) counts half in each scene now.
    const mapBytes = 2048 * 2048 * 4;
    const saved = aloneBytes - shadowBytes(a);
    assert(saved >= mapBytes / 2, `each scene counts at most half the shared 2048² map (saved ${saved} bytes)`);
    const added = shadowBytes(a) + shadowBytes(b) - aloneBytes;
    assert(added < mapBytes / 4, `the second scene adds its own targets, not a second map (${added} bytes)`);
  });
});
