import type { Camera } from '../camera.js';
import type { FrameStep } from '../frame-schedule.js';

/** The values of a scene's `controls` attribute. */
export const CONTROLS_KINDS = ['none', 'orbit', 'fly'] as const;
export type ControlsKind = (typeof CONTROLS_KINDS)[number];

/** The scene attributes the controls read every frame, parsed by the element. */
export interface ControlSettings {
  /** `auto-rotate`: orbit controls turn the camera about its target while nobody drags. */
  autoRotate: boolean;
  /** `auto-rotate-speed`, degrees per second; negative turns the other way. */
  autoRotateSpeed: number;
  /** `fly-speed`, scene units per second. */
  flySpeed: number;
}

export const DEFAULT_AUTO_ROTATE_SPEED = 30;
export const DEFAULT_FLY_SPEED = 3;

/** What camera controls use of their scene; implemented by the scene runtime. */
export interface ControlsHost {
  readonly canvas: HTMLCanvasElement;
  readonly camera: Camera;
  readonly settings: Readonly<ControlSettings>;
  /** Asks for a frame (on-demand rendering draws nothing otherwise). */
  requestDraw(): void;
  /** The camera moved: a frame, and the scene's camera attributes and `camerachange`. Allocates; not per frame. */
  cameraMoved(): void;
}

/** One kind of camera controls: its listeners on the canvas and its `controls` frame step (input phase). */
export interface CameraControls {
  readonly step: FrameStep;
  /** Called after each drawn frame, outside the schedule: writes back what the step moved. */
  frameDone(): void;
  /** Removes every listener; the scene takes the step out of its schedule. */
  dispose(): void;
}
