import { LayerWError } from '../errors.js';
import { constant, type CoreExports } from '../wasm/exports.js';
import { loadCoreModule } from '../wasm/load-core.js';
import { ColumnViews } from './columns.js';
import { MAX_BUDGET_BYTES, parseByteSize } from './byte-size.js';

/** The six WALLOC regions, in address order. */
export const REGION_NAMES = ['system', 'scene', 'command', 'scratch', 'mesh', 'texture'] as const;
export type RegionName = (typeof REGION_NAMES)[number];
export type FrameRegion = 'command' | 'scratch';
export type PriorityRegion = 'mesh' | 'texture';

/** Shares of the budget left after the system region, per mille; the texture region takes what remains. */
export interface RegionShares {
  scene: number;
  command: number;
  scratch: number;
  mesh: number;
}

/**
 * Default shares. The slot capacity is the smallest that the scene, command and scratch regions can all serve.
 * The scene region binds it: about 460 bytes per object (the columns, the instance records among them, user
 * components and the tween table's share), against a few bytes per object in each of the command ring's three
 * frames (visible lists, changed ranges) beside the animated models' joint matrices, and 32 of scratch.
 */
export const DEFAULT_SHARES: Readonly<RegionShares> = { scene: 300, command: 180, scratch: 40, mesh: 240 };
/** Frames the command ring holds: one being written, two the GPU may still read. */
export const DEFAULT_RING_DEPTH = 3;

/** The most pages a 32-bit WebAssembly memory can have. */
const WASM32_PAGES = 65536;

export interface WallocOptions {
  /** The reservation to start with: bytes, or a size string such as `64MB`, `1.5GiB`, `max`. */
  budget: number | string;
  /**
   * Bytes the memory may grow to when content needs more room (slots, mesh or texture bytes); by default the
   * budget, so the memory never grows by itself and the budget is a hard cap.
   */
  limit?: number;
  shares?: Partial<RegionShares>;
  ringDepth?: number;
  /** A compiled core to instantiate; by default the package's own, compiled once per page. */
  module?: WebAssembly.Module;
  /**
   * A shared memory (needs a cross-origin isolated page and a core built for it, see src/engine/workers/), so
   * workers can run kernels over the same bytes.
   */
  shared?: boolean;
}

/** What one region holds and has done, in bytes and counts. */
export interface RegionStats {
  capacity: number;
  used: number;
  highWater: number;
  allocations: number;
  evictions: number;
  failures: number;
}

const STAT_FIELDS = {
  capacity: 'R_CAPACITY',
  used: 'R_USED',
  highWater: 'R_HIGH_WATER',
  allocations: 'R_ALLOCATIONS',
  evictions: 'R_EVICTIONS',
  failures: 'R_FAILURES',
} as const satisfies Record<keyof RegionStats, keyof CoreExports>;

/** A memory that grows for slots doubles the scene, command and scratch regions; for blocks, at least doubles the region. */
const GROWTH_FACTOR = 2;
/** Before a frame, slots grow when fewer than this share of the capacity is free (so a frame rarely fills them). */
const SLOT_HEADROOM = 1 / 4;

/**
 * One WALLOC memory: a WebAssembly memory reserved from a byte budget, carved by the core into the system,
 * scene, command, scratch, mesh and texture regions, with the core instantiated over it. The engine makes one
 * per scene; kernels and column views work on its bytes in place. With a `limit` above the budget, the
 * memory grows as content needs: the priority regions whenever a block does not fit (before anything is
 * evicted), the slot columns between frames (a re-layout moves them, and this frame's command and scratch
 * data with them).
 */
export class Walloc {
  readonly memory: WebAssembly.Memory;
  readonly core: CoreExports;
  readonly #regionIds: Readonly<Record<RegionName, number>>;
  readonly #columns: ColumnViews;
  #bytes: Uint8Array;
  #u32: Uint32Array;
  #f32: Float32Array;
  /**
   * Grows so far, and the count the views were made at. Every grow goes through `grow`, so comparing two
   * numbers tells whether the views are detached, without asking the memory for its buffer on every write.
   */
  #growth = 0;
  #viewsGrowth = 0;
  #layout = 0;
  readonly #limitPages: number;
  /** The slot columns cannot grow any more (the limit is reached): frames stop asking. */
  #slotsCapped: boolean;
  readonly #pageBytes: number;
  #inFrame = false;

