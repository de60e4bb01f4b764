// The package entry: importing it registers the elements; its exports are the TypeScript API.
/// <reference path="./framework-elements.d.ts" preserve="true" />
import { defineElements } from '../components/index.js';

defineElements();

export {
  defineElements, LayerWScene, LayerWGroup, LayerWMesh, LayerWLight, LayerWCamera, LayerWAnimate, LayerWLabel,
  type LabelHiddenBy,
  ERROR_EVENT, type LayerWErrorDetail, type LayerWStatsDetail, type LayerWFinishedDetail,
} from '../components/index.js';
export { LayerWError, type LayerWErrorCode } from './errors.js';
export { Engine } from './engine/engine.js';
export type { SceneStats } from './engine/scene-stats.js';
export type { PickHit } from './engine/picking/scene-picker.js';
export type { LayerWPointerEvent, LayerWMouseEvent, LayerWHitFields } from './engine/picking/pointer-event.js';
export { QUALITY_PRESETS, type QualityLevel, type QualitySetting } from './engine/quality.js';
export { parseByteSize } from './memory/byte-size.js';
export { Walloc, REGION_NAMES, type RegionName, type RegionStats, type WallocOptions } from './memory/walloc.js';
export { loadFrameKernels } from './engine/renderer-code.js';
export type { FrameKernels } from './wasm/exports.js';
export {
  defineComponent, MAX_COMPONENTS, type ComponentOptions, type ComponentDefinition, type ComponentType,
} from './systems/component-registry.js';
export type { SystemOptions, SystemColumns, SystemKernel, SystemPhase } from './systems/scene-systems.js';
export { PHASES, type Phase, type FrameStep, type FrameClock } from './engine/frame-schedule.js';
export { swapSystemKernel } from '../components/index.js';
// The column accessors of system files: `layerw/system` is this module too, so a system file running as
// JavaScript reaches the memory the engine bound for it.
export { loadF32, storeF32, loadI32, storeI32, loadU32, storeU32, slotAt } from './system.js';
export type * from './framework-types.js';
