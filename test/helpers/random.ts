/**
 * A small seeded generator (mulberry32) so that a failing random test can be replayed: every test prints its
 * seed in its failure messages, and a fresh seed is drawn on every run.
 */
export class Random {
  readonly seed: number;
  #state: number;

  constructor(seed = (Math.random() * 2 ** 32) >>> 0) {
    this.seed = seed;
    this.#state = seed;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A random unit quaternion (x, y, z, w). */
  quaternion(): [number, number, number, number] {
    const q: [number, number, number, number] = [this.range(-1, 1), this.range(-1, 1), this.range(-1, 1), this.range(-1, 1)];
    const length = Math.hypot(...q) || 1;
    return q.map((v) => v / length) as [number, number, number, number];
  }
}

/** Sizes every kernel test runs over: empty, one, not multiples of four, and a random larger one. */
export function testSizes(random: Random): number[] {
  return [0, 1, 3, 4, 5, 17, 64, random.int(100, 3000)];
}
