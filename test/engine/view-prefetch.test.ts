import { assert, assertEqual } from '../assert.js';
import { collectErrors, frames, loaded, mountScene, unmountAll } from '../helpers/scene.js';
import { makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

const HALF_FOV = 25 * (Math.PI / 180); // fov 50 on a square canvas: the same both ways
/** The sphere a mesh stands for before its model is known: radius 1 at scale 1. */
const RADIUS = 1;

/** Whether the unit sphere at `point` is inside the view of a camera at `eye` looking along `forward` (unit). */
function inView(eye: number[], forward: number[], point: number[]): boolean {
  const d = [point[0]! - eye[0]!, point[1]! - eye[1]!, point[2]! - eye[2]!];
  const distance = Math.hypot(d[0]!, d[1]!, d[2]!);
  const angle = Math.acos((d[0]! * forward[0]! + d[1]! * forward[1]! + d[2]! * forward[2]!) / distance);
  return angle <= HALF_FOV + Math.asin(Math.min(1, RADIUS / distance));
}

/**
 * Records, per URL, the camera when the first request for it went out: through fetch, or XMLHttpRequest (which
 * the platform fetch reads blob: URLs with).
 */
function watchFetches(scene: LayerWScene): { started: Map<string, { eye: number[]; forward: number[] }>; restore: () => void } {
  const started = new Map<string, { eye: number[]; forward: number[] }>();
  const record = (url: string): void => {
    if (started.has(url)) return;
    const camera = scene.runtime!.camera;
    const eye = Array.from(camera.position);
    const to = [camera.target[0]! - eye[0]!, camera.target[1]! - eye[1]!, camera.target[2]! - eye[2]!];
    const length = Math.hypot(to[0]!, to[1]!, to[2]!);
    started.set(url, { eye, forward: to.map((v) => v / length) });
  };
  const original = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    record(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return original(input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    record(String(url));
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  };
  return {
    started,
    restore: () => {
      globalThis.fetch = original;
      XMLHttpRequest.prototype.open = open;
    },
  };
}

async function scene(meshes: string, render = 'continuous'): Promise<LayerWScene> {
  return mountScene(`<layerw-scene quality="low" render="${render}" camera-position="0 1 0" camera-target="0 1 -5">
    <layerw-light type="ambient"></layerw-light>${meshes}</layerw-scene>`, 96, 96);
}

/** Moves the camera each frame for `seconds` of real time: `at(t)` gives eye and forward at t seconds. */
async function script(target: LayerWScene, seconds: number, at: (t: number) => [number[], number[]], each: () => void): Promise<void> {
  const start = performance.now();
  for (;;) {
    const t = (performance.now() - start) / 1000;
    const [eye, forward] = at(Math.min(t, seconds));
    target.cameraPosition = eye;
    target.cameraTarget = [eye[0]! + forward[0]! * 5, eye[1]! + forward[1]! * 5, eye[2]! + forward[2]! * 5];
    await frames(1);
    each();
    if (t >= seconds) return;
  }
}

describe('lazy meshes: loading by the camera\'s view and velocity', function () {
  this.timeout(120_000);
  let restore = (): void => undefined;
  afterEach(() => {
    restore();
    unmountAll();
    ModelStore.resetForTests();
  });

  it('a lazy mesh out of view waits; one in view loads, also in a scene drawn on demand', async () => {
    const bytes = await makeModel();
    const [inside, outside, side] = [serve(bytes), serve(bytes), serve(bytes)];
    const target = await scene(`<layerw-mesh src="${inside}" position="0 1 -6"></layerw-mesh>
      <layerw-mesh src="${outside}" position="0 1 6"></layerw-mesh><layerw-mesh src="${side}" position="9 1 -2"></layerw-mesh>`, 'on-demand');
    const loaded = new Promise((resolve) => target.querySelector(`[src="${inside}"]`)!.addEventListener('load', resolve, { once: true }));
    await loaded;
    await frames(20);
    assertEqual(ModelStore.get().loadsStarted, 1, 'one model loaded; the two meshes out of view wait');
    const moved = target.querySelector(`[position="0 1 6"]`)!;
    const later = new Promise((resolve) => moved.addEventListener('load', resolve, { once: true }));
    moved.setAttribute('position', '1 1 -8');
    await later;
    await frames(20);
    assertEqual(ModelStore.get().loadsStarted, 2, 'moved into view, the one behind loads; the one to the side still waits');
  });

  it('a lazy mesh added in view of a scene on screen starts loading without waiting for a frame; one out of view waits', async () => {
    const bytes = await makeModel();
    const [first, inside, outside] = [serve(bytes), serve(bytes), serve(bytes)];
    const target = await scene(`<layerw-mesh src="${first}" position="0 1 -6"></layerw-mesh>`, 'on-demand');
    // The first lazy mesh brings the model and view-watching code; the ones after it find them here.
    await loaded(target.querySelector('layerw-mesh')!);
    await frames(3);
    const store = ModelStore.get();
    const add = async (src: string, position: string): Promise<{ started: boolean; frames: number }> => {
      const before = store.loadsStarted;
      const drawn = target.runtime!.stats.frames;
      const mesh = document.createElement('layerw-mesh');
      mesh.setAttribute('src', src);
      mesh.setAttribute('position', position);
      target.append(mesh);
      // Promise reactions only: no animation frame can run in between.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      return { started: store.loadsStarted > before, frames: target.runtime!.stats.frames - drawn };
    };
    const behind = await add(outside, '0 1 6');
    assertEqual(behind.frames, 0);
    assert(!behind.started, 'the mesh behind the camera waits');
    const ahead = await add(inside, '1 1 -8');
    assertEqual(ahead.frames, 0);
    assert(ahead.started, 'the mesh in view started loading before any frame was drawn');
    await loaded(target.querySelector(`[src="${inside}"]`)!);
    await frames(10);
    assertEqual(store.loadsStarted, 2, 'the mesh behind the camera still waits');
  });

  it('turning toward a lazy mesh starts its load before it is in view; one on the other side waits', async () => {
    const bytes = await makeModel();
    const [ahead, behind] = [serve(bytes), serve(bytes)];
    const target = await scene(`<layerw-mesh src="${ahead}" position="10 1 0"></layerw-mesh>
      <layerw-mesh src="${behind}" position="-10 1 0"></layerw-mesh>`);
    const errors = collectErrors(target);
    const watch = watchFetches(target);
    restore = watch.restore;
    const eye = [0, 1, 0];
    const toward = [10, 1, 0];
    let seenAt = -1;
    let frame = 0;
    // 30° a second to the right, from looking down -Z to looking down +X, over three seconds.
    await script(target, 3, (t) => {
      const yaw = (Math.PI / 6) * t;
      return [eye, [Math.sin(yaw), 0, -Math.cos(yaw)]];
    }, () => {
      frame++;
      const camera = target.runtime!.camera;
      const f = [camera.target[0]! - camera.position[0]!, camera.target[1]! - camera.position[1]!, camera.target[2]! - camera.position[2]!];
      const length = Math.hypot(f[0]!, f[1]!, f[2]!);
      if (seenAt < 0 && inView(eye, f.map((v) => v / length), toward)) seenAt = frame;
    });
    const start = watch.started.get(ahead);
    assert(start !== undefined, 'the mesh turned toward started loading');
    assert(!inView(start.eye, start.forward, toward), 'its load started before its bounds were in view');
    const yawAtStart = Math.atan2(start.forward[0]!, -start.forward[2]!) * (180 / Math.PI);
    console.log(`turning at 30°/s: load started at yaw ${yawAtStart.toFixed(1)}°; the bounds enter the view at ${(90 - 25 - Math.asin(RADIUS / 10) * 180 / Math.PI).toFixed(1)}°`);
    assert(seenAt > 0, 'the turn brought it into view');
    assert(!watch.started.has(behind), 'the mesh on the other side did not load');
    assertEqual(errors.length, 0);
  });

  it('moving sideways toward a lazy mesh starts its load before it is in view; those behind and opposite wait', async () => {
    const bytes = await makeModel();
    const [ahead, opposite, behind] = [serve(bytes), serve(bytes), serve(bytes)];
    const target = await scene(`<layerw-mesh src="${ahead}" position="12 1 -4"></layerw-mesh>
      <layerw-mesh src="${opposite}" position="-12 1 -4"></layerw-mesh><layerw-mesh src="${behind}" position="6 1 6"></layerw-mesh>`);
    const watch = watchFetches(target);
    restore = watch.restore;
    const forward = [0, 0, -1];
    const toward = [12, 1, -4];
    let seen = false;
    // 3 units a second along +X, looking down -Z: the mesh ahead comes into view after about three seconds.
    await script(target, 4, (t) => [[3 * t, 1, 0], forward], () => {
      seen ||= inView(Array.from(target.runtime!.camera.position), forward, toward);
    });
    const start = watch.started.get(ahead);
    assert(start !== undefined, 'the mesh moved toward started loading');
    assert(!inView(start.eye, start.forward, toward), `its load started before its bounds were in view (camera x ${start.eye[0]!.toFixed(2)})`);
    console.log(`moving at 3 units/s: load started at x ${start.eye[0]!.toFixed(2)}; the bounds enter the view near x 9.1`);
    assert(seen, 'the move brought it into view');
    assert(!watch.started.has(opposite), 'the mesh on the opposite side did not load');
    assert(!watch.started.has(behind), 'the mesh behind did not load');
  });
});
