import { assert, assertClose, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, loaded, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import { serve } from '../helpers/models.js';
import { makeMorphedModel, makeSkinnedModel, makeTravellingModel } from '../helpers/animated-models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const LIGHTS = `<layerw-light type="ambient" intensity="0.4"></layerw-light>
  <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2.5"></layerw-light>`;

async function show(glb: Uint8Array, attributes: Record<string, string>, camera = 'camera-position="0 1 3.4" camera-target="0 1 0"', size: [number, number] = [96, 96]): Promise<{ scene: LayerWScene; mesh: LayerWMesh }> {
  const scene = await mountScene(`<layerw-scene background="#202830" ${camera} quality="high">${LIGHTS}</layerw-scene>`, size[0], size[1]);
  const mesh = document.createElement('layerw-mesh');
  for (const [name, value] of Object.entries(attributes)) mesh.setAttribute(name, value);
  const done = loaded(mesh);
  mesh.setAttribute('src', serve(glb));
  scene.append(mesh);
  await done;
  return { scene, mesh };
}

/** The box around the model's pixels (red well above the background's): left, top, right, bottom. */
function litBox(image: Image): [number, number, number, number] {
  const box: [number, number, number, number] = [image.width, image.height, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[(y * image.width + x) * 4]! <= 90) continue;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

/** Resolves with the next `type` event on `target`, or fails after `timeoutMs`. */
function next(target: EventTarget, type: string, timeoutMs = 15000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, (event) => {
      clearTimeout(timer);
      resolve(event);
    }, { once: true });
  });
}

/** currentTime after each of `count` frames. */
async function times(mesh: LayerWMesh, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    await frames(1);
    seen.push(mesh.currentTime);
  }
  return seen;
}

