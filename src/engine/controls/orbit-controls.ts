import type { FrameClock, FrameStep } from '../frame-schedule.js';
import { CameraWriteBack } from './camera-write-back.js';
import type { CameraControls, ControlsHost } from './controls-host.js';

/** Radians of orbit per CSS pixel dragged. */
const DRAG_SPEED = 0.008;
/** Radians per arrow-key press. */
const KEY_STEP = 0.08;
/** Zoom factor per wheel "line" (100 pixels of delta). */
const WHEEL_ZOOM = 1.1;
/** Keeps the pitch off the poles, where "up" flips. */
const MAX_PITCH = Math.PI / 2 - 0.01;
const DEGREES = Math.PI / 180;
/** The mouse button that pans (the secondary one); a drag that starts with Shift held pans too. */
const PAN_BUTTON = 2;

/**
 * Orbit controls: drag to turn the camera around its target; wheel or pinch to zoom; right-drag, Shift-drag or
 * two fingers moving together to pan (camera and target move together, the point under the pointer follows it);
 * arrow keys to turn. With `auto-rotate` its frame step turns the camera about the target while no pointer is
 * down. Input writes the camera in place and tells the scene, which turns that into its camera attributes and
 * a redraw. Loaded as its own chunk the first time a scene has `controls="orbit"`.
 */
export class OrbitControls implements CameraControls {
  readonly step: FrameStep;
  readonly #host: ControlsHost;
  readonly #writeBack: CameraWriteBack;
  /** Pointers down on the canvas, in press order (an array, so the frame step reads the first two without an iterator). */
  readonly #pointers: { id: number; x: number; y: number }[] = [];
  /** Whether the one-pointer drag in progress pans rather than orbits. */
  #panning = false;
  #pinchDistance = 0;
  #midX = 0;
  #midY = 0;
  #rotating = false;
  /** The yaw and pitch of a turn to make: numbers passed as arguments may be boxed, these are not. */
  readonly #angles = new Float64Array(2);

  /** Takes every listener off at once in `dispose`. */
  readonly #listening = new AbortController();

