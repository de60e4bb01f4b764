import type { FrameClock, FrameStep } from '../frame-schedule.js';
import { CameraWriteBack } from './camera-write-back.js';
import type { CameraControls, ControlsHost } from './controls-host.js';
import { GamepadInput, LOOK_X, LOOK_Y, MOVE_X, MOVE_Y, RISE } from './gamepad-input.js';

/** Radians the view turns per CSS pixel dragged. */
const LOOK_SPEED = 0.005;
/** Radians per second the view turns with the right stick fully over. */
const STICK_LOOK_RATE = 2;
/** Keeps the view off straight up and down (89°), where yaw is undefined. */
const MAX_PITCH = (89 * Math.PI) / 180;
/** Longest stretch of held keys one step applies, in seconds: a stall does not throw the camera far. */
const MAX_KEY_STEP = 1;

const FORWARD = 1, BACK = 2, LEFT = 4, RIGHT = 8, UP = 16, DOWN = 32;
/** Where a move's parts sit in the scratch array that carries them (numbers passed as arguments may be boxed). */
const MOVE_RIGHT = 0, MOVE_UP = 1, MOVE_FORWARD = 2, MOVE_DISTANCE = 3, LOOK_YAW = 4, LOOK_PITCH = 5;

/** The movement a key holds, by `KeyboardEvent.code` (the key's place, so WASD sits the same on every layout). */
function keyBit(code: string): number {
  switch (code) {
    case 'KeyW': case 'ArrowUp': return FORWARD;
    case 'KeyS': case 'ArrowDown': return BACK;
    case 'KeyA': case 'ArrowLeft': return LEFT;
    case 'KeyD': case 'ArrowRight': return RIGHT;
    case 'KeyE': return UP;
    case 'KeyQ': return DOWN;
    default: return 0;
  }
}

/**
 * Fly controls: W A S D or the arrow keys move forward (where the camera looks), back and sideways, E and Q
 * straight up and down, at `fly-speed` units per second; a drag turns the view (right turns right, up looks
 * up; pitch stops short of the poles); a gamepad's left stick moves, right stick looks, right and left triggers
 * rise and sink. Camera and target move together, so the view keeps its distance to the target.
 *
 * Keys are heard on the canvas only, so only while the scene has focus (the canvas is a tab stop; a click
 * focuses it), and only keys it uses are kept from the page. Held keys move the camera by the time they were
 * down, measured with the events' timestamps and the frames' clock, so the distance does not depend on the
 * frame rate. The `controls` frame step (input phase) applies it and polls the gamepad. Loaded as its own chunk
 * the first time a scene has `controls="fly"`.
 */
export class FlyControls implements CameraControls {
  readonly step: FrameStep;
  readonly #host: ControlsHost;
  readonly #writeBack: CameraWriteBack;
  readonly #pad = new GamepadInput();
  /** A move or a look to make: MOVE_RIGHT ... LOOK_PITCH. */
  readonly #scratch = new Float64Array(6);
  /** FORWARD | BACK | ... of the keys down now. */
  #held = 0;
  /** The time (ms, the events' and frames' clock) up to which held keys have moved the camera. */
  #keysApplied = 0;
  #dragPointer = -1;
  #dragX = 0;
  #dragY = 0;
  #padConnected = false;

  /** Takes every listener off at once in `dispose`. */
  readonly #listening = new AbortController();

