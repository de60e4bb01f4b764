// The frame of one scene: when it draws (`tick`: a renderer, memory, context and kernels, the canvas on screen, the
// first look settled, something asking in on-demand mode), what one frame does (the clock, the canvas size, the
// schedule's phases inside the memory's frame, the figures and quality), and the canvas watch that sizes and
// pauses it. Owned by SceneRuntime, which hands it the scene's parts.

import { asLayerWError } from './error-of.js';
import type { RenderQuality } from '../gpu/frame-input.js';
import type { QualityController } from './quality.js';
import type { SceneLook } from './scene-look.js';
import type { FrameClock, FrameSchedule } from './frame-schedule.js';
import type { BuiltinStepHost, BuiltinSteps } from './builtin-steps.js';
import type { SceneControls } from './controls/scene-controls.js';
import type { SceneStats } from './scene-stats.js';
import type { ViewPrefetch } from './view-prefetch.js';
import { CanvasWatch } from './canvas-watch.js';
import type { SceneHost, SceneSettings } from './scene-host.js';

/** The first frame's step, in whole microseconds as every frame's (see `#drawFrame`). */
const FALLBACK_MICROS = Math.round(1e6 / 60);
/** Longest step the movement kernel takes, so a tab coming back does not teleport everything. */
const MAX_DT = 0.1;
/**
 * An on-demand scene asked to draw soon draws at once only when its last frame is at least this old (ms): a
 * display frame at 120 Hz is 8.3 ms, so it never draws twice for one display frame.
 */
const SOON_INTERVAL_MS = 10;
/**
 * Frames after a read of `stats.visible`, `stats.gpuTime` or `stats.cpuTime` during which that figure is measured:
 * the GPU cull's count and the GPU time are read back from the GPU (a promise and a mapped range each time), the
 * frame is timed on the main thread (`performance.now()` makes a heap number until V8 fully optimises the
 * frame). Each figure is watched on its own, so a page that reads one pays for no other. A read every 250 ms,
 * as a `stats` listener makes, keeps them coming.
 */
const WATCH_FRAMES = 120;

/**
 * What a scene's frame reads of its runtime: what the built-in steps read (the same view serves both), the parts it
 * draws with, and (as live getters) the ones made later. Implemented by SceneRuntime.
 */
export interface SceneFrameHost extends BuiltinStepHost {
  readonly scene: SceneHost;
  readonly settings: SceneSettings;
  readonly schedule: FrameSchedule;
  readonly stats: SceneStats;
  readonly controls: SceneControls;
  /** Undefined until the model requests are made. */
  readonly prefetch: ViewPrefetch | undefined;
}

/**
 * One scene's frames: `tick` once per animation frame, from the engine's loop through SceneRuntime, and at once
 * for something that just became ready (`drawSoon`).
 */
export class SceneFrame {
  readonly #builtins: BuiltinSteps;
  readonly #host: SceneFrameHost;
  readonly #look: SceneLook;
  readonly #quality: QualityController;
  /** The canvas's size, pixel ratio and visibility, watched once the memory is ready. */
  #canvasWatch: CanvasWatch | undefined;
  #cssWidth = 0;
  #sizeDirty = true;
  #cssHeight = 0;
  #onScreen = true;
  #needsDraw = true;
  #moving = false;
  #firstFrame = true;
  #lastDrawn = 0;
  /** The renderer's GPU sample count at the last frame: a new count is a new GPU time. */
  #gpuSamples = 0;
  /** `stats.frames` when a page last read `stats.visible`, `stats.gpuTime` and `stats.cpuTime`. */
  #visibleRead = -WATCH_FRAMES;
  #gpuTimeRead = -WATCH_FRAMES;
  #cpuTimeRead = -WATCH_FRAMES;
  /** Main-thread milliseconds of the last frame drawn while watched (see WATCH_FRAMES). */
  #cpuTime = 0;
  readonly #clock: FrameClock = { now: 0, dt: 0, frame: 0 };

