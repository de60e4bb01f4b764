// The ranges of the visible list that GPU culling gives each draw record on a device without
// `indirect-first-instance` (see the top of gpu-cull.ts): per-slot batch keys counted from the frame's changed
// ranges, and each record's range laid out again only when its key's count crosses a multiple of the storage
// offset alignment.

import { RANGE_RECORD_U32, type FrameInput } from './frame-input.js';

/** Per-record ranges of the visible list, sized from how many slots hold each record's key. */
export class CullRanges {
  /** Per record: its first place in the list, which the cull's `place` keeps as the record's first instance. */
  readonly starts: Uint32Array<ArrayBuffer>;
  /** Per record: byte offset of its range in the list, for the bundles' bind groups. */
  readonly listOffsets: Uint32Array;
  /** u32 per alignment step of a storage binding's offset: each range starts on one. */
  readonly align: number;
  readonly #recordCount: number;
  /** The ranges are laid out for the counts below. */
  #valid = false;
  /**
   * Per slot: its batch key as last counted (recordCount for keys without a record, recordCount + 1 for a slot
   * not counted); made on the first count.
   */
  #keys = new Uint16Array(0);
  /** Slots per key, then those of keys without a record, then a bucket for slots not counted before. */
  readonly #keyCounts: Uint32Array;
  /** Per record: slots its range holds (a multiple of `align`). */
  readonly #sizes: Uint32Array;
  /** The scene memory as u32, refreshed when the memory grows. */
  #memory: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

  constructor(recordCount: number, align: number) {
    this.#recordCount = recordCount;
    this.align = align;
    this.#keyCounts = new Uint32Array(recordCount + 2);
    this.#sizes = new Uint32Array(recordCount);
    this.starts = new Uint32Array(recordCount);
    this.listOffsets = new Uint32Array(recordCount);
  }

  /** u32 the list needs beyond one per slot: each range rounded up to the alignment. */
  get extraListU32(): number {
    return this.#recordCount * this.align;
  }

  /** Lays the ranges out again at the next count, whatever the counts (the drawing mode changed). */
  invalidate(): void {
    this.#valid = false;
  }

  /**
   * Keeps every key's slot count: all slots when `whole`, else those of this frame's changed ranges (a key
   * changes only with the slot's instance data). Returns true when the ranges were laid out again: `starts` and
   * `listOffsets` then changed.
   */
  count(input: FrameInput, capacity: number, whole: boolean): boolean {
    const bytes = input.instances;
    if (this.#memory.buffer !== bytes.buffer) this.#memory = new Uint32Array(bytes.buffer);
    const column = (bytes.byteOffset + input.cullColumns[5]!) >>> 2;
    const memory = this.#memory;
    const counts = this.#keyCounts;
    const none = this.#recordCount;
    if (this.#keys.length !== capacity) this.#keys = new Uint16Array(capacity);
    const keys = this.#keys;
    if (whole) {
      counts.fill(0);
      for (let s = 0; s < input.slotCount; s++) {
        const key = Math.min(memory[column + s]!, none);
        keys[s] = key;
        counts[key]!++;
      }
      keys.fill(none + 1, input.slotCount);
    } else {
      const ranges = input.ranges;
      for (let r = 0; r < input.rangeCount; r++) {
        const o = input.rangeOffset + r * RANGE_RECORD_U32;
        const end = ranges[o]! + ranges[o + 1]!;
        for (let s = ranges[o]!; s < end; s++) {
          const key = Math.min(memory[column + s]!, none);
          if (key === keys[s]) continue;
          counts[keys[s]!]!--;
          counts[key]!++;
          keys[s] = key;
        }
      }
    }
    const align = this.align;
    let fits = this.#valid;
    for (let r = 0; r < none && fits; r++) fits = Math.ceil(counts[r]! / align) * align === this.#sizes[r];
    if (fits) return false;
    let start = 0;
    for (let r = 0; r < none; r++) {
      const size = Math.ceil(counts[r]! / align) * align;
      this.#sizes[r] = size;
      this.starts[r] = start;
      this.listOffsets[r] = start * 4;
      start += size;
    }
    this.#valid = true;
    return true;
  }
}
