import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { constant } from '../wasm/exports.js';
import { ObjectSlot, readFlagBits, type FlagBits } from './object-slot.js';

/** What a scene's slot table needs from its runtime. */
export interface SlotsHost {
  /** Reports an error on the element that asked. */
  report(error: LayerWError, source: Element): void;
  /** A slot was handed out: the user component columns write their defaults into it. */
  slotAllocated(slot: number): void;
  /** Slots were added, removed, hidden or re-parented: the frame's copies are refreshed and a frame drawn. */
  slotsChanged(): void;
  /** Asks for a frame. */
  requestDraw(): void;
}

/**
 * A scene's objects in its memory's columns: one slot per element, handed out and given back here, with the
 * element that holds each (picking reads it) and the links between parents and children.
 */
export class SceneSlots {
  readonly #walloc: Walloc;
  readonly #host: SlotsHost;
  readonly #bits: FlagBits;
  readonly #noSlot: number;
  /** The element that owns each slot, for picking. */
  readonly #owners: (Element | undefined)[] = [];

  constructor(walloc: Walloc, host: SlotsHost) {
    this.#walloc = walloc;
    this.#host = host;
    this.#bits = readFlagBits(walloc);
    this.#noSlot = constant(walloc.core, 'NO_SLOT');
  }

  /**
   * Takes a column slot for an object. Returns null and reports BUDGET_EXCEEDED on `source` when the scene
   * region is full.
   */
  alloc(source: Element): ObjectSlot | null {
    const walloc = this.#walloc;
    const slot = walloc.allocSlot();
    if (slot === this.#noSlot) {
      this.#host.report(new LayerWError('BUDGET_EXCEEDED', `the scene's memory holds ${walloc.core.slotCapacity()} objects; raise memory-budget to add more`), source);
      return null;
    }
    this.#host.slotAllocated(slot);
    this.#host.slotsChanged();
    this.#owners[slot] = source;
    return new ObjectSlot(walloc, this.#bits, slot, this.#host.requestDraw, this.#host.slotsChanged);
  }

  /** Gives a slot back; the element forgets its ObjectSlot. */
  free(object: ObjectSlot): void {
    this.#walloc.core.slotFree(object.slot);
    this.#owners[object.slot] = undefined;
    this.#host.slotsChanged();
  }

  /** The element that holds `slot`, if any. */
  ownerOf(slot: number): Element | undefined {
    return this.#owners[slot];
  }

  /** Links `child` under `parent` (or to the scene root). Returns false if the link would make a loop. */
  setParent(child: ObjectSlot, parent: ObjectSlot | null): boolean {
    this.#host.requestDraw();
    return this.#walloc.core.setParent(child.slot, parent ? parent.slot : this.#noSlot) !== 0;
  }
}
