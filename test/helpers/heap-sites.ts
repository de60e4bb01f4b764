// What the sampling heap profiler commands (`layerw-heap-start` / `layerw-heap-stop`) report per allocation site,
// and the calibration every heap test runs beside its subject: a function that makes heap numbers and nothing else.

/** One allocation site of a sampled profile. */
export interface HeapSite {
  url: string;
  functionName: string;
  line: number;
  bytes: number;
  /** Samples by their (scaled) size. */
  sizes: Record<string, number>;
}

const numberSink: unknown[] = [{}, 'x'];

/**
 * Makes `count` heap numbers and nothing else, so the profile shows a heap number's sample size at the site
 * named `boxNumbers`.
 */
export function boxNumbers(count: number): void {
  for (let i = 0; i < count; i++) numberSink[i & 1] = Math.random() + 0.5;
}
