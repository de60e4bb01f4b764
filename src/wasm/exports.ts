/**
 * The functions and constants the WebAssembly core exports (see assembly/index.ts). Addresses and counts are
 * u32 in WebAssembly; JavaScript sees them as numbers, and reads every u32 result with `>>> 0`.
 * Constants are immutable globals: their value comes from assembly/layout.ts, never typed here.
 */
export interface CoreExports {
  readonly PAGE_BYTES: WebAssembly.Global;
  readonly MAX_PAGES: WebAssembly.Global;
  readonly REGION_SYSTEM: WebAssembly.Global;
  readonly REGION_SCENE: WebAssembly.Global;
  readonly REGION_COMMAND: WebAssembly.Global;
  readonly REGION_SCRATCH: WebAssembly.Global;
  readonly REGION_MESH: WebAssembly.Global;
  readonly REGION_TEXTURE: WebAssembly.Global;
  readonly STATUS_OK: WebAssembly.Global;
  readonly STATUS_BUDGET_TOO_SMALL: WebAssembly.Global;
  readonly GUARD_BYTES: WebAssembly.Global;
  readonly NO_SLOT: WebAssembly.Global;
  readonly FLAG_ALIVE: WebAssembly.Global;
  readonly FLAG_VISIBLE: WebAssembly.Global;
  readonly FLAG_CAST_SHADOW: WebAssembly.Global;
  readonly FLAG_RECEIVE_SHADOW: WebAssembly.Global;
  readonly FLAG_DIRTY: WebAssembly.Global;
  readonly FLAG_CHANGED: WebAssembly.Global;
  readonly FLAG_MOVING: WebAssembly.Global;
  readonly FLAG_TRANSPARENT: WebAssembly.Global;
  readonly FLAG_LOD: WebAssembly.Global;
  readonly FLAG_UNPICKABLE: WebAssembly.Global;
  readonly FLAG_LOOK: WebAssembly.Global;
  readonly INSTANCE_BYTES: WebAssembly.Global;
  readonly BATCH_RECORD_BYTES: WebAssembly.Global;
  readonly R_BASE: WebAssembly.Global;
  readonly R_CAPACITY: WebAssembly.Global;
  readonly R_USED: WebAssembly.Global;
  readonly R_HIGH_WATER: WebAssembly.Global;
  readonly R_ALLOCATIONS: WebAssembly.Global;
  readonly R_EVICTIONS: WebAssembly.Global;
  readonly R_FAILURES: WebAssembly.Global;
  readonly [column: `COL_${string}`]: WebAssembly.Global;

  wallocInit(totalPages: number, scenePermille: number, commandPermille: number, scratchPermille: number,
    meshPermille: number, ringDepth: number): number;
  checkGuards(): number;
  frameBegin(): number;
  frameAlloc(region: number, size: number, align: number): number;
  wallocResize(totalPages: number, scenePages: number, commandPages: number, scratchPages: number, meshPages: number): number;
  currentFrame(): number;
  totalPages(): number;
  regionStat(region: number, field: number): number;
  commandSliceBytes(): number;
  ringIndex(): number;
  systemBase(): number;
  staticEnd(): number;

  blockAlloc(region: number, size: number, align: number, distance: number, evict: number): number;
  blockAddress(handle: number): number;
  blockSize(handle: number): number;
  blockTouch(handle: number, distance: number): number;
  blockFree(handle: number): number;
  blockCount(region: number): number;

  columnAddress(column: number): number;
  columnComponents(column: number): number;
  slotCapacity(): number;
  slotEnd(): number;
  liveSlots(): number;
  slotAlloc(): number;
  slotFree(slot: number): number;
  setParent(slot: number, parent: number): number;

  updateMoving(slot: number): number;

  userColumnAlloc(components: number): number;
  userColumnAddress(index: number): number;
  selectSlots(withMask: number, withoutMask: number, out: number): number;
  markSlotsDirty(list: number, count: number): void;
}

/** What a module placed beside the core in a scene's memory exports for that placement (src/wasm/side-module.ts). */
export interface SideModuleExports {
  /** The first address of the module's static data (its build's memoryBase). */
  readonly STATIC_BASE: WebAssembly.Global;
  staticEnd(): number;
}

/**
 * The kernels only a drawn frame calls (assembly/frame.ts): movement, world transforms, levels of detail, culling,
 * transparency sorting and packing. The frame kernels' module has them beside the plain core
 * (src/wasm/frame-kernels.ts); the threaded core has them itself.
 */
export interface FrameKernels {
  readonly RANGE_RECORD_BYTES: WebAssembly.Global;

