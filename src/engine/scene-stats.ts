import type { RegionName, RegionStats } from '../memory/walloc.js';
import type { StreamingStats } from './model-streaming.js';

/** Figures a page can read from `scene.stats`; updated in place every drawn frame. */
export interface SceneStats {
  /** Milliseconds between the last two drawn frames. */
  frameTime: number;
  /**
   * Milliseconds of main-thread work in the last drawn frame (kernels, upload, command encoding). Frames are
   * timed while the page reads this figure: the first read in a while gives an older frame's time (0 before any).
   */
  readonly cpuTime: number;
  drawCalls: number;
  objects: number;
  /**
   * Objects that passed culling in the last drawn frame. With `culling` `gpu` the count is the GPU's, read back a
   * few times per second while the page reads this figure (so it lags by a few frames, and the first read after a
   * while gives the count of the last read-back), and -1 until the first read-back.
   */
  readonly visible: number;
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
   * the device has none and before the first timed frame. Frames are timed with `quality="auto"` and while the
   * page reads this figure (the first read starts the timing).
   */
  readonly gpuTime: number;
  /**
   * GPU buffers and textures this scene draws with: its own (targets sized to its canvas, the canvas's textures,
   * instance buffers, model buffers and textures) plus its share of those shared by the device's scenes (shadow
   * map, environments, built-in geometry), each divided by the scenes holding it: a page's figures add up.
   */
  readonly gpuBytes: number;
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
 * The figures a scene works out when they are read rather than every frame. Reading `visible`, `gpuTime` or
 * `cpuTime` is also how the scene learns that a page watches them: they are measured only while someone does.
 */
export interface StatsSource {
  reservedBytes(): number;
  regions(): Record<RegionName, RegionStats> | null;
  gpuBytes(): number;
  visible(): number;
  gpuTime(): number;
  cpuTime(): number;
}

/**
 * A scene's figures, live. The figures of `source` are getters; they are defined on the object after it is made,
 * because an object literal with getters gets dictionary properties, where every number stored each frame (frame
 * and CPU times) would be a new heap number.
 */
export function makeSceneStats(source: StatsSource): SceneStats {
  return Object.defineProperties({
    frameTime: 0, drawCalls: 0, objects: 0, culling: 'cpu', batchOffsets: false, frames: 0, quality: 'high',
    rung: 0, renderScale: 1, uploadedBytes: 0,
    streaming: { gpuAllowance: 0, texture: { wanted: 0, resident: 0 }, mesh: { wanted: 0, resident: 0 }, degraded: false, pending: 0, ktx2Format: '' },
  }, {
    visible: { get: source.visible, enumerable: true, configurable: true },
    gpuTime: { get: source.gpuTime, enumerable: true, configurable: true },
    cpuTime: { get: source.cpuTime, enumerable: true, configurable: true },
    gpuBytes: { get: source.gpuBytes, enumerable: true, configurable: true },
    regions: { get: source.regions, enumerable: true, configurable: true },
    reservedBytes: { get: source.reservedBytes, enumerable: true, configurable: true },
  }) as SceneStats;
}