  private constructor(memory: WebAssembly.Memory, core: CoreExports, limitPages: number) {
    this.memory = memory;
    this.core = core;
    this.#pageBytes = constant(core, 'PAGE_BYTES');
    this.#limitPages = limitPages;
    this.#slotsCapped = limitPages <= memory.buffer.byteLength / this.#pageBytes;
    const ids = {} as Record<RegionName, number>;
    for (const name of REGION_NAMES) ids[name] = constant(core, `REGION_${name.toUpperCase()}` as keyof CoreExports & string);
    this.#regionIds = ids;
    this.#columns = new ColumnViews(core, memory);
    this.#bytes = new Uint8Array(memory.buffer);
    this.#u32 = new Uint32Array(memory.buffer);
    this.#f32 = new Float32Array(memory.buffer);
  }

  /**
   * Reserves the memory and lays out the regions. Throws `BAD_ATTRIBUTE` for an unreadable budget,
   * `BUDGET_EXCEEDED` when the budget is too small for the layout or the browser refuses the reservation,
   * `WASM_UNAVAILABLE` when the core cannot be loaded. `max` asks for 4 GiB and settles for the largest
   * reservation the browser grants.
   */
  static async create(options: WallocOptions): Promise<Walloc> {
    const module = options.module ?? (await loadCoreModule());
    const budget = typeof options.budget === 'number' ? options.budget : parseByteSize(options.budget);
    if (!Number.isFinite(budget) || budget <= 0 || budget > MAX_BUDGET_BYTES) {
      throw new LayerWError('BAD_ATTRIBUTE', `a budget is a size from 1 byte to 4 GiB; got ${budget}`);
    }
    const shares = { ...DEFAULT_SHARES, ...options.shares };
    const ringDepth = options.ringDepth ?? DEFAULT_RING_DEPTH;
    // Instantiate over one page first to read the core's page constants, then reserve the whole budget.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: WASM32_PAGES, shared: options.shared === true });
    const instance = new WebAssembly.Instance(module, { env: envImports(memory) });
    const core = instance.exports as unknown as CoreExports;
    const pageBytes = constant(core, 'PAGE_BYTES');
    const wanted = Math.min(Math.ceil(budget / pageBytes), constant(core, 'MAX_PAGES'));
    reserve(memory, wanted, options.budget === 'max');
    const pages = memory.buffer.byteLength / pageBytes;
    const status = core.wallocInit(pages, shares.scene, shares.command, shares.scratch, shares.mesh, ringDepth) >>> 0;
    if (status === constant(core, 'STATUS_BUDGET_TOO_SMALL')) {
      throw new LayerWError('BUDGET_EXCEEDED', `a budget of ${budget} bytes (${pages} pages) is too small for the memory regions`);
    }
    if (status !== constant(core, 'STATUS_OK')) {
      throw new LayerWError('BAD_ATTRIBUTE', `region shares ${JSON.stringify(shares)} with ring depth ${ringDepth} do not make a layout`);
    }
    const limit = Math.min(options.limit ?? 0, MAX_BUDGET_BYTES);
    return new Walloc(memory, core, Math.max(pages, Math.min(Math.floor(limit / pageBytes), constant(core, 'MAX_PAGES'))));
  }

  /** Bytes reserved: the memory's current size. */
  get reservedBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** How many times the memory has grown: a view made at another count is detached. */
  get growth(): number {
    return this.#growth;
  }

  /**
   * How many times the columns and the per-frame regions moved: an address of a column (built-in or user)
   * or of a command or scratch allocation taken at another count is stale.
   */
  get layout(): number {
    return this.#layout;
  }

