// Contender page: A-Frame 1.8 (its dist build, loaded by aframe.html with its own bundled three.js), written
// as its users write it: `<a-entity geometry="primitive: box" material="color: …" position="…">` children
// of an `<a-scene>`. A-Frame drives its own render loop (`renderer.setAnimationLoop`); this page wraps the
// scene's `renderer.render` to see each drawn frame, and stops the loop while another contender is timed.

import type { ContenderPage, FrameTimes, PopulateOptions } from '../contender-api.js';
import { CAMERA, LIGHT_DIRECTION, PALETTE, TWEEN_MS, layoutFor } from '../scene-layout.js';

/** The parts of A-Frame's elements this page uses. */
interface AEntity extends HTMLElement {
  hasLoaded: boolean;
  object3D: { position: { x: number; y: number; z: number } };
  getObject3D(type: string): object | undefined;
}

interface AScene extends AEntity {
  renderStarted: boolean;
  render: (time: number, frame?: unknown) => void;
  tick: (time: number, delta: number) => void;
  renderer: {
    render(scene: unknown, camera: unknown): void;
    setAnimationLoop(callback: ((time: number, frame?: unknown) => void) | null): void;
    forceContextLoss(): void;
    getContext(): WebGL2RenderingContext;
    info: { render: { calls: number } };
  };
}

/** Frames `frameTimes` can record at once; preallocated so that watching frames allocates nothing. */
const MAX_RECORDED = 4096;
const renderMs = new Float64Array(MAX_RECORDED);
const tickMs = new Float64Array(MAX_RECORDED);
let recordFrom = 0;
let recordCount = 0;
/** Milliseconds of the scene tick inside the render being timed. */
let lastTickMs = 0;
/** Wakes `waitFrames` / `frameTimes` once `drawn` reaches `framesUntil`. */
let framesWaiter: (() => void) | null = null;
let framesUntil = 0;

let sceneEl: AScene | null = null;
let entities: AEntity[] = [];
let drawn = 0;
/** Resolves after the first frame drawn once `last` has its mesh (entities load in document order). */
let waiter: ((at: number) => void) | null = null;
let waitFor: AEntity | null = null;

/** A fresh `<a-scene>` with the shared camera and lights; resolves once it renders. */
async function openScene(): Promise<AScene> {
  clear();
  const scene = document.createElement('a-scene') as AScene;
  scene.setAttribute('embedded', '');
  scene.setAttribute('renderer', 'antialias: false');
  scene.setAttribute('vr-mode-ui', 'enabled: false');
  scene.setAttribute('loading-screen', 'enabled: false');
  scene.setAttribute('device-orientation-permission-ui', 'enabled: false');
  scene.setAttribute('background', 'color: #101418');
  scene.style.cssText = 'display: block; width: 100%; height: 100%;';
  const camera = document.createElement('a-entity');
  // A-Frame cameras look down -z, which is where the shared target lies.
  camera.setAttribute('camera', `active: true; fov: ${CAMERA.fov}; near: ${CAMERA.near}; far: ${CAMERA.far}`);
  camera.setAttribute('position', CAMERA.position.join(' '));
  camera.setAttribute('look-controls', 'enabled: false');
  camera.setAttribute('wasd-controls', 'enabled: false');
  const ambient = document.createElement('a-entity');
  ambient.setAttribute('light', 'type: ambient; intensity: 0.4');
  const sun = document.createElement('a-entity');
  sun.setAttribute('light', 'type: directional; intensity: 2');
  sun.setAttribute('position', LIGHT_DIRECTION.map((v) => -v).join(' '));
  scene.append(camera, ambient, sun);
  const started = new Promise<void>((resolve) => scene.addEventListener('renderstart', () => resolve(), { once: true }));
  document.body.append(scene);
  await started;
  const renderer = scene.renderer;
  const render = renderer.render.bind(renderer);
  renderer.render = (object: unknown, camera: unknown): void => {
    render(object, camera);
    drawn++;
    if (waiter !== null && (waitFor === null || (waitFor.hasLoaded && waitFor.getObject3D('mesh') !== undefined))) {
      const wake = waiter;
      waiter = null;
      wake(performance.now());
    }
  };
  // The animation loop calls scene.render: time it whole (the tick with every component's, `animation`
  // included, then renderer.render), and the tick on its own.
  const sceneRender = scene.render;
  scene.render = (time: number, frame?: unknown): void => {
    const start = performance.now();
    sceneRender(time, frame);
    const index = drawn - 1 - recordFrom;
    if (index >= 0 && index < recordCount) {
      renderMs[index] = performance.now() - start;
      tickMs[index] = lastTickMs;
    }
    if (framesWaiter !== null && drawn >= framesUntil) {
      const wake = framesWaiter;
      framesWaiter = null;
      wake();
    }
  };
  const sceneTick = scene.tick.bind(scene);
  scene.tick = (time: number, delta: number): void => {
    const start = performance.now();
    sceneTick(time, delta);
    lastTickMs = performance.now() - start;
  };
  renderer.setAnimationLoop(scene.render);
  sceneEl = scene;
  drawn = 0;
  await nextFrame(null);
  return scene;
}

