import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, loaded, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { compareImages, DEFAULT_TOLERANCE, expectGolden } from '../helpers/golden.js';
import { checkerImage, checkerPixels, checkerPng, makeLodModel, makeModel, ridgesNormalPng, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import { MODEL_KEY_BASE, TRANSPARENT_KEY_OFFSET } from '../../src/gpu/frame-input.js';
import { NO_DRAW_KEY } from '../../src/engine/object-slot.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const LIGHTS = `<layerw-light type="ambient" intensity="0.4"></layerw-light>
  <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2.5"></layerw-light>`;

/** Lit by the two lights alone (no environment), so that texel colours can be counted. */
function sceneMarkup(children: string, attributes = ''): string {
  return `<layerw-scene background="#202830" camera-position="1.6 1.4 2.2" camera-target="0 0 0" quality="high" environment="none" ${attributes}>
    ${LIGHTS}${children}</layerw-scene>`;
}

async function showModel(glb: Uint8Array, attributes = '', sceneAttributes = ''): Promise<{ scene: LayerWScene; mesh: LayerWMesh; url: string }> {
  const url = serve(glb);
  const scene = await mountScene(sceneMarkup('', sceneAttributes), 96, 72);
  const mesh = document.createElement('layerw-mesh');
  for (const [name, value] of attributes.split(';').filter(Boolean).map((pair) => pair.split('='))) mesh.setAttribute(name!.trim(), value!.trim());
  const done = loaded(mesh);
  mesh.setAttribute('src', url);
  scene.append(mesh);
  await done;
  return { scene, mesh, url };
}

describe('<layerw-mesh src>: models in the picture', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws an untextured model with its material colour, multiplied by color', async () => {
    const { scene, mesh } = await showModel(await makeModel({ color: [0.8, 0, 0, 1] }));
    await expectGolden('model-untextured', capture(scene));
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r > 2 * g && r > 2 * b, `red model: ${r} ${g} ${b}`);
    mesh.setAttribute('color', '#00ff00');
    const [r2, g2] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r2 < 20 && g2 < 20, `red material times green colour is black: ${r2} ${g2}`);
  });

  it('multiplies the base colour by the vertex colours (COLOR_0)', async () => {
    // Red grows along +x, blue along -x, green stays 0.2: the box shades from blue to red across its faces.
    const glb = await makeModel({ color: [1, 1, 1, 1], vertexColors: (x) => [x + 0.5, 0.2, 0.5 - x] });
    const { scene } = await showModel(glb);
    const image = capture(scene);
    await expectGolden('model-vertex-colors', image);
    // The camera sits at +x +z: the +x face (right of centre) is red, the +z face's left edge (x = -0.5) blue.
    const [rRight, , bRight] = pixelAt(image, 0.62, 0.55);
    const [rLeft, , bLeft] = pixelAt(image, 0.33, 0.5);
    assert(rRight > 2 * bRight, `the +x side is red: ${rRight} red, ${bRight} blue`);
    assert(bLeft > 2 * rLeft, `the -x edge is blue: ${rLeft} red, ${bLeft} blue`);
  });

  it('draws a textured model', async () => {
    const texture = await checkerPng(64, '#ffcc00', '#2040ff');
    const { scene } = await showModel(await makeModel({ baseColorPng: texture }));
    const image = capture(scene);
    await expectGolden('model-textured', image);
    const { yellow, blue } = checkerPixels(image);
    assert(yellow > 50 && blue > 50, `both checker colours are visible: ${yellow} yellow, ${blue} blue pixels`);
  });

  for (const type of ['image/webp', 'image/avif'] as const) {
    it(`draws a model whose texture is ${type} (${type === 'image/webp' ? 'EXT_texture_webp' : 'EXT_texture_avif'})`, async () => {
      const texture = await checkerImage(64, '#ffcc00', '#2040ff', type);
      const { scene } = await showModel(await makeModel({ baseColorPng: texture, baseColorType: type }));
      const image = capture(scene);
      await expectGolden(`model-textured-${type.slice(6)}`, image);
      const { yellow, blue } = checkerPixels(image);
      assert(yellow > 50 && blue > 50, `both checker colours are visible: ${yellow} yellow, ${blue} blue pixels`);
    });
  }

  it('samples a texture through the second UV set (TEXCOORD_1) when the material says so', async () => {
    const texture = await checkerPng(64, '#ffcc00', '#2040ff');
    const { scene } = await showModel(await makeModel({ baseColorPng: texture, baseColorOnSecondUvSet: true }));
    const image = capture(scene);
    await expectGolden('model-second-uv-set', image);
    const { yellow, blue } = checkerPixels(image);
    assert(yellow > 50 && blue > 50, `the checker shows through the second set: ${yellow} yellow, ${blue} blue pixels`);
  });

  it('draws a normal-mapped model with light and dark ridges', async () => {
    const flat = await showModel(await makeModel({ shape: 'plane' }), 'scale=2');
    const plain = capture(flat.scene);
    unmountAll();
    const bumpy = await showModel(await makeModel({ shape: 'plane', normalPng: await ridgesNormalPng(64) }), 'scale=2');
    const ridged = capture(bumpy.scene);
    await expectGolden('model-normal-mapped', ridged);
    // Total variation down the middle of the plane: smooth shading changes little, ridges go up and down.
    const variation = (image: typeof plain) => {
      let total = 0;
      for (let y = 0.36; y < 0.64; y += 0.02) total += Math.abs(pixelAt(image, 0.5, y + 0.02)[0] - pixelAt(image, 0.5, y)[0]);
      return total;
    };
    assert(variation(ridged) > 2 * variation(plain) + 20, `the normal map makes bands: ${variation(ridged)} vs ${variation(plain)} flat`);
  });

  it('draws a meshopt-compressed model exactly like the uncompressed one', async () => {
    const options = { shape: 'sphere' as const, color: [0.3, 0.8, 0.4, 1] as [number, number, number, number] };
    const plainGlb = await makeModel(options);
    const packedGlb = await makeModel({ ...options, meshopt: true });
    assert(packedGlb.byteLength < plainGlb.byteLength * 0.7, `compressed ${packedGlb.byteLength} B vs ${plainGlb.byteLength} B`);
    const plain = capture((await showModel(plainGlb)).scene);
    unmountAll();
    const packed = capture((await showModel(packedGlb)).scene);
    await expectGolden('model-meshopt', packed);
    assert(plain.data.every((v, i) => v === packed.data[i]), 'the same pixels');
  });

  it('draws a Draco-compressed model (KHR_draco_mesh_compression) like the uncompressed one', async () => {
    const options = { shape: 'sphere' as const, color: [0.3, 0.8, 0.4, 1] as [number, number, number, number] };
    const plainGlb = await makeModel(options);
    const packedGlb = await makeModel({ ...options, draco: true });
    assert(packedGlb.byteLength < plainGlb.byteLength * 0.5, `compressed ${packedGlb.byteLength} B vs ${plainGlb.byteLength} B`);
    const plain = capture((await showModel(plainGlb)).scene);
    unmountAll();
    const packed = capture((await showModel(packedGlb)).scene);
    await expectGolden('model-draco', packed);
    // Draco quantizes positions and normals (14 and 10 bits by default): the same picture within a golden's tolerance.
    const { differing } = compareImages(packed, plain, DEFAULT_TOLERANCE.channel);
    assert(differing <= plain.width * plain.height * DEFAULT_TOLERANCE.share, `${differing} pixels differ from the uncompressed model`);
  });

  it('switches levels of detail (MSFT_lod) with distance', async () => {
    const { scene, mesh } = await showModel(await makeLodModel(0.05));
    const colour = () => {
      const [r, g] = pixelAt(capture(scene), 0.5, 0.5);
      return r > 2 * g ? 'red' : g > 2 * r ? 'green' : `${r},${g}`;
    };
    assertEqual(colour(), 'red', 'close: the fine level');
    await expectGolden('model-lod-near', capture(scene));
    mesh.setAttribute('scale', '0.25');
    scene.setAttribute('fov', '10');
    scene.setAttribute('camera-position', '16 14 22');
    assertEqual(colour(), 'green', 'far: the coarse level');
    await expectGolden('model-lod-far', capture(scene));
    scene.setAttribute('camera-position', '1.6 1.4 2.2');
    assertEqual(colour(), 'red', 'close again');
  });

  it('cuts out MASK texels and blends BLEND materials', async () => {
    const holes = await checkerPng(64, 'rgba(255,255,255,1)', 'rgba(255,255,255,0)');
    const masked = await showModel(await makeModel({ shape: 'plane', baseColorPng: holes, alphaMode: 'MASK' }), 'scale=2');
    await expectGolden('model-alpha-mask', capture(masked.scene));
    unmountAll();
    const blended = await showModel(await makeModel({ color: [0.2, 0.4, 1, 0.4], alphaMode: 'BLEND' }));
    await expectGolden('model-alpha-blend', capture(blended.scene));
    const [r, g, b] = pixelAt(capture(blended.scene), 0.5, 0.5);
    assert(b > r && r > 20, `blue tint over the background: ${r} ${g} ${b}`);
  });
});