  constructor(host: SceneFrameHost, builtins: BuiltinSteps, look: SceneLook, quality: QualityController) {
    this.#host = host;
    this.#builtins = builtins;
    this.#look = look;
    this.#quality = quality;
  }

  /** The canvas's width in CSS pixels, as last observed (no layout read). */
  get cssWidth(): number {
    return this.#cssWidth;
  }

  /** The canvas's height in CSS pixels, as last observed. */
  get cssHeight(): number {
    return this.#cssHeight;
  }

  /** `stats.visible`: the last frame's count, measured for WATCH_FRAMES frames from this read. */
  get visible(): number {
    this.#visibleRead = this.#host.stats.frames;
    return this.#builtins.visible;
  }

  /** `stats.gpuTime`: the renderer's last GPU time, measured for WATCH_FRAMES frames from this read. */
  get gpuTime(): number {
    this.#gpuTimeRead = this.#host.stats.frames;
    return this.#host.renderer?.gpuMs ?? Number.NaN;
  }

  /** `stats.cpuTime`: main-thread milliseconds of the last frame, measured for WATCH_FRAMES frames from this read. */
  get cpuTime(): number {
    this.#cpuTimeRead = this.#host.stats.frames;
    return this.#cpuTime;
  }

  /** Asks for a frame; in on-demand mode nothing is drawn until something asks. */
  requestDraw(): void {
    this.#needsDraw = true;
  }

