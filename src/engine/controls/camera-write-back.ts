import type { ControlsHost } from './controls-host.js';

/** Least time between two write-backs of a camera that a frame step keeps moving. */
export const WRITE_BACK_INTERVAL_MS = 250;

/**
 * Tells the scene about camera motion made by a frame step (auto-rotate, fly keys, a gamepad): at most every
 * WRITE_BACK_INTERVAL_MS while it goes on and once when it stops, because each write-back sets attributes and
 * dispatches `camerachange` (strings and an event), which a frame that moves the camera must not do every time.
 * The write-back runs once the frame is drawn (`frameDone`), so no listener runs in the middle of a frame.
 */
export class CameraWriteBack {
  readonly #host: ControlsHost;
  #pending = false;
  #due = false;
  #last = -Infinity;

  constructor(host: ControlsHost) {
    this.#host = host;
  }

  /** The camera moved outside a frame step (an event handler): written back after the next frame. */
  moved(): void {
    this.#pending = true;
    this.#host.requestDraw();
  }

  /** Called by the controls step every frame, with whether it moved the camera in this frame. */
  frame(now: number, moving: boolean): void {
    if (moving) this.#pending = true;
    if (!this.#pending || (moving && now - this.#last < WRITE_BACK_INTERVAL_MS)) return;
    this.#pending = false;
    this.#due = true;
    this.#last = now;
  }

  /** Called after each drawn frame: the write-back, when one is due. */
  frameDone(): void {
    if (!this.#due) return;
    this.#due = false;
    this.#host.cameraMoved();
  }
}
