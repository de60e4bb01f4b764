import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const SCENE = `<layerw-scene background="#000000" camera-position="0 0 4" quality="low">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh geometry="box" scale="2" color="white"></layerw-mesh>
  <p slot="fallback">no WebGPU here</p>
</layerw-scene>`;

describe('engine: device and fallback', () => {
  afterEach(unmountAll);

  it('shows the fallback and reports WEBGPU_UNAVAILABLE when there is no adapter', async () => {
    Engine.resetForTests();
    const gpu = navigator.gpu;
    const original = gpu.requestAdapter;
    gpu.requestAdapter = async () => null;
    try {
      const holder = document.createElement('div');
      holder.innerHTML = SCENE;
      const scene = holder.querySelector('layerw-scene') as LayerWScene;
      const errors = collectErrors(scene);
      document.body.append(holder);
      for (let i = 0; i < 100 && errors.length === 0; i++) await frames(1);
      assertEqual(errors[0]?.code, 'WEBGPU_UNAVAILABLE');
      const fallback = scene.shadowRoot!.querySelector<HTMLElement>('.fallback')!;
      assertEqual(fallback.hidden, false, 'the fallback slot is shown');
      assert(fallback.querySelector('slot')!.assignedElements()[0]!.textContent === 'no WebGPU here');
      holder.remove();
    } finally {
      gpu.requestAdapter = original;
    }
  });

  it('recovers from a device loss: DEVICE_LOST, a new device, the same picture', async () => {
    const scene = await mountScene(SCENE);
    const before = pixelAt(capture(scene), 0.5, 0.5);
    const errors = collectErrors(scene);
    const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
    Engine.get().simulateDeviceLossForTests();
    await ready;
    assertEqual(errors[0]?.code, 'DEVICE_LOST');
    assertEqual(Engine.get().devicesCreated, 2, 'a second device');
    assertEqual(pixelAt(capture(scene), 0.5, 0.5).join(), before.join(), 'the same image from the same memory');
    assertEqual(scene.stats.objects, 1, 'the mesh kept its slot');
  });

  it('releases the device a while after the last scene leaves, and not before', async () => {
    const scene = await mountScene(SCENE);
    const engine = Engine.get();
    engine.teardownDelayMs = 50;
    const device = engine.device!;
    scene.remove();
    assert(Engine.exists, 'still there right after');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert(!Engine.exists, 'gone after the delay');
    // The GPU process answers in its own time; under load that can take seconds.
    const lost = await Promise.race([device.lost, new Promise((resolve) => setTimeout(() => resolve(null), 10_000))]);
    assertEqual((lost as GPUDeviceLostInfo | null)?.reason, 'destroyed', 'the device was destroyed');
  });

  it('keeps its device when a scene leaves and another comes within the delay', async () => {
    const first = await mountScene(SCENE);
    first.remove();
    await mountScene(SCENE);
    assertEqual(Engine.get().devicesCreated, 1);
  });
});

describe('engine: reporting and visibility', () => {
  afterEach(unmountAll);

  it('reports a WebGPU validation error on the device as GPU_ERROR', async () => {
    const scene = await mountScene(SCENE);
    const errors = collectErrors(scene);
    // A buffer that cannot be both mapped for reading and used as a vertex buffer: a validation error.
    Engine.get().device!.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.VERTEX });
    for (let i = 0; i < 100 && errors.length === 0; i++) await frames(1);
    assertEqual(errors[0]?.code, 'GPU_ERROR');
  });

  it('does not draw a scene that is scrolled off screen', async () => {
    const scene = await mountScene(SCENE.replace('quality="low"', 'quality="low" render="continuous"'));
    await frames(3);
    const holder = scene.parentElement!;
    holder.style.top = '5000px';
    await frames(3);
    const frozen = scene.stats.frames;
    await frames(10);
    assertEqual(scene.stats.frames, frozen, 'no frames while off screen');
    holder.style.top = '0px';
    await frames(10);
    assert(scene.stats.frames > frozen, 'drawing again when back');
  });
});
