import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, loaded, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { compareImages } from '../helpers/golden.js';
import { makeModel, serve } from '../helpers/models.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const MiB = 1024 * 1024;
const START = 4 * MiB;

/** `count` small boxes on a 100-wide grid facing the camera, starting at box `from`. */
function boxes(from: number, count: number): string {
  let markup = '';
  for (let i = from; i < from + count; i++) {
    const x = ((i % 100) - 49.5) * 0.1;
    const y = (Math.floor(i / 100) - 49.5) * 0.1;
    markup += `<layerw-mesh geometry="box" scale="0.07" position="${x.toFixed(2)} ${y.toFixed(2)} 0" color="hsl(${(i * 7) % 360}, 70%, 55%)"></layerw-mesh>`;
  }
  return markup;
}

function gridScene(budget: string, count: number): string {
  return `<layerw-scene memory-budget="${budget}" background="#000000" camera-position="0 0 14" quality="low" shadow-intensity="0">
    <layerw-light type="ambient" intensity="1"></layerw-light>${boxes(0, count)}</layerw-scene>`;
}

describe('a scene whose content outgrows its first memory', () => {
  afterEach(unmountAll);

  it('holds 10,000 meshes with memory-budget="auto", growing its slots, and draws them as a 64 MB scene does', async () => {
    const count = 10_000;
    const scene = await mountScene(gridScene('auto', 100), 200, 200);
    const errors = collectErrors(scene);
    const walloc = scene.runtime!.walloc!;
    assertEqual(scene.stats.reservedBytes, START, 'an auto scene starts at 4 MiB');
    const first = walloc.columns.capacity;
    assert(first < count, `the first layout holds ${first} slots, fewer than ${count}`);
    // Appended while the scene runs: each connect takes a slot, growing the columns between frames.
    scene.insertAdjacentHTML('beforeend', boxes(100, count - 100));
    const grown = capture(scene);
    assertEqual(errors.length, 0, errors.map((e) => e.message).join('; '));
    assertEqual(scene.stats.objects, count, 'every mesh has a slot');
    assertEqual(scene.stats.visible, count, 'and is drawn');
    assert(walloc.columns.capacity >= count, `capacity ${walloc.columns.capacity}`);
    assert(scene.stats.reservedBytes > START && scene.stats.reservedBytes < 32 * MiB,
      `${(scene.stats.reservedBytes / MiB).toFixed(1)} MiB after growing`);
    assertEqual(walloc.regionStats('scene').failures, 0, 'no slot was refused');
    unmountAll();

    const fixed = await mountScene(gridScene('64MB', count), 200, 200);
    const expected = capture(fixed);
    assertEqual(fixed.stats.objects, count);
    const { differing } = compareImages(grown, expected, 2);
    assertEqual(differing, 0, 'the grown scene draws what the 64 MB scene draws');
    assert(compareImages(expected, capture(await mountScene(gridScene('64MB', 100), 200, 200)), 2).differing > 1000,
      'a hundred boxes would look different');
  });

  it('loads a model larger than its first mesh region by growing the region, evicting nothing', async () => {
    const scene: LayerWScene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 3" quality="low">
      <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 64, 64);
    const walloc = scene.runtime!.walloc!;
    const meshBytes = walloc.regionBounds('mesh').capacity;
    // A sphere of about three times the first mesh region: (r + 1)² · 32 B of vertices, ~r² · 12 B of indices.
    const radial = Math.floor(Math.sqrt((meshBytes * 3) / 44));
    const url = serve(await makeModel({ shape: 'sphere', color: [0, 0, 1, 1], segments: [radial, radial] }));
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('src', url);
    const done = loaded(mesh, 30000);
    scene.append(mesh);
    await done;
    const staged = walloc.regionStats('mesh');
    assert(staged.used > meshBytes, `the model's ${staged.used} staged bytes outgrow the first ${meshBytes}`);
    assert(walloc.regionBounds('mesh').capacity >= staged.used, 'the region grew to hold them');
    assertEqual(staged.evictions, 0, 'nothing was evicted');
    assert(scene.stats.reservedBytes > START, `${(scene.stats.reservedBytes / MiB).toFixed(1)} MiB`);
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(b > r + 80 && b > g + 80, `the blue sphere is drawn (${r}, ${g}, ${b})`);
  });

  it('keeps an explicit budget as a hard cap: the meshes past it are refused with BUDGET_EXCEEDED', async () => {
    const scene = await mountScene(gridScene('8MiB', 10), 64, 64);
    const errors = collectErrors(scene);
    const capacity = scene.runtime!.walloc!.columns.capacity;
    const reserved = scene.stats.reservedBytes;
    scene.insertAdjacentHTML('beforeend', boxes(10, capacity));
    capture(scene);
    assertEqual(scene.stats.objects, capacity, 'the columns are full');
    assertEqual(errors.length, 10, 'each mesh past the capacity is refused');
    assert(errors.every((error) => error.code === 'BUDGET_EXCEEDED'), errors[0]?.code);
    assertEqual(scene.stats.reservedBytes, reserved, 'the memory did not grow');
  });
});
