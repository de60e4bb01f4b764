import type { Camera } from './camera.js';

/** Radians of orbit per CSS pixel dragged. */
const DRAG_SPEED = 0.008;
/** Radians per arrow-key press. */
const KEY_STEP = 0.08;
/** Zoom factor per wheel "line" (100 pixels of delta). */
const WHEEL_ZOOM = 1.1;
const MIN_DISTANCE = 0.05;
/** Keeps the pitch off the poles, where "up" flips. */
const MAX_PITCH = Math.PI / 2 - 0.01;

/**
 * Orbit controls: drag to turn the camera around its target, wheel or pinch to zoom, arrow keys to turn.
 * Writes the camera's position in place and calls `changed` after each change; the scene turns that into its
 * `camera-position` attribute and a redraw. Listeners are removed by `dispose()`.
 */
export class OrbitControls {
  readonly #element: HTMLElement;
  readonly #camera: Camera;
  readonly #changed: () => void;
  readonly #pointers = new Map<number, { x: number; y: number }>();
  #pinchDistance = 0;

  constructor(element: HTMLElement, camera: Camera, changed: () => void) {
    this.#element = element;
    this.#camera = camera;
    this.#changed = changed;
    element.addEventListener('pointerdown', this.#down);
    element.addEventListener('pointermove', this.#move);
    element.addEventListener('pointerup', this.#up);
    element.addEventListener('pointercancel', this.#up);
    element.addEventListener('wheel', this.#wheel, { passive: false });
    element.addEventListener('keydown', this.#key);
    if (!element.hasAttribute('tabindex')) element.tabIndex = 0;
    element.style.touchAction = 'none';
  }

  dispose(): void {
    const element = this.#element;
    element.removeEventListener('pointerdown', this.#down);
    element.removeEventListener('pointermove', this.#move);
    element.removeEventListener('pointerup', this.#up);
    element.removeEventListener('pointercancel', this.#up);
    element.removeEventListener('wheel', this.#wheel);
    element.removeEventListener('keydown', this.#key);
    element.style.touchAction = '';
  }

  /** Turns the camera about its target by `yaw` (around world up) and `pitch` (towards the poles). */
  orbit(yaw: number, pitch: number): void {
    const { position, target } = this.#camera;
    const dx = position[0]! - target[0]!, dy = position[1]! - target[1]!, dz = position[2]! - target[2]!;
    const distance = Math.hypot(dx, dy, dz);
    if (distance === 0) return;
    const currentYaw = Math.atan2(dx, dz);
    const currentPitch = Math.asin(Math.max(-1, Math.min(1, dy / distance)));
    const newYaw = currentYaw - yaw;
    const newPitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, currentPitch + pitch));
    position[0] = target[0]! + distance * Math.cos(newPitch) * Math.sin(newYaw);
    position[1] = target[1]! + distance * Math.sin(newPitch);
    position[2] = target[2]! + distance * Math.cos(newPitch) * Math.cos(newYaw);
    this.#camera.changed();
    this.#changed();
  }

  /** Moves the camera towards (factor < 1) or away from (factor > 1) its target. */
  zoom(factor: number): void {
    const { position, target, far } = this.#camera;
    const distance = this.#camera.distance;
    const next = Math.max(MIN_DISTANCE, Math.min(far * 0.9, distance * factor));
    if (distance === 0) return;
    for (let k = 0; k < 3; k++) position[k] = target[k]! + ((position[k]! - target[k]!) * next) / distance;
    this.#camera.changed();
    this.#changed();
  }

  readonly #down = (event: PointerEvent): void => {
    this.#pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    this.#element.setPointerCapture?.(event.pointerId);
    if (this.#pointers.size === 2) this.#pinchDistance = this.#spread();
  };

  readonly #move = (event: PointerEvent): void => {
    const last = this.#pointers.get(event.pointerId);
    if (!last) return;
    const dx = event.clientX - last.x, dy = event.clientY - last.y;
    last.x = event.clientX;
    last.y = event.clientY;
    if (this.#pointers.size === 1) {
      this.orbit(dx * DRAG_SPEED, dy * DRAG_SPEED);
    } else if (this.#pointers.size === 2) {
      const spread = this.#spread();
      if (this.#pinchDistance > 0 && spread > 0) this.zoom(this.#pinchDistance / spread);
      this.#pinchDistance = spread;
    }
  };

  readonly #up = (event: PointerEvent): void => {
    this.#pointers.delete(event.pointerId);
    this.#pinchDistance = 0;
  };

  readonly #wheel = (event: WheelEvent): void => {
    event.preventDefault();
    const lines = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY / 3 : event.deltaY / 100;
    this.zoom(Math.pow(WHEEL_ZOOM, lines));
  };

  readonly #key = (event: KeyboardEvent): void => {
    const turns: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_STEP, 0], ArrowRight: [KEY_STEP, 0], ArrowUp: [0, KEY_STEP], ArrowDown: [0, -KEY_STEP],
    };
    const turn = turns[event.key];
    if (!turn) return;
    event.preventDefault();
    this.orbit(turn[0], turn[1]);
  };

  #spread(): number {
    const [a, b] = [...this.#pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  }
}
