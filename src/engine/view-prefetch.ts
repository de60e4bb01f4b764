// Lazy meshes wait for the camera's view: each starts loading when its bounds are in the view, or will be within
// about a second at the camera's current velocity (position, and turning in yaw and pitch).

import * as mat4 from 'gl-matrix/mat4';
import type { Camera } from './camera.js';
import type { FrameClock, FrameStep } from './frame-schedule.js';
import type { Walloc } from '../memory/walloc.js';
import { constant } from '../wasm/exports.js';

/**
 * Seconds between checks: the camera's velocity is sampled and the waiting meshes tested this often (every
 * 8 frames at 60 fps; by time, so a slow frame rate does not stretch the look ahead).
 */
const CHECK_SECONDS = 0.125;
/** How far ahead the view is swept. */
const PREDICT_SECONDS = 1;
/** Views tested along the sweep, evenly spaced up to PREDICT_SECONDS, besides the current one. */
const SWEEP_STEPS = 4;
/**
 * Radius of what a mesh will show before its model has loaded and its size is known: a unit sphere at its
 * position, scaled with it (models are usually authored and scaled to about that size).
 */
const PLACEHOLDER_RADIUS = 1;
/**
 * Camera samples kept: the velocity is measured from the oldest to the newest (about 0.4 s at the check rate),
 * so one irregular frame does not make a sweep twice as long.
 */
const SAMPLES = 4;
/** Numbers per sample: time (s), eye x, y, z, yaw, pitch. */
const SAMPLE_FLOATS = 6;
/** Samples older than this give no velocity (the scene was idle or off screen). */
const STALE_SECONDS = 1;
/** Slower than this (units or radians per second) counts as still: only the current view is tested. */
const STILL = 1e-4;
const UP = new Float32Array([0, 1, 0]);
/** Most ancestors followed when a slot's world matrix is worked out outside the frame (a parent loop stops here). */
const MAX_DEPTH = 64;

/**
 * The waiting list of one scene's lazy meshes and the `view-prefetch` frame step that starts them. Made with
 * the first lazy mesh (its own chunk in the package build); its step allocates nothing per frame.
 */
export class ViewPrefetch {
  /** Runs in the cull phase, after the transforms made this frame's world matrices and camera. */
  readonly step: FrameStep;
  readonly #walloc: Walloc;
  readonly #camera: Camera;
  readonly #requestDraw: () => void;
  readonly #slots: number[] = [];
  readonly #starts: (() => void)[] = [];
  /** Test at the next frame whatever the cadence: a mesh was just added. */
  #checkNow = false;
  /** A ring of the last SAMPLES camera samples; #count of them are filled, the newest at #newest. */
  readonly #samples = new Float64Array(SAMPLES * SAMPLE_FLOATS);
  #count = 0;
  #newest = 0;
  #sampleTime = 0;
  readonly #eye = new Float64Array(3);
  #yaw = 0;
  #pitch = 0;
  readonly #velocity = new Float64Array(3);
  #yawRate = 0;
  #pitchRate = 0;
  readonly #planes = new Float64Array(24);
  readonly #view = new Float32Array(16);
  readonly #viewProjection = new Float32Array(16);
  readonly #predictedEye = new Float32Array(3);
  readonly #predictedTarget = new Float32Array(3);
  /** A slot's world matrix worked out from the columns' local transforms, and its chain of ancestors. */
  readonly #world = new Float32Array(16);
  readonly #local = new Float32Array(16);
  readonly #chain = new Uint32Array(MAX_DEPTH);
  readonly #alive: number;
  readonly #noSlot: number;

