import type { LayerWError } from '../errors.js';
import type { QualitySetting } from './quality.js';
import type { LookSettings } from './scene-look.js';
import type { CullingSetting } from './builtin-steps.js';
import type { WorkerSetting } from './workers/worker-setting.js';
import type { ControlSettings, ControlsKind } from './controls/controls-host.js';
import type { MemoryBudget } from './memory-budget.js';

/** What a scene runtime needs from the element that owns it. Implemented by `<layerw-scene>`. */
export interface SceneHost {
  readonly canvas: HTMLCanvasElement;
  /** Reports an error as an event on `source` (or the scene). */
  report(error: LayerWError, source?: Element): void;
  /** The runtime can draw (memory and device ready) or cannot (no WebGPU, device gone): show or hide fallback. */
  availabilityChanged(available: boolean): void;
  /** The camera moved through the controls. */
  cameraMoved(): void;
  /** Memory is ready: slots can be bound. */
  memoryReady(): void;
  /** The budget started (`degraded`) or stopped holding model textures below the level the screen wants. */
  budgetChanged(degraded: boolean): void;
  /** The user component columns were made (their code arrived after the memory): elements write their values. */
  componentsReady(): void;
  /** The user system `name` failed and was stopped. */
  systemStopped(name: string): void;
  /** `quality="auto"` stepped to another rung (`scene.stats` holds the new one). */
  qualityChanged(): void;
  /**
   * A frame was drawn; `first` is true for the first frame after start or device recovery; `now` is the frame's
   * timestamp (the animation frame's, milliseconds).
   */
  frameDrawn(first: boolean, now: number): void;
}

/** Scene-wide settings, parsed by the element. */
export interface SceneSettings {
  budget: MemoryBudget;
  quality: QualitySetting;
  fpsTarget: number;
  /** Linear rgba. */
  background: Float32Array;
  controls: ControlsKind;
  /** Read by the controls every frame: `auto-rotate`, `auto-rotate-speed`, `fly-speed`. */
  input: ControlSettings;
  render: 'continuous' | 'on-demand';
  maxPixelRatio: number;
  look: LookSettings;
  /** `culling`: where objects are tested against the view (see CullingSetting). */
  culling: CullingSetting;
  /** `workers`: read when the memory is made (a change restarts the scene). */
  workers: WorkerSetting;
}