function nextFrame(last: AEntity | null): Promise<number> {
  return new Promise((resolve) => {
    waitFor = last;
    waiter = resolve;
  });
}

function afterFrames(count: number): Promise<void> {
  return new Promise((resolve) => {
    framesUntil = drawn + count;
    framesWaiter = resolve;
  });
}

function makeEntities(count: number, tweens = false): { fragment: DocumentFragment; made: AEntity[] } {
  const layout = layoutFor(count);
  const fragment = document.createDocumentFragment();
  const made: AEntity[] = [];
  for (let i = 0; i < count; i++) {
    const entity = document.createElement('a-entity') as AEntity;
    entity.setAttribute('geometry', 'primitive: box');
    entity.setAttribute('material', `color: ${PALETTE[layout.colorIndex[i]!]!}`);
    entity.setAttribute('position', layout.positionText[i]!);
    if (tweens) {
      // A-Frame's animation component, as its documentation writes a bobbing entity.
      entity.setAttribute('animation', `property: position; to: ${layout.tweenToText[i]!}; dur: ${TWEEN_MS}; dir: alternate; loop: true; easing: easeInOutSine`);
    }
    fragment.append(entity);
    made.push(entity);
  }
  return { fragment, made };
}

/** Every entity has its mesh: checked after the timed part. */
function checkLoaded(): void {
  const missing = entities.filter((entity) => !entity.hasLoaded || entity.getObject3D('mesh') === undefined).length;
  if (missing > 0) throw new Error(`aframe page: ${missing} entities have no mesh after the first frame`);
}

function clear(): void {
  waiter = null;
  entities = [];
  if (!sceneEl) return;
  const renderer = sceneEl.renderer;
  sceneEl.remove();
  // Removing the scene disposes the renderer; losing the context frees it at once (a page has few).
  renderer.forceContextLoss();
  sceneEl = null;
}

function scene(): AScene {
  if (!sceneEl) throw new Error('aframe page: no scene');
  return sceneEl;
}

const page: ContenderPage = {
  async create(count: number): Promise<number> {
    const target = await openScene();
    const start = performance.now();
    const { fragment, made } = makeEntities(count);
    target.append(fragment);
    const end = await nextFrame(made[made.length - 1]!);
    entities = made;
    checkLoaded();
    return end - start;
  },

  async populate(count: number, options: PopulateOptions): Promise<void> {
    if (options.moving) throw new Error('aframe page: moving scenes are not part of any benchmark');
    const target = await openScene();
    const { fragment, made } = makeEntities(count, options.tweens);
    target.append(fragment);
    await nextFrame(made[made.length - 1]!);
    entities = made;
    checkLoaded();
    page.pause!();
  },

  setPositions(texts: readonly string[]): void {
    for (let i = 0; i < entities.length; i++) entities[i]!.setAttribute('position', texts[i]!);
  },

  checkPosition(texts: readonly string[], index: number): string | null {
    const { x, y, z } = entities[index]!.object3D.position;
    const expected = texts[index]!.split(' ').map(Number);
    const ok = Math.abs(x - expected[0]!) < 1e-3 && Math.abs(y - expected[1]!) < 1e-3 && Math.abs(z - expected[2]!) < 1e-3;
    return ok ? null : `object3D.position ${x} ${y} ${z}, expected ${texts[index]}`;
  },

  play(): void {
    const target = scene();
    target.renderer.setAnimationLoop(target.render);
  },

  pause(): void {
    scene().renderer.setAnimationLoop(null);
  },

  async idle(): Promise<void> {
    // Reading a pixel back waits for every command before it.
    const gl = scene().renderer.getContext();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  },

  drawnFrames(): number {
    return drawn;
  },

  async waitFrames(count: number): Promise<void> {
    await afterFrames(count);
  },

  async frameTimes(count: number): Promise<FrameTimes> {
    if (count > MAX_RECORDED) throw new Error(`aframe page: at most ${MAX_RECORDED} frames at once`);
    recordFrom = drawn;
    recordCount = count;
    await afterFrames(count);
    recordCount = 0;
    return { external: Array.from(renderMs.subarray(0, count)), internal: null, animation: Array.from(tickMs.subarray(0, count)) };
  },

  tweenedY(index: number): number {
    return entities[index]!.object3D.position.y;
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: entities.filter((entity) => entity.getObject3D('mesh') !== undefined).length, drawn: sceneEl ? sceneEl.renderer.info.render.calls : null };
  },

  clear,
};

window.benchContender = page;