  /** `requestDraw` asks the scene for a frame (an on-demand scene draws none unless asked). */
  constructor(walloc: Walloc, camera: Camera, requestDraw: () => void) {
    this.#walloc = walloc;
    this.#camera = camera;
    this.#requestDraw = requestDraw;
    this.step = { name: 'view-prefetch', phase: 'cull', reads: ['world'], writes: [], run: this.#run };
    this.#alive = constant(walloc.core, 'FLAG_ALIVE');
    this.#noSlot = constant(walloc.core, 'NO_SLOT');
  }

  /** Meshes still waiting. */
  get waiting(): number {
    return this.#slots.length;
  }

  /**
   * Runs `start` once the object in `slot` is in view or about to be: at once when the camera's matrices are
   * those of its current inputs and the object is in its view now, so a mesh added to a scene on screen does not
   * wait for a frame to begin loading; else from the frame step. Returns a function that cancels it.
   */
  whenInView(slot: number, start: () => void): () => void {
    if (this.#camera.current && this.#inViewNow(slot)) {
      start();
      return () => undefined;
    }
    this.#slots.push(slot);
    this.#starts.push(start);
    this.#checkNow = true;
    this.#requestDraw();
    return () => {
      const at = this.#starts.indexOf(start);
      if (at >= 0) this.#removeAt(at);
    };
  }

  /**
   * Starts every waiting mesh. Called while the scene is near the viewport but not on screen: it draws no
   * frames there, so what its camera will see cannot be judged, and models load ahead of the page's scroll.
   */
  startAll(): void {
    while (this.#starts.length > 0) {
      const start = this.#starts.pop()!;
      this.#slots.pop();
      start();
    }
  }

  readonly #run = (clock: FrameClock): void => {
    if (this.#slots.length === 0) {
      this.#count = 0;
      return;
    }
    const seconds = clock.now / 1000;
    if (!this.#checkNow && this.#count > 0 && seconds - this.#sampleTime < CHECK_SECONDS) return;
    this.#checkNow = false;
    this.#sampleVelocity(seconds);
    planesOf(this.#camera.viewProjection, this.#planes);
    this.#startVisible();
    const v = this.#velocity;
    const moving = Math.abs(v[0]!) + Math.abs(v[1]!) + Math.abs(v[2]!) + Math.abs(this.#yawRate) + Math.abs(this.#pitchRate) > STILL;
    for (let i = 1; moving && i <= SWEEP_STEPS && this.#slots.length > 0; i++) {
      this.#predictView((i / SWEEP_STEPS) * PREDICT_SECONDS);
      planesOf(this.#viewProjection, this.#planes);
      this.#startVisible();
    }
  };

  /** Samples the camera; the velocity (eye, yaw and pitch rates) is from the oldest sample kept to this one. */
  #sampleVelocity(seconds: number): void {
    const camera = this.#camera;
    const p = camera.position;
    const t = camera.target;
    const dx = t[0]! - p[0]!;
    const dy = t[1]! - p[1]!;
    const dz = t[2]! - p[2]!;
    const eye = this.#eye;
    eye[0] = p[0]!;
    eye[1] = p[1]!;
    eye[2] = p[2]!;
    this.#yaw = Math.atan2(dx, dz);
    this.#pitch = Math.atan2(dy, Math.hypot(dx, dz));
    this.#sampleTime = seconds;
    const samples = this.#samples;
    if (this.#count > 0 && seconds - samples[this.#newest * SAMPLE_FLOATS]! >= STALE_SECONDS) this.#count = 0;
    this.#newest = (this.#newest + 1) % SAMPLES;
    this.#count = Math.min(this.#count + 1, SAMPLES);
    const at = this.#newest * SAMPLE_FLOATS;
    samples[at] = seconds;
    samples[at + 1] = eye[0]!;
    samples[at + 2] = eye[1]!;
    samples[at + 3] = eye[2]!;
    samples[at + 4] = this.#yaw;
    samples[at + 5] = this.#pitch;
    const v = this.#velocity;
    const old = ((this.#newest - this.#count + 1 + SAMPLES) % SAMPLES) * SAMPLE_FLOATS;
    const dt = seconds - samples[old]!;
    if (!(dt > 0)) {
      v.fill(0);
      this.#yawRate = 0;
      this.#pitchRate = 0;
      return;
    }
    v[0] = (eye[0]! - samples[old + 1]!) / dt;
    v[1] = (eye[1]! - samples[old + 2]!) / dt;
    v[2] = (eye[2]! - samples[old + 3]!) / dt;
    this.#yawRate = wrapAngle(this.#yaw - samples[old + 4]!) / dt;
    this.#pitchRate = (this.#pitch - samples[old + 5]!) / dt;
  }

  /** The view-projection of the camera `seconds` ahead, moving and turning as now, into #viewProjection. */
  #predictView(seconds: number): void {
    const eye = this.#predictedEye;
    const target = this.#predictedTarget;
    const v = this.#velocity;
    for (let i = 0; i < 3; i++) eye[i] = this.#eye[i]! + v[i]! * seconds;
    const yaw = this.#yaw + this.#yawRate * seconds;
    const pitch = Math.max(-1.5, Math.min(1.5, this.#pitch + this.#pitchRate * seconds));
    target[0] = eye[0]! + Math.cos(pitch) * Math.sin(yaw);
    target[1] = eye[1]! + Math.sin(pitch);
    target[2] = eye[2]! + Math.cos(pitch) * Math.cos(yaw);
    mat4.lookAt(this.#view, eye, target, UP);
    mat4.multiply(this.#viewProjection, this.#camera.projection, this.#view);
  }

  /** Starts every waiting mesh whose placeholder sphere is inside #planes. */
  #startVisible(): void {
    const world = this.#walloc.columns.float.world;
    for (let i = this.#slots.length - 1; i >= 0; i--) {
      if (!placeholderInside(world, this.#slots[i]! * 16, this.#planes)) continue;
      const start = this.#starts[i]!;
      this.#removeAt(i);
      start();
    }
  }

  /**
   * Whether the placeholder of `slot` is in the camera's view now. Its world matrix is worked out here from the
   * local transforms of the slot and its ancestors, as the transform step will (the world column is last
   * frame's, and a slot just added has none yet).
   */
  #inViewNow(slot: number): boolean {
    const { float, uint } = this.#walloc.columns;
    const chain = this.#chain;
    let depth = 0;
    for (let s = slot; s !== this.#noSlot && (uint.flags[s]! & this.#alive) !== 0; s = uint.parent[s]!) {
      if (depth === MAX_DEPTH) return false;
      chain[depth++] = s;
    }
    if (depth === 0) return false;
    const world = this.#world;
    mat4.identity(world);
    const local = this.#local;
    for (let i = depth - 1; i >= 0; i--) {
      const s = chain[i]!;
      mat4.fromRotationTranslationScale(local, float.rotation.subarray(s * 4, s * 4 + 4), float.position.subarray(s * 3, s * 3 + 3),
        float.scale.subarray(s * 3, s * 3 + 3));
      mat4.multiply(world, world, local);
    }
    planesOf(this.#camera.viewProjection, this.#planes);
    return placeholderInside(world, 0, this.#planes);
  }

  #removeAt(at: number): void {
    const last = this.#slots.length - 1;
    this.#slots[at] = this.#slots[last]!;
    this.#starts[at] = this.#starts[last]!;
    this.#slots.pop();
    this.#starts.pop();
  }
}

/** Whether the placeholder sphere of the world matrix at `m` in `world` is inside every one of `planes`. */
function placeholderInside(world: Float32Array, m: number, planes: Float64Array): boolean {
  const x = world[m + 12]!;
  const y = world[m + 13]!;
  const z = world[m + 14]!;
  const scale = Math.sqrt(Math.max(
    world[m]! ** 2 + world[m + 1]! ** 2 + world[m + 2]! ** 2,
    world[m + 4]! ** 2 + world[m + 5]! ** 2 + world[m + 6]! ** 2,
    world[m + 8]! ** 2 + world[m + 9]! ** 2 + world[m + 10]! ** 2,
  ));
  const r = PLACEHOLDER_RADIUS * scale;
  for (let p = 0; p < 24; p += 4) {
    if (planes[p]! * x + planes[p + 1]! * y + planes[p + 2]! * z + planes[p + 3]! < -r) return false;
  }
  return true;
}

/** Per plane (left, right, bottom, top, near, far): the weight of the matrix's row 3, and the row added with a sign. */
const ROW3 = [1, 1, 1, 1, 0, 1];
const ROW = [0, 0, 1, 1, 2, 2];
const SIGN = [1, -1, 1, -1, 1, -1];

/**
 * The six planes (normal, distance; normalised, pointing inward) of a column-major view-projection with depth
 * in [0, 1]: row 3 ± row 0 (left, right), ± row 1 (bottom, top), row 2 alone (near), row 3 - row 2 (far).
 */
function planesOf(m: Float32Array, out: Float64Array): void {
  for (let p = 0; p < 6; p++) {
    const w = ROW3[p]!;
    const r = ROW[p]!;
    const sign = SIGN[p]!;
    const a = w * m[3]! + sign * m[r]!;
    const b = w * m[7]! + sign * m[4 + r]!;
    const c = w * m[11]! + sign * m[8 + r]!;
    const d = w * m[15]! + sign * m[12 + r]!;
    const length = Math.hypot(a, b, c) || 1;
    out[p * 4] = a / length;
    out[p * 4 + 1] = b / length;
    out[p * 4 + 2] = c / length;
    out[p * 4 + 3] = d / length;
  }
}

/** An angle difference in (-π, π]. */
function wrapAngle(angle: number): number {
  return angle - 2 * Math.PI * Math.round(angle / (2 * Math.PI));
}
