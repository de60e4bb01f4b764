// The look of a scene: image-based light (the neutral studio, none, an HDR made here), tone mapping, exposure,
// skybox; bad values and failing environments. Goldens in test/golden/look-*.png.
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, mountScene, regionBrightness, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import { blobUrl, makeHdr, SKY_AND_SUN } from '../helpers/hdr-file.js';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import { ERROR_EVENT, type LayerWErrorDetail } from '../../components/layerw-element.js';

/** Three spheres with no light of their own: rough white, smooth gold metal, rough grey metal. */
function spheres(attributes: string): string {
  return `<layerw-scene ${attributes} background="#202830" camera-position="0 0.3 2.6" camera-target="0 0 0" quality="medium">
    <layerw-mesh geometry="sphere" position="-1.1 0 0" color="#e8e8e8" roughness="0.8"></layerw-mesh>
    <layerw-mesh geometry="sphere" position="0 0 0" color="#ffd27a" metalness="1" roughness="0.1"></layerw-mesh>
    <layerw-mesh geometry="sphere" position="1.1 0 0" color="#c0c0c0" metalness="1" roughness="0.6"></layerw-mesh>
  </layerw-scene>`;
}

const W = 96;
const H = 48;

/** Mean absolute channel difference of two images of one size. */
function meanDifference(a: Image, b: Image): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
  }
  return sum / ((a.data.length / 4) * 3);
}

async function settled(scene: LayerWScene): Promise<Image> {
  await scene.runtime!.look.whenSettled();
  return capture(scene);
}

const hdrUrls: string[] = [];
function skyHdr(): string {
  const url = blobUrl(makeHdr(256, 128, SKY_AND_SUN));
  hdrUrls.push(url);
  return url;
}