  moveObjects(dt: number): number;
  /** moveObjects with `dt` in whole microseconds. */
  moveObjectsMicros(micros: number): number;
  selectLod(eyeX: number, eyeY: number, eyeZ: number, coverageScale: number, transparentOffset: number): number;
  updateTransforms(force: number): number;
  frustumPlanes(viewProj: number, out: number): void;
  cullScalar(planes: number, out: number): number;
  cullSimd(planes: number, out: number): number;
  splitTransparent(list: number, count: number, out: number): number;
  sortBackToFront(list: number, count: number, eyeX: number, eyeY: number, eyeZ: number): number;
  groupVisible(visible: number, count: number, keyLimit: number, out: number, batches: number): number;
  changedRanges(all: number, ranges: number, traits: number): number;
  diffRange(a: number, aCount: number, b: number, bCount: number, out: number): void;
}

/** What the frame kernels' module exports (assembly/frame-kernels.ts): the kernels and their placement. */
export interface FrameKernelExports extends FrameKernels, SideModuleExports {
  attachFrameKernels(): number;
}

/**
 * The functions and constants the picking kernels export (assembly/picking.ts): ray picking, a third module over a
 * scene's memory, loaded by src/wasm/picking-kernels.ts with the scene's pointer handling.
 */
export interface PickingExports extends SideModuleExports {
  readonly NO_SLOT: WebAssembly.Global;
  readonly RAY_BYTES: WebAssembly.Global;
  readonly HIT_BYTES: WebAssembly.Global;
  readonly BVH_HEADER_BYTES: WebAssembly.Global;
  readonly BVH_NODE_BYTES: WebAssembly.Global;
  readonly BVH_TRIANGLE_BYTES: WebAssembly.Global;
  readonly BVH_VERTEX_BYTES: WebAssembly.Global;

  attachPicking(): number;
  screenRay(inverseViewProj: number, ndcX: number, ndcY: number, out: number): void;
  raySpheres(ray: number, slots: number, entries: number): number;
  pickNearest(ray: number, slots: number, entries: number, count: number, table: number, keyModulo: number, out: number): number;
  pickAll(ray: number, slots: number, count: number, table: number, keyModulo: number, out: number, limit: number): number;
}

/**
 * The functions and constants the feature kernels export (assembly/features.ts): tweens and glTF animation, a
 * second module over a scene's memory, loaded by src/wasm/feature-kernels.ts when a scene first uses them.
 */
export interface FeatureExports extends SideModuleExports {
  /** Tween constants: TWEEN_*, EASE_*, JUMP_*, DIRECTION_*, FILL_*, MAX_TWEEN_KEYS. */
  readonly [tween: `${'TWEEN' | 'EASE' | 'JUMP' | 'DIRECTION' | 'FILL' | 'MAX_TWEEN'}_${string}`]: WebAssembly.Global;
  /** Animation layout constants (assembly/rig.ts): rig block fields, record fields, mode and event bits. */
  readonly [animation: `RIG_${string}` | `AR_${string}` | `ANIM_${string}`]: WebAssembly.Global;
  readonly MAX_OVERRIDE_WEIGHTS: WebAssembly.Global;

  attachFeatures(): number;

  tweenCapacity(): number;
  liveTweens(): number;
  tweenAlloc(): number;
  tweenFree(index: number): number;
  tweenTarget(index: number, slot: number, column: number, first: number, count: number, kind: number, scale: number): number;
  tweenTiming(index: number, delay: number, duration: number, iterations: number, direction: number, fill: number): number;
  tweenEasing(index: number, kind: number, p0: number, p1: number, p2: number, p3: number): number;
  tweenKey(index: number, key: number, keys: number, offset: number, a: number, b: number, c: number, d: number): number;
  tweenPlay(index: number, playing: number): number;
  tweenSeek(index: number, time: number): number;
  tweenTime(index: number): number;
  tweenState(index: number): number;
  tweenOutput(index: number): number;
  tweenEventCount(): number;
  tweenEventAt(i: number): number;
  tweenEventsClear(): void;
  evaluateTweens(dt: number, transparentOffset: number, noDrawKey: number): number;
  rigScratchFloats(rig: number): number;
  rigPaletteMatrices(rig: number): number;
  rigDuration(rig: number, clip: number): number;
  samplePose(rig: number, clip: number, time: number, pose: number, weights: number): void;
  worldMatrices(rig: number, pose: number, world: number): void;
  writePalette(rig: number, world: number, weights: number, out: number): number;
  animateInstances(records: number, count: number, dt: number, out: number, scratch: number): number;
}

/** Reads an exported constant (of the core or the feature kernels) as an unsigned 32-bit number. */
export function constant<Exports extends object>(exports: Exports, name: keyof Exports & string): number {
  return (exports[name] as WebAssembly.Global).value >>> 0;
}
