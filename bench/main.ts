// The benchmark page: runs every benchmark in turn and leaves the rows in `window.layerwBench`, which
// bench/run.mjs awaits. `?quick` uses fewer, shorter rounds.

import { runCullBench } from './cull.bench.js';
import { runFrameAllocBench } from './frame-alloc.bench.js';
import { FULL_SETTINGS, QUICK_SETTINGS, log, type BenchRow } from './harness.js';
import { runTransformsBench } from './transforms.bench.js';

declare global {
  interface Window {
    /** Set by the bench page; resolves to every row once all benchmarks have run. */
    layerwBench?: Promise<BenchRow[]>;
  }
}

async function runAll(): Promise<BenchRow[]> {
  const quick = new URLSearchParams(location.search).has('quick');
  const settings = quick ? QUICK_SETTINGS : FULL_SETTINGS;
  log(`${quick ? 'quick' : 'full'} run: ${settings.warmups} warm-up and ${settings.runs} timed rounds, batches of at least ${settings.minBatchMs} ms; cross-origin isolated: ${String(crossOriginIsolated)}`);
  const rows: BenchRow[] = [];
  for (const [name, bench] of [['cull', runCullBench], ['transforms', runTransformsBench], ['frame-alloc', runFrameAllocBench]] as const) {
    const start = performance.now();
    log(`${name}: starting`);
    rows.push(...(await bench(settings)));
    log(`${name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return rows;
}

window.layerwBench = runAll();