describe('<layerw-mesh src>: loading, cache and lifecycle', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('loads a model once for 100 meshes, and frees it when the last one leaves', async () => {
    const url = serve(await makeModel({ color: [0.9, 0.9, 0.9, 1] }));
    const scene = await mountScene(sceneMarkup(''), 64, 48);
    const before = ModelStore.get().loadsStarted;
    const meshes = Array.from({ length: 100 }, (_, i) => {
      const mesh = document.createElement('layerw-mesh');
      // Eager: lazy meshes out of the camera's view would wait, and this test is about sharing one load.
      mesh.setAttribute('loading', 'eager');
      mesh.setAttribute('src', url);
      mesh.setAttribute('position', `${(i % 10) - 5} 0 ${-Math.floor(i / 10)}`);
      mesh.setAttribute('scale', '0.3');
      return mesh;
    });
    const first = loaded(meshes[0]!);
    scene.append(...meshes);
    await first;
    assertEqual(ModelStore.get().loadsStarted - before, 1, 'one fetch and parse');
    assertEqual(ModelStore.get().holds(url), 1, 'the scene holds it once');
    const walloc = scene.runtime!.walloc!;
    const meshUsed = walloc.regionStats('mesh').used;
    assert(meshUsed > 0, 'staged in the mesh region');
    for (const mesh of meshes.slice(1)) mesh.remove();
    capture(scene);
    assertEqual(walloc.regionStats('mesh').used, meshUsed, 'still staged while one mesh shows it');
    meshes[0]!.remove();
    capture(scene);
    assertEqual(walloc.regionStats('mesh').used, 0, 'mesh region returned');
    assertEqual(ModelStore.get().holds(url), 0, 'hold released');
  });

  it('draws no frame with the model\'s key in the mesh before the model is on the GPU', async () => {
    const texture = await checkerPng(64, '#ffcc00', '#2040ff');
    const url = serve(await makeModel({ baseColorPng: texture }));
    const scene = await mountScene(sceneMarkup(''), 96, 72);
    const runtime = scene.runtime!;
    const models = (): { table: readonly unknown[] } | undefined => runtime.models as { table: readonly unknown[] } | undefined;
    const mesh = document.createElement('layerw-mesh');
    const slotOf = (): number | undefined => (mesh as unknown as { object: { slot: number } | null }).object?.slot;
    // After every drawn frame: whether the mesh's batch key named a model, and whether that model was uploaded.
    const drawn: string[] = [];
    const tick = runtime.tick.bind(runtime);
    runtime.tick = (now: number): void => {
      const before = runtime.stats.frames;
      tick(now);
      const slot = slotOf();
      if (runtime.stats.frames === before || slot === undefined || !runtime.walloc) return;
      const raw = runtime.walloc.columns.uint.batch[slot]!;
      const key = raw % TRANSPARENT_KEY_OFFSET;
      if (raw === NO_DRAW_KEY || key < MODEL_KEY_BASE) return;
      drawn.push(models()?.table[key - MODEL_KEY_BASE] ? 'uploaded' : 'not uploaded');
    };
    // A slow image decoder: several frames pass between the geometry's staging and the upload.
    const decode = globalThis.createImageBitmap;
    globalThis.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) =>
      new Promise((resolve) => setTimeout(resolve, 300)).then(() => decode(...args))) as typeof createImageBitmap;
    try {
      const done = loaded(mesh);
      mesh.setAttribute('loading', 'eager');
      mesh.setAttribute('src', url);
      scene.append(mesh);
      await done;
      // The frame that showed the model first was drawn when it became ready, outside the animation frames
      // watched here (and after its upload); one more goes through them.
      runtime.requestDraw();
      await frames(2);
    } finally {
      runtime.tick = tick;
      globalThis.createImageBitmap = decode;
    }
    assert(drawn.length > 0, 'frames drew the model');
    assertEqual(drawn.filter((entry) => entry === 'not uploaded').length, 0, `frames with the model's key: ${drawn.join(', ')}`);
  });

  it('shows only the latest src: a slow first load is aborted and fires nothing', async () => {
    const slow = serve(await makeModel({ color: [1, 0, 0, 1] }));
    const fast = serve(await makeModel({ color: [0, 0, 1, 1] }));
    // The platform fetch reads blob: URLs with XMLHttpRequest: the slow one is sent three seconds late.
    const { open, send } = XMLHttpRequest.prototype;
    const urls = new WeakMap<XMLHttpRequest, string>();
    let aborted = false;
    let requested = false;
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      urls.set(this, String(url));
      return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
    };
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      if (urls.get(this) !== slow) return send.call(this, body);
      requested = true;
      const timer = setTimeout(() => send.call(this, body), 3000);
      // Not sent yet, the request would end without an event: abort it as a request under way ends.
      this.abort = () => {
        aborted = true;
        clearTimeout(timer);
        this.dispatchEvent(new ProgressEvent('abort'));
      };
    };
    try {
      const scene = await mountScene(sceneMarkup(''), 64, 48);
      const mesh = document.createElement('layerw-mesh');
      const events: string[] = [];
      mesh.addEventListener('load', (event) => events.push(`load ${(event as CustomEvent).detail.src === fast ? 'fast' : 'slow'}`));
      mesh.addEventListener('layerw-error', (event) => events.push(`error ${(event as CustomEvent).detail.code}`));
      mesh.setAttribute('src', slow);
      scene.append(mesh);
      // The slow download has begun (the model code loads first, and a lazy load waits for the viewport check).
      for (let i = 0; i < 200 && !requested; i++) await frames(1);
      const done = loaded(mesh);
      mesh.setAttribute('src', fast);
      await done;
      await new Promise((resolve) => setTimeout(resolve, 3500));
      assert(aborted, 'the slow fetch was aborted');
      assertEqual(events.join(), 'load fast', 'only the latest src fired');
      const [r, , b] = pixelAt(capture(scene), 0.5, 0.5);
      assert(b > r, `blue model shown: ${r} ${b}`);
    } finally {
      XMLHttpRequest.prototype.open = open;
      XMLHttpRequest.prototype.send = send;
    }
  });

  it('leaves out a texture whose image does not decode, names the image, and draws the rest', async () => {
    // A PNG signature followed by noise: the file is well formed, the image is not.
    const broken = new Uint8Array(256);
    broken.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (let i = 8; i < broken.length; i++) broken[i] = (i * 73) & 0xff;
    const scene = await mountScene(sceneMarkup(''), 96, 72);
    const mesh = document.createElement('layerw-mesh');
    const errors = collectErrors(mesh);
    const drawn = new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
    mesh.setAttribute('src', serve(await makeModel({ color: [0.8, 0, 0, 1], baseColorPng: broken })));
    scene.append(mesh);
    await drawn;
    for (let i = 0; i < 100 && errors.length === 0; i++) await frames(1);
    assertEqual(errors.length, 1, errors.map((e) => e.message).join(' | '));
    assertEqual(errors[0]!.code, 'ASSET_INVALID');
    assert(errors[0]!.message.includes('images[0]'), errors[0]!.message);
    const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r > 2 * g && r > 2 * b, `the model is drawn in its material colour: ${r} ${g} ${b}`);
  });

  it('reports a broken file on its mesh, keeps drawing the rest and returns the memory', async () => {
    const scene = await mountScene(sceneMarkup('<layerw-mesh geometry="box" color="white" scale="0.8"></layerw-mesh>'), 64, 48);
    const before = capture(scene);
    const errors = collectErrors(scene);
    const bad = document.createElement('layerw-mesh');
    const glb = await makeModel();
    const truncated = serve(glb.subarray(0, glb.byteLength - 100));
    const missing = `${location.origin}/test/fixtures/assets/no-such-model.glb`;
    bad.setAttribute('src', truncated);
    scene.append(bad);
    for (let i = 0; i < 200 && errors.length === 0; i++) await frames(1);
    assertEqual(errors[0]?.code, 'ASSET_INVALID', errors[0]?.message);
    bad.setAttribute('src', missing);
    for (let i = 0; i < 200 && errors.length < 2; i++) await frames(1);
    assertEqual(errors[1]?.code, 'LOAD_FAILED', errors[1]?.message);
    assert(errors[1]!.message.includes('no-such-model.glb'), 'the message names the URL');
    assertEqual(scene.runtime!.walloc!.regionStats('mesh').used, 0, 'nothing left staged');
    const after = capture(scene);
    assert(before.data.every((v, i) => v === after.data[i]), 'the rest of the scene is drawn as before');
  });

  it('evicts the farthest unseen model when a budget fills, and reloads it when it is in view again', async () => {
    const scene = await mountScene(sceneMarkup('', 'memory-budget="8MiB" camera-position="0 0 3" camera-target="0 0 -30"'), 64, 48);
    const walloc = scene.runtime!.walloc!;
    const meshBytes = walloc.regionBounds('mesh').capacity;
    // Spheres big enough that the mesh region holds one but not two: (r + 1)² · 32 B of vertices, ~r² · 12 B of indices.
    const radial = Math.floor(Math.sqrt((meshBytes * 0.6) / 44));
    const sphere = (color: [number, number, number, number]) => makeModel({ shape: 'sphere', color, segments: [radial, radial] });
    const far = serve(await sphere([1, 0, 0, 1]));
    const near = serve(await sphere([0, 0, 1, 1]));
    const farMesh = document.createElement('layerw-mesh');
    farMesh.setAttribute('position', '0 0 -30');
    farMesh.setAttribute('scale', '8');
    farMesh.setAttribute('src', far);
    const farLoaded = loaded(farMesh);
    scene.append(farMesh);
    await farLoaded;
    const oneModel = walloc.regionStats('mesh').used;
    assert(oneModel * 2 > meshBytes && oneModel <= meshBytes, `one model (${oneModel} B) fits the mesh region (${meshBytes} B), two do not`);
    // Look away from the far model, then show the near one: the far one is evicted to make room.
    scene.setAttribute('camera-target', '0 0 10');
    capture(scene);
    const nearMesh = document.createElement('layerw-mesh');
    nearMesh.setAttribute('position', '0 0 8');
    nearMesh.setAttribute('src', near);
    const nearLoaded = loaded(nearMesh);
    scene.append(nearMesh);
    await nearLoaded;
    assertEqual(walloc.regionStats('mesh').evictions, 1, 'the far model made room');
    assert(pixelAt(capture(scene), 0.5, 0.5)[2] > 50, 'the near blue model is drawn');
    // Turn back to the far model: it is reloaded (staged again; its images decoded again, asynchronously), and
    // the near one, now out of view, makes room in turn.
    scene.setAttribute('camera-target', '0 0 -30');
    let r = 0;
    for (let i = 0; i < 200 && r <= 50; i++) {
      capture(scene);
      await frames(1);
      r = pixelAt(capture(scene), 0.5, 0.5)[0];
    }
    assert(r > 50, `the far red model is drawn again: ${r}`);
    assertEqual(walloc.regionStats('mesh').evictions, 2, 'the near one made room in turn');
  });
});