describe('<layerw-scene> look', function () {
  this.timeout(120_000);
  afterEach(unmountAll);
  after(() => hdrUrls.forEach((url) => URL.revokeObjectURL(url)));

  it('lights a scene with no lights by the neutral studio, metals included', async () => {
    const scene = await mountScene(spheres(''), W, H);
    const image = capture(scene);
    await expectGolden('look-environment-neutral', image);
    assert(regionBrightness(image, 0.45, 0.35, 0.55, 0.65) > 60, 'the smooth metal sphere reflects the studio');
    assert(regionBrightness(image, 0.68, 0.35, 0.78, 0.65) > 50, 'the rough metal sphere is lit');
    assert(scene.runtime!.look.prefilterMs > 0, 'the neutral studio was prefiltered');
  });

  it('draws with punctual lights only under environment="none"', async () => {
    const none = capture(await mountScene(spheres('environment="none"'), W, H));
    await expectGolden('look-environment-none', none);
    unmountAll();
    const neutral = capture(await mountScene(spheres(''), W, H));
    assert(regionBrightness(neutral, 0.68, 0.35, 0.78, 0.65) > regionBrightness(none, 0.68, 0.35, 0.78, 0.65) + 20, 'metal is darker without an environment');
  });

  it('lights by an HDR panorama and shows it as the skybox, sharp or blurred', async () => {
    const url = skyHdr();
    const lit = await settled(await mountScene(spheres(`environment="${url}"`), W, H));
    await expectGolden('look-environment-hdr', lit);
    unmountAll();
    const sky = await mountScene(spheres(`environment="${url}" skybox="environment"`), W, H);
    const sharp = await settled(sky);
    await expectGolden('look-skybox', sharp);
    sky.skyboxBlur = 1;
    const blurred = capture(sky);
    await expectGolden('look-skybox-blur', blurred);
    assert(meanDifference(sharp, blurred) > 1, 'blur changes the sky');
    // The sky's top row is the panorama's blue, not the background colour.
    const [r, , b] = [sharp.data[4 * W * 2]!, 0, sharp.data[4 * W * 2 + 2]!];
    assert(b > r + 20, `the sky is blue at the top (r ${r}, b ${b})`);
  });

  it('tone-maps with neutral, aces, agx and none, each its own picture', async () => {
    const images: Image[] = [];
    for (const mode of ['neutral', 'aces', 'agx', 'none'] as const) {
      const scene = await mountScene(spheres(`tone-mapping="${mode}" exposure="1.5"`), W, H);
      const image = capture(scene);
      await expectGolden(`look-tone-${mode}`, image);
      images.push(image);
      unmountAll();
    }
    for (let i = 0; i < images.length; i++) {
      for (let j = i + 1; j < images.length; j++) {
        assert(meanDifference(images[i]!, images[j]!) > 1, `tone mappings ${i} and ${j} differ`);
      }
    }
  });

  it('brightens with exposure', async () => {
    const scene = await mountScene(spheres('exposure="2"'), W, H);
    const bright = capture(scene);
    await expectGolden('look-exposure-2', bright);
    scene.exposure = 1;
    const normal = capture(scene);
    assert(regionBrightness(bright, 0.68, 0.35, 0.78, 0.65) > regionBrightness(normal, 0.68, 0.35, 0.78, 0.65) + 10, 'exposure 2 is brighter');
  });

  it('scales and turns the environment with environment-intensity and environment-rotation', async () => {
    const url = skyHdr();
    const scene = await mountScene(spheres(`environment="${url}"`), W, H);
    const base = await settled(scene);
    scene.environmentIntensity = 0.25;
    const dim = capture(scene);
    assert(regionBrightness(dim, 0, 0.2, 1, 0.8) < regionBrightness(base, 0, 0.2, 1, 0.8) - 10, 'a quarter of the light is darker');
    scene.environmentIntensity = 1;
    scene.environmentRotation = 180;
    assert(meanDifference(capture(scene), base) > 1, 'turning the panorama moves its sun');
  });

  it('counts the environment in the scene GPU bytes', async () => {
    const neutral = await mountScene(spheres(''), W, H);
    capture(neutral);
    const lit = neutral.stats.gpuBytes;
    neutral.environment = 'none';
    await neutral.runtime!.look.whenSettled();
    capture(neutral);
    // quality="medium": a 128 cube, mips down to 8 (five levels), eight bytes a texel.
    const cube = [128, 64, 32, 16, 8].reduce((sum, edge) => sum + 6 * edge * edge * 8, 0);
    assert(lit - neutral.stats.gpuBytes >= cube, `environment bytes counted (${lit} vs ${neutral.stats.gpuBytes})`);
  });

  it('refuses bad look values with BAD_ATTRIBUTE and keeps the previous ones', async () => {
    const scene = await mountScene(spheres('tone-mapping="aces" exposure="1.5"'), W, H);
    const errors = collectErrors(scene);
    scene.setAttribute('tone-mapping', 'foo');
    scene.setAttribute('exposure', '-1');
    scene.setAttribute('skybox-blur', '2');
    scene.setAttribute('environment-rotation', '1 2');
    scene.setAttribute('environment', '');
    scene.environmentIntensity = Number.NaN;
    assertEqual(errors.map((e) => e.code).join(), Array(6).fill('BAD_ATTRIBUTE').join());
    assertEqual(scene.toneMapping, 'aces');
    assertEqual(scene.exposure, 1.5);
    assertEqual(scene.skyboxBlur, 0);
    assertEqual(scene.environment, 'neutral');
    scene.removeAttribute('tone-mapping');
    assertEqual(scene.toneMapping, 'neutral', 'removing restores the default');
  });

  it('falls back to the neutral studio after a 404 (LOAD_FAILED) or a broken .hdr (ASSET_INVALID)', async () => {
    const neutral = capture(await mountScene(spheres(''), W, H));
    unmountAll();
    const broken = blobUrl(new TextEncoder().encode('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 4 +X 8\n\x02\x02'));
    hdrUrls.push(broken);
    for (const [url, code] of [['/no/such/room.hdr', 'LOAD_FAILED'], [broken, 'ASSET_INVALID']] as const) {
      const codes: string[] = [];
      const listen = (event: Event): void => void codes.push((event as CustomEvent<LayerWErrorDetail>).detail.code);
      document.addEventListener(ERROR_EVENT, listen);
      try {
        const image = await settled(await mountScene(spheres(`environment="${url}"`), W, H));
        assertEqual(codes.join(), code, `${url} reported`);
        assert(meanDifference(image, neutral) < 1, `${code}: drawn with the neutral studio`);
      } finally {
        document.removeEventListener(ERROR_EVENT, listen);
      }
      unmountAll();
    }
  });

  it('draws the same picture from a custom HDR after a device loss', async () => {
    const scene = await mountScene(spheres(`environment="${skyHdr()}"`), W, H);
    const before = await settled(scene);
    const errors = collectErrors(scene);
    const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
    Engine.get().simulateDeviceLossForTests();
    await ready;
    await scene.runtime!.look.whenSettled();
    assertEqual(errors[0]?.code, 'DEVICE_LOST');
    assertEqual(Engine.get().devicesCreated, 2, 'a second device');
    assertEqual(meanDifference(capture(scene), before), 0, 'the same picture');
  });
});
