import { formatNumbers } from '../src/parse/index.js';
import { DEFAULT_CAMERA_POSITION, DEFAULT_CAMERA_TARGET, DEFAULT_FAR, DEFAULT_FOV, DEFAULT_NEAR, type Camera } from '../src/engine/camera.js';
import { numberOr, readNumber, readVector, type Refuser } from './values.js';

const MAX_DISTANCE = 1e9;

/**
 * The camera attributes shared by `<layerw-scene>` (`camera-position`, `camera-target`, `fov`, `near`, `far`)
 * and `<layerw-camera>` (`position`, `target`, `fov`, `near`, `far`): parsed values with their defaults, and
 * how they reach the engine's camera. Each setter refuses a bad value through `owner` and returns true when
the value was taken (for `fov`: when it changed).
 */
export class CameraValues {
  readonly position = new Float32Array(DEFAULT_CAMERA_POSITION);
  readonly target = new Float32Array(DEFAULT_CAMERA_TARGET);
  fov = DEFAULT_FOV;
  near = DEFAULT_NEAR;
  far = DEFAULT_FAR;

  setVector(attribute: string, which: 'position' | 'target', value: unknown, owner: Refuser): boolean {
    const target = this[which];
    if (value === null || value === undefined) {
      target.set(which === 'position' ? DEFAULT_CAMERA_POSITION : DEFAULT_CAMERA_TARGET);
      return true;
    }
    const result = readVector(value, 3, target, false);
    if (!result.ok) owner.reject(attribute, value, result.reason, formatNumbers(target));
    return result.ok;
  }

  setFov(value: unknown, owner: Refuser): boolean {
    const before = this.fov;
    this.fov = numberOr(owner, 'fov', value, DEFAULT_FOV, before, 1, 179);
    return this.fov !== before;
  }

  /** `near` must stay above 0 and below `far`. */
  setNear(value: unknown, owner: Refuser): boolean {
    if (value === null || value === undefined) {
      this.near = DEFAULT_NEAR;
      return true;
    }
    const result = readNumber(value, 1e-6, MAX_DISTANCE);
    if (!result.ok) owner.reject('near', value, result.reason, String(this.near));
    else if (result.value >= this.far) owner.reject('near', value, `is not below far (${this.far})`, String(this.near));
    else this.near = result.value;
    return result.ok && this.near === result.value;
  }

  setFar(value: unknown, owner: Refuser): boolean {
    if (value === null || value === undefined) {
      this.far = DEFAULT_FAR;
      return true;
    }
    const result = readNumber(value, 1e-6, MAX_DISTANCE);
    if (!result.ok) owner.reject('far', value, result.reason, String(this.far));
    else if (result.value <= this.near) owner.reject('far', value, `is not above near (${this.near})`, String(this.far));
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

  /** Takes the engine camera's `near` and `far` (widened by a camera fit); true if either changed. */
  takeDepthRange(camera: Camera): boolean {
    if (camera.near === this.near && camera.far === this.far) return false;
    this.near = camera.near;
    this.far = camera.far;
    return true;
  }

  /** Takes the engine camera's position and target (moved by controls) as this element's own; true if the target moved. */
  takeFrom(camera: Camera): boolean {
    const target = this.target;
    const targetMoved = target[0] !== camera.target[0] || target[1] !== camera.target[1] || target[2] !== camera.target[2];
    this.position.set(camera.position);
    target.set(camera.target);
    return targetMoved;
  }
}