describe('<layerw-scene> progress bar', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('shows download progress of its meshes and hides when they are done', async () => {
    const scene = await mountScene(sceneMarkup(''), 64, 48);
    const bar = scene.shadowRoot!.querySelector<HTMLElement>('[part="progress"]')!;
    assertEqual(bar.hidden, true, 'hidden while nothing loads');
    const mesh = document.createElement('layerw-mesh');
    scene.append(mesh);
    mesh.dispatchEvent(new CustomEvent('progress', { detail: { loaded: 25, total: 100 }, bubbles: true }));
    assertEqual(bar.hidden, false);
    assertEqual(bar.getAttribute('aria-valuenow'), '25');
    mesh.dispatchEvent(new CustomEvent('load', { bubbles: true }));
    assertEqual(bar.hidden, true, 'hidden after load');
  });

  it('gets progress events from a real load before its load event', async () => {
    const url = serve(await makeModel());
    const scene = await mountScene(sceneMarkup(''), 64, 48);
    const mesh = document.createElement('layerw-mesh');
    const events: string[] = [];
    mesh.addEventListener('progress', (event) => events.push(`progress ${(event as unknown as CustomEvent).detail.loaded}`));
    const done = loaded(mesh);
    mesh.addEventListener('load', () => events.push('load'));
    mesh.setAttribute('src', url);
    scene.append(mesh);
    await done;
    assert(events.length >= 2 && events[0]!.startsWith('progress') && events[events.length - 1] === 'load', events.join(', '));
  });
});

