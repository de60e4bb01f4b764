import { LayerWError } from '../errors.js';

/** The frame's phases, in the order they run. */
export const PHASES = ['input', 'simulate', 'animate', 'transform', 'cull', 'render'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * What every step of one frame sees. One object per scene, rewritten in place each frame (no allocation);
 * steps that need more (the camera, the memory, the renderer) hold it from when they were made.
 */
export interface FrameClock {
  /** The animation-frame timestamp, milliseconds. */
  now: number;
  /** Seconds since the scene's last drawn frame (whole microseconds), clamped so a tab coming back does not jump. */
  dt: number;
  /** Frames drawn since the scene started. */
  frame: number;
}

/**
 * One named piece of per-frame work. A feature adds its steps to a scene's schedule; nobody edits a central
 * sequence. `reads` and `writes` name the columns the step touches (`position`, `world`, a user component...),
 * so a reader sees what a step can change without reading its body; `before` and `after` name other steps of
 * the same phase that must run after or before it.
 */
export interface FrameStep {
  readonly name: string;
  readonly phase: Phase;
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  readonly before?: readonly string[];
  readonly after?: readonly string[];
  /** Runs the step. Returning true says the scene is still changing and wants another frame (on-demand mode). */
  run(clock: FrameClock): boolean | void;
}

/**
 * The ordered list of a scene's frame steps. Order: phase first; inside a phase, `before` / `after`
 * constraints, then the order steps were added. The order is recomputed only when a step is added or removed.
 */
export class FrameSchedule {
  readonly #steps: FrameStep[] = [];
  #order: FrameStep[] = [];

  /** Adds a step. Throws BAD_ATTRIBUTE for a duplicate name or an unknown phase, SYSTEM_FAILED for a cycle. */
  add(step: FrameStep): void {
    if (!PHASES.includes(step.phase)) {
      throw new LayerWError('BAD_ATTRIBUTE', `frame step "${step.name}": unknown phase "${String(step.phase)}"; use one of ${PHASES.join(', ')}`);
    }
    if (this.has(step.name)) throw new LayerWError('BAD_ATTRIBUTE', `a frame step named "${step.name}" already exists`);
    this.#steps.push(step);
    try {
      this.#order = orderSteps(this.#steps);
    } catch (error) {
      this.#steps.pop();
      throw error;
    }
  }

  /** Removes the step named `name`; returns whether there was one. */
  remove(name: string): boolean {
    const at = this.#steps.findIndex((step) => step.name === name);
    if (at < 0) return false;
    this.#steps.splice(at, 1);
    this.#order = orderSteps(this.#steps);
    return true;
  }

  has(name: string): boolean {
    return this.#steps.some((step) => step.name === name);
  }

  /** Step names in the order they run, for tests and tools. */
  get names(): string[] {
    return this.#order.map((step) => step.name);
  }

  /** The steps in run order. The array is the schedule's own: read it, do not change it. */
  get steps(): readonly FrameStep[] {
    return this.#order;
  }

  /** Runs every step in order; true if any step wants another frame. An exception leaves the frame. */
  run(clock: FrameClock): boolean {
    let busy = false;
    const order = this.#order;
    for (let i = 0; i < order.length; i++) {
      if (order[i]!.run(clock) === true) busy = true;
    }
    return busy;
  }
}

/** Phase order, then a stable topological sort of each phase by `before` / `after`. */
function orderSteps(steps: readonly FrameStep[]): FrameStep[] {
  const ordered: FrameStep[] = [];
  for (const phase of PHASES) {
    const inPhase = steps.filter((step) => step.phase === phase);
    const names = new Set(inPhase.map((step) => step.name));
    const after = new Map<string, Set<string>>(inPhase.map((step) => [step.name, new Set<string>()]));
    for (const step of inPhase) {
      for (const other of step.after ?? []) if (names.has(other)) after.get(step.name)!.add(other);
      for (const other of step.before ?? []) if (names.has(other)) after.get(other)!.add(step.name);
    }
    const placed = new Set<string>();
    while (placed.size < inPhase.length) {
      const next = inPhase.find((step) => !placed.has(step.name) && [...after.get(step.name)!].every((name) => placed.has(name)));
      if (!next) {
        const stuck = inPhase.filter((step) => !placed.has(step.name)).map((step) => step.name);
        throw new LayerWError('SYSTEM_FAILED', `frame steps ${stuck.join(', ')} in phase "${phase}" order each other in a cycle`);
      }
      placed.add(next.name);
      ordered.push(next);
    }
  }
  return ordered;
}
