/** Stick deflection below this reads as rest: worn sticks do not come back to exactly 0. */
const DEAD_ZONE = 0.15;
/** The standard mapping's left and right triggers (https://w3c.github.io/gamepad/#remapping). */
const LEFT_TRIGGER = 6;
const RIGHT_TRIGGER = 7;

/**
 * The first connected gamepad's sticks and triggers, read once per frame through the Gamepad API (which has no
 * events for axes: it must be polled). Axes follow the standard mapping: left stick 0 (x, right +) and 1 (y,
 * down +), right stick 2 and 3; the triggers are buttons 6 and 7. Polling allocates nothing of its own; what the
 * browser allocates for `navigator.getGamepads()` (a fresh array each call) is the floor.
 */
export class GamepadInput {
  /** Left stick, dead zone removed: strafe right +, forward +. */
  moveX = 0;
  moveY = 0;
  /** Right stick, dead zone removed: turn right +, look up +. */
  lookX = 0;
  lookY = 0;
  /** Right trigger minus left trigger. */
  rise = 0;

  /** Reads the pads; returns whether one is connected (and so worth polling next frame). */
  poll(): boolean {
    this.moveX = this.moveY = this.lookX = this.lookY = this.rise = 0;
    const pads = typeof navigator !== 'undefined' && typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : null;
    if (!pads) return false;
    for (let i = 0; i < pads.length; i++) {
      const pad = pads[i];
      if (!pad || !pad.connected) continue;
      const axes = pad.axes;
      const buttons = pad.buttons;
      this.moveX = stick(axes[0] ?? 0, axes[1] ?? 0, 0);
      this.moveY = -stick(axes[0] ?? 0, axes[1] ?? 0, 1);
      this.lookX = stick(axes[2] ?? 0, axes[3] ?? 0, 0);
      this.lookY = -stick(axes[2] ?? 0, axes[3] ?? 0, 1);
      this.rise = (buttons[RIGHT_TRIGGER]?.value ?? 0) - (buttons[LEFT_TRIGGER]?.value ?? 0);
      return true;
    }
    return false;
  }

  /** Whether any stick or trigger is off rest. */
  get active(): boolean {
    return this.moveX !== 0 || this.moveY !== 0 || this.lookX !== 0 || this.lookY !== 0 || this.rise !== 0;
  }
}

/**
 * One component (`which`: 0 for x, 1 for y) of a stick with a radial dead zone, rescaled so output starts at 0
 * at the zone's edge and reaches 1 at full deflection.
 */
function stick(x: number, y: number, which: 0 | 1): number {
  const length = Math.hypot(x, y);
  if (length <= DEAD_ZONE) return 0;
  const scaled = Math.min(1, (length - DEAD_ZONE) / (1 - DEAD_ZONE));
  return ((which === 0 ? x : y) / length) * scaled;
}
