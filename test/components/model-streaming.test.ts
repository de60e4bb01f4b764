import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import { serve } from '../helpers/models.js';
import { makeHelmetClass, makeSponzaClass } from '../helpers/real-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWBudgetDetail } from '../../src/framework-types.js';

const BACKGROUND = '#202830';

function sceneMarkup(attributes: string): string {
  return `<layerw-scene background="${BACKGROUND}" quality="high" ${attributes}>
    <layerw-light type="ambient" intensity="0.5"></layerw-light>
    <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2"></layerw-light></layerw-scene>`;
}

/** Shows the model at `url` in a new scene; resolves once it is drawn and its textures stopped changing level. */
async function show(url: string, sceneAttributes: string, width: number, height: number): Promise<{ scene: LayerWScene; budgetEvents: LayerWBudgetDetail[] }> {
  const scene = await mountScene(sceneMarkup(sceneAttributes), width, height);
  const budgetEvents: LayerWBudgetDetail[] = [];
  scene.addEventListener('budget', (event) => budgetEvents.push((event as CustomEvent<LayerWBudgetDetail>).detail));
  const errors = collectErrors(scene);
  const mesh = document.createElement('layerw-mesh');
  mesh.setAttribute('src', url);
  const loaded = new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
  scene.append(mesh);
  await Promise.race([loaded, new Promise((_, reject) => setTimeout(() => reject(new Error(`no load: ${JSON.stringify(errors)}`)), 60000))]);
  await settle(scene);
  assertEqual(errors.length, 0, JSON.stringify(errors));
  return { scene, budgetEvents };
}

/**
 * Draws frames until a drawn frame finds no model content on its way to the GPU: the streaming has done what the
 * view asks, however long the images take to decode.
 */
async function settle(scene: LayerWScene): Promise<void> {
  for (;;) {
    capture(scene);
    if (scene.stats.streaming.pending === 0) return;
    await frames(1);
  }
}

/** Pixels that are not the background colour: the model's silhouette. */
function silhouette(image: Image): Uint8Array {
  const mask = new Uint8Array(image.width * image.height);
  for (let i = 0; i < mask.length; i++) {
    const [r, g, b] = [image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!];
    mask[i] = Math.abs(r - 0x20) + Math.abs(g - 0x28) + Math.abs(b - 0x30) > 12 ? 1 : 0;
  }
  return mask;
}

/** Ten-degree hue buckets that at least three saturated pixels of `image` fall into. */
function hueBuckets(image: Image): number {
  const counts = new Uint32Array(36);
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]! / 255, image.data[i + 1]! / 255, image.data[i + 2]! / 255];
    const max = Math.max(r, g, b);
    const delta = max - Math.min(r, g, b);
    if (delta < 0.25) continue;
    const hue = max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
    counts[Math.floor(hue * 6) % 36]!++;
  }
  return counts.filter((n) => n >= 3).length;
}

/** GPU bytes of a `size`² RGBA8 texture with its mip chain. */
const textureBytes = (size: number): number => Math.ceil((size * size * 16) / 3);

describe('models with large textures within the memory budget', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws a helmet-class model (five 2048² textures) at the default budget, and at 32MB with lower mips and the same silhouette', async () => {
    const url = serve(await makeHelmetClass(2048));
    // The sphere's bounds fill a 288-pixel-high canvas: the screen wants 1024² of each texture.
    const camera = 'camera-position="0 0 1.6" camera-target="0 0 0"';
    const full = await show(url, camera, 384, 288);
    const fullImage = capture(full.scene);
    const fullStats = structuredClone(full.scene.stats.streaming);
    await expectGolden('model-helmet-class', fullImage);
    assert(!fullStats.degraded, 'the default budget holds what the screen wants');
    assertEqual(fullStats.texture.resident, fullStats.texture.wanted, 'resident texture bytes are the wanted ones');
    assertEqual(fullStats.texture.resident, 5 * textureBytes(1024), 'five textures at 1024², the level the screen wants');
    assertEqual(full.budgetEvents.length, 0, 'no budget event');
    const walloc = full.scene.runtime!.walloc!;
    assertEqual(walloc.regionStats('texture').used, 0, 'no decoded pixels stay in the texture region');
    assert(walloc.regionStats('texture').highWater <= 1 << 20, `pixels passed through a band of at most 1 MiB: ${walloc.regionStats('texture').highWater}`);
    unmountAll();

    const small = await show(url, `${camera} memory-budget="32MB"`, 384, 288);
    const smallImage = capture(small.scene);
    const smallStats = small.scene.stats.streaming;
    await expectGolden('model-helmet-class-32mb', smallImage);
    assert(smallStats.degraded, 'the 32MB budget holds lower mips than the screen wants');
    assertEqual(smallStats.texture.resident, 5 * textureBytes(512), 'five textures at 512²');
    assert(smallStats.texture.resident + smallStats.mesh.resident <= smallStats.gpuAllowance,
      `${smallStats.texture.resident} + ${smallStats.mesh.resident} bytes fit the ${smallStats.gpuAllowance}-byte share`);
    assert(small.budgetEvents.length >= 1 && small.budgetEvents[0]!.degraded, 'a budget event said it degraded');
    const [a, b] = [silhouette(fullImage), silhouette(smallImage)];
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    const covered = a.reduce((sum, v) => sum + v, 0);
    assert(covered > a.length * 0.2, `the model covers the canvas: ${covered} pixels`);
    assert(differing <= a.length * 0.002, `same silhouette: ${differing} pixels differ`);
  });

  it('draws a Sponza-class scene (52 textures of 1024²) at the default budget', async () => {
    const url = serve(await makeSponzaClass(52, 1024));
    const { scene } = await show(url, 'camera-position="0 0 10" camera-target="0 0 0"', 192, 192);
    const image = capture(scene);
    await expectGolden('model-sponza-class', image);
    const stats = scene.stats.streaming;
    assert(!stats.degraded, 'nothing degraded');
    // The scene is one model whose bounds fill the view, so it wants its full textures, and gets them.
    assertEqual(stats.texture.resident, stats.texture.wanted, 'resident texture bytes are the wanted ones');
    assertEqual(stats.texture.resident, 52 * textureBytes(1024), 'every texture at 1024²');
    // Every box is drawn with its own texture: the picture holds most of the 36 ten-degree hue buckets.
    assert(hueBuckets(image) >= 24, `${hueBuckets(image)} hue buckets`);
  });

  it('raises the mips of a model as it comes closer, and lowers them as it goes away', async () => {
    const url = serve(await makeHelmetClass(1024));
    const { scene } = await show(url, 'camera-position="0 0 12" camera-target="0 0 0"', 256, 192);
    const far = scene.stats.streaming.texture.resident;
    scene.setAttribute('camera-position', '0 0 1.6');
    capture(scene);
    assertEqual(scene.stats.streaming.pending, 1, 'the first frame of the nearer view starts the model\'s upload');
    await settle(scene);
    const near = scene.stats.streaming.texture.resident;
    assert(near > 4 * far, `closer, larger mips: ${far} → ${near} bytes`);
    scene.setAttribute('camera-position', '0 0 24');
    await settle(scene);
    const away = scene.stats.streaming.texture.resident;
    assert(away < near / 4, `away again, smaller mips: ${near} → ${away} bytes`);
  });
});
