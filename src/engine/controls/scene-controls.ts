import { LayerWError } from '../../errors.js';
import type { FrameSchedule } from '../frame-schedule.js';
import type { CameraControls, ControlsHost, ControlsKind } from './controls-host.js';
import type { CameraFit, FramedNode, WorldSpheres } from './camera-fit.js';

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
  readonly #spheres: () => WorldSpheres | undefined;

  /** `spheres` reads the slots' world spheres from the scene's memory (undefined before it is ready). */
  constructor(host: ControlsHost, schedule: FrameSchedule, report: (error: LayerWError) => void, spheres: () => WorldSpheres | undefined) {
    this.#host = host;
    this.#schedule = schedule;
    this.#report = report;
    this.#spheres = spheres;
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
   * Frames the shown `nodes` inside `roots` on the next frame (camera-fit.ts, its own chunk the first time);
   * `padding` is the margin, as a fraction of the framed sphere's radius; `keep`: framed again when the view changes
   * shape while the camera stays where the fit left it (nothing to frame with `keep`: a kept fit is let go).
   * Nothing before the memory is ready.
   */
  fit(roots: readonly Node[], nodes: Iterable<FramedNode>, padding: number, keep: boolean): void {
    if (!this.#spheres()) return;
    // With nothing to frame the chunk still loads, so that a fit waiting on a model is not late for its frame.
    this.#fitLoad ??= import('./camera-fit.js').then(({ CameraFit }) => (this.#fit = new CameraFit(this.#host, this.#schedule, this.#spheres)));
    this.#fitLoad.then((fit) => fit.request(roots, nodes, padding, keep), (cause: unknown) => {
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