describe('<layerw-mesh src> and the device', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws the model again after a device loss, uploaded from its staged and compressed bytes without a new load', async () => {
    const texture = await checkerPng(64, '#ffcc00', '#2040ff');
    const { scene } = await showModel(await makeModel({ baseColorPng: texture }));
    const before = capture(scene);
    const loads = ModelStore.get().loadsStarted;
    const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
    const { Engine } = await import('../../src/engine/engine.js');
    Engine.get().simulateDeviceLossForTests();
    await ready;
    // The textures are decoded again from the model's compressed images, which takes a few frames.
    const same = () => {
      const after = capture(scene);
      return after.data.every((v, i) => v === before.data[i]);
    };
    for (let i = 0; i < 200 && !same(); i++) await frames(1);
    assert(same(), 'the same picture, texture included');
    assertEqual(ModelStore.get().loadsStarted, loads, 'no new fetch or parse');
  });
});

describe('<layerw-mesh src> with damaged files', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('turns every one of 40 byte-flipped models into a drawn model or a coded error, and keeps drawing', async () => {
    const { Random } = await import('../helpers/random.js');
    const random = new Random();
    const glb = await makeModel({ baseColorPng: await checkerPng(16, '#ff0000', '#0000ff') });
    const scene = await mountScene(sceneMarkup('<layerw-mesh geometry="sphere" position="0 0 -3" color="white"></layerw-mesh>'), 48, 36);
    const baseline = capture(scene);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const bytes = glb.slice();
      for (let flips = random.int(1, 4); flips > 0; flips--) bytes[random.int(0, bytes.length - 1)] ^= 1 << random.int(0, 7);
      const mesh = document.createElement('layerw-mesh');
      const outcome = new Promise<string>((resolve) => {
        mesh.addEventListener('load', () => resolve('load'), { once: true });
        mesh.addEventListener('layerw-error', (event) => resolve((event as CustomEvent).detail.code), { once: true });
        // A damaged file may load into a model that is not in view: then neither event comes; the frame must still draw.
        setTimeout(() => resolve('no event'), 3000);
      });
      mesh.setAttribute('src', serve(bytes));
      scene.append(mesh);
      const result = await outcome;
      assert(['load', 'ASSET_INVALID', 'LOAD_FAILED', 'no event'].includes(result), `mutant ${i}: ${result}, seed ${random.seed}`);
      outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
      capture(scene);
      mesh.remove();
    }
    assert((outcomes.get('ASSET_INVALID') ?? 0) > 0, `some mutants are refused: ${[...outcomes]}`);
    assertEqual(scene.runtime!.walloc!.regionStats('mesh').used, 0, 'every model let go of its memory');
    const after = capture(scene);
    assert(after.data.every((v, i) => v === baseline.data[i]), 'the rest of the scene draws as before');
  });
});
