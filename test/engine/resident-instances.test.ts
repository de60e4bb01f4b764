import { assert, assertEqual } from '../assert.js';
import { capture, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import { INSTANCE_BYTES } from '../../src/gpu/frame-input.js';

function grid(count: number): string {
  let meshes = '';
  for (let i = 0; i < count; i++) {
    meshes += `<layerw-mesh geometry="box" scale="0.3" color="#808080" position="${((i % 10) - 4.5) * 0.7} ${(Math.floor(i / 10) - 2) * 0.7} 0"></layerw-mesh>`;
  }
  return `<layerw-scene background="#000000" camera-position="0 0 9"><layerw-light type="ambient" intensity="1"></layerw-light>${meshes}</layerw-scene>`;
}

describe('instances resident on the GPU', () => {
  afterEach(unmountAll);

  it('uploads nothing for a frame where nothing changed', async () => {
    const scene = await mountScene(grid(50), 96, 96);
    capture(scene);
    capture(scene);
    assertEqual(scene.stats.uploadedBytes, 0, 'a still scene writes no bytes');
    assertEqual(scene.stats.visible, 50);
  });

  it('uploads only the slots that moved or changed colour, and draws them where they are now', async () => {
    const scene = await mountScene(grid(50), 96, 96);
    capture(scene);
    const meshes = [...scene.querySelectorAll<LayerWMesh>('layerw-mesh')];
    meshes[0]!.position = [0, 0, 3];
    meshes[0]!.scale = 1;
    meshes[49]!.color = 'red';
    const image = capture(scene);
    // Two single-slot ranges: far apart in slot order, so they are not merged. The visible list is the same.
    assertEqual(scene.stats.uploadedBytes, 2 * INSTANCE_BYTES, 'two instances and nothing else');
    const [r, g] = pixelAt(image, 0.5, 0.5);
    assert(r! > 60 && Math.abs(r! - g!) < 8, `the moved box covers the centre (${r}, ${g})`);
    capture(scene);
    assertEqual(scene.stats.uploadedBytes, 0, 'and nothing the frame after');
  });

  it('uploads the changed span of the visible list when an object leaves the view', async () => {
    const scene = await mountScene(grid(50), 96, 96);
    capture(scene);
    const meshes = [...scene.querySelectorAll<LayerWMesh>('layerw-mesh')];
    meshes[20]!.position = [0, 500, 0];
    capture(scene);
    assertEqual(scene.stats.visible, 49);
    const uploaded = scene.stats.uploadedBytes;
    assert(uploaded >= INSTANCE_BYTES + 4 && uploaded <= INSTANCE_BYTES + 4 * 30,
      `one instance and part of the list (${uploaded} bytes)`);
  });
});
