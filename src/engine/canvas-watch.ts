/** What a scene's canvas watch tells its runtime. */
export interface CanvasWatchHost {
  /** The device pixel ratio changed (zoom, a move to another screen); also said once when watching starts. */
  pixelRatioChanged(): void;
  /** The canvas's CSS size changed. */
  resized(width: number, height: number): void;
  /** The canvas came on screen (`true`) or left it. */
  shown(onScreen: boolean): void;
}

/**
 * Watches a scene's canvas for what makes its frames change size or stop: its CSS size (ResizeObserver), the
 * device pixel ratio (a media query per ratio), and whether it is on screen (IntersectionObserver). Each is
 * skipped where the environment lacks it.
 */
export class CanvasWatch {
  readonly #host: CanvasWatchHost;
  #resizeObserver: ResizeObserver | undefined;
  #intersectionObserver: IntersectionObserver | undefined;
  #pixelRatioQuery: MediaQueryList | undefined;
  #stopped = false;

  constructor(canvas: HTMLCanvasElement, host: CanvasWatchHost) {
    this.#host = host;
    this.#watchPixelRatio();
    if (typeof ResizeObserver === 'function') {
      this.#resizeObserver = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]!.contentRect;
        host.resized(box.width, box.height);
      });
      this.#resizeObserver.observe(canvas);
    }
    if (typeof IntersectionObserver === 'function') {
      this.#intersectionObserver = new IntersectionObserver((entries) => {
        host.shown(entries[entries.length - 1]!.isIntersecting);
      });
      this.#intersectionObserver.observe(canvas);
    }
  }

  /** Stops every observer and listener. */
  stop(): void {
    this.#stopped = true;
    this.#resizeObserver?.disconnect();
    this.#intersectionObserver?.disconnect();
    this.#pixelRatioQuery?.removeEventListener('change', this.#watchPixelRatio);
  }

  /** Says the ratio changed, then listens for the next change of the current one. */
  readonly #watchPixelRatio = (): void => {
    this.#pixelRatioQuery?.removeEventListener('change', this.#watchPixelRatio);
    this.#host.pixelRatioChanged();
    if (this.#stopped || typeof matchMedia !== 'function') return;
    this.#pixelRatioQuery = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.#pixelRatioQuery.addEventListener('change', this.#watchPixelRatio);
  };
}