  /**
   * Asks for a frame that shows something that just became ready (a model): an idle on-demand scene draws it at
   * once, in a microtask (after what the caller's task still changes), instead of at the next animation frame,
   * so that its GPU work starts up to a display frame sooner; the display still shows it at its next refresh. A
   * continuous scene, a moving one or one that drew within SOON_INTERVAL_MS waits for the animation frame.
   */
  drawSoon(): void {
    this.#needsDraw = true;
    queueMicrotask(this.#drawNow);
  }

  readonly #drawNow = (): void => {
    const now = performance.now();
    // Not when an animation frame drew it meanwhile (or a microtask before this one did).
    if (this.#host.settings.render === 'on-demand' && this.#needsDraw && !this.#moving && now - this.#lastDrawn >= SOON_INTERVAL_MS) this.tick(now);
  };

  /** The pixel ratio cap or the quality setting changed: the canvas is sized again at the next frame. */
  sizeChanged(): void {
    this.#sizeDirty = true;
  }

  /** A device came (first, or after a loss): the next frame is drawn at once as a first frame, GPU times anew. */
  restart(): void {
    this.#gpuSamples = 0;
    this.#firstFrame = true;
    this.#needsDraw = true;
  }

  /** Draws a frame at `now` (the animation frame's timestamp) when the scene can and should draw. */
  tick(now: number): void {
    const host = this.#host;
    if (!host.renderer || !host.walloc || !host.context || !this.#builtins.frame) return;
    if (!this.#onScreen) {
      host.prefetch?.startAll();
      return;
    }
    // The first frame waits for the environment, so a scene never shows unlit before it looks right.
    if (this.#firstFrame && !this.#look.settled) return;
    if (host.settings.render === 'on-demand' && !this.#needsDraw && !this.#moving) return;
    try {
      this.#drawFrame(now);
    } catch (error) {
      // A frame that fails stops this scene's drawing until something changes; it never escapes the loop.
      this.#needsDraw = false;
      this.#moving = false;
      host.scene.report(asLayerWError(error, 'GPU_ERROR'));
    }
  }

  /**
   * One frame: the clock, the canvas size, a fresh frame in the memory, then the schedule's phases in order
   * (input → simulate → animate → transform → cull → render; see `schedule.names`), then the figures.
   */
  #drawFrame(time: number): void {
    const host = this.#host;
    // A frame drawn at once (drawSoon) may be later than the next animation frame's timestamp: time never runs back.
    const now = Math.max(time, this.#lastDrawn);
    const walloc = host.walloc!;
    const frames = host.stats.frames;
    const timed = frames - this.#cpuTimeRead < WATCH_FRAMES;
    const started = timed ? performance.now() : 0;
    const clock = this.#clock;
    // Each floating-point value is a heap number while V8 runs this unoptimised (a field holding doubles too,
    // at every read): the interval is worked out once.
    const elapsed = this.#lastDrawn > 0 ? now - this.#lastDrawn : 0;
    // Whole microseconds: the movement kernel takes them as an integer (see moveObjectsMicros).
    const micros = elapsed > 0 ? Math.round(Math.min(elapsed, MAX_DT * 1000) * 1000) : FALLBACK_MICROS;
    this.#builtins.stepMicros = micros;
    clock.dt = micros / 1e6;
    clock.now = now;
    clock.frame = frames;
    if (elapsed > 0) host.stats.frameTime = elapsed;
    this.#lastDrawn = now;
    this.#needsDraw = false;

    const quality = this.#quality;
    this.#resizeCanvas(quality.preset);
    const renderer = host.renderer!;
    renderer.timeGpu = frames - this.#gpuTimeRead < WATCH_FRAMES || host.settings.quality === 'auto';
    renderer.countVisible = frames - this.#visibleRead < WATCH_FRAMES;
    walloc.frameBegin();
    try {
      this.#look.frame();
      this.#moving = host.schedule.run(clock);
    } finally {
      walloc.frameEnd();
    }

    const stats = host.stats;
    const builtins = this.#builtins;
    if (timed) this.#cpuTime = performance.now() - started;
    stats.drawCalls = builtins.drawCalls;
    stats.objects = walloc.core.liveSlots() >>> 0;
    stats.culling = builtins.culling;
    stats.batchOffsets = builtins.batchOffsets;
    stats.uploadedBytes = builtins.uploadedBytes;
    stats.frames++;
    const samples = renderer.gpuSamples;
    // Only `auto` records: a call that passes floating-point values boxes them until V8 fully optimises the frame.
    const changed = host.settings.quality === 'auto'
      && quality.record(stats.frameTime, samples !== this.#gpuSamples ? renderer.gpuMs : Number.NaN, host.settings.fpsTarget);
    this.#gpuSamples = samples;
    stats.quality = quality.level;
    stats.rung = quality.rung;
    stats.renderScale = quality.preset.renderScale;
    if (changed) {
      this.#needsDraw = true;
      this.#sizeDirty = true;
      host.scene.qualityChanged();
    }
    const first = this.#firstFrame;
    this.#firstFrame = false;
    host.controls.frameDone();
    host.scene.frameDrawn(first, now);
  }

  /** Sizes the canvas when its element, the pixel ratio, the cap or the quality changed since the last frame. */
  #resizeCanvas(quality: Readonly<RenderQuality>): void {
    if (!this.#sizeDirty) return;
    this.#sizeDirty = false;
    const canvas = this.#host.canvas;
    const ratio = Math.min(globalThis.devicePixelRatio || 1, this.#host.settings.maxPixelRatio) * quality.renderScale;
    const width = Math.max(1, Math.round(this.#cssWidth * ratio));
    const height = Math.max(1, Math.round(this.#cssHeight * ratio));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
  }

  /** Starts watching the canvas's size, pixel ratio and visibility; its size now is the first. */
  watchCanvas(): void {
    const canvas = this.#host.canvas;
    this.#canvasWatch = new CanvasWatch(canvas, {
      pixelRatioChanged: () => {
        this.#sizeDirty = true;
        this.requestDraw();
      },
      resized: (width, height) => {
        this.#cssWidth = width;
        this.#sizeDirty = true;
        this.#cssHeight = height;
        this.requestDraw();
      },
      shown: (onScreen) => {
        this.#onScreen = onScreen;
        if (onScreen) this.requestDraw();
      },
    });
    this.#cssWidth = canvas.clientWidth || canvas.width;
    this.#cssHeight = canvas.clientHeight || canvas.height;
  }

  /** Stops watching the canvas. */
  stop(): void {
    this.#canvasWatch?.stop();
  }
}
