import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { componentDefinition, type ComponentDefinition } from './component-registry.js';

/** A typed view of one column. */
export type ColumnArray = Float32Array | Int32Array | Uint32Array;

interface PlacedColumn {
  readonly definition: ComponentDefinition;
  /** Its place in the order user columns were placed, which the core keeps when it moves them. */
  readonly index: number;
  address: number;
  view: ColumnArray;
}

/**
 * One scene's user component columns: each placed in the scene region's user area the first time something
 * needs it (a system that declares it, an element that sets it), with every slot at the component's default.
 * Views and addresses are re-derived when the memory grows (a re-layout moves the columns).
 */
export class SceneComponents {
  readonly #walloc: Walloc;
  readonly #placed = new Map<string, PlacedColumn>();
  #growth = -1;

  constructor(walloc: Walloc) {
    this.#walloc = walloc;
  }

  /** The column of `name` (placed now if needed). Throws BUDGET_EXCEEDED when the user area is full. */
  column(name: string): ColumnArray {
    const placed = this.#place(name);
    this.#refresh();
    return placed.view;
  }

  /** The address of `name`'s slot 0 in the scene's memory (placed now if needed); it moves when the memory grows. */
  address(name: string): number {
    const placed = this.#place(name);
    this.#refresh();
    return placed.address;
  }

  /** Writes `values` (the component's size) to `slot` and sets the slot's bit for the component. */
  write(slot: number, name: string, values: ArrayLike<number>): void {
    const placed = this.#place(name);
    this.#refresh();
    const size = placed.definition.size;
    placed.view.set(values as ArrayLike<number>, slot * size);
    this.#walloc.columns.uint.components[slot]! |= 1 << placed.definition.bit;
  }

  /** Writes the default to `slot` and clears the slot's bit for the component (its attribute was removed). */
  clear(slot: number, name: string): void {
    const placed = this.#placed.get(name);
    if (!placed) return;
    this.#refresh();
    placed.view.set(placed.definition.defaults, slot * placed.definition.size);
    this.#walloc.columns.uint.components[slot]! &= ~(1 << placed.definition.bit);
  }

  /** Writes every placed component's default to a fresh slot. Called when a slot is handed out. */
  slotAllocated(slot: number): void {
    if (this.#placed.size === 0) return;
    this.#refresh();
    for (const placed of this.#placed.values()) placed.view.set(placed.definition.defaults, slot * placed.definition.size);
  }

  #place(name: string): PlacedColumn {
    const existing = this.#placed.get(name);
    if (existing) return existing;
    const definition = componentDefinition(name);
    if (!definition) throw new LayerWError('BAD_ATTRIBUTE', `"${name}" is neither a built-in column nor a defined component`);
    const core = this.#walloc.core;
    const index = this.#placed.size;
    const address = core.userColumnAlloc(definition.size) >>> 0;
    if (address === 0) {
      throw new LayerWError('BUDGET_EXCEEDED', `component "${name}" does not fit: the components of a scene share 16 numbers per object`);
    }
    const placed: PlacedColumn = { definition, index, address, view: makeView(this.#walloc, definition, address) };
    this.#placed.set(name, placed);
    fillDefaults(placed, this.#walloc.columns.capacity);
    return placed;
  }

  #refresh(): void {
    const growth = this.#walloc.growth;
    if (growth === this.#growth) return;
    this.#growth = growth;
    const core = this.#walloc.core;
    for (const placed of this.#placed.values()) {
      placed.address = core.userColumnAddress(placed.index) >>> 0;
      placed.view = makeView(this.#walloc, placed.definition, placed.address);
    }
  }
}

function makeView(walloc: Walloc, definition: ComponentDefinition, address: number): ColumnArray {
  const length = walloc.columns.capacity * definition.size;
  const buffer = walloc.memory.buffer;
  if (definition.type === 'f32') return new Float32Array(buffer, address, length);
  if (definition.type === 'i32') return new Int32Array(buffer, address, length);
  return new Uint32Array(buffer, address, length);
}

function fillDefaults(placed: PlacedColumn, capacity: number): void {
  const { defaults, size } = placed.definition;
  if (defaults.every((value) => value === 0)) return;
  for (let slot = 0; slot < capacity; slot++) placed.view.set(defaults, slot * size);
}