describe('<layerw-mesh src> animation', () => {
  afterEach(() => {
    unmountAll();
    ModelStore.resetForTests();
  });

  it('draws a skinned model bent by its animation at two times', async () => {
    const { scene, mesh } = await show(await makeSkinnedModel(), { animation: 'bend' });
    assertEqual(mesh.paused, true, 'without autoplay the clock waits');
    assertEqual(mesh.animations.join(','), 'bend,sway', 'clip names');
    assertClose(mesh.duration, 2, 1e-6, 'duration of bend');
    const rest = capture(scene);
    await expectGolden('animation-skinned-0s', rest);
    mesh.currentTime = 1;
    await frames(1);
    const bent = capture(scene);
    await expectGolden('animation-skinned-1s', bent);
    // At rest the column is upright; bent by 90° about z its upper half lies along -x, left of the base.
    const [restLeft, restTop, restRight, restBottom] = litBox(rest);
    const [bentLeft, bentTop, bentRight, bentBottom] = litBox(bent);
    assert(restBottom - restTop > 3 * (restRight - restLeft), `upright: ${restRight - restLeft} wide, ${restBottom - restTop} tall`);
    assert(bentTop > restTop + 10, `bent, the top comes down: ${bentTop} vs ${restTop}`);
    assert(bentLeft < restLeft - 10 && Math.abs(bentRight - restRight) <= 2, `bent, it reaches left only: ${bentLeft}…${bentRight} vs ${restLeft}…${restRight}`);
    assertEqual(bentBottom, restBottom, 'the lower half stays where it was');
  });

  it('draws a morphed model with weights from the mesh, the animation and morphWeights', async () => {
    const { scene, mesh } = await show(await makeMorphedModel(), { animation: 'breathe' }, 'camera-position="0 1 4" camera-target="0 0.3 0"');
    const flat = capture(scene);
    await expectGolden('animation-morphed-0s', flat);
    mesh.currentTime = 1;
    const lifted = capture(scene);
    await expectGolden('animation-morphed-1s', lifted);
    const litRows = (image: Image, fx: number): number => {
      let rows = 0;
      for (let y = 0; y < image.height; y++) if (pixelAt(image, fx, (y + 0.5) / image.height)[2] > 120) rows++;
      return rows;
    };
    assert(litRows(lifted, 0.8) > litRows(flat, 0.8) + 5, `the right half rises: ${litRows(lifted, 0.8)} vs ${litRows(flat, 0.8)} rows`);
    mesh.morphWeights = [0, 0];
    const overridden = capture(scene);
    assertEqual(litRows(overridden, 0.8), litRows(flat, 0.8), 'morphWeights [0, 0] flattens it again');
    mesh.morphWeights = null;
    assertEqual(litRows(capture(scene), 0.8), litRows(lifted, 0.8), 'null hands the weights back to the animation');
  });

  it('plays once to the end, fires finished and pauses; play() starts over', async () => {
    const { mesh } = await show(await makeSkinnedModel(), { animation: 'bend', loop: 'once', 'animation-speed': '8' });
    const played = next(mesh, 'play');
    mesh.autoplay = true;
    await played;
    assertEqual(mesh.paused, false, 'playing');
    await next(mesh, 'finished');
    assertEqual(mesh.paused, true, 'finished pauses');
    assertEqual(mesh.currentTime, 2, 'stopped at the end');
    await frames(3);
    assertEqual(mesh.currentTime, 2, 'and stays there');
    const again = next(mesh, 'play');
    mesh.play();
    await again;
    assert(mesh.currentTime < 2, `play() after finishing starts over: ${mesh.currentTime}`);
    await next(mesh, 'finished');
  });

  it('repeats with loop events, and pingpong turns back without jumping', async () => {
    const { mesh } = await show(await makeSkinnedModel(), { animation: 'bend', autoplay: '', 'animation-speed': '10' });
    let loops = 0;
    mesh.addEventListener('loop', () => loops++);
    const repeat = await times(mesh, 30);
    assert(loops >= 2, `loop fired on each wrap: ${loops}`);
    assert(repeat.every((t) => t >= 0 && t <= 2), `times stay in the clip: ${repeat.join(' ')}`);
    assert(repeat.some((t, i) => i > 0 && t < repeat[i - 1]! - 1), 'repeat wraps back to the start');
    mesh.loop = 'pingpong';
    const pingpong = await times(mesh, 40);
    const steps = pingpong.slice(1).map((t, i) => t - pingpong[i]!);
    assert(steps.some((d) => d > 0) && steps.some((d) => d < 0), `pingpong goes both ways: ${pingpong.join(' ')}`);
    assert(steps.every((d) => Math.abs(d) <= 1.01), `pingpong never jumps: ${steps.join(' ')}`);
  });

  it('plays backwards with a negative animation-speed, from the end', async () => {
    const { mesh } = await show(await makeSkinnedModel(), { animation: 'bend', 'animation-speed': '-1', loop: 'once' });
    assertEqual(mesh.currentTime, 2, 'a backwards clip starts at its end');
    mesh.play();
    const seen = await times(mesh, 6);
    assert(seen[5]! < seen[0]! && seen[0]! < 2, `time runs down: ${seen.join(' ')}`);
  });

  it('seeks while paused and holds the pose', async () => {
    const { scene, mesh } = await show(await makeSkinnedModel(), { animation: 'bend' });
    const rest = litBox(capture(scene));
    mesh.currentTime = 1;
    await frames(4);
    assertEqual(mesh.currentTime, 1, 'paused time does not move');
    const bent = litBox(capture(scene));
    assert(bent[1] > rest[1] + 10, `the pose follows the seek: top ${bent[1]} vs ${rest[1]}`);
    mesh.currentTime = 99;
    assertEqual(mesh.currentTime, 2, 'seeking past the end stops at the end');
  });

  it('crossfades from the old clip to the new one over `crossfade` seconds', async () => {
    const { scene, mesh } = await show(await makeSkinnedModel(), { animation: 'bend', crossfade: '1.5' });
    mesh.currentTime = 1;
    const [, bentTop] = litBox(capture(scene));
    mesh.animation = 'sway';
    const [, startTop] = litBox(capture(scene));
    assert(startTop > bentTop - 4, `at the start of the fade the old pose still shows: top ${startTop}, bent ${bentTop}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await frames(3);
    const [, endTop] = litBox(capture(scene));
    assert(endTop < bentTop - 10, `after the fade the new clip (upright at 0 s) shows: top ${endTop}, bent ${bentTop}`);
    mesh.crossfade = 0;
    mesh.animation = 'bend';
    mesh.currentTime = 1;
    const [, cutTop] = litBox(capture(scene));
    assert(cutTop > endTop + 10, `crossfade 0 cuts at once: top ${cutTop}`);
  });

  it('refuses an unknown animation name with BAD_ATTRIBUTE and keeps the previous one', async () => {
    const { mesh } = await show(await makeSkinnedModel(), { animation: 'sway' });
    const errors = collectErrors(mesh);
    mesh.setAttribute('animation', 'dance');
    assertEqual(errors.length, 1, 'one error');
    assertEqual(errors[0]!.code, 'BAD_ATTRIBUTE');
    assert(/bend/.test(errors[0]!.message) && /sway/.test(errors[0]!.message), `the message lists the clips: ${errors[0]!.message}`);
    assertEqual(mesh.animation, 'sway', 'kept');
    assertClose(mesh.duration, 1.5, 1e-6, 'still the duration of sway');
    mesh.animation = 0;
    assertClose(mesh.duration, 2, 1e-6, 'an index picks a clip too');
  });

  it('reports ASSET_INVALID for a broken skin and still draws the model at rest', async () => {
    const { splitGlb, makeGlb } = await import('../assets/glb-builder.js');
    const { json, bin } = splitGlb(await makeSkinnedModel());
    (json as any).skins[0].joints = (json as any).skins[0].joints.slice(0, 1);
    const scene = await mountScene(`<layerw-scene background="#202830" camera-position="0 1 3.4" camera-target="0 1 0">${LIGHTS}</layerw-scene>`, 96, 96);
    const mesh = document.createElement('layerw-mesh');
    const errors = collectErrors(mesh);
    const drawn = next(mesh, 'load');
    mesh.setAttribute('src', serve(makeGlb(json, bin)));
    scene.append(mesh);
    await drawn;
    assertEqual(errors.map((e) => e.code).join(','), 'ASSET_INVALID');
    assert(/joint 1/.test(errors[0]!.message) && /at rest/.test(errors[0]!.message), errors[0]!.message);
    const [left, top, right, bottom] = litBox(capture(scene));
    assert(bottom - top > 3 * (right - left), 'the column is drawn upright');
    assertEqual(mesh.animations.length, 0, 'no clips offered');
  });

  it('gives copies their own clocks and frees every record, slot and listener on removal mid-animation', async () => {
    const glb = await makeSkinnedModel();
    const url = serve(glb);
    const scene = await mountScene(`<layerw-scene background="#202830" camera-position="0 1 6" camera-target="0 1 0">${LIGHTS}</layerw-scene>`, 96, 96);
    const meshes = [-1, 1].map((x) => {
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('position', `${x} 0 0`);
      mesh.setAttribute('animation', 'bend');
      mesh.setAttribute('src', url);
      return mesh;
    });
    const ready = meshes.map((mesh) => loaded(mesh));
    scene.append(...meshes);
    await Promise.all(ready);
    const runtime = scene.runtime!;
    const animation = runtime.models!.animation!;
    assertEqual(animation.instanceCount, 2, 'one record per mesh');
    meshes[0]!.currentTime = 1;
    await frames(2);
    assertEqual(meshes[1]!.currentTime, 0, 'the other copy keeps its own time');
    const image = capture(scene);
    const leftTop = litBox({ ...image, data: image.data.map((v, i) => ((i / 4) % image.width < image.width / 2 ? v : 0)) })[1];
    const rightTop = litBox({ ...image, data: image.data.map((v, i) => ((i / 4) % image.width >= image.width / 2 ? v : 0)) })[1];
    assert(leftTop > rightTop + 5, `one geometry, two poses: left top ${leftTop}, right top ${rightTop}`);
    const slotsBefore = runtime.walloc!.core.liveSlots() >>> 0;
    let loops = 0;
    meshes[1]!.addEventListener('loop', () => loops++);
    meshes[1]!.animationSpeed = 20;
    meshes[1]!.play();
    await next(meshes[1]!, 'loop');
    meshes[1]!.remove();
    assertEqual(animation.instanceCount, 1, 'its record is freed');
    assertEqual(runtime.walloc!.core.liveSlots() >>> 0, slotsBefore - 1, 'its slot is freed');
    const counted = loops;
    await frames(10);
    assertEqual(loops, counted, 'no event reaches a removed mesh');
    assertEqual(meshes[0]!.currentTime, 1, 'the remaining copy moved into the freed record keeps its state');
    meshes[0]!.remove();
    assertEqual(animation.instanceCount, 0, 'every record freed');
  });

  it('moves bounds with the animation, so culling keeps a part that left its rest bounds', async () => {
    const { scene, mesh } = await show(await makeTravellingModel(), {}, 'camera-position="0 0 4" camera-target="0 0 0" fov="30"');
    scene.setAttribute('camera-position', '10 0 4');
    scene.setAttribute('camera-target', '10 0 0');
    const [r0] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r0 < 60, `at 0 s the box is at the origin, out of view: ${r0}`);
    mesh.currentTime = 1;
    const [r1, g1] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r1 > 120 && g1 > 100, `at 1 s it is drawn at x = 10: ${r1} ${g1}`);
    assertEqual(scene.runtime!.stats.visible, 1, 'and counted visible');
  });

  it('uploads nothing for a paused animated mesh, and palettes and instances while it plays', async () => {
    const { scene, mesh } = await show(await makeSkinnedModel(), { animation: 'bend' });
    await frames(3);
    capture(scene);
    capture(scene);
    assertEqual(scene.runtime!.stats.uploadedBytes, 0, 'a still frame sends nothing');
    mesh.animationSpeed = 0.5;
    mesh.play();
    await frames(2);
    capture(scene);
    assert(scene.runtime!.stats.uploadedBytes > 0, `a playing mesh sends its instance: ${scene.runtime!.stats.uploadedBytes} B`);
  });
});
