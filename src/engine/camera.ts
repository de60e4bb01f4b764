import { lookAt, multiply, perspectiveZO } from './view-matrix.js';

export const DEFAULT_CAMERA_POSITION: readonly [number, number, number] = [0, 2, 6];
export const DEFAULT_CAMERA_TARGET: readonly [number, number, number] = [0, 0, 0];
export const DEFAULT_FOV = 50;
export const DEFAULT_NEAR = 0.1;
export const DEFAULT_FAR = 1000;

const UP = new Float32Array([0, 1, 0]);
const DEGREES = Math.PI / 180;

/**
 * A perspective camera's inputs and the matrices made from them, all in preallocated arrays so a frame
 * allocates nothing. The projection maps depth to [0, 1], as WebGPU wants.
 */
export class Camera {
  readonly position = new Float32Array(DEFAULT_CAMERA_POSITION);
  readonly target = new Float32Array(DEFAULT_CAMERA_TARGET);
  /** Vertical field of view in degrees. */
  fov = DEFAULT_FOV;
  near = DEFAULT_NEAR;
  far = DEFAULT_FAR;
  readonly view = identity();
  readonly projection = identity();
  readonly viewProjection = identity();
  /**
   * Bumped by whoever changes the inputs (`changed()`); `update` recomputes only when it or the viewport size
   * moved, so a still camera costs no matrix arithmetic (and no garbage) per frame.
   */
  #version = 1;
  #builtVersion = 0;
  #width = 0;
  #height = 0;

  /** The inputs changed; the next `update` recomputes. Called after writing position, target, fov, near, far. */
  changed(): void {
    this.#version++;
  }

  /**
   * True when the matrices are those of the inputs as they are now: `update` has run since the last `changed`
   * (the viewport may have been resized since).
   */
  get current(): boolean {
    return this.#builtVersion === this.#version;
  }

  /** A number that changes whenever the matrices do. */
  get version(): number {
    return this.#builtVersion;
  }

  /**
   * Recomputes the matrices for a `width`×`height` viewport if anything changed since the last call. Called once
   * per drawn frame; returns true when the matrices changed.
   */
  update(width: number, height: number): boolean {
    if (this.#builtVersion === this.#version && this.#width === width && this.#height === height) return false;
    this.#builtVersion = this.#version;
    this.#width = width;
    this.#height = height;
    const aspect = width / Math.max(1, height);
    if (this.position[0] !== this.target[0] || this.position[1] !== this.target[1] || this.position[2] !== this.target[2]) {
      // Looking at itself has no direction; the last view is kept rather than made NaN.
      lookAt(this.view, this.position, this.target, UP);
    }
    perspectiveZO(this.projection, this.fov * DEGREES, aspect, this.near, this.far);
    multiply(this.viewProjection, this.projection, this.view);
    this.#version++;
    this.#builtVersion = this.#version;
    return true;
  }

  /** Distance from the position to the target. */
  get distance(): number {
    return Math.hypot(this.position[0]! - this.target[0]!, this.position[1]! - this.target[1]!, this.position[2]! - this.target[2]!);
  }
}

function identity(): Float32Array {
  return new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
}
