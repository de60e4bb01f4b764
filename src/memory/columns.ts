import { constant, type CoreExports } from '../wasm/exports.js';

/** Component columns holding f32 numbers, by the name TypeScript uses. */
export const FLOAT_COLUMNS = [
  'position', 'rotation', 'scale', 'world', 'localBounds', 'boundsX', 'boundsY', 'boundsZ', 'boundsR',
  'color', 'material', 'emissive', 'velocity', 'spin', 'lodCoverage',
] as const;
/** Component columns holding u32 numbers (`dirtyBits` is a bitset: bit s % 32 of word s / 32 is slot s). */
export const UINT_COLUMNS = ['flags', 'parent', 'batch', 'lodKeys', 'components', 'dirtyBits'] as const;

export type FloatColumn = (typeof FLOAT_COLUMNS)[number];
export type UintColumn = (typeof UINT_COLUMNS)[number];

/** `localBounds` -> `COL_LOCAL_BOUNDS`: the name of the column's id constant in the WebAssembly exports. */
function exportName(column: string): `COL_${string}` {
  return `COL_${column.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;
}

/**
 * Zero-copy typed-array views over every component column of one memory, each spanning the column's whole
 * slot capacity: slot `s` of a column with `k` components is `view[s * k .. s * k + k)`. Address, component
 * count and capacity come from the WebAssembly core. A grow of the memory detaches these views (and may move
 * the columns); `Walloc` re-derives them before handing them out, so callers fetch them from `walloc.columns` each time they start
 * a batch of writes rather than keeping them.
 */
export class ColumnViews {
  /** Slots each column holds (more after the memory is laid out again). */
  capacity: number;
  /** Numbers per slot of each column. */
  readonly components: Readonly<Record<FloatColumn | UintColumn, number>>;
  readonly float = {} as Record<FloatColumn, Float32Array>;
  readonly uint = {} as Record<UintColumn, Uint32Array>;
  readonly #core: CoreExports;
  readonly #memory: WebAssembly.Memory;
  readonly #dirtyFlag: number;

  constructor(core: CoreExports, memory: WebAssembly.Memory) {
    this.#core = core;
    this.#memory = memory;
    this.#dirtyFlag = constant(core, 'FLAG_DIRTY') | constant(core, 'FLAG_LOOK');
    this.capacity = core.slotCapacity() >>> 0;
    const components = {} as Record<FloatColumn | UintColumn, number>;
    for (const name of [...FLOAT_COLUMNS, ...UINT_COLUMNS]) {
      components[name] = core.columnComponents(constant(core, exportName(name))) >>> 0;
    }
    this.components = components;
    this.refresh();
  }

  /**
   * Tells the frame that slot `slot`'s position, rotation, scale, colour or material was written from outside the
   * kernels (a frame step or an element): its flags make the transform pass recompute its world matrix and pack
   * its whole instance record, which marks it changed for the upload, and its bit in the dirty bitset is how that pass finds it without visiting every
   * slot. Every such writer calls this once per slot written.
   */
  markDirty(slot: number): void {
    const { flags, dirtyBits } = this.uint;
    flags[slot] = flags[slot]! | this.#dirtyFlag;
    dirtyBits[slot >>> 5] = dirtyBits[slot >>> 5]! | (1 << (slot & 31));
  }

  /** Re-derives every view over the current buffer, at the columns' current places. Called by `Walloc` after a grow. */
  refresh(): void {
    const buffer = this.#memory.buffer;
    this.capacity = this.#core.slotCapacity() >>> 0;
    for (const name of FLOAT_COLUMNS) {
      const address = this.#core.columnAddress(constant(this.#core, exportName(name))) >>> 0;
      this.float[name] = new Float32Array(buffer, address, this.capacity * this.components[name]);
    }
    for (const name of UINT_COLUMNS) {
      const address = this.#core.columnAddress(constant(this.#core, exportName(name))) >>> 0;
      this.uint[name] = new Uint32Array(buffer, address, this.capacity * this.components[name]);
    }
  }
}