  constructor(host: ControlsHost) {
    this.#host = host;
    this.#writeBack = new CameraWriteBack(host);
    this.step = { name: 'controls', phase: 'input', run: this.#frame };
    const element = host.canvas;
    const signal = this.#listening.signal;
    element.addEventListener('keydown', this.#keyDown, { signal });
    element.addEventListener('keyup', this.#keyUp, { signal });
    element.addEventListener('blur', this.#blur, { signal });
    element.addEventListener('pointerdown', this.#down, { signal });
    element.addEventListener('pointermove', this.#pointerMove, { signal });
    element.addEventListener('pointerup', this.#up, { signal });
    element.addEventListener('pointercancel', this.#up, { signal });
    globalThis.addEventListener?.('gamepadconnected', this.#padArrived, { signal });
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

  /**
   * Moves the camera and its target MOVE_DISTANCE scene units in the direction (MOVE_RIGHT, MOVE_UP,
   * MOVE_FORWARD) of the scratch array: forward along the view, right level with the ground, up along world up.
   */
  #move(): void {
    const scratch = this.#scratch;
    const right = scratch[MOVE_RIGHT]!, up = scratch[MOVE_UP]!, forward = scratch[MOVE_FORWARD]!;
    const length = Math.hypot(right, up, forward);
    if (length === 0 || scratch[MOVE_DISTANCE] === 0) return;
    const scale = scratch[MOVE_DISTANCE]! / length;
    const { position, target } = this.#host.camera;
    const fx = target[0]! - position[0]!, fy = target[1]! - position[1]!, fz = target[2]! - position[2]!;
    const f = Math.hypot(fx, fy, fz) || 1;
    const r = Math.hypot(fx, fz) || 1;
    // Right = forward × world up, level.
    const mx = ((forward * fx) / f + (right * -fz) / r) * scale;
    const my = ((forward * fy) / f + up) * scale;
    const mz = ((forward * fz) / f + (right * fx) / r) * scale;
    position[0] = position[0]! + mx;
    position[1] = position[1]! + my;
    position[2] = position[2]! + mz;
    target[0] = target[0]! + mx;
    target[1] = target[1]! + my;
    target[2] = target[2]! + mz;
    this.#host.camera.changed();
  }

  /** Turns the view by LOOK_YAW (positive turns right) and LOOK_PITCH (positive looks up), radians; the target follows. */
  #look(): void {
    const { position, target } = this.#host.camera;
    const fx = target[0]! - position[0]!, fy = target[1]! - position[1]!, fz = target[2]! - position[2]!;
    const distance = Math.hypot(fx, fy, fz);
    if (distance === 0) return;
    const newYaw = Math.atan2(fx, fz) - this.#scratch[LOOK_YAW]!;
    const pitch = Math.asin(Math.max(-1, Math.min(1, fy / distance))) + this.#scratch[LOOK_PITCH]!;
    const newPitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, pitch));
    target[0] = position[0]! + distance * Math.cos(newPitch) * Math.sin(newYaw);
    target[1] = position[1]! + distance * Math.sin(newPitch);
    target[2] = position[2]! + distance * Math.cos(newPitch) * Math.cos(newYaw);
    this.#host.camera.changed();
  }

  /** The `controls` step: held keys up to this frame, then the gamepad. Wants frames while either is in use. */
  readonly #frame = (clock: FrameClock): boolean => {
    let moved = this.#held !== 0 && this.#applyKeys(clock.now);
    this.#padConnected = this.#pad.poll();
    if (this.#pad.active) {
      const pad = this.#pad.state, scratch = this.#scratch;
      scratch[MOVE_RIGHT] = pad[MOVE_X]!;
      scratch[MOVE_UP] = pad[RISE]!;
      scratch[MOVE_FORWARD] = pad[MOVE_Y]!;
      scratch[MOVE_DISTANCE] = this.#host.settings.flySpeed * clock.dt * Math.min(1, Math.hypot(pad[MOVE_X]!, pad[RISE]!, pad[MOVE_Y]!));
      this.#move();
      scratch[LOOK_YAW] = pad[LOOK_X]! * STICK_LOOK_RATE * clock.dt;
      scratch[LOOK_PITCH] = pad[LOOK_Y]! * STICK_LOOK_RATE * clock.dt;
      this.#look();
      moved = true;
    }
    this.#writeBack.frame(clock.now, moved);
    return this.#held !== 0 || this.#padConnected;
  };

  /** Moves by the held keys from `#keysApplied` to `until` (ms); true if the camera moved. */
  #applyKeys(until: number): boolean {
    const seconds = Math.min(MAX_KEY_STEP, Math.max(0, (until - this.#keysApplied) / 1000));
    this.#keysApplied = Math.max(this.#keysApplied, until);
    const held = this.#held, scratch = this.#scratch;
    scratch[MOVE_FORWARD] = (held & FORWARD ? 1 : 0) - (held & BACK ? 1 : 0);
    scratch[MOVE_RIGHT] = (held & RIGHT ? 1 : 0) - (held & LEFT ? 1 : 0);
    scratch[MOVE_UP] = (held & UP ? 1 : 0) - (held & DOWN ? 1 : 0);
    scratch[MOVE_DISTANCE] = this.#host.settings.flySpeed * seconds;
    if (seconds === 0 || (scratch[MOVE_FORWARD] === 0 && scratch[MOVE_RIGHT] === 0 && scratch[MOVE_UP] === 0)) return false;
    this.#move();
    return true;
  }

  readonly #keyDown = (event: KeyboardEvent): void => {
    const bit = keyBit(event.code);
    // Browser and system shortcuts (Ctrl+W, Alt+arrow) are not movement.
    if (bit === 0 || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    if (this.#held & bit) return;
    if (this.#held === 0) this.#keysApplied = event.timeStamp;
    else if (this.#applyKeys(event.timeStamp)) this.#writeBack.moved();
    this.#held |= bit;
    this.#host.requestDraw();
  };

  readonly #keyUp = (event: KeyboardEvent): void => {
    const bit = keyBit(event.code);
    if (!(this.#held & bit)) return;
    event.preventDefault();
    this.#release(bit, event.timeStamp);
  };

  /** Keys released while the scene has no focus would never be heard: focus leaving releases them all. */
  readonly #blur = (event: FocusEvent): void => {
    this.#release(this.#held, event.timeStamp);
  };

  #release(bits: number, at: number): void {
    if (bits === 0) return;
    if (this.#applyKeys(at)) this.#writeBack.moved();
    this.#held &= ~bits;
  }

  readonly #down = (event: PointerEvent): void => {
    if (this.#dragPointer !== -1 || !event.isPrimary) return;
    this.#dragPointer = event.pointerId;
    this.#dragX = event.clientX;
    this.#dragY = event.clientY;
    this.#host.canvas.setPointerCapture?.(event.pointerId);
  };

  readonly #pointerMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.#dragPointer) return;
    const dx = event.clientX - this.#dragX, dy = event.clientY - this.#dragY;
    this.#dragX = event.clientX;
    this.#dragY = event.clientY;
    if (dx === 0 && dy === 0) return;
    this.#scratch[LOOK_YAW] = dx * LOOK_SPEED;
    this.#scratch[LOOK_PITCH] = -dy * LOOK_SPEED;
    this.#look();
    this.#host.cameraMoved();
  };

  readonly #up = (event: PointerEvent): void => {
    if (event.pointerId === this.#dragPointer) this.#dragPointer = -1;
  };

  /** A pad says hello: draw a frame, whose step polls it from then on. */
  readonly #padArrived = (): void => {
    this.#host.requestDraw();
  };
}
