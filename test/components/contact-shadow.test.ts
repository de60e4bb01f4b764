// shadow-intensity: the contact shadow on an invisible ground under the scene's objects. Golden in
// test/golden/contact-shadow.png.
import { assert, assertEqual } from '../assert.js';
import { capture, collectErrors, frames, mountScene, regionBrightness, unmountAll } from '../helpers/scene.js';
import { expectGolden, type Image } from '../helpers/golden.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const W = 128;
const H = 96;

/** A box resting on y = 0 and a sphere floating above it, on a light background, seen from above the ground. */
function scene(attributes: string): string {
  return `<layerw-scene ${attributes} background="#d8d8d8" camera-position="0 1.6 3" camera-target="0 0.4 0" quality="medium">
    <layerw-mesh geometry="box" position="-0.6 0.35 0" scale="0.7" rotation="0 25 0" color="#c04040"></layerw-mesh>
    <layerw-mesh geometry="sphere" position="0.7 0.8 0" scale="0.5" color="#4060c0"></layerw-mesh>
  </layerw-scene>`;
}

/** Draws until the contact shadow's chunk is loaded and its step runs. */
async function withShadow(element: LayerWScene): Promise<Image> {
  for (let i = 0; i < 200 && !element.runtime!.schedule.has('ground-bounds'); i++) await frames(1);
  assert(element.runtime!.schedule.has('ground-bounds'), 'the contact shadow step was added');
  capture(element);
  return capture(element);
}

describe('<layerw-scene shadow-intensity>', function () {
  this.timeout(120_000);
  afterEach(unmountAll);

  it('darkens the ground under the objects at 1 and not at 0', async () => {
    const off = capture(await mountScene(scene(''), W, H));
    unmountAll();
    const element = await mountScene(scene('shadow-intensity="1"'), W, H);
    const on = await withShadow(element);
    await expectGolden('contact-shadow', on);
    // Just below the box's bottom edge and around it: the ground in front of where the box stands.
    const under = (image: Image): number => regionBrightness(image, 0.25, 0.69, 0.4, 0.75);
    assert(under(on) < under(off) - 20, `the ground by the box is darker (${under(on)} vs ${under(off)})`);
    // Far from the objects the background is untouched.
    assert(Math.abs(regionBrightness(on, 0, 0, 1, 0.1) - regionBrightness(off, 0, 0, 1, 0.1)) < 1, 'the sky is as it was');
    element.shadowIntensity = 0;
    const cleared = capture(element);
    assert(Math.abs(under(cleared) - under(off)) < 1, 'shadow-intensity 0 removes it');
    element.shadowIntensity = 0.5;
    const half = capture(element);
    assert(under(half) > under(on) + 5 && under(half) < under(off) - 5, `0.5 is in between (${under(half)})`);
  });

  it('refuses values outside 0..1 with BAD_ATTRIBUTE and keeps the previous one', async () => {
    const element = await mountScene(scene('shadow-intensity="0.4"'), W, H);
    const errors = collectErrors(element);
    element.setAttribute('shadow-intensity', '2');
    element.setAttribute('shadow-intensity', '-1');
    element.setAttribute('shadow-intensity', 'dark');
    assertEqual(errors.map((e) => e.code).join(), 'BAD_ATTRIBUTE,BAD_ATTRIBUTE,BAD_ATTRIBUTE');
    assertEqual(element.shadowIntensity, 0.4);
    element.removeAttribute('shadow-intensity');
    assertEqual(element.shadowIntensity, 0, 'removing restores the default');
  });
});
