/** Stick deflection below this reads as rest: worn sticks do not come back to exactly 0. */
const DEAD_ZONE = 0.15;
/** The standard mapping's left and right triggers (https://w3c.github.io/gamepad/#remapping). */
const LEFT_TRIGGER = 6;
const RIGHT_TRIGGER = 7;

/** Where each reading sits in `GamepadInput.state`. */
export const MOVE_X = 0, MOVE_Y = 1, LOOK_X = 2, LOOK_Y = 3, RISE = 4;

/**
 * The first connected gamepad's sticks and triggers, read once per frame through the Gamepad API (which has no
 * events for axes: it must be polled). Axes follow the standard mapping: left stick 0 (x, right +) and 1 (y,
 * down +), right stick 2 and 3; the triggers are buttons 6 and 7. Readings go into a typed array, so polling
 * makes no objects and boxes no numbers; what the browser allocates for `navigator.getGamepads()` (a fresh
 * array each call) is the floor.
 */
export class GamepadInput {
  /**
   * After `poll`, dead zone removed: MOVE_X (strafe right +), MOVE_Y (forward +) from the left stick, LOOK_X
   * (turn right +), LOOK_Y (look up +) from the right stick, RISE (right trigger minus left trigger).
   */
  readonly state = new Float64Array(5);

  /** Reads the pads; returns whether one is connected (and so worth polling next frame). */
  poll(): boolean {
    const state = this.state;
    state.fill(0);
    const pads = typeof navigator !== 'undefined' && typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : null;
    if (!pads) return false;
    for (let i = 0; i < pads.length; i++) {
      const pad = pads[i];
      if (!pad || !pad.connected) continue;
      const axes = pad.axes;
      const buttons = pad.buttons;
      readStick(axes[0] ?? 0, axes[1] ?? 0, state, MOVE_X);
      readStick(axes[2] ?? 0, axes[3] ?? 0, state, LOOK_X);
      state[RISE] = (buttons[RIGHT_TRIGGER]?.value ?? 0) - (buttons[LEFT_TRIGGER]?.value ?? 0);
      return true;
    }
    return false;
  }

  /** Whether any stick or trigger is off rest. */
  get active(): boolean {
    const state = this.state;
    return state[MOVE_X] !== 0 || state[MOVE_Y] !== 0 || state[LOOK_X] !== 0 || state[LOOK_Y] !== 0 || state[RISE] !== 0;
  }
}

/**
 * A stick with a radial dead zone, rescaled so output starts at 0 at the zone's edge and reaches 1 at full
 * deflection, written to `out[at]` (x) and `out[at + 1]` (y, up +).
 */
function readStick(x: number, y: number, out: Float64Array, at: number): void {
  const length = Math.hypot(x, y);
  if (length <= DEAD_ZONE) return;
  const scale = Math.min(1, (length - DEAD_ZONE) / (1 - DEAD_ZONE)) / length;
  out[at] = x * scale;
  out[at + 1] = -y * scale;
}
