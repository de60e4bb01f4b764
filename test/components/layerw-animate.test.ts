import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWAnimate, LayerWFinishedDetail } from '../../components/layerw-animate.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';

const LIGHTS = `<layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-light type="directional" direction="0 0 -1" intensity="2" cast-shadow="false"></layerw-light>`;

/** A scene with one box and, inside it, `animate` (markup); the camera looks down -z at the origin. */
function sceneWith(mesh: string, animate = ''): string {
  return `<layerw-scene background="#000000" camera-position="0 0 6" camera-target="0 0 0" quality="low">
  ${LIGHTS}
  <layerw-mesh geometry="box" roughness="1" ${mesh.includes('color=') ? mesh : `color="#ff0000" ${mesh}`}>${animate}</layerw-mesh>
</layerw-scene>`;
}

function parts(scene: LayerWScene): { mesh: LayerWMesh; animate: LayerWAnimate } {
  return { mesh: scene.querySelector('layerw-mesh')!, animate: scene.querySelector('layerw-animate')! };
}

/** Resolves once the scene's tween table holds `count` tweens (the table loads with the first animation). */
async function tweensReady(scene: LayerWScene, count = 1): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await liveTweens(scene)) === count) return;
    await frames(1);
  }
  throw new Error(`the scene never held ${count} tweens (has ${await liveTweens(scene)})`);
}

/** Entries in use in the scene's tween table, read from the feature kernels over its memory. */
async function liveTweens(scene: LayerWScene): Promise<number> {
  return (await featureKernels(scene.runtime!.walloc!)).liveTweens() >>> 0;
}

function positionOf(scene: LayerWScene, mesh: LayerWMesh): number[] {
  const slot = mesh.columnSlot!;
  return Array.from(scene.runtime!.walloc!.columns.float.position.subarray(slot * 3, slot * 3 + 3));
}

/** Share of pixels whose channels differ by more than `channel`. */
function difference(a: Image, b: Image, channel = 6): number {
  assertEqual(a.width, b.width);
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i]! - b.data[i]!) > channel || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > channel
      || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > channel) differing++;
  }
  return differing / (a.width * a.height);
}

/** The image of the same scene drawn with the mesh's attributes set statically. */
async function staticImage(mesh: string): Promise<Image> {
  const scene = await mountScene(sceneWith(mesh));
  const image = capture(scene);
  scene.parentElement!.remove();
  return image;
}

