import type { Camera } from '../camera.js';
import type { FrameSchedule, FrameStep } from '../frame-schedule.js';
import type { ControlsHost } from './controls-host.js';

/** The world bounding spheres of the slots, as the transform step writes them (columns boundsX/Y/Z/R). */
export interface WorldSpheres {
  readonly boundsX: Float32Array;
  readonly boundsY: Float32Array;
  readonly boundsZ: Float32Array;
  readonly boundsR: Float32Array;
}

/** A scene's node as a fit sees it: where it is in the document, and its slot while it draws something and is shown. */
export type FramedNode = Node & { readonly framedSlot: number | null };

/** The slots of the `nodes` inside `roots` that draw something and are shown. */
function framedSlots(roots: readonly Node[], nodes: Iterable<FramedNode>): number[] {
  const slots: number[] = [];
  for (const node of nodes) {
    const slot = node.framedSlot;
    if (slot !== null && roots.some((root) => root.contains(node))) slots.push(slot);
  }
  return slots;
}

/** Where the camera looks from when it sits on its target: the default camera's direction. */
const FALLBACK_DIRECTION = [0, 2, 6] as const;

/**
 * Frames objects: on the next drawn frame, after the transform step has written their world bounding spheres,
 * the camera looks at the centre of the sphere around them from where it looks now, and backs off (or comes
 * closer) until that sphere fits the view's narrower field of view with `padding` of its radius to spare. `near`
 * and `far` widen when the sphere would cross them. The move is written back like any controls' move, after the
 * frame. A kept fit (the `camera-fit` attribute's) is made again when the view changes shape while the camera is
 * still where the fit left it. Its `camera-fit` step (transform phase, between the transforms and the camera's
 * matrices) is in the schedule only while a fit waits or is kept; it makes no objects per frame.
 */
export class CameraFit {
  readonly #host: ControlsHost;
  /** The slots' world spheres, read from the scene's memory at the fit (its views may have been made again since). */
  readonly #spheres: () => WorldSpheres | undefined;
  /** A fit waits for the next frame. */
  #pending = false;
  #slots: readonly number[] = [];
  #padding = 0;
  #moved = false;
  readonly #schedule: FrameSchedule;
  /** A kept fit (`camera-fit`): its slots are framed again when the view changes shape and the camera has not moved. */
  #kept: { slots: readonly number[]; padding: number } | null = null;
  /** The view's size (whole pixels: no float is boxed per frame) and the camera's position and target that the last fit left. */
  #width = 0;
  #height = 0;
  readonly #left = new Float32Array(6);

  constructor(host: ControlsHost, schedule: FrameSchedule, spheres: () => WorldSpheres | undefined) {
    this.#host = host;
    this.#schedule = schedule;
    this.#spheres = spheres;
  }

