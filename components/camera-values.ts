import { formatNumbers } from '../src/parse/index.js';
import { DEFAULT_CAMERA_POSITION, DEFAULT_CAMERA_TARGET, DEFAULT_FAR, DEFAULT_FOV, DEFAULT_NEAR, type Camera } from '../src/engine/camera.js';
import { readNumber, readVector } from './values.js';

/** Reports a refused value: attribute, value, reason, what is kept. */
export type Reject = (attribute: string, value: unknown, reason: string, kept: string) => void;

const MAX_DISTANCE = 1e9;

/**
 * The camera attributes shared by `<layerw-scene>` (`camera-position`, `camera-target`, `fov`, `near`, `far`)
 * and `<layerw-camera>` (`position`, `target`, `fov`, `near`, `far`): parsed values with their defaults, and
 * how they reach the engine's camera. Each setter returns true when the value was taken.
 */
export class CameraValues {
  readonly position = new Float32Array(DEFAULT_CAMERA_POSITION);
  readonly target = new Float32Array(DEFAULT_CAMERA_TARGET);
  fov = DEFAULT_FOV;
  near = DEFAULT_NEAR;
  far = DEFAULT_FAR;

  setVector(attribute: string, which: 'position' | 'target', value: unknown, reject: Reject): boolean {
    const target = this[which];
    if (value === null || value === undefined) {
      target.set(which === 'position' ? DEFAULT_CAMERA_POSITION : DEFAULT_CAMERA_TARGET);
      return true;
    }
    const result = readVector(value, 3, target, false);
    if (!result.ok) reject(attribute, value, result.reason, formatNumbers(target));
    return result.ok;
  }

  setFov(value: unknown, reject: Reject): boolean {
    if (value === null || value === undefined) {
      this.fov = DEFAULT_FOV;
      return true;
    }
    const result = readNumber(value, 1, 179);
    if (!result.ok) reject('fov', value, result.reason, String(this.fov));
    else this.fov = result.value;
    return result.ok;
  }

  /** `near` must stay above 0 and below `far`. */
  setNear(value: unknown, reject: Reject): boolean {
    if (value === null || value === undefined) {
      this.near = DEFAULT_NEAR;
      return true;
    }
    const result = readNumber(value, 1e-6, MAX_DISTANCE);
    if (!result.ok) reject('near', value, result.reason, String(this.near));
    else if (result.value >= this.far) reject('near', value, `is not below far (${this.far})`, String(this.near));
    else this.near = result.value;
    return result.ok && this.near === result.value;
  }

  setFar(value: unknown, reject: Reject): boolean {
    if (value === null || value === undefined) {
      this.far = DEFAULT_FAR;
      return true;
    }
    const result = readNumber(value, 1e-6, MAX_DISTANCE);
    if (!result.ok) reject('far', value, result.reason, String(this.far));
    else if (result.value <= this.near) reject('far', value, `is not above near (${this.near})`, String(this.far));
    else this.far = result.value;
    return result.ok && this.far === result.value;
  }

  applyTo(camera: Camera): void {
    camera.position.set(this.position);
    camera.target.set(this.target);
    camera.fov = this.fov;
    camera.near = this.near;
    camera.far = this.far;
    camera.changed();
  }

  /** Takes the engine camera's position (after orbiting) as this element's own. */
  takePositionFrom(camera: Camera): void {
    this.position.set(camera.position);
  }
}
