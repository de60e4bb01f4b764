// SceneRenderer: golden images of each feature, clearing, and no allocation on repeated frames.
// Goldens live in test/golden/; create or refresh them with `--update-snapshots` (see test/helpers/golden.ts).
import { assert, assertEqual } from '../assert.js';
import { compareImages, expectGolden, readTexture, type Image } from '../helpers/golden.js';
import { buildFrame, type LightSpec, type MeshSpec, type SceneSpec } from '../helpers/scene-input.js';
import { GEOMETRIES, type FrameInput } from '../../src/gpu/frame-input.js';
import { SceneRenderer } from '../../src/gpu/scene-renderer.js';

const SIZE = 64;
const FORMAT: GPUTextureFormat = 'rgba8unorm';

let device: GPUDevice;
let renderer: SceneRenderer;
let target: GPUTexture;
const uncaptured: string[] = [];

async function getDevice(): Promise<GPUDevice> {
  assert(navigator.gpu, 'navigator.gpu is missing: WebGPU is not enabled in this browser');
  const adapter = await navigator.gpu.requestAdapter();
  assert(adapter, 'no WebGPU adapter');
  const dev = await adapter.requestDevice();
  dev.addEventListener('uncapturederror', e => uncaptured.push((e as GPUUncapturedErrorEvent).error.message));
  return dev;
}

function createTarget(size = SIZE): GPUTexture {
  return device.createTexture({
    label: 'test.target',
    size: [size, size],
    format: FORMAT,
    usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
    viewFormats: ['rgba8unorm-srgb'],
  });
}

/** Renders `input` with validation checked, and reads the target back. */
async function renderImage(input: FrameInput, into = target, using = renderer): Promise<Image> {
  device.pushErrorScope('validation');
  using.render(into, input);
  const error = await device.popErrorScope();
  assertEqual(error?.message ?? null, null, 'WebGPU validation error during render');
  const image = await readTexture(device, into);
  assertEqual(uncaptured.join('\n'), '', 'uncaptured WebGPU errors');
  return image;
}

function pixel(image: Image, x: number, y: number): number[] {
  const o = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(o, o + 4));
}

/** Mean of (r + g + b) / 3 over a rectangle. */
function brightness(image: Image, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = pixel(image, x, y);
      sum += (r! + g! + b!) / 3;
    }
  }
  return sum / ((x1 - x0) * (y1 - y0));
}

function srgbByte(linear: number): number {
  const s = linear <= 0.0031308 ? linear * 12.92 : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  return Math.round(s * 255);
}

const KEY_LIGHT: LightSpec = { type: 'directional', direction: [-0.5, -1, -0.6], intensity: 3 };
const AMBIENT: LightSpec = { type: 'ambient', intensity: 0.15 };
const CAMERA = { position: [1.4, 1.3, 2.2] as [number, number, number], target: [0, 0, 0] as [number, number, number] };
const FLOOR: MeshSpec = { geometry: 'plane', scale: [4, 1, 4], color: [0.6, 0.6, 0.6], roughness: 0.9 };

async function golden(name: string, scene: SceneSpec): Promise<Image> {
  const image = await renderImage(buildFrame(scene));
  await expectGolden(name, image);
  return image;
}

