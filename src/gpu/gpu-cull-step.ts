// The GPU-culled side of the built-in cull and draw steps (src/engine/draw-steps.ts), loaded with GpuCull in
// one chunk on first use: whether a frame qualifies, and the frame input that hands the culling to the GPU.

import type { BuiltinStepHost } from '../engine/builtin-steps.js';
import type { Walloc } from '../memory/walloc.js';
import { constant } from '../wasm/exports.js';
import { RANGE_RECORD_U32, type FrameInput } from './frame-input.js';
import { GpuCull } from './gpu-cull.js';
import type { GpuCulling } from './gpu-culling.js';

/** One scene's GPU culling as its built-in steps use it; made once the chunk has arrived. */
export class GpuCullStep {
  readonly #host: BuiltinStepHost;
  /** Byte addresses of the columns the GPU cull copies: sphere x, y, z, r, flags, batch key. */
  readonly #columns = new Uint32Array(6);
  /** The renderer's GPU culling as of the last frame that qualified. */
  #cull: GpuCulling | null = null;

  constructor(host: BuiltinStepHost) {
    this.#host = host;
  }

  /** True when the last frame drawn through `draw` found each batch through a range of its own (see GpuCull). */
  get batchOffsets(): boolean {
    return this.#cull?.batchOffsets ?? false;
  }

  /** Objects the GPU found visible at its last read-back; -1 before the first. */
  get visible(): number {
    return this.#cull?.visible ?? -1;
  }

  /**
   * True when this frame is culled on the GPU: the renderer takes GpuCull, and the scene holds only opaque
   * built-in shapes (from `traits`, the scratch word with the or of every slot's flags). With `auto`, scenes
   * where most slots change every frame stay in WebAssembly: the GPU path saves little there and uploads 24
   * more bytes per slot (entering below a quarter changed, leaving above a half). `ranges` and `rangeCount` are
   * this frame's changed slot ranges; `wasGpu`, whether the last frame was culled here. Called by the cull step
   * once the setting and the scene's kind allow the GPU.
   */
  qualifies(walloc: Walloc, traits: number, ranges: number, rangeCount: number, wasGpu: boolean): boolean {
    const host = this.#host;
    this.#cull = host.renderer!.enableGpuCulling(GpuCull);
    if (!this.#cull) return false;
    const u32 = walloc.u32;
    const core = walloc.core;
    if ((u32[traits >>> 2]! & (constant(core, 'FLAG_TRANSPARENT') | constant(core, 'FLAG_LOD'))) !== 0) return false;
    if (host.culling === 'auto') {
      let changed = 0;
      for (let r = 0; r < rangeCount; r++) changed += u32[(ranges >>> 2) + r * RANGE_RECORD_U32 + 1]!;
      if (changed > (core.slotEnd() >>> 0) / (wasGpu ? 2 : 4)) return false;
    }
    const columns = walloc.columns;
    const cull = this.#columns;
    cull[0] = columns.float.boundsX.byteOffset;
    cull[1] = columns.float.boundsY.byteOffset;
    cull[2] = columns.float.boundsZ.byteOffset;
    cull[3] = columns.float.boundsR.byteOffset;
    cull[4] = columns.uint.flags.byteOffset;
    cull[5] = columns.uint.batch.byteOffset;
    return true;
  }

  /**
   * Draws a frame culled on the GPU: `input` holds what both paths share (changed ranges, lights, camera); the
   * visible list and batches stay empty, the renderer culls every slot from its copy of the columns.
   */
  draw(input: FrameInput): void {
    const host = this.#host;
    input.visibleOffset = 0;
    input.visibleCount = 0;
    input.visibleDirtyStart = 0;
    input.visibleDirtyEnd = 0;
    input.batchCount = 0;
    input.culling = 'gpu';
    input.cullColumns = this.#columns;
    host.renderer!.render(host.context!.getCurrentTexture(), input);
  }
}
