import { LayerWError } from '../../errors.js';
import type { FrameSchedule } from '../frame-schedule.js';
import type { CameraControls, ControlsHost, ControlsKind } from './controls-host.js';
import type { CameraFit, WorldSpheres } from './camera-fit.js';

/**
 * A scene's camera controls: the kind its `controls` attribute names, loaded as its own chunk the first time
 * (orbit and fly code is not in the initial package), with its `controls` step in the scene's schedule.
 */
export class SceneControls {
  readonly #host: ControlsHost;
  readonly #schedule: FrameSchedule;
  readonly #report: (error: LayerWError) => void;
  #kind: ControlsKind = 'none';
  #active: CameraControls | undefined;
  #fitLoad: Promise<CameraFit> | undefined;
  #fit: CameraFit | undefined;

  constructor(host: ControlsHost, schedule: FrameSchedule, report: (error: LayerWError) => void) {
    this.#host = host;
    this.#schedule = schedule;
    this.#report = report;
  }

  /** The controls in use now; undefined for `none` and while their code loads. */
  get active(): CameraControls | undefined {
    return this.#active;
  }

  /** Called by the scene after each drawn frame. */
  frameDone(): void {
    this.#active?.frameDone();
    this.#fit?.frameDone();
  }

  /**
   * Frames `slots` on the next frame (camera-fit.ts, its own chunk the first time), their world spheres read from
   * `spheres()`; `padding` is the margin, as a fraction of the framed sphere's radius; `keep`: framed again when
   * the view changes shape and the camera has not moved since (see CameraFit).
   */
  fit(spheres: () => WorldSpheres, slots: readonly number[], padding: number, keep: boolean): void {
    // With nothing to frame the chunk still loads, so that a fit waiting on a model is not late for its frame.
    this.#fitLoad ??= import('./camera-fit.js').then(({ CameraFit }) => (this.#fit = new CameraFit(this.#host, this.#schedule)));
    this.#fitLoad.then((fit) => fit.request(spheres, slots, padding, keep), (cause: unknown) => {
      this.#report(new LayerWError('LOAD_FAILED', `the camera fit could not be loaded: ${String(cause)}`, { cause }));
    });
  }

  /** Switches to `kind`: the old controls' listeners and step go at once, the new ones come when loaded. */
  set(kind: ControlsKind): void {
    if (kind === this.#kind) return;
    this.#kind = kind;
    if (this.#active) {
      this.#schedule.remove(this.#active.step.name);
      this.#active.dispose();
      this.#active = undefined;
    }
    if (kind === 'none') return;
    const load = kind === 'orbit'
      ? import('./orbit-controls.js').then((module) => module.OrbitControls)
      : import('./fly-controls.js').then((module) => module.FlyControls);
    load.then((Controls) => {
      if (this.#kind !== kind || this.#active) return;
      this.#active = new Controls(this.#host);
      this.#schedule.add(this.#active.step);
      this.#host.requestDraw();
    }, (cause: unknown) => {
      this.#report(new LayerWError('LOAD_FAILED', `the ${kind} controls could not be loaded: ${String(cause)}`, { cause }));
    });
  }
}
