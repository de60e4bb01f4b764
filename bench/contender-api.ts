// What a contender's page (bench/pages/*.html, each in its own iframe of the bench page) offers the scene
// benchmarks. Each library runs in a document of its own, so A-Frame's bundled three.js, three.js itself and
// LayerW's elements never meet; the bench page calls these methods directly (same origin, same event loop).

/** How `populate` builds its scene. */
export interface PopulateOptions {
  /** Boxes drift and spin (LayerW `velocity` / `spin`; the three.js pages move them in JavaScript). */
  moving: boolean;
  /** three.js only: one Mesh per box, or one InstancedMesh for all. */
  instanced?: boolean;
  /** With `moving`: only the first this many boxes move; the rest stand still. All move when left out. */
  movingCount?: number;
  /**
   * Each box bobs by a declarative tween of its position (LayerW `<layerw-animate>`, A-Frame `animation`, a Web
   * Animation on the plain-DOM page) between its place and `tweenToText` (see scene-layout.ts): 2 s,
   * alternating, ease-in-out, forever.
   */
  tweens?: boolean;
}

/** Main-thread milliseconds per frame, one entry per recorded frame. */
export interface FrameTimes {
  /** Timed from outside the library: LayerW's engine tick, three.js's update loop plus `renderer.render`. */
  external: number[];
  /** The library's own figure for the same frames, where it has one (LayerW's `scene.stats.cpuTime`). */
  internal: number[] | null;
  /**
   * The animation work alone, where it can be timed apart: LayerW's `tweens` frame step, A-Frame's scene tick
   * (every component's tick, the `animation` components' among them).
   */
  animation?: number[];
}

/** What `loadModel` measured, in milliseconds from setting the model's URL. */
export interface ModelLoad {
  /** To the end of the GPU's work for the first frame that shows the model. */
  ms: number;
  /** To the submission of that frame: LayerW's `load` event, the return of three.js's `renderer.render`. */
  submittedMs: number;
  /** One more frame of the loaded model (no loading), from asking for it to the end of its GPU work. */
  redrawMs: number;
  /**
   * One more frame once the model has settled: LayerW after its textures have streamed to the level the screen
   * wants, three.js (which uploads them whole before its first frame) a third frame.
   */
  settledRedrawMs: number;
  /** `performance.now()` when the load started (for bench/profile-gltf.mjs, which lines a profile up with it). */
  startedAt: number;
  /** Triangles the library holds for the model, where it tells (three.js); null otherwise. */
  triangles: number | null;
  /**
   * Memory the model takes: LayerW, the scene's WebAssembly reservation and GPU bytes at their peak over the
   * load and the frames after it (while textures stream); three.js, the bytes of the model's geometry buffers
   * and textures (with mip chains where three.js makes them) as it uploads them.
   */
  bytes: number;
}

/** One contender's page. Methods a page does not support are absent. */
export interface ContenderPage {
  /**
   * Makes `count` boxes in a fresh scene and resolves with the milliseconds from the start of their creation
   * to the end of the first frame drawn with all of them. The scene stays on screen until `clear`.
   */
  create?(count: number): Promise<number>;
  /** A fresh scene of `count` boxes, resolved once a frame with all of them has been drawn; then paused. */
  populate?(count: number, options: PopulateOptions): Promise<void>;
  /**
   * LayerW: a fresh scene of `count` boxes standing still on a square grid (1.5 units apart, under the shared
   * camera, most of it beyond the view), drawn every frame; resolved after a frame with all of them; paused.
   */
  populateWorld?(count: number): Promise<void>;
  /** LayerW: the scene's `culling` setting, for the frames drawn from now on. */
  setCulling?(culling: 'gpu' | 'cpu'): void;
  /**
   * LayerW: GPU-culled frames drawn from now on find each batch through an offset of its own into the visible
   * list (what a device without `indirect-first-instance` does), or with the device's first instance.
   */
  setBatchOffsets?(on: boolean): void;
  /** LayerW: where the last frame was culled (`scene.stats.culling`, with `+offsets` when `stats.batchOffsets`). */
  culling?(): string;
  /**
   * LayerW: the median milliseconds of each named frame step over the frames recorded by the last `frameTimes`
   * (the steps are timed from the next `frameTimes` on).
   */
  stepTimes?(names: readonly string[]): Record<string, number>;
  /** `setAttribute('position', texts[i])` on box i, for every box: the timed operation of `update`. */
  setPositions?(texts: readonly string[]): void;
  /** After `setPositions(texts)`: null if box `index` holds the position of `texts[index]`, or what is wrong. */
  checkPosition?(texts: readonly string[], index: number): string | null;
  /** Starts drawing every animation frame. */
  play?(): void;
  /** Stops drawing; nothing of this page runs until `play`. */
  pause?(): void;
  /** Resolves once the GPU has finished the work this page submitted, so it does not run into the next timing. */
  idle?(): Promise<void>;
  /** Frames drawn since the scene was made. */
  drawnFrames?(): number;
  /** Resolves after `count` more drawn frames (while playing). */
  waitFrames?(count: number): Promise<void>;
  /** Records the next `count` drawn frames (while playing). */
  frameTimes?(count: number): Promise<FrameTimes>;
  /**
   * A fresh scene of `count` copies of the skinned model `model` (its first clip playing, each copy on its own
   * clock at the speed `crowdPlace` gives), resolved once a frame with every copy loaded has been drawn; then
   * paused.
   */
  populateSkinned?(count: number, model: Uint8Array): Promise<void>;
  /** Keeps a model file under `name`; `loadModel` serves it from a fresh blob: URL on every run. */
  setModel?(name: string, bytes: Uint8Array): void;
  /**
   * Loads the model `name` through the library's own URL loading (a new blob: URL of the same bytes each
   * time, so no cache keyed by URL helps) into the model scene, and resolves once the first frame that
   * shows it has been drawn and the GPU has finished it. The previous model is removed first.
   */
  loadModel?(name: string): Promise<ModelLoad>;
  /**
   * Draws the last loaded model's frame `count` more times, each one to the GPU's end, and resolves with the
   * milliseconds they took: what drawing the model costs with nothing to load.
   */
  redrawModel?(count: number): Promise<number>;
  /** Box `index`'s y as the library holds it now: for checking that the tween benchmark's tweens move boxes. */
  tweenedY?(index: number): number;
  /** Objects in the scene and, where known, how many were drawn in the last frame: for checks and the log. */
  describe(): { objects: number; drawn: number | null };
  /** Bytes the last drawn frame wrote to the GPU for the boxes (instance data, lists, uniforms). */
  uploadedBytes?(): number;
  /** Removes the scene and everything it holds. */
  clear(): void;
}

declare global {
  interface Window {
    /** Set by a contender page once its library is loaded. */
    benchContender?: ContenderPage;
  }
}