describe('SceneRenderer', function () {
  this.timeout(120_000);

  before(async () => {
    device = await getDevice();
    renderer = new SceneRenderer(device, FORMAT, 'test.renderer');
    await renderer.ready;
    target = createTarget();
  });

  after(() => {
    renderer?.destroy();
    target?.destroy();
    device?.destroy();
  });

  it('clears a frame with no instances to the background colour (sRGB-encoded)', async () => {
    const image = await renderImage(buildFrame({ meshes: [], lights: [], background: [0.2, 0.4, 0.6, 1] }));
    const expected = [srgbByte(0.2), srgbByte(0.4), srgbByte(0.6), 255];
    for (const [x, y] of [[0, 0], [SIZE - 1, SIZE - 1], [SIZE / 2, SIZE / 2]] as const) {
      const got = pixel(image, x, y);
      for (let c = 0; c < 4; c++) {
        assert(Math.abs(got[c]! - expected[c]!) <= 1, `pixel (${x},${y}) is ${got}, expected ${expected}`);
      }
    }
    assertEqual(renderer.drawCalls, 0, 'draw calls of an empty frame');
  });

  describe('geometries', () => {
    for (const geometry of GEOMETRIES) {
      it(`draws a ${geometry}`, async () => {
        const rotation: [number, number, number] = geometry === 'torus' ? [25, 0, 10] : [0, 0, 0];
        await golden(`geometry-${geometry}`, {
          meshes: [{ geometry, rotation, scale: 1.1, color: [0.8, 0.35, 0.1], roughness: 0.5 }],
          lights: [KEY_LIGHT, AMBIENT],
          camera: CAMERA,
        });
      });
    }
  });

  describe('lights', () => {
    const sphere: MeshSpec = { geometry: 'sphere', position: [0, 0.5, 0], color: [0.1, 0.4, 0.8], roughness: 0.6 };
    const camera = { position: [0, 2.6, 3.2] as [number, number, number], target: [0, 0.2, 0] as [number, number, number] };

    it('shades with ambient light only as flat albedo', async () => {
      const image = await golden('light-ambient', {
        meshes: [FLOOR, sphere], lights: [{ type: 'ambient', intensity: 0.8 }], camera,
      });
      assert(brightness(image, 28, 20, 36, 28) > 30, 'the sphere is visible under ambient light');
    });

    it('shades with a directional light: the lit side is brighter', async () => {
      const image = await golden('light-directional', {
        meshes: [FLOOR, sphere], lights: [{ type: 'directional', direction: [1, -0.5, 0], intensity: 3 }], camera,
      });
      // Light comes from -X: the sphere's left half is brighter than its right half.
      assert(brightness(image, 22, 18, 30, 26) > brightness(image, 34, 18, 42, 26) + 20, 'left side is brighter');
    });

    it('shades with a point light falling off with distance and range', async () => {
      const image = await golden('light-point', {
        meshes: [FLOOR],
        lights: [{ type: 'point', position: [0, 0.4, 0], intensity: 1.5, range: 2, color: [1, 0.8, 0.5] }],
        camera: { position: [0, 4, 0.01], target: [0, 0, 0] },
      });
      assert(brightness(image, 30, 30, 34, 34) > brightness(image, 2, 2, 6, 6) + 60, 'centre brighter than corner');
      assertEqual(pixel(image, 0, 0).slice(0, 3).join(), '0,0,0', 'beyond the range the floor is black');
    });

    it('shades with a spot light: a lit disc with a soft edge', async () => {
      const image = await golden('light-spot', {
        meshes: [FLOOR],
        lights: [{ type: 'spot', position: [0, 2, 0], direction: [0, -1, 0], intensity: 12, angle: 20, innerAngle: 12 }],
        camera: { position: [0, 4, 0.01], target: [0, 0, 0] },
      });
      assert(brightness(image, 30, 30, 34, 34) > 150, 'inside the cone is lit');
      assertEqual(brightness(image, 0, 0, 8, 8), 0, 'outside the cone is dark');
    });
  });

  describe('shadows', () => {
    const scene = (shadowMapSize: number): SceneSpec => ({
      meshes: [FLOOR, { geometry: 'box', position: [0, 0.9, 0], scale: 0.6, color: [0.8, 0.2, 0.2] }],
      lights: [{ type: 'directional', direction: [-0.3, -1, -0.2], intensity: 3, castShadow: true }, AMBIENT],
      camera: { position: [0, 3, 3], target: [0, 0.2, 0] },
      shadowFocus: [0, 0.5, 0, 2.5],
      quality: { shadowMapSize },
    });

    it('renders without a shadow map when shadowMapSize is 0', async () => {
      await golden('shadow-off', scene(0));
    });

    it('casts the box shadow onto the floor', async () => {
      const on = await golden('shadow-on', scene(512));
      const off = await renderImage(buildFrame(scene(0)));
      // The shadow falls below and slightly behind the box (light from +x +z, above).
      let darker = 0;
      for (let i = 0; i < on.data.length; i += 4) if (on.data[i]! + 40 < off.data[i]!) darker++;
      assert(darker > 40, `only ${darker} pixels are darker with shadows on`);
    });

    it('skips casters with castShadow 0 and receivers with receiveShadow 0', async () => {
      const noCaster = scene(512);
      noCaster.meshes[1] = { ...noCaster.meshes[1]!, castShadow: false };
      const noReceiver = scene(512);
      noReceiver.meshes[0] = { ...FLOOR, receiveShadow: false };
      const off = await renderImage(buildFrame(scene(0)));
      for (const [what, input] of [['caster', noCaster], ['receiver', noReceiver]] as const) {
        const image = await renderImage(buildFrame(input));
        let darker = 0;
        for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! + 40 < off.data[i]!) darker++;
        assert(darker < 5, `no shadow expected without a ${what}, ${darker} pixels darker`);
      }
    });
  });

  describe('multisampling', () => {
    const scene = (msaa: 1 | 4): SceneSpec => ({
      meshes: [{ geometry: 'box', rotation: [0, 0, 25], scale: 1.2, color: [0.9, 0.9, 0.9] }],
      lights: [{ type: 'ambient', intensity: 1 }],
      camera: { position: [0, 0, 3], target: [0, 0, 0] },
      quality: { msaa },
    });

    /** Pixels clearly between the background (red 39) and the box (red 227): the anti-aliased edge. */
    function partial(image: Image): number {
      let count = 0;
      for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! > 60 && image.data[i]! < 205) count++;
      return count;
    }

    it('draws hard edges with msaa 1', async () => {
      const image = await golden('msaa-1', scene(1));
      assert(partial(image) < 5, `${partial(image)} partially covered pixels without msaa`);
    });

    it('resolves smooth edges with msaa 4', async () => {
      const image = await golden('msaa-4', scene(4));
      assert(partial(image) > 40, `only ${partial(image)} partially covered pixels with msaa 4`);
    });
  });

  it('blends transparent batches after opaque ones, back to front', async () => {
    const quad = (z: number, x: number, color: [number, number, number]): MeshSpec => ({
      geometry: 'plane', position: [x, 0, z], rotation: [90, 0, 0], scale: 1.2, color, opacity: 0.6,
      transparent: true, roughness: 1,
    });
    const image = await golden('transparency', {
      meshes: [
        // Blended meshes back to front: blue behind, red in front.
        quad(0.3, 0.3, [0.05, 0.1, 1]),
        quad(0.8, -0.3, [1, 0.05, 0.05]),
        { geometry: 'box', position: [0, 0, -0.6], scale: [2.4, 0.6, 0.3], color: [0.9, 0.9, 0.9] },
      ],
      lights: [{ type: 'ambient', intensity: 1 }],
      camera: { position: [0, 0, 3.5], target: [0, 0, 0] },
    });
    // Where both quads overlap (centre), red is in front: red outweighs blue.
    const [r, , b] = pixel(image, 32, 32);
    assert(r! > b!, `overlap should be red over blue, got ${pixel(image, 32, 32)}`);
  });

  it('shades metal and rough dielectric spheres differently', async () => {
    await golden('material-metal-rough', {
      meshes: [
        { geometry: 'sphere', position: [-0.55, 0, 0], color: [1, 0.76, 0.33], metalness: 1, roughness: 0.25 },
        { geometry: 'sphere', position: [0.55, 0, 0], color: [1, 0.76, 0.33], metalness: 0, roughness: 0.9 },
      ],
      lights: [{ type: 'directional', direction: [-0.3, -0.6, -1], intensity: 3 }, { type: 'ambient', intensity: 0.3 }],
      camera: { position: [0, 0, 3.2], target: [0, 0, 0] },
    });
  });

  it('adds emissive colour without any light', async () => {
    const image = await golden('emissive', {
      meshes: [{ geometry: 'sphere', scale: 1.4, color: [0.1, 0.1, 0.1], emissive: [0.1, 0.9, 0.3] }],
      lights: [],
      camera: { position: [0, 0, 2.6], target: [0, 0, 0] },
    });
    const [r, g, b] = pixel(image, 32, 32);
    assert(g! > 200 && r! < 120 && b! < 160, `centre should glow green, got ${pixel(image, 32, 32)}`);
  });

  it('renders the same input twice without creating GPU buffers or textures', async () => {
    const input = buildFrame({
      meshes: [FLOOR, { geometry: 'box', position: [0, 0.5, 0] }],
      lights: [{ ...KEY_LIGHT, castShadow: true }, AMBIENT],
      quality: { msaa: 4, shadowMapSize: 256 },
    });
    await renderImage(input); // warm: size, msaa and shadow map settle
    const bytes = renderer.gpuBytes;
    let created = 0;
    const counted = ['createBuffer', 'createTexture', 'createBindGroup'] as const;
    const originals = counted.map(name => device[name]);
    counted.forEach((name, i) => {
      const original = originals[i] as (...args: unknown[]) => unknown;
      (device as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        created++;
        return original.apply(device, args);
      };
    });
    try {
      renderer.render(target, input);
      renderer.render(target, input);
    } finally {
      counted.forEach(name => delete (device as unknown as Record<string, unknown>)[name]);
    }
    assertEqual(created, 0, 'GPU objects created by warm renders');
    assertEqual(renderer.gpuBytes, bytes, 'gpuBytes after warm renders');
    assert(bytes > 0, 'gpuBytes counts the renderer resources');
    assertEqual(renderer.drawCalls, 4, 'draw calls: 2 batches in the shadow pass, 2 in the colour pass');
  });

  it('replays unchanged draws of built-in shapes from a render bundle with the same picture, and encodes changed ones', async () => {
    const scene: SceneSpec = { meshes: [FLOOR, { geometry: 'box', position: [0, 0.5, 0] }], lights: [KEY_LIGHT, AMBIENT] };
    const input = buildFrame(scene);
    let replays = 0;
    const executeBundles = GPURenderPassEncoder.prototype.executeBundles;
    GPURenderPassEncoder.prototype.executeBundles = function (this: GPURenderPassEncoder, bundles: Iterable<GPURenderBundle>) {
      replays++;
      executeBundles.call(this, bundles);
    };
    try {
      // A frame after other draws is encoded call by call (the first also loads the bundle's code); the frames
      // after it find the same draws.
      await renderImage(buildFrame({ ...scene, meshes: [FLOOR] }));
      replays = 0;
      const encoded = await renderImage(input);
      assertEqual(replays, 0, 'a frame whose draws differ from the last frame is not replayed');
      let replayed = encoded;
      for (let i = 0; i < 5 && replays === 0; i++) replayed = await renderImage(input);
      assert(replays > 0, 'the unchanged frames were replayed from a bundle');
      assertEqual(renderer.drawCalls, 2, 'draw calls of the replayed frame: the plane and the box');
      assertEqual(compareImages(replayed, encoded, 1).differing, 0, 'pixels differing between the replayed and the encoded frame');

      const before = replays;
      const changed = await renderImage(buildFrame({ ...scene, meshes: [FLOOR] }));
      assertEqual(replays, before, 'a frame whose batches changed is encoded, not replayed');
      assertEqual(renderer.drawCalls, 1, 'draw calls once the box is gone');
      assert(compareImages(changed, encoded, 8).differing > 50, 'the box is gone from the picture');
    } finally {
      GPURenderPassEncoder.prototype.executeBundles = executeBundles;
    }
  });

  it('grows the instance buffer when more instances arrive, and still draws them', async () => {
    const meshes: MeshSpec[] = [];
    for (let i = 0; i < 300; i++) {
      meshes.push({ geometry: 'box', position: [(i % 20) * 0.2 - 1.9, Math.floor(i / 20) * 0.2 - 1.4, 0], scale: 0.15 });
    }
    const scene: SceneSpec = {
      meshes, lights: [{ type: 'ambient', intensity: 1 }], camera: { position: [0, 0, 5], target: [0, 0, 0] },
    };
    await renderImage(buildFrame({ ...scene, meshes: meshes.slice(0, 10) }));
    const before = renderer.gpuBytes;
    const image = await renderImage(buildFrame(scene));
    assert(renderer.gpuBytes > before, 'gpuBytes grew with the instance buffer');
    // The last instance (top right) is drawn: the instance buffer holds all 300.
    assert(brightness(image, 50, 4, 60, 16) > 20, 'the last rows of boxes are drawn');
  });

  it('recreates size-dependent textures when the target size changes', async () => {
    const small = createTarget(32);
    try {
      const input = buildFrame({ meshes: [{ geometry: 'sphere' }], lights: [{ type: 'ambient', intensity: 1 }] });
      const image = await renderImage(input, small);
      assertEqual(image.width, 32, 'read-back width');
      assert(brightness(image, 12, 12, 20, 20) > 50, 'the sphere is drawn at the new size');
    } finally {
      small.destroy();
    }
  });
});
