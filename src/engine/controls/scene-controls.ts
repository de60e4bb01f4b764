import { LayerWError } from '../../errors.js';
import type { FrameSchedule } from '../frame-schedule.js';
import type { CameraControls, ControlsHost, ControlsKind } from './controls-host.js';

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
