// Helpers for tests of camera controls: waiting for their chunk, reading the camera, and watching frames.
import { assert } from '../assert.js';
import { frames } from './scene.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import type { FrameClock } from '../../src/engine/frame-schedule.js';

export type Vec3 = [number, number, number];

/** Waits until the scene's controls have loaded (their own chunk) and their step is in the schedule. */
export async function controlsReady(scene: LayerWScene): Promise<void> {
  for (let i = 0; i < 300 && !scene.runtime?.schedule.has('controls'); i++) await frames(1);
  assert(scene.runtime?.schedule.has('controls'), `the ${scene.controls} controls never loaded`);
}

/** The engine camera's position and target, as plain numbers. */
export function cameraOf(scene: LayerWScene): { position: Vec3; target: Vec3 } {
  const camera = scene.runtime!.camera;
  return { position: Array.from(camera.position) as Vec3, target: Array.from(camera.target) as Vec3 };
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function length(v: Vec3): number {
  return Math.hypot(v[0], v[1], v[2]);
}

/** Yaw of the camera about its target, radians: atan2(x, z) of position − target. */
export function orbitYaw(scene: LayerWScene): number {
  const { position, target } = cameraOf(scene);
  return Math.atan2(position[0] - target[0], position[2] - target[2]);
}

/** One frame as a probe step saw it, right after the `controls` step. */
export interface ProbeFrame {
  now: number;
  dt: number;
  position: Vec3;
  target: Vec3;
}

/**
 * Adds a step after `controls` in the input phase that records each frame's clock and camera, so a test can
 * compare what the controls did with the time the frames say passed. Returns the list it fills and a remover.
 */
export function probeFrames(scene: LayerWScene): { frames: ProbeFrame[]; stop(): void } {
  const runtime = scene.runtime!;
  const seen: ProbeFrame[] = [];
  const name = 'test-camera-probe';
  runtime.schedule.add({
    name,
    phase: 'input',
    after: ['controls'],
    run: (clock: FrameClock) => {
      seen.push({ now: clock.now, dt: clock.dt, ...cameraOf(scene) });
    },
  });
  return { frames: seen, stop: () => runtime.schedule.remove(name) };
}

/** Resolves after `ms` milliseconds. */
export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Viewport pixel where the scene's last drawn camera shows world point `p`. */
export function screenOf(scene: LayerWScene, p: Vec3): [number, number] {
  const m = scene.runtime!.camera.viewProjection;
  const x = m[0]! * p[0] + m[4]! * p[1] + m[8]! * p[2] + m[12]!;
  const y = m[1]! * p[0] + m[5]! * p[1] + m[9]! * p[2] + m[13]!;
  const w = m[3]! * p[0] + m[7]! * p[1] + m[11]! * p[2] + m[15]!;
  const box = scene.canvas.getBoundingClientRect();
  return [box.left + ((x / w + 1) / 2) * box.width, box.top + ((1 - y / w) / 2) * box.height];
}

/** screenOf rounded to the whole pixel the real mouse is sent to. */
export function mousePixelOf(scene: LayerWScene, p: Vec3): [number, number] {
  const [x, y] = screenOf(scene, p);
  return [Math.round(x), Math.round(y)];
}