describe('<layerw-animate>', () => {
  afterEach(unmountAll);

  it('draws a mesh where its tween puts it at a seeked time, as the same position set statically', async () => {
    const scene = await mountScene(sceneWith('', '<layerw-animate attribute="position" from="-3 0 0" to="1 1 0" duration="2s" easing="linear" autoplay="false"></layerw-animate>'));
    const { mesh, animate } = parts(scene);
    await tweensReady(scene);
    animate.currentTime = 1.5;
    const tweened = capture(scene);
    assertDeepEqual(positionOf(scene, mesh), [0, 0.75, 0]);
    const expected = await staticImage('position="0 0.75 0"');
    assert(difference(tweened, expected) < 0.002, `differs from the static mesh in ${difference(tweened, expected)}`);
    assert(pixelAt(tweened, 0.5, 0.4)[0] > 100, 'the box is drawn above the centre');
    animate.currentTime = 0.25;
    capture(scene);
    assertDeepEqual(positionOf(scene, mesh), [-2.5, 0.125, 0]);
    assertDeepEqual(mesh.position, [0, 0, 0], 'the property is the mesh\'s own value');
    assertEqual(mesh.getAttribute('position'), null, 'the attribute is not rewritten');
  });

  it('draws a scene of tweens seeked to 0.6 s as its golden image', async () => {
    const scene = await mountScene(`<layerw-scene background="#101418" camera-position="0 2.5 6" camera-target="0 0.5 0" quality="high">
      ${LIGHTS}
      <layerw-mesh geometry="plane" scale="8" color="#c9d1da" roughness="0.9"></layerw-mesh>
      <layerw-mesh geometry="box" position="-2 0.5 0" scale="0.8" color="tomato">
        <layerw-animate attribute="position" to="-2 2 0" duration="1s" easing="ease-out" autoplay="false"></layerw-animate>
      </layerw-mesh>
      <layerw-mesh geometry="box" position="0 0.5 0" color="#61afef">
        <layerw-animate attribute="rotation" to="0 90 45" duration="1s" easing="steps(4)" autoplay="false"></layerw-animate>
        <layerw-animate attribute="scale" values="1; 1.4; 0.6" duration="1s" autoplay="false"></layerw-animate>
      </layerw-mesh>
      <layerw-group position="2 0 0">
        <layerw-animate attribute="position" from="2 0 0" to="2 0 -2" duration="1s" autoplay="false"></layerw-animate>
        <layerw-mesh geometry="sphere" position="0 0.6 0" color="#ff0000">
          <layerw-animate attribute="color" to="#00ff00" duration="1s" autoplay="false"></layerw-animate>
          <layerw-animate attribute="opacity" to="0.4" duration="1s" autoplay="false"></layerw-animate>
        </layerw-mesh>
      </layerw-group>
    </layerw-scene>`, 128, 96);
    await tweensReady(scene, 6);
    for (const animate of scene.querySelectorAll('layerw-animate')) animate.currentTime = 0.6;
    await expectGolden('tween-seeked', capture(scene));
  });

  it('interpolates colour in linear light, eased, and rotation through Euler angles', async () => {
    const scene = await mountScene(sceneWith('rotation="0 0 0"', `
      <layerw-animate attribute="color" from="#ff0000" to="#0000ff" duration="1s" easing="ease-in-out" autoplay="false"></layerw-animate>
      <layerw-animate attribute="rotation" from="0 0 0" to="0 90 0" duration="1s" autoplay="false"></layerw-animate>`));
    const mesh = scene.querySelector('layerw-mesh')!;
    const [color, rotation] = [...scene.querySelectorAll('layerw-animate')];
    await tweensReady(scene, 2);
    color!.currentTime = 0.5;
    rotation!.currentTime = 0.5;
    const tweened = capture(scene);
    const slot = mesh.columnSlot!;
    const column = scene.runtime!.walloc!.columns.float;
    assertClose(column.color[slot * 4]!, 0.5, 1e-6, 'ease-in-out is 0.5 half-way: half of linear red');
    assertClose(column.color[slot * 4 + 2]!, 0.5, 1e-6, 'and half of linear blue');
    // Linear 0.5 is sRGB 188/255: the colour half-way in linear light.
    const expected = await staticImage('color="rgb(188 0 188)" rotation="0 45 0"');
    assert(difference(tweened, expected) < 0.002, `differs from the static mesh in ${difference(tweened, expected)}`);
    assertEqual(mesh.color, '#ff0000');
  });

  it('fades through the blended pass with opacity and comes back opaque', async () => {
    const scene = await mountScene(sceneWith('', '<layerw-animate attribute="opacity" values="1; 0.3; 1" key-times="0; 0.5; 1" duration="1s" autoplay="false" fill="both"></layerw-animate>'));
    const { mesh, animate } = parts(scene);
    await tweensReady(scene);
    animate.currentTime = 0.5;
    const faded = capture(scene);
    const expected = await staticImage('opacity="0.3"');
    assert(difference(faded, expected) < 0.002, `differs from the static mesh in ${difference(faded, expected)}`);
    const transparent = scene.runtime!.walloc!.columns.uint.flags[mesh.columnSlot!]! & 128;
    assert(transparent !== 0, 'flagged transparent');
    animate.currentTime = 1;
    const opaque = capture(scene);
    const own = await staticImage('');
    assert(difference(opaque, own) < 0.002, 'opaque again');
  });

  it('plays on its own, fires finished once, then shows the mesh\'s own value again (fill none)', async () => {
    const scene = await mountScene(sceneWith('position="0 1 0"', '<layerw-animate attribute="position" to="2 1 0" duration="300ms"></layerw-animate>'));
    const { mesh, animate } = parts(scene);
    const finished: LayerWFinishedDetail[] = [];
    animate.addEventListener('finished', (event) => finished.push((event as CustomEvent<LayerWFinishedDetail>).detail));
    await tweensReady(scene);
    let moved = false;
    for (let i = 0; i < 200 && finished.length === 0; i++) {
      await frames(1);
      const x = positionOf(scene, mesh)[0]!;
      if (x > 0 && x < 2) moved = true;
    }
    assert(moved, 'went through positions between from and to');
    assertEqual(finished.length, 1);
    assertEqual(finished[0]!.attribute, 'position');
    assertClose(finished[0]!.currentTime, 0.3, 1e-6);
    await frames(3);
    assertEqual(finished.length, 1, 'once');
    assertDeepEqual(positionOf(scene, mesh), [0, 1, 0], 'the mesh\'s own position');
    assertEqual(animate.paused, true);
    assertEqual(await liveTweens(scene), 1, 'a finished tween keeps its entry until removed');
  });

  it('pauses and plays: the clock stops and goes on, and play() after the end starts again', async () => {
    const scene = await mountScene(sceneWith('', '<layerw-animate attribute="position" from="0 0 0" to="0 0 -50" duration="4s" fill="forwards"></layerw-animate>'));
    scene.render = 'continuous';
    const { mesh, animate } = parts(scene);
    await tweensReady(scene);
    await frames(5);
    animate.pause();
    const at = animate.currentTime;
    assert(at > 0, `the clock ran (${at})`);
    await frames(5);
    assertEqual(animate.currentTime, at, 'paused');
    assertEqual(animate.paused, true);
    const z = positionOf(scene, mesh)[2]!;
    assertClose(z, -50 * (at / 4), 1e-3, 'the value at the paused time');
    animate.play();
    await frames(5);
    assert(animate.currentTime > at, 'running again');
    animate.currentTime = 10;
    await frames(2);
    assertEqual(animate.paused, true, 'finished at the end');
    assertEqual(positionOf(scene, mesh)[2], -50, 'fill forwards holds the end');
    animate.play();
    await frames(2);
    assert(animate.currentTime < 1, `play() after the end starts from 0 (${animate.currentTime})`);
  });

  it('frees its entry when removed mid-tween, and the mesh shows its own value; removing the parent stops it', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" quality="low">
      <layerw-mesh position="1 2 3"><layerw-animate attribute="position" to="5 5 5" duration="10s"></layerw-animate></layerw-mesh>
      <layerw-group><layerw-animate attribute="scale" to="3" duration="10s"></layerw-animate></layerw-group>
    </layerw-scene>`);
    scene.render = 'continuous';
    const mesh = scene.querySelector('layerw-mesh')!;
    await tweensReady(scene, 2);
    await frames(3);
    assert(positionOf(scene, mesh)[0] !== 1, 'moving');
    mesh.querySelector('layerw-animate')!.remove();
    assertEqual(await liveTweens(scene), 1);
    assertDeepEqual(positionOf(scene, mesh), [1, 2, 3]);
    await frames(2);
    assertDeepEqual(positionOf(scene, mesh), [1, 2, 3], 'stays');
    scene.querySelector('layerw-group')!.remove();
    assertEqual(await liveTweens(scene), 0, 'removing the parent frees the entry');
    const fresh = document.createElement('layerw-animate');
    fresh.setAttribute('attribute', 'position');
    fresh.setAttribute('to', '0 0 0');
    mesh.append(fresh);
    await tweensReady(scene, 1);
    fresh.remove();
    mesh.append(fresh);
    await tweensReady(scene, 1);
    scene.remove();
  });

  it('refuses bad input with BAD_ATTRIBUTE and does nothing, or keeps the tween as it was', async () => {
    const scene = await mountScene(sceneWith('position="0 0 0"'));
    const mesh = scene.querySelector('layerw-mesh')!;
    const errors = collectErrors(scene);
    const bad: [string, string][] = [
      ['attribute="nonsense" to="1"', 'attribute'], ['attribute="position" to="1 2"', 'to'], ['attribute="position" from="x" to="1 2 3"', 'from'],
      ['attribute="position" to="1 2 3" easing="bounce"', 'easing'], ['attribute="position" to="1 2 3" easing="cubic-bezier(2, 0, 1, 1)"', 'easing'],
      ['attribute="position" to="1 2 3" easing="steps(0)"', 'easing'], ['attribute="position" to="1 2 3" duration="fast"', 'duration'],
      ['attribute="position" to="1 2 3" duration="-1s"', 'duration'], ['attribute="color" to="not-a-colour"', 'to'],
      ['attribute="opacity" to="2"', 'to'], ['attribute="position" values="0 0 0; 1 1 1" key-times="0; 0.5"', 'key-times'],
      ['attribute="position" to="1 2 3" repeat="-1"', 'repeat'], ['attribute="position" to="1 2 3" direction="sideways"', 'direction'],
      ['attribute="position" to="1 2 3" fill="all"', 'fill'], ['attribute="position"', 'to'],
    ];
    mesh.innerHTML = bad.map(([attributes]) => `<layerw-animate ${attributes}></layerw-animate>`).join('');
    for (let i = 0; i < 100 && errors.length < bad.length; i++) await frames(1);
    assertEqual(errors.length, bad.length, errors.map((e) => e.message).join(' | '));
    assert(errors.every((e) => e.code === 'BAD_ATTRIBUTE'));
    assertDeepEqual(errors.map((e) => e.attribute), bad.map(([, attribute]) => attribute));
    assert(errors[0]!.message.includes('layerw-animate: attribute="nonsense"'), errors[0]!.message);
    assertEqual(await liveTweens(scene), 0, 'no tween');
    capture(scene);
    assertDeepEqual(positionOf(scene, mesh), [0, 0, 0], 'nothing moved');

    mesh.innerHTML = '<layerw-animate attribute="position" from="0 0 0" to="4 0 0" duration="1s" autoplay="false"></layerw-animate>';
    const animate = mesh.querySelector('layerw-animate')!;
    await tweensReady(scene);
    animate.currentTime = 0.5;
    animate.setAttribute('to', '1 1');
    animate.setAttribute('easing', 'wobbly');
    await frames(1);
    capture(scene);
    assertDeepEqual(positionOf(scene, mesh), [2, 0, 0], 'the tween as it was');
    assertEqual(errors.length, bad.length + 1, 'the bad change is reported (both attributes read at once, the first refused)');
    animate.setAttribute('to', '0 4 0');
    animate.setAttribute('easing', 'linear');
    await frames(1);
    capture(scene);
    assertDeepEqual(positionOf(scene, mesh), [0, 2, 0], 'a good change takes');
  });

  it('animates a light, the scene camera and a group', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 6" quality="low">
      <layerw-light type="ambient" intensity="0"><layerw-animate attribute="intensity" from="0" to="4" duration="1s" autoplay="false"></layerw-animate></layerw-light>
      <layerw-group><layerw-mesh color="#ffffff"></layerw-mesh><layerw-animate attribute="position" from="0 0 0" to="0 0 -4" duration="1s" autoplay="false"></layerw-animate></layerw-group>
      <layerw-animate attribute="camera-position" from="0 0 6" to="0 0 10" duration="1s" autoplay="false"></layerw-animate>
    </layerw-scene>`);
    await tweensReady(scene, 3);
    const light = scene.querySelector('layerw-light')!;
    const runtime = scene.runtime!;
    for (const animate of scene.querySelectorAll('layerw-animate')) animate.currentTime = 0.5;
    capture(scene);
    assertEqual(light.intensity, 2, 'a light\'s property shows the animated value');
    assertDeepEqual(Array.from(runtime.camera.position), [0, 0, 8]);
    assertDeepEqual(scene.cameraPosition, [0, 0, 6], 'the scene\'s property is its own value');
    const mesh = scene.querySelector('layerw-mesh')!;
    const world = runtime.walloc!.columns.float.world;
    assertEqual(world[mesh.columnSlot! * 16 + 14], -2, 'the group moved its child');
    for (const animate of [...scene.querySelectorAll('layerw-animate')]) animate.remove();
    capture(scene);
    assertEqual(light.intensity, 0, 'the light\'s own intensity is back');
    assertDeepEqual(Array.from(runtime.camera.position), [0, 0, 6]);
  });
});
