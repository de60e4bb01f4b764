import type { RegionName, RegionStats } from '../memory/walloc.js';
import type { StreamingStats } from './model-streaming.js';

/** Figures a page can read from `scene.stats`; updated in place every drawn frame. */
export interface SceneStats {
  /** Milliseconds between the last two drawn frames. */
  frameTime: number;
  /** Milliseconds of main-thread work in the last drawn frame (kernels, upload, command encoding). */
  cpuTime: number;
  drawCalls: number;
  objects: number;
  /**
   * Objects that passed culling in the last drawn frame. With `culling` `gpu` the count is the GPU's, read back a
   * few times per second (so it lags by a few frames), and -1 until the first read-back.
   */
  visible: number;
  /** Where the last frame was culled: `gpu` (a compute pass and indirect draws) or `cpu` (WebAssembly). */
  culling: 'gpu' | 'cpu';
  /**
   * True when the last frame was culled on the GPU and its indirect draws found each batch's objects through an
   * offset of the batch's own into the visible list: what a device without `indirect-first-instance` does.
   */
  batchOffsets: boolean;
  /** Frames drawn since the scene started. */
  frames: number;
  /** The quality level in force (`auto` resolves to one). */
  quality: string;
  /** The rung `quality="auto"` stands on (0 = full quality; 0 for fixed levels). */
  rung: number;
  /** The render scale in force: canvas pixels per CSS pixel relative to the (capped) device pixel ratio. */
  renderScale: number;
  /**
   * Milliseconds the colour pass took on the GPU in the latest frame timed, from timestamp queries; NaN where
   * the device has none.
   */
  gpuTime: number;
  /**
   * GPU buffers and textures this scene draws with: its own (targets sized to its canvas, the canvas's textures,
   * instance buffers, model buffers and textures) plus its share of those shared by the device's scenes (shadow
   * map, environments, built-in geometry), each divided by the scenes holding it: a page's figures add up.
   */
  gpuBytes: number;
  /** Bytes the last drawn frame wrote to the GPU: changed instances, the changed part of the visible list, uniforms. */
  uploadedBytes: number;
  /** Bytes of the scene's WebAssembly memory now (with `memory-budget="auto"` it grows as content needs). */
  readonly reservedBytes: number;
  /** Each WALLOC region's figures, read from the memory when asked for (this allocates; the rest does not). */
  readonly regions: Record<RegionName, RegionStats> | null;
  /** Model textures and buffers on the GPU: wanted by the screen, resident, and the budget's share for them. */
  readonly streaming: StreamingStats;
}

/**
 * A scene's figures before its first frame. `reservedBytes` and `regions` are getters over `reserved` and
 * `regions`; they are defined on the object after it is made, because an object literal with getters gets
 * dictionary properties, where every number stored each frame (frame and CPU times) would be a new heap number.
 */
export function makeSceneStats(reserved: () => number, regions: () => Record<RegionName, RegionStats> | null): SceneStats {
  return Object.defineProperties({
    frameTime: 0, cpuTime: 0, drawCalls: 0, objects: 0, visible: 0, culling: 'cpu', batchOffsets: false, frames: 0, quality: 'high', gpuBytes: 0,
    rung: 0, renderScale: 1, gpuTime: Number.NaN, uploadedBytes: 0,
    streaming: { gpuAllowance: 0, texture: { wanted: 0, resident: 0 }, mesh: { wanted: 0, resident: 0 }, degraded: false, ktx2Format: '' },
  }, {
    regions: { get: regions, enumerable: true, configurable: true },
    reservedBytes: { get: reserved, enumerable: true, configurable: true },
  }) as SceneStats;
}
