// What the engine takes from a browser window besides the DOM, made for a page nobody looks at: an animation-frame
// loop on a virtual clock, observers that report the size the render asked for, a pixel ratio and a navigator.
import { totalmem } from 'node:os';

/** Virtual milliseconds between two animation frames: the page runs at a steady 60 frames per second. */
export const FRAME_MS = 1000 / 60;
/** Real milliseconds between two frames, so that waiting for the GPU or a download does not spin the CPU. */
const FRAME_DELAY_MS = 4;

/** The size a render asked for, in CSS pixels, which the observers and the canvas's client size report. */
export const viewport = { width: 800, height: 600 };

/**
 * requestAnimationFrame on a virtual clock: every batch of callbacks gets a timestamp one frame after the last,
 * however long the frame took for real, so an animation shows the same pose at the same frame on any machine.
 * `afterFrame` runs once after each batch.
 */
export class FrameLoop {
  /** The timestamp the next batch gets. */
  time = FRAME_MS;
  afterFrame: ((now: number) => void) | null = null;
  readonly #callbacks = new Map<number, FrameRequestCallback>();
  #nextId = 1;
  #timer: ReturnType<typeof setTimeout> | undefined;

  request(callback: FrameRequestCallback): number {
    const id = this.#nextId++;
    this.#callbacks.set(id, callback);
    this.#timer ??= setTimeout(this.#run, FRAME_DELAY_MS);
    return id;
  }

  cancel(id: number): void {
    this.#callbacks.delete(id);
  }

  readonly #run = (): void => {
    this.#timer = undefined;
    const now = this.time;
    this.time += FRAME_MS;
    const callbacks = [...this.#callbacks.values()];
    this.#callbacks.clear();
    for (const callback of callbacks) callback(now);
    this.afterFrame?.(now);
  };
}

/** The one frame loop of the process. */
export const frames = new FrameLoop();

/** Reports the render's size for every observed element, once, as a browser does on `observe`. */
class ViewportResizeObserver {
  readonly #callback: ResizeObserverCallback;
  #observing = true;

  constructor(callback: ResizeObserverCallback) {
    this.#callback = callback;
  }

  observe(target: Element): void {
    this.#observing = true;
    setTimeout(() => {
      if (!this.#observing) return;
      const contentRect = { x: 0, y: 0, top: 0, left: 0, ...viewport, right: viewport.width, bottom: viewport.height };
      const size = [{ inlineSize: viewport.width, blockSize: viewport.height }];
      const entry = { target, contentRect, borderBoxSize: size, contentBoxSize: size, devicePixelContentBoxSize: size };
      this.#callback([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }, 0);
  }

  unobserve(): void {}

  disconnect(): void {
    this.#observing = false;
  }
}

/** Every observed element is in view: a headless page shows its scene whole. */
class InViewIntersectionObserver {
  readonly #callback: IntersectionObserverCallback;
  #observing = true;

  constructor(callback: IntersectionObserverCallback) {
    this.#callback = callback;
  }

  observe(target: Element): void {
    this.#observing = true;
    setTimeout(() => {
      if (this.#observing) this.#callback([{ target, isIntersecting: true, intersectionRatio: 1 } as unknown as IntersectionObserverEntry], this as unknown as IntersectionObserver);
    }, 0);
  }

  unobserve(): void {}

  disconnect(): void {
    this.#observing = false;
  }

  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
}

/**
 * Installs the frame loop, the observers, `devicePixelRatio` (1 unless the render sets it) and a `navigator`
 * carrying `gpu`; `deviceMemory` follows Chromium's rounding (a power of two of the machine's GiB, at most 8).
 */
export function installBrowserGlobals(gpu: GPU): void {
  const target = globalThis as unknown as Record<string, unknown>;
  const define = (name: string, value: unknown): void => {
    Object.defineProperty(target, name, { value, configurable: true, writable: true });
  };
  define('requestAnimationFrame', (callback: FrameRequestCallback) => frames.request(callback));
  define('cancelAnimationFrame', (id: number) => frames.cancel(id));
  define('ResizeObserver', ViewportResizeObserver);
  define('IntersectionObserver', InViewIntersectionObserver);
  define('devicePixelRatio', 1);
  const gibibytes = totalmem() / 1024 ** 3;
  const deviceMemory = Math.min(8, 2 ** Math.floor(Math.log2(Math.max(0.25, gibibytes))));
  define('navigator', { gpu, deviceMemory });
}

/** A canvas's client size is the render's: the DOM has no layout to compute it from. */
export function installCanvasSize(canvasClass: typeof HTMLCanvasElement): void {
  Object.defineProperty(canvasClass.prototype, 'clientWidth', { get: () => viewport.width, configurable: true });
  Object.defineProperty(canvasClass.prototype, 'clientHeight', { get: () => viewport.height, configurable: true });
}