  constructor(host: ControlsHost) {
    this.#host = host;
    this.#writeBack = new CameraWriteBack(host);
    this.step = { name: 'controls', phase: 'input', run: this.#frame };
    const element = host.canvas;
    const signal = this.#listening.signal;
    element.addEventListener('pointerdown', this.#down, { signal });
    element.addEventListener('pointermove', this.#move, { signal });
    element.addEventListener('pointerup', this.#up, { signal });
    element.addEventListener('pointercancel', this.#up, { signal });
    element.addEventListener('wheel', this.#wheel, { passive: false, signal });
    element.addEventListener('keydown', this.#key, { signal });
    element.addEventListener('contextmenu', this.#contextMenu, { signal });
    if (!element.hasAttribute('tabindex')) element.tabIndex = 0;
    element.style.touchAction = 'none';
  }

  frameDone(): void {
    this.#writeBack.frameDone();
  }

  dispose(): void {
    this.#listening.abort();
    this.#host.canvas.style.touchAction = '';
  }

  /** Turns the camera about its target by `yaw` (around world up) and `pitch` (towards the poles). */
  orbit(yaw: number, pitch: number): void {
    this.#angles[0] = yaw;
    this.#angles[1] = pitch;
    if (this.#turn()) this.#moved();
  }

  /** Moves the camera towards (factor < 1) or away from (factor > 1) its target. */
  zoom(factor: number): void {
    if (this.#zoom(factor)) this.#moved();
  }

  /**
   * Moves camera and target across the view by (`dx`, `dy`) CSS pixels, scaled so that a point at the target's
   * depth stays under the pointer: a drag to the right moves the scene to the right.
   */
  pan(dx: number, dy: number): void {
    if (this.#pan(dx, dy)) this.#moved();
  }

  /**
   * The `controls` step: the two-finger gesture of this frame's pointer moves (one frame sees every finger's
   * move, so fingers moving together pan without zooming back and forth), then auto-rotation, paused while a
   * pointer is down. Wants frames while it turns.
   */
  readonly #frame = (clock: FrameClock): boolean => {
    const gesture = this.#pointers.length === 2 && this.#applyTwoFingers();
    const settings = this.#host.settings;
    const rotating = settings.autoRotate && settings.autoRotateSpeed !== 0 && this.#pointers.length === 0;
    // The first frame of a turn does not turn: its dt may span the idle time before it.
    const turning = rotating && this.#rotating;
    if (turning) {
      this.#angles[0] = settings.autoRotateSpeed * DEGREES * clock.dt;
      this.#angles[1] = 0;
      this.#turn();
    }
    this.#rotating = rotating;
    // Only a frame that moved the camera counts: the turn's still first frame must not use up the write-back.
    this.#writeBack.frame(clock.now, turning || gesture);
    return rotating;
  };

  #zoom(factor: number): boolean {
    const camera = this.#host.camera;
    const { position, target, near, far } = camera;
    const distance = camera.distance;
    if (distance === 0) return false;
    // Zooming in stops where the target would cross the near plane, so the bounds follow the scene's scale (a
    // fitted millimetre-sized model has a near plane to match).
    const next = Math.max(near, Math.min(far * 0.9, distance * factor));
    for (let k = 0; k < 3; k++) position[k] = target[k]! + ((position[k]! - target[k]!) * next) / distance;
    camera.changed();
    return true;
  }

  #pan(dx: number, dy: number): boolean {
    const camera = this.#host.camera;
    const { position, target } = camera;
    const distance = camera.distance;
    if (distance === 0) return false;
    const unitsPerPixel = (2 * distance * Math.tan((camera.fov * DEGREES) / 2)) / Math.max(1, this.#host.canvas.clientHeight);
    // Forward f, right r = f × up (world up, horizontal), camera up u = r × f.
    const fx = (target[0]! - position[0]!) / distance, fy = (target[1]! - position[1]!) / distance, fz = (target[2]! - position[2]!) / distance;
    const rLength = Math.hypot(fz, fx) || 1;
    const rx = -fz / rLength, rz = fx / rLength;
    const ux = -rz * fy, uy = rz * fx - rx * fz, uz = rx * fy;
    const mx = (-dx * rx + dy * ux) * unitsPerPixel;
    const my = dy * uy * unitsPerPixel;
    const mz = (-dx * rz + dy * uz) * unitsPerPixel;
    position[0] = position[0]! + mx;
    position[1] = position[1]! + my;
    position[2] = position[2]! + mz;
    target[0] = target[0]! + mx;
    target[1] = target[1]! + my;
    target[2] = target[2]! + mz;
    camera.changed();
    return true;
  }

  /** Zooms by the change of the fingers' spread and pans by their midpoint's move since the last frame. */
  #applyTwoFingers(): boolean {
    const a = this.#pointers[0]!, b = this.#pointers[1]!;
    const spread = Math.hypot(a.x - b.x, a.y - b.y);
    const midX = (a.x + b.x) / 2, midY = (a.y + b.y) / 2;
    const zoomed = this.#pinchDistance > 0 && spread > 0 && spread !== this.#pinchDistance && this.#zoom(this.#pinchDistance / spread);
    const panned = (midX !== this.#midX || midY !== this.#midY) && this.#pan(midX - this.#midX, midY - this.#midY);
    this.#pinchDistance = spread;
    this.#midX = midX;
    this.#midY = midY;
    return zoomed || panned;
  }

  /** Turns by `#angles` (yaw, pitch); false when the camera sits on its target and cannot turn. */
  #turn(): boolean {
    const camera = this.#host.camera;
    const { position, target } = camera;
    const dx = position[0]! - target[0]!, dy = position[1]! - target[1]!, dz = position[2]! - target[2]!;
    const distance = Math.hypot(dx, dy, dz);
    if (distance === 0) return false;
    const currentYaw = Math.atan2(dx, dz);
    const currentPitch = Math.asin(Math.max(-1, Math.min(1, dy / distance)));
    const newYaw = currentYaw - this.#angles[0]!;
    const newPitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, currentPitch + this.#angles[1]!));
    position[0] = target[0]! + distance * Math.cos(newPitch) * Math.sin(newYaw);
    position[1] = target[1]! + distance * Math.sin(newPitch);
    position[2] = target[2]! + distance * Math.cos(newPitch) * Math.cos(newYaw);
    camera.changed();
    return true;
  }

  /** Input moved the camera: it is written back at once (input events are not per frame). */
  #moved(): void {
    this.#host.camera.changed();
    this.#host.cameraMoved();
  }

  readonly #down = (event: PointerEvent): void => {
    if (this.#pointer(event.pointerId)) return;
    this.#pointers.push({ id: event.pointerId, x: event.clientX, y: event.clientY });
    this.#host.canvas.setPointerCapture?.(event.pointerId);
    if (this.#pointers.length === 1) this.#panning = event.button === PAN_BUTTON || event.shiftKey;
    if (this.#pointers.length === 2) this.#startTwoFingers();
  };

  readonly #move = (event: PointerEvent): void => {
    const last = this.#pointer(event.pointerId);
    if (!last) return;
    const dx = event.clientX - last.x, dy = event.clientY - last.y;
    last.x = event.clientX;
    last.y = event.clientY;
    if (this.#pointers.length === 1) {
      if (this.#panning) this.pan(dx, dy);
      else this.orbit(dx * DRAG_SPEED, dy * DRAG_SPEED);
    } else if (this.#pointers.length === 2) {
      this.#host.requestDraw();
    }
  };

  readonly #up = (event: PointerEvent): void => {
    const at = this.#pointers.findIndex((pointer) => pointer.id === event.pointerId);
    if (at < 0) return;
    // The fingers' last moves wait for a frame that will not see two of them.
    if (this.#pointers.length === 2 && this.#applyTwoFingers()) this.#writeBack.moved();
    this.#pointers.splice(at, 1);
    // A finger left of two: the other one orbits from where it is; with none left auto-rotation resumes.
    this.#panning = false;
    if (this.#pointers.length === 2) this.#startTwoFingers();
    if (this.#pointers.length === 0) this.#host.requestDraw();
  };

  #pointer(id: number): { id: number; x: number; y: number } | undefined {
    return this.#pointers.find((pointer) => pointer.id === id);
  }

  readonly #wheel = (event: WheelEvent): void => {
    event.preventDefault();
    const lines = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY / 3 : event.deltaY / 100;
    this.zoom(Math.pow(WHEEL_ZOOM, lines));
  };

  readonly #key = (event: KeyboardEvent): void => {
    let yaw = 0, pitch = 0;
    switch (event.key) {
      case 'ArrowLeft': yaw = -KEY_STEP; break;
      case 'ArrowRight': yaw = KEY_STEP; break;
      case 'ArrowUp': pitch = KEY_STEP; break;
      case 'ArrowDown': pitch = -KEY_STEP; break;
      default: return;
    }
    event.preventDefault();
    this.orbit(yaw, pitch);
  };

  /** The browser's menu would open on the secondary button that pans; the mesh still gets its `contextmenu`. */
  readonly #contextMenu = (event: Event): void => {
    event.preventDefault();
  };

  #startTwoFingers(): void {
    const a = this.#pointers[0]!, b = this.#pointers[1]!;
    this.#pinchDistance = Math.hypot(a.x - b.x, a.y - b.y);
    this.#midX = (a.x + b.x) / 2;
    this.#midY = (a.y + b.y) / 2;
  }
}