  /** Column views over the current buffer, re-derived first if the memory grew. */
  get columns(): ColumnViews {
    if (this.#viewsGrowth !== this.#growth) this.#refreshViews();
    return this.#columns;
  }

  /** The whole memory as bytes, re-derived first if the memory grew. */
  get bytes(): Uint8Array {
    if (this.#viewsGrowth !== this.#growth) this.#refreshViews();
    return this.#bytes;
  }

  /** The whole memory as u32 (index = address / 4), re-derived first if the memory grew. */
  get u32(): Uint32Array {
    if (this.#viewsGrowth !== this.#growth) this.#refreshViews();
    return this.#u32;
  }

  /** The whole memory as f32 (index = address / 4), re-derived first if the memory grew. */
  get f32(): Float32Array {
    if (this.#viewsGrowth !== this.#growth) this.#refreshViews();
    return this.#f32;
  }

  /**
   * Starts a frame: checks guard words, then ventilates the scratch region and moves the command region to
   * its next ring slice. Throws `MEMORY_CORRUPTED` naming the region whose guard is broken (nothing is
   * reset then). Called once per frame, before any kernel.
   */
  frameBegin(): void {
    const core = this.core;
    const capacity = core.slotCapacity() >>> 0;
    if (!this.#slotsCapped && capacity - (core.liveSlots() >>> 0) < capacity * SLOT_HEADROOM) this.growSlots();
    const status = core.frameBegin() >>> 0;
    if (status !== constant(core, 'STATUS_OK')) throw this.#corruption(status);
    this.#inFrame = true;
  }

  /** Ends the frame `frameBegin` started: the slot columns may move again. */
  frameEnd(): void {
    this.#inFrame = false;
  }

  /** Pages the memory spans now. */
  get pages(): number {
    return this.core.totalPages() >>> 0;
  }

  /**
   * Hands out a slot with default values, growing the columns first when they are full and the memory may
   * grow (not during a frame, whose command and scratch data a re-layout would move). Returns the core's
   * NO_SLOT when there is no room.
   */
  allocSlot(): number {
    const core = this.core;
    if (!this.#slotsCapped && (core.liveSlots() >>> 0) === (core.slotCapacity() >>> 0)) this.growSlots();
    return core.slotAlloc() >>> 0;
  }

  /**
   * Lays the memory out again with the scene, command and scratch regions twice as large (as much of that as
   * the limit leaves), so the columns hold about twice the slots and the tween table twice the tweens. Returns
   * false when nothing could be added, or during a frame. Every column address and per-frame allocation moves.
   */
  growSlots(): boolean {
    if (this.#inFrame || this.#slotsCapped) return false;
    const room = this.#limitPages - this.pages;
    const pages = [this.#regionPages('scene'), this.#regionPages('command'), this.#regionPages('scratch')];
    const wanted = (pages[0]! + pages[1]! + pages[2]!) * (GROWTH_FACTOR - 1);
    const share = Math.min(1, room / wanted) * (GROWTH_FACTOR - 1);
    const grown = this.#resize(Math.floor(pages[0]! * share), Math.floor(pages[1]! * share), Math.floor(pages[2]! * share), 0, 0);
    if (!grown || room <= wanted) this.#slotsCapped = true;
    return grown;
  }

  /** Checks every guard word without starting a frame; throws like `frameBegin`. */
  checkGuards(): void {
    const status = this.core.checkGuards() >>> 0;
    if (status !== constant(this.core, 'STATUS_OK')) throw this.#corruption(status);
  }

  /**
   * Bump-allocates in a per-frame region; the bytes live until that region is ventilated. Returns the
   * address, or 0 when it does not fit: a failure value, not an exception, because this runs per frame.
   */
  frameAlloc(region: FrameRegion, size: number, align = 16): number {
    return this.core.frameAlloc(this.#regionIds[region], size, align) >>> 0;
  }

  /**
   * Allocates a priority block for asset bytes (`align` 256 by default, the GPU's upload alignment). When it
   * does not fit, the region grows if the memory may; otherwise far, long-unseen blocks are evicted. Any
   * growth moves the texture region's bytes, so addresses of blocks are asked again after this call.
   * Returns a handle, or 0 when it cannot fit.
   */
  allocBlock(region: PriorityRegion, size: number, distance: number, align = 256): number {
    const id = this.#regionIds[region];
    if (this.#limitPages <= this.pages) return this.core.blockAlloc(id, size, align, distance, 1) >>> 0;
    const handle = this.core.blockAlloc(id, size, align, distance, 0) >>> 0;
    if (handle !== 0) return handle;
    // Grow before evicting: at least double the region, and by enough for this block wherever its gap lands.
    const need = Math.ceil((size + align) / this.#pageBytes);
    const pages = Math.min(Math.max(need, this.#regionPages(region) * (GROWTH_FACTOR - 1)), this.#limitPages - this.pages);
    if (this.#resize(0, 0, 0, region === 'mesh' ? pages : 0, region === 'texture' ? pages : 0)) {
      const grown = this.core.blockAlloc(id, size, align, distance, 0) >>> 0;
      if (grown !== 0) return grown;
    }
    return this.core.blockAlloc(id, size, align, distance, 1) >>> 0;
  }

  /** The address of a block's bytes, or 0 when the handle is stale (evicted or freed). */
  blockAddress(handle: number): number {
    return this.core.blockAddress(handle) >>> 0;
  }

  /** Marks a block as seen this frame at `distance`; false when the handle is stale. */
  touchBlock(handle: number, distance: number): boolean {
    return this.core.blockTouch(handle, distance) !== 0;
  }

  /** Frees a block; false when the handle was already stale. */
  freeBlock(handle: number): boolean {
    return this.core.blockFree(handle) !== 0;
  }

  /**
   * Grows the memory by at least `bytes` (whole pages); the new pages extend the texture region, so no live
   * data moves, but every view over the old buffer is detached: views from `columns` and `bytes` are
   * re-derived on their next use. Throws `BUDGET_EXCEEDED` when the browser or the 4 GiB limit refuses.
   */
  grow(bytes: number): void {
    const pages = Math.ceil(bytes / this.#pageBytes);
    if (!this.#resize(0, 0, 0, 0, pages, constant(this.core, 'MAX_PAGES'))) {
      throw new LayerWError('BUDGET_EXCEEDED', `the memory could not grow by ${pages} pages`);
    }
  }

  /**
   * Adds pages to the scene, command, scratch, mesh and texture regions (in that order), within `limit` pages.
   * False when nothing was added (limit or browser refused, or nothing asked).
   */
  #resize(scene: number, command: number, scratch: number, mesh: number, texture: number, limit = this.#limitPages): boolean {
    const added = scene + command + scratch + mesh + texture;
    const total = this.pages + added;
    if (added <= 0 || total > limit) return false;
    const before = this.reservedBytes;
    const status = this.core.wallocResize(total, this.#regionPages('scene') + scene, this.#regionPages('command') + command,
      this.#regionPages('scratch') + scratch, this.#regionPages('mesh') + mesh) >>> 0;
    const ok = status === constant(this.core, 'STATUS_OK');
    // A refusal after the memory grew may still have moved regions: every view and address is taken again.
    if (ok || this.reservedBytes !== before) this.#growth++;
    if ((ok && scene + command + scratch > 0) || (!ok && this.reservedBytes !== before)) this.#layout++;
    return ok;
  }

  /** Whole pages a region spans, its trailing guard included. */
  #regionPages(name: Exclude<RegionName, 'system'>): number {
    return (this.regionBounds(name).capacity + constant(this.core, 'GUARD_BYTES')) / this.#pageBytes;
  }

  #refreshViews(): void {
    const buffer = this.memory.buffer;
    this.#columns.refresh();
    this.#bytes = new Uint8Array(buffer);
    this.#u32 = new Uint32Array(buffer);
    this.#f32 = new Float32Array(buffer);
    this.#viewsGrowth = this.#growth;
  }

  /** One region's figures. Allocates a small object: for stats and tests, not per-frame code. */
  regionStats(name: RegionName): RegionStats {
    const region = this.#regionIds[name];
    const stats = {} as RegionStats;
    for (const key of Object.keys(STAT_FIELDS) as (keyof RegionStats)[]) {
      stats[key] = this.core.regionStat(region, constant(this.core, STAT_FIELDS[key])) >>> 0;
    }
    return stats;
  }

  /** Every region's figures by name. */
  stats(): Record<RegionName, RegionStats> {
    const all = {} as Record<RegionName, RegionStats>;
    for (const name of REGION_NAMES) all[name] = this.regionStats(name);
    return all;
  }

  /** The first address of a region and its usable bytes (its trailing guard excluded). */
  regionBounds(name: RegionName): { base: number; capacity: number } {
    const region = this.#regionIds[name];
    return {
      base: this.core.regionStat(region, constant(this.core, 'R_BASE')) >>> 0,
      capacity: this.core.regionStat(region, constant(this.core, 'R_CAPACITY')) >>> 0,
    };
  }

  #corruption(status: number): LayerWError {
    const region = REGION_NAMES[status & 0xff] ?? `#${status & 0xff}`;
    return new LayerWError('MEMORY_CORRUPTED', `the guard words of the ${region} region were overwritten`);
  }
}

function envImports(memory: WebAssembly.Memory): Record<string, WebAssembly.ImportValue> {
  return {
    memory,
    abort: () => {
      throw new LayerWError('MEMORY_CORRUPTED', 'the WebAssembly core hit an internal assertion');
    },
  };
}

/** Grows the one-page memory to `pages`; for `max`, halves the request until the browser grants one. */
function reserve(memory: WebAssembly.Memory, pages: number, shrinkToFit: boolean): void {
  for (let request = pages; ; request = Math.floor(request / 2)) {
    try {
      memory.grow(request - 1);
      return;
    } catch (cause) {
      if (!shrinkToFit || request < 32) {
        throw new LayerWError('BUDGET_EXCEEDED', `the browser refused to reserve ${request} pages of memory`, { cause });
      }
    }
  }
}
