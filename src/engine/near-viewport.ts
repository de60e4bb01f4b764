// Whether a scene is near the viewport: models with loading="lazy" wait for it before they load.

/** How near counts as near: within one viewport's height or width of the visible area. */
const NEAR_MARGIN = '100% 100% 100% 100%';

/**
 * Watches one element (the scene's canvas) with an IntersectionObserver and runs queued work the first time the
 * element comes near the viewport, and at once from then on. Without IntersectionObserver, everything is near.
 */
export class NearViewport {
  readonly #waiting = new Set<() => void>();
  readonly #observer: IntersectionObserver | null = null;
  #near = typeof IntersectionObserver !== 'function';

  constructor(element: Element) {
    if (this.#near) return;
    this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      this.#near = true;
      this.#observer?.disconnect();
      const waiting = [...this.#waiting];
      this.#waiting.clear();
      for (const start of waiting) start();
    }, { rootMargin: NEAR_MARGIN });
    this.#observer.observe(element);
  }

  /** Runs `start` once the element is near the viewport (now, if it is). Returns a function that cancels it. */
  whenNear(start: () => void): () => void {
    if (this.#near) {
      start();
      return () => undefined;
    }
    this.#waiting.add(start);
    return () => this.#waiting.delete(start);
  }

  /** Stops watching; queued work is dropped. */
  dispose(): void {
    this.#observer?.disconnect();
    this.#waiting.clear();
  }
}
