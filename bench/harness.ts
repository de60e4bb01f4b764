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

/**
 * One row of the results: `ratio` above 1 means LayerW is faster (or, for other units, uses less). Rows of
 * the heap benchmark carry bytes or counts instead of milliseconds and say so in `unit`; their ratio is null
 * where it means nothing (LayerW at zero).
 */
export interface BenchRow {
  benchmark: string;
  case: string;
  subject: string;
  peer: string;
  subjectMs: number;
  peerMs: number;
  ratio: number | null;
  /** The ratio this row should reach, or null when the row is informative only. */
  target: number | null;
  targetMet: boolean | null;
  /** What `subjectMs` and `peerMs` count when it is not milliseconds, such as `B/frame` or `GCs`. */
  unit?: string;
}

/** How long and how often to measure. */
export interface Settings {
  warmups: number;
  runs: number;
  /** Each round times a batch of repetitions lasting at least this long, so timer resolution stays small. */
  minBatchMs: number;
  /** Rounds of the benchmarks that draw real scenes (create, update, frame CPU), where one run is long. */
  scenes: RunSettings;
}

/** The settings of `npm run bench`. */
export const FULL_SETTINGS: Settings = { warmups: 3, runs: 15, minBatchMs: 30, scenes: { warmups: 1, runs: 5 } };
/** Fewer, shorter rounds for a smoke check (`npm run bench -- --quick`). */
export const QUICK_SETTINGS: Settings = { warmups: 1, runs: 5, minBatchMs: 5, scenes: { warmups: 0, runs: 2 } };

/** Writes a progress line; the runner forwards the page console to its stdout. */
export function log(message: string): void {
  console.log(`bench: ${message}`);
}

/**
 * Runs a full garbage collection when the page has `gc` (bench/run.mjs starts Chromium with
 * `--js-flags=--expose-gc`), so the garbage of one case's setup is not collected during the next timing.
 */
export function collectGarbage(): void {
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
  return pairRows(benchmark, caseName, medians, pairings);
}

/** One row per pairing from the medians of named contenders. */
export function pairRows(
  benchmark: string, caseName: string, medians: ReadonlyMap<string, number>, pairings: readonly Pairing[],
): BenchRow[] {
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

/**
 * A contender whose one run is asynchronous and times itself: creating a scene up to its first frame, a
 * number of frames. It resolves with one or more named figures in milliseconds (a LayerW scene reports its
 * externally timed frame and its own `stats.cpuTime` from the same frames).
 */
export interface RunContender {
  name: string;
  run: () => Promise<Readonly<Record<string, number>>>;
}

/** Rounds for benchmarks whose single run is long (real scenes drawn in SwiftShader). */
export interface RunSettings {
  warmups: number;
  runs: number;
}

/**
 * Runs every contender once per round, interleaved, after warm-up rounds, and returns one row per pairing
 * from the median of each named figure. Garbage is collected and the page left idle for `settleMs` before
 * every run, so one contender's leftovers (garbage, GPU work still queued) do not land in another's time.
 */
export async function compareRuns(
  benchmark: string, caseName: string, contenders: readonly RunContender[], pairings: readonly Pairing[],
  settings: RunSettings, settleMs = 100,
): Promise<BenchRow[]> {
  const figures = new Map<string, number[]>();
  for (let round = 0; round < settings.warmups + settings.runs; round++) {
    for (const contender of contenders) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const result = await contender.run();
      if (round < settings.warmups) continue;
      for (const [name, ms] of Object.entries(result)) {
        const list = figures.get(name) ?? [];
        list.push(ms);
        figures.set(name, list);
      }
    }
  }
  const medians = new Map<string, number>();
  for (const [name, list] of figures) {
    const ms = median(list);
    medians.set(name, ms);
    log(`${benchmark} ${caseName}: ${name} median ${ms.toFixed(3)} ms (runs ${list.map((v) => v.toFixed(2)).join(', ')})`);
  }
  return pairRows(benchmark, caseName, medians, pairings);
}
