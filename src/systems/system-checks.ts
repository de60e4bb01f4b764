import { LayerWError } from '../errors.js';
import { FLOAT_COLUMNS, UINT_COLUMNS } from '../memory/columns.js';
import type { Phase } from '../engine/frame-schedule.js';
import { componentDefinition } from './component-registry.js';
import type { SystemOptions } from './scene-systems.js';

const SYSTEM_PHASES: readonly string[] = ['input', 'simulate', 'animate'];

/** The budget of a sandboxed system per frame when it gives none. */
export const DEFAULT_SANDBOX_BUDGET_MS = 50;

/**
 * Built-in columns a sandboxed system may write. The others (world matrices, bounds, flags, parents, batches)
 * are the engine's bookkeeping: a bad value there could make the engine read or write where it should not.
 */
const SANDBOX_WRITABLE = new Set(['position', 'rotation', 'scale', 'color', 'material', 'emissive', 'velocity', 'spin']);

/** What checking a system's options gives the step that runs it. */
export interface CheckedSystem {
  readonly phase: Phase;
  /** Component bits a visited slot must have, and must not have. */
  readonly withMask: number;
  readonly withoutMask: number;
}

/**
 * Checks what `scene.addSystem` was given, before the systems code is loaded: a name, a system phase, exactly
 * one of run, kernel or source (source only with the QuickJS sandbox), columns that exist, and `with` /
 * `without` names that are defined components. Throws a LayerWError (BAD_ATTRIBUTE) naming the problem.
 */
export function checkSystemOptions(options: SystemOptions): CheckedSystem {
  const name = options.name;
  if (typeof name !== 'string' || name === '') throw new LayerWError('BAD_ATTRIBUTE', 'addSystem: a system needs a name');
  const phase = options.phase ?? 'simulate';
  if (!SYSTEM_PHASES.includes(phase)) {
    throw new LayerWError('BAD_ATTRIBUTE', `system "${name}": phase "${String(phase)}" is not one of ${SYSTEM_PHASES.join(', ')}`);
  }
  const forms = [options.run, options.kernel, options.source].filter((form) => form !== undefined).length;
  if (forms !== 1) throw new LayerWError('BAD_ATTRIBUTE', `system "${name}": give exactly one of run, kernel or source`);
  if (options.source !== undefined) checkSandboxed(name, options);
  for (const column of [...(options.reads ?? []), ...(options.writes ?? [])]) checkColumn(name, column);
  return { phase, withMask: maskOf(name, options.with ?? []), withoutMask: maskOf(name, options.without ?? []) };
}

function checkSandboxed(system: string, options: SystemOptions): void {
  if (options.sandbox !== 'quickjs') throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": source text runs only with sandbox: 'quickjs'`);
  if (typeof options.source !== 'string') throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": source must be text`);
  const budget = options.budgetMs ?? DEFAULT_SANDBOX_BUDGET_MS;
  if (!(budget > 0 && Number.isFinite(budget))) throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": budgetMs must be a positive number of milliseconds`);
  if (options.columns !== undefined) throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": a sandboxed system takes its columns from reads and writes`);
  for (const column of options.writes ?? []) {
    const builtin = (FLOAT_COLUMNS as readonly string[]).includes(column) || (UINT_COLUMNS as readonly string[]).includes(column);
    if (builtin && !SANDBOX_WRITABLE.has(column)) {
      throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": a sandboxed system may not write "${column}", which the engine keeps`);
    }
  }
}

function checkColumn(system: string, column: string): void {
  if ((FLOAT_COLUMNS as readonly string[]).includes(column) || (UINT_COLUMNS as readonly string[]).includes(column)) return;
  if (!componentDefinition(column)) throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": "${column}" is neither a built-in column nor a defined component`);
}

function maskOf(system: string, names: readonly string[]): number {
  let mask = 0;
  for (const name of names) {
    const definition = componentDefinition(name);
    if (!definition) throw new LayerWError('BAD_ATTRIBUTE', `system "${system}": with / without name "${name}", which is not a defined component`);
    mask |= 1 << definition.bit;
  }
  return mask >>> 0;
}
