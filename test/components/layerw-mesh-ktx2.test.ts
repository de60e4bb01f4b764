// KHR_texture_basisu models: KTX2 textures made in the test (Basis Universal encoder in WebAssembly) draw like the
// same model with PNG textures, in the GPU format the device has, at the mip levels the screen wants; broken KTX2
// data leaves out that texture only.
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { compareImages, expectGolden } from '../helpers/golden.js';
import { checkerPixels, checkerPng, ktx2Image, makeModel, ridgesNormalPng, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import { compressedBytes } from '../../src/gpu/compressed-textures.js';
import { ktx2Target } from '../../src/gpu/ktx2-formats.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const LIGHTS = `<layerw-light type="ambient" intensity="0.4"></layerw-light>
  <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2.5"></layerw-light>`;

function sceneMarkup(camera = '1.6 1.4 2.2'): string {
  return `<layerw-scene background="#202830" camera-position="${camera}" camera-target="0 0 0" quality="high" environment="none">
    ${LIGHTS}</layerw-scene>`;
}

/** Mounts a scene showing `glb`; resolves once the model is in a drawn frame, with the errors its mesh reported. */
async function showModel(glb: Uint8Array, camera?: string, width = 96, height = 72): Promise<{ scene: LayerWScene; errors: ReturnType<typeof collectErrors> }> {
  const scene = await mountScene(sceneMarkup(camera), width, height);
  const mesh = document.createElement('layerw-mesh');
  const errors = collectErrors(mesh);
  const drawn = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no load event; errors: ${errors.map((e) => e.message).join(' | ')}`)), 30000);
    mesh.addEventListener('load', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
  mesh.setAttribute('src', serve(glb));
  scene.append(mesh);
  await drawn;
  return { scene, errors };
}

/** Waits up to `limit` frames for a condition. */
async function until(condition: () => boolean, limit = 200): Promise<void> {
  for (let i = 0; i < limit && !condition(); i++) await frames(1);
}

describe('<layerw-mesh src> with KTX2 textures (KHR_texture_basisu)', function () {
  this.timeout(120_000);
  let png: Uint8Array;
  let pngImage: ReturnType<typeof capture>;

  before(async () => {
    png = await checkerPng(256, '#ffcc00', '#2040ff');
  });

  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('transcodes to the compressed format the adapter has, shown in scene.stats.streaming.ktx2Format', async () => {
    const adapter = await navigator.gpu.requestAdapter();
    assert(adapter, 'no WebGPU adapter');
    const expected = ktx2Target(adapter.features).format;
    const { scene } = await showModel(await makeModel({ baseColorPng: await ktx2Image(png, 'uastc'), baseColorType: 'image/ktx2' }));
    assertEqual(scene.stats.streaming.ktx2Format, expected);
    console.log(`KTX2 textures transcode to ${expected} on this adapter`);
  });

  for (const mode of ['uastc', 'etc1s'] as const) {
    it(`draws a ${mode.toUpperCase()} KTX2-textured model like the same model with its PNG texture`, async () => {
      pngImage ??= capture((await showModel(await makeModel({ baseColorPng: png }))).scene);
      unmountAll();
      const { scene, errors } = await showModel(await makeModel({ baseColorPng: await ktx2Image(png, mode), baseColorType: 'image/ktx2' }));
      const image = capture(scene);
      await expectGolden(`model-ktx2-${mode}`, image);
      assertEqual(errors.length, 0, errors.map((e) => e.message).join(' | '));
      const { yellow, blue } = checkerPixels(image);
      assert(yellow > 50 && blue > 50, `both checker colours are visible: ${yellow} yellow, ${blue} blue pixels`);
      // Cell insides match within a few steps; along the cells' edges the encoder's mip filter (Kaiser) blends
      // more than the GPU's box-filtered chain of the PNG, so a few edge pixels differ by more.
      const { differing } = compareImages(image, pngImage, 48);
      assert(differing <= 0.01 * image.width * image.height, `${differing} pixels differ from the PNG model's picture by more than 48`);
      const close = compareImages(image, pngImage, 12).differing;
      assert(close <= 0.1 * image.width * image.height, `${close} pixels differ from the PNG model's picture by more than 12`);
    });
  }

  it('draws a KTX2 normal map (linear data) like the PNG one', async () => {
    const normals = await ridgesNormalPng(64);
    const reference = capture((await showModel(await makeModel({ shape: 'plane', normalPng: normals }), '0 1.8 1.2')).scene);
    unmountAll();
    const { scene } = await showModel(await makeModel({ shape: 'plane', normalPng: await ktx2Image(normals, 'uastc', { srgb: false }), normalType: 'image/ktx2' }), '0 1.8 1.2');
    const image = capture(scene);
    const { differing } = compareImages(image, reference, 16);
    assert(differing <= 0.02 * image.width * image.height, `${differing} pixels differ from the PNG normal map's picture`);
  });

  it('holds only the small mips of a distant model, in their real compressed bytes, and streams larger ones in closer', async () => {
    const big = await checkerPng(512, '#ffcc00', '#2040ff');
    const { scene } = await showModel(await makeModel({ baseColorPng: await ktx2Image(big, 'uastc'), baseColorType: 'image/ktx2' }), '0 0 60', 64, 48);
    const target = ktx2Target((await navigator.gpu.requestAdapter())!.features);
    const levelsFrom = (level: number): number => compressedBytes(target, 512, 512, level, 10);
    // 512² at 60 units is a few pixels across: the file's small levels are enough (the first look is larger).
    await until(() => scene.stats.streaming.texture.resident > 0 && scene.stats.streaming.texture.resident <= levelsFrom(4));
    const far = scene.stats.streaming.texture.resident;
    const first = [...Array(10).keys()].find((level) => levelsFrom(level) === far);
    assert(first !== undefined && first >= 4, `resident ${far} bytes are exactly levels ${first} and below (full chain ${levelsFrom(0)})`);
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r + g + b > 60, `the distant model is drawn: ${r} ${g} ${b}`);
    scene.setAttribute('camera-position', '0 0 2.2');
    await until(() => scene.stats.streaming.texture.resident > far);
    const near = scene.stats.streaming.texture.resident;
    const nearFirst = [...Array(10).keys()].find((level) => levelsFrom(level) === near);
    assert(nearFirst !== undefined && nearFirst < first, `closer holds larger levels: from ${first} (${far} B) to ${nearFirst} (${near} B)`);
  });

  describe('broken KTX2 data', () => {
    const uncaught: unknown[] = [];
    const onError = (event: ErrorEvent): void => void uncaught.push(event.error ?? event.message);
    const onRejection = (event: PromiseRejectionEvent): void => void uncaught.push(event.reason);
    let good: Uint8Array;

    before(async () => {
      good = await ktx2Image(png, 'etc1s');
      window.addEventListener('error', onError);
      window.addEventListener('unhandledrejection', onRejection);
    });

    after(() => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    });

    /** The good file with the little-endian u32 at `at` set to `value`. */
    const withU32 = (at: number, value: number): Uint8Array => {
      const bytes = good.slice();
      new DataView(bytes.buffer).setUint32(at, value, true);
      return bytes;
    };

    const cases: [string, () => Uint8Array, string][] = [
      ['a truncated file', () => good.subarray(0, good.length - 64), 'not inside the file'],
      ['a file cut inside its header', () => good.subarray(0, 100), 'truncated'],
      ['a header that is not Basis Universal (vkFormat 37)', () => withU32(12, 37), 'vkFormat 37'],
      ['a level index pointing past the end', () => withU32(80, 0x7fff0000), 'level 0'],
      ['huge dimensions (65536 × 65536)', () => withU32(24, 65536), '65536'],
      ['a broken identifier', () => {
        const bytes = good.slice();
        bytes[1] = 0;
        return bytes;
      }, 'not a KTX2 file'],
    ];
    for (const [name, make, says] of cases) {
      it(`leaves out a texture of ${name} with ASSET_INVALID naming the image, and draws the rest`, async () => {
        uncaught.length = 0;
        const { scene, errors } = await showModel(await makeModel({ color: [0.8, 0, 0, 1], baseColorPng: make(), baseColorType: 'image/ktx2' }));
        await until(() => errors.length > 0);
        assertEqual(errors.length, 1, errors.map((e) => e.message).join(' | '));
        assertEqual(errors[0]!.code, 'ASSET_INVALID');
        assert(errors[0]!.message.includes('images[0]') && errors[0]!.message.includes(says), errors[0]!.message);
        const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
        assert(r > 2 * g && r > 2 * b, `the model is drawn in its material colour: ${r} ${g} ${b}`);
        assertEqual(uncaught.length, 0, `uncaught: ${uncaught.map(String).join(' | ')}`);
      });
    }
  });
});
