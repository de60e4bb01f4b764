import { assert, assertEqual } from '../assert.js';
import { capture, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { Engine } from '../../src/engine/engine.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const SIMPLE = `<layerw-scene background="#000000" camera-position="0 0 8" quality="low" memory-budget="64MB">
  <layerw-light type="ambient" intensity="1"></layerw-light>
</layerw-scene>`;

/** Counts listeners added and removed on every EventTarget while `work` runs; returns the net count. */
async function netListeners(work: () => Promise<void>): Promise<number> {
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  let net = 0;
  proto.addEventListener = function (this: EventTarget, ...args: Parameters<typeof add>) {
    net++;
    return add.apply(this, args);
  };
  proto.removeEventListener = function (this: EventTarget, ...args: Parameters<typeof remove>) {
    net--;
    return remove.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.addEventListener = add;
    proto.removeEventListener = remove;
  }
  return net;
}

function worldTranslation(scene: LayerWScene, mesh: Element): number[] {
  const slot = (mesh as unknown as { object: { slot: number } | null }).object?.slot;
  if (slot === undefined) throw new Error('mesh holds no slot');
  const world = scene.runtime!.walloc!.columns.float.world;
  return [world[slot * 16 + 12]!, world[slot * 16 + 13]!, world[slot * 16 + 14]!];
}

describe('element lifecycle', () => {
  afterEach(unmountAll);

  it('returns slots, memory, GPU bytes and listeners to baseline over 20 rounds of 10,000 meshes', async () => {
    const scene = await mountScene(SIMPLE);
    const core = scene.runtime!.walloc!.core;
    const baselineSlots = core.liveSlots() >>> 0;
    let highAfterFirst = 0;
    let gpuAfterFirst = 0;
    const net = await netListeners(async () => {
      for (let round = 0; round < 20; round++) {
        const fragment = document.createDocumentFragment();
        for (let i = 0; i < 10_000; i++) {
          const mesh = document.createElement('layerw-mesh');
          mesh.setAttribute('position', `${(i % 100) - 50} ${Math.floor(i / 100) - 50} -20`);
          fragment.append(mesh);
        }
        scene.append(fragment);
        capture(scene);
        assertEqual(scene.stats.objects, baselineSlots + 10_000, `round ${round}: every mesh holds a slot`);
        for (const mesh of [...scene.querySelectorAll('layerw-mesh')]) mesh.remove();
        capture(scene);
        assertEqual(core.liveSlots() >>> 0, baselineSlots, `round ${round}: every slot returned`);
        if (round === 0) {
          highAfterFirst = scene.runtime!.walloc!.regionStats('scene').highWater;
          gpuAfterFirst = scene.stats.gpuBytes;
        }
      }
    });
    assertEqual(scene.runtime!.walloc!.regionStats('scene').highWater, highAfterFirst, 'the scene region high-water mark stays');
    assertEqual(scene.stats.gpuBytes, gpuAfterFirst, 'GPU bytes stay');
    assertEqual(scene.runtime!.walloc!.regionStats('scene').used, 0, 'no scene bytes in use');
    assertEqual(net, 0, 'every listener added was removed');
  });

  it('moves a mesh with its new group when it is moved in the DOM', async () => {
    const scene = await mountScene(`<layerw-scene quality="low">
      <layerw-group id="a" position="10 0 0"><layerw-mesh position="1 0 0"></layerw-mesh></layerw-group>
      <layerw-group id="b" position="0 5 0"></layerw-group>
    </layerw-scene>`);
    const mesh = scene.querySelector('layerw-mesh')!;
    capture(scene);
    assertEqual(worldTranslation(scene, mesh).join(), '11,0,0');
    scene.querySelector('#b')!.append(mesh);
    capture(scene);
    assertEqual(worldTranslation(scene, mesh).join(), '1,5,0');
    scene.append(mesh);
    capture(scene);
    assertEqual(worldTranslation(scene, mesh).join(), '1,0,0', 'at the scene root');
    assertEqual(scene.runtime!.walloc!.core.liveSlots() >>> 0, 3, 'two groups and the mesh, no leftovers');
  });

  it('moves a mesh between scenes', async () => {
    const first = await mountScene(SIMPLE);
    const second = await mountScene(SIMPLE);
    const mesh = document.createElement('layerw-mesh');
    mesh.setAttribute('scale', '4');
    first.append(mesh);
    assert(pixelAt(capture(first), 0.5, 0.5)[0] > 50, 'drawn in the first scene');
    second.append(mesh);
    assertEqual(pixelAt(capture(first), 0.5, 0.5)[0], 0, 'gone from the first');
    assert(pixelAt(capture(second), 0.5, 0.5)[0] > 50, 'drawn in the second');
    assertEqual(first.runtime!.walloc!.core.liveSlots() >>> 0, 0);
    assertEqual(second.runtime!.walloc!.core.liveSlots() >>> 0, 1);
  });

  it('survives a scene removed in the middle of a frame, and keeps drawing the others', async () => {
    const first = await mountScene(SIMPLE.replace('quality="low"', 'quality="low" render="continuous"'));
    const second = await mountScene(SIMPLE.replace('quality="low"', 'quality="low" render="continuous"'));
    let removed = false;
    // `stats` is dispatched from inside the engine's frame loop, after this scene's frame.
    first.addEventListener('stats', () => {
      first.remove();
      removed = true;
    }, { once: true });
    for (let i = 0; i < 100 && !removed; i++) await frames(1);
    assert(removed, 'the handler ran');
    const drawn = second.stats.frames;
    await frames(5);
    assert(second.stats.frames > drawn, 'the other scene still draws');
    assertEqual(first.runtime, null, 'the removed scene let go of its runtime');
    assertEqual(Engine.get().clientCount, 1);
  });

  it('survives connect and disconnect in any order, like a StrictMode double mount', async () => {
    const scene = await mountScene(SIMPLE);
    const mesh = document.createElement('layerw-mesh');
    for (let i = 0; i < 5; i++) {
      scene.append(mesh);
      mesh.remove();
    }
    scene.append(mesh);
    const group = document.createElement('layerw-group');
    scene.append(group);
    group.append(mesh);
    group.remove();
    scene.append(group);
    capture(scene);
    assertEqual(scene.runtime!.walloc!.core.liveSlots() >>> 0, 2, 'one group and one mesh hold slots');
    scene.remove();
    document.body.append(scene);
    await frames(3);
    assertEqual(scene.runtime!.walloc!.core.liveSlots() >>> 0, 2, 'after the scene reconnects, both are back');
  });
});

describe('memory budget changes', () => {
  afterEach(unmountAll);

  it('moves every object to a new memory when memory-budget changes', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4" quality="low" memory-budget="16MB">
      <layerw-light type="ambient" intensity="1"></layerw-light>
      <layerw-group position="0 0 0"><layerw-mesh geometry="box" scale="2" color="white"></layerw-mesh></layerw-group>
    </layerw-scene>`);
    const before = pixelAt(capture(scene), 0.5, 0.5);
    const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
    scene.setAttribute('memory-budget', '32MiB');
    await ready;
    // An explicit budget is shared: half for the WebAssembly memory, half for models on the GPU.
    assertEqual(scene.stats.reservedBytes, 16 * 1024 * 1024);
    assertEqual(scene.stats.streaming.gpuAllowance, 16 * 1024 * 1024);
    assertEqual(scene.runtime!.walloc!.core.liveSlots() >>> 0, 2, 'the group and the mesh in the new memory');
    assertEqual(pixelAt(capture(scene), 0.5, 0.5).join(), before.join());
  });
});