  readonly step: FrameStep = {
    name: 'camera-fit',
    phase: 'transform',
    reads: ['bounds'],
    writes: [],
    after: ['transforms'],
    before: ['camera'],
    run: () => {
      const { camera, canvas } = this.#host;
      let due = this.#pending;
      this.#pending = false;
      const kept = this.#kept;
      if (!kept) this.#schedule.remove(this.step.name);
      else if (!due && (canvas.width !== this.#width || canvas.height !== this.#height) && this.#untouched(camera)) {
        // The view changed shape and nobody moved the camera since the fit: the kept fit is made again.
        due = true;
        this.#slots = kept.slots;
        this.#padding = kept.padding;
      }
      const spheres = due ? this.#spheres() : undefined;
      if (!spheres || !frame(camera, spheres, this.#slots, this.#padding, canvas)) return;
      this.#moved = true;
      this.#width = canvas.width;
      this.#height = canvas.height;
      this.#left.set(camera.position);
      this.#left.set(camera.target, 3);
    },
  };

  /**
   * Whether the camera is where the last fit left it, to the 7 significant digits of the attributes it was written
   * back to (which the camera then takes).
   */
  #untouched(camera: Camera): boolean {
    const left = this.#left;
    for (let k = 0; k < 6; k++) {
      const now = k < 3 ? camera.position[k]! : camera.target[k - 3]!;
      if (Math.abs(now - left[k]!) > 1e-6 * Math.max(1, Math.abs(left[k]!))) return false;
    }
    return true;
  }

  /**
   * Frames the shown `nodes` inside `roots` on the next frame; a later request replaces this one. With nothing to
   * frame, nothing moves. `keep`: the fit is kept (see `#kept`) until the next kept one; a kept fit of nothing lets
   * the kept one go.
   */
  request(roots: readonly Node[], nodes: Iterable<FramedNode>, padding: number, keep: boolean): void {
    const slots = framedSlots(roots, nodes);
    const scheduled = this.#pending || this.#kept !== null;
    if (keep) this.#kept = slots.length > 0 ? { slots, padding } : null;
    if (slots.length > 0) {
      this.#pending = true;
      this.#slots = slots;
      this.#padding = padding;
      this.#host.requestDraw();
    }
    if (this.#pending || this.#kept) {
      if (!scheduled) this.#schedule.add(this.step);
    } else if (scheduled) this.#schedule.remove(this.step.name);
  }

  /** After a drawn frame: the fit's move written back (attributes and `camerachange`), outside the frame. */
  frameDone(): void {
    if (!this.#moved) return;
    this.#moved = false;
    this.#host.cameraMoved();
  }
}

/**
 * Moves `camera` to frame the spheres of `slots` in a `canvas`-shaped view; false when no slot has a sphere
 * (nothing of them is drawn yet).
 */
function frame(camera: Camera, spheres: WorldSpheres, slots: readonly number[], padding: number, canvas: HTMLCanvasElement): boolean {
  const { boundsX, boundsY, boundsZ, boundsR } = spheres;
  let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (const slot of slots) {
    const r = boundsR[slot]!;
    if (!(r > 0)) continue;
    minX = Math.min(minX, boundsX[slot]! - r);
    minY = Math.min(minY, boundsY[slot]! - r);
    minZ = Math.min(minZ, boundsZ[slot]! - r);
    maxX = Math.max(maxX, boundsX[slot]! + r);
    maxY = Math.max(maxY, boundsY[slot]! + r);
    maxZ = Math.max(maxZ, boundsZ[slot]! + r);
  }
  if (!(maxX >= minX) || !Number.isFinite(maxX - minX + maxY - minY + maxZ - minZ)) return false;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, cz = (minZ + maxZ) / 2;
  // The sphere about the box's centre that holds every slot's sphere.
  let radius = 0;
  for (const slot of slots) {
    const r = boundsR[slot]!;
    if (r > 0) radius = Math.max(radius, Math.hypot(boundsX[slot]! - cx, boundsY[slot]! - cy, boundsZ[slot]! - cz) + r);
  }
  const { position, target } = camera;
  let dx = position[0]! - target[0]!, dy = position[1]! - target[1]!, dz = position[2]! - target[2]!;
  let length = Math.hypot(dx, dy, dz);
  if (!(length > 0)) {
    [dx, dy, dz] = FALLBACK_DIRECTION;
    length = Math.hypot(dx, dy, dz);
  }
  const halfVertical = (camera.fov * Math.PI) / 360;
  const aspect = canvas.width / Math.max(1, canvas.height);
  const halfHorizontal = Math.atan(Math.tan(halfVertical) * aspect);
  const distance = (radius * (1 + padding)) / Math.sin(Math.min(halfVertical, halfHorizontal));
  target[0] = cx;
  target[1] = cy;
  target[2] = cz;
  position[0] = cx + (dx / length) * distance;
  position[1] = cy + (dy / length) * distance;
  position[2] = cz + (dz / length) * distance;
  // The sphere lies between distance - radius and distance + radius from the camera.
  if (camera.far < distance + radius) camera.far = (distance + radius) * 2;
  if (camera.near > distance - radius) camera.near = Math.max((distance - radius) / 2, camera.far * 1e-7);
  camera.changed();
  return true;
}
