// Timing for the benchmarks: every contender of one case runs in the same page, interleaved round by round
// (subject, peer, subject, peer, ...) after warm-up rounds, and each reports the median of its rounds.

/** One way of doing a benchmark's operation (a whole cull, a whole frame of allocations). */
export interface Contender {
  name: string;
  /** One operation. Called many times per round; its result must not be dead code. */
  run: () => void;
  /** Untimed work before each round's batch, such as starting a frame. */
  prepare?: () => void;
}

/** A subject (LayerW) against a peer, and the ratio peerMs / subjectMs it should reach, if any. */
export interface Pairing {
  subject: string;
  peer: string;
  target?: number;
  /** Case label for this row when it differs from the comparison's. */
  case?: string;
}

/** One row of the results: `ratio` above 1 means LayerW is faster. */
export interface BenchRow {
  benchmark: string;
  case: string;
  subject: string;
  peer: string;
  subjectMs: number;
  peerMs: number;
  ratio: number;
  /** The ratio this row should reach, or null when the row is informative only. */
  target: number | null;
  targetMet: boolean | null;
}

/** How long and how often to measure. */
export interface Settings {
  warmups: number;
  runs: number;
  /** Each round times a batch of repetitions lasting at least this long, so timer resolution stays small. */
  minBatchMs: number;
}

/** The settings of `npm run bench`. */
export const FULL_SETTINGS: Settings = { warmups: 3, runs: 15, minBatchMs: 30 };
/** Fewer, shorter rounds for a smoke check (`npm run bench -- --quick`). */
export const QUICK_SETTINGS: Settings = { warmups: 1, runs: 5, minBatchMs: 5 };

/** Writes a progress line; the runner forwards the page console to its stdout. */
export function log(message: string): void {
  console.log(`bench: ${message}`);
}

/**
 * Runs a full garbage collection when the page has `gc` (bench/run.mjs starts Chromium with
 * `--js-flags=--expose-gc`), so the garbage of one case's setup is not collected during the next timing.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Milliseconds per operation of one batch of `reps` operations. */
function timeBatch(contender: Contender, reps: number): number {
  contender.prepare?.();
  const start = performance.now();
  for (let i = 0; i < reps; i++) contender.run();
  return (performance.now() - start) / reps;
}

/** Repetitions per batch so that one batch lasts at least `minBatchMs`, from a first timed stretch. */
function calibrate(contender: Contender, minBatchMs: number): number {
  contender.prepare?.();
  let reps = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    contender.run();
    reps++;
    elapsed = performance.now() - start;
  } while (elapsed < minBatchMs / 2);
  return Math.max(1, Math.ceil((minBatchMs * reps) / elapsed));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Measures every contender, interleaved, and returns one row per pairing. Each contender's time is the
 * median over `settings.runs` rounds of its per-operation time. Called once per benchmark case.
 */
export function compare(
  benchmark: string, caseName: string, contenders: readonly Contender[], pairings: readonly Pairing[],
  settings: Settings,
): BenchRow[] {
  collectGarbage();
  const reps = contenders.map((contender) => calibrate(contender, settings.minBatchMs));
  for (let round = 0; round < settings.warmups; round++) {
    contenders.forEach((contender, i) => timeBatch(contender, reps[i]!));
  }
  const times = contenders.map((): number[] => []);
  for (let round = 0; round < settings.runs; round++) {
    contenders.forEach((contender, i) => times[i]!.push(timeBatch(contender, reps[i]!)));
  }
  const medians = new Map<string, number>();
  contenders.forEach((contender, i) => {
    const ms = median(times[i]!);
    medians.set(contender.name, ms);
    const spread = `${Math.min(...times[i]!).toFixed(4)}..${Math.max(...times[i]!).toFixed(4)}`;
    log(`${benchmark} ${caseName}: ${contender.name} median ${ms.toFixed(4)} ms (range ${spread}, ${reps[i]} per batch)`);
  });
  return pairings.map((pairing) => {
    const subjectMs = medians.get(pairing.subject);
    const peerMs = medians.get(pairing.peer);
    if (subjectMs === undefined || peerMs === undefined) {
      throw new Error(`${benchmark}: pairing ${pairing.subject} / ${pairing.peer} names an unknown contender`);
    }
    const ratio = peerMs / subjectMs;
    const target = pairing.target ?? null;
    return {
      benchmark, case: pairing.case ?? caseName, subject: pairing.subject, peer: pairing.peer, subjectMs, peerMs,
      ratio, target, targetMet: target === null ? null : ratio >= target,
    };
  });
}
