import { invalid } from './asset-error.js';

/**
 * The bounds that keep parsing finite on any input. Every count in the file is checked against these
 * before it is used to loop or allocate, so a hostile file can make the parser neither hang nor allocate
 * far beyond its own size:
 * - each fetched file (the model, each external buffer and image) is at most `maxFileBytes`, checked while
 *   streaming, so a lying server cannot make us buffer more;
 * - the JSON is at most `maxJsonBytes`; each top-level array (nodes, meshes, accessors, …) has at most
 *   `maxItems` entries, a mesh at most `maxItems` primitives, and the drawn scene at most `maxPrimitives`
 *   primitive instances;
 * - every byte the parser allocates for output (vertex and index arrays, meshopt-decoded views, zero-filled
 *   sparse accessors, generated normals) is taken from one budget of
 *   `min(maxAllocBytes, allocRatio × bytes read + allocSlackBytes)`; the parser refuses the file before an
 *   allocation that would exceed it. Loops run over counts that the budget or a byte range already bounds.
 */
export interface ParseLimits {
  /** Largest model, buffer or image file, in bytes. */
  maxFileBytes: number;
  /** Largest JSON (a .gltf file or a GLB JSON chunk), in bytes. */
  maxJsonBytes: number;
  /** Most entries in any top-level array, and most primitives in one mesh. */
  maxItems: number;
  /** Most primitive instances drawn (a mesh used by three nodes counts three times). */
  maxPrimitives: number;
  /** Output bytes allowed per input byte read. */
  allocRatio: number;
  /** Output bytes allowed on top of the ratio, for small files with generated data. */
  allocSlackBytes: number;
  /** Output bytes never exceeded, whatever the input size. */
  maxAllocBytes: number;
}

const MiB = 1024 * 1024;

/** The limits `parseGltf` uses unless its caller passes others. */
export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxFileBytes: 512 * MiB,
  maxJsonBytes: 32 * MiB,
  maxItems: 100_000,
  maxPrimitives: 100_000,
  allocRatio: 64,
  allocSlackBytes: 64 * MiB,
  maxAllocBytes: 1024 * MiB,
});

/**
 * The allocation budget of one parse. The parser calls `take` before every large allocation; it throws
 * (ASSET_INVALID) instead of allocating past the bound.
 */
export class AllocBudget {
  #limits: ParseLimits;
  #inputBytes = 0;
  #used = 0;

  constructor(limits: ParseLimits) {
    this.#limits = limits;
  }

  /** Bytes allocated so far. */
  get used(): number {
    return this.#used;
  }

  /** The current bound, which grows with the bytes read. */
  get bound(): number {
    const { allocRatio, allocSlackBytes, maxAllocBytes } = this.#limits;
    return Math.min(maxAllocBytes, allocRatio * this.#inputBytes + allocSlackBytes);
  }

  /** Records bytes read from the network or the caller (they raise the bound). */
  addInput(bytes: number): void {
    this.#inputBytes += bytes;
  }

  /** Reserves `bytes` for `what` or throws naming it. */
  take(bytes: number, what: string): void {
    if (!Number.isFinite(bytes) || bytes < 0 || this.#used + bytes > this.bound) {
      const mb = (n: number): string => `${(n / MiB).toFixed(1)} MB`;
      invalid(`${what} would need ${mb(bytes)}, beyond the ${mb(this.bound)} a file of this size may use`);
    }
    this.#used += bytes;
  }
}
