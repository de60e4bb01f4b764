// The benchmark page: runs every benchmark in turn and leaves the rows in `window.layerwBench`, which
// bench/run.mjs awaits. `?quick` uses fewer, shorter rounds; `?only=create,heap` runs only those benchmarks.

import { runCreateBench } from './create.bench.js';
import { runCullBench } from './cull.bench.js';
import { runFrameAllocBench } from './frame-alloc.bench.js';
import { runFrameCpuBench } from './frame-cpu.bench.js';
import { runGltfBench } from './gltf.bench.js';
import { FULL_SETTINGS, QUICK_SETTINGS, log, type BenchRow, type Settings } from './harness.js';
import { runHeapBench } from './heap.bench.js';
import { runLookBench } from './look.bench.js';
import { runShapesBench } from './shapes.bench.js';
import { runStaticFrameBench } from './static-frame.bench.js';
import { runSkinnedBench } from './skinned.bench.js';
import { runPickBench } from './pick.bench.js';
import { runLabelsBench } from './labels.bench.js';
import { runSystemsBench } from './systems.bench.js';
import { runTransformsBench } from './transforms.bench.js';
import { runTweenBench } from './tween.bench.js';
import { runUpdateBench } from './update.bench.js';
import { runWorkersBench } from './workers.bench.js';

/** Every benchmark, in the order they run: the kernels first, then the scenes drawn in SwiftShader. */
const BENCHMARKS: readonly (readonly [string, (settings: Settings) => Promise<BenchRow[]>])[] = [
  ['cull', runCullBench],
  ['transforms', runTransformsBench],
  ['workers', runWorkersBench],
  ['pick', runPickBench],
  ['labels', runLabelsBench],
  ['frame-alloc', runFrameAllocBench],
  ['systems', runSystemsBench],
  ['create', runCreateBench],
  ['update', runUpdateBench],
  ['frame', runFrameCpuBench],
  ['static-frame', runStaticFrameBench],
  ['heap', runHeapBench],
  ['gltf', runGltfBench],
  ['look', runLookBench],
  ['shapes', runShapesBench],
  ['tween', runTweenBench],
  ['skinned', runSkinnedBench],
];

declare global {
  interface Window {
    /** Set by the bench page; resolves to every row once all benchmarks have run. */
    layerwBench?: Promise<BenchRow[]>;
  }
}

async function runAll(): Promise<BenchRow[]> {
  const params = new URLSearchParams(location.search);
  const quick = params.has('quick');
  const only = params.get('only')?.split(',');
  const settings = quick ? QUICK_SETTINGS : FULL_SETTINGS;
  log(`${quick ? 'quick' : 'full'} run: ${settings.warmups} warm-up and ${settings.runs} timed rounds, batches of at least ${settings.minBatchMs} ms; cross-origin isolated: ${String(crossOriginIsolated)}`);
  const rows: BenchRow[] = [];
  const unknown = only?.filter((name) => !BENCHMARKS.some(([known]) => known === name)) ?? [];
  if (unknown.length > 0) throw new Error(`bench: no benchmark named ${unknown.join(', ')}`);
  for (const [name, bench] of BENCHMARKS) {
    if (only && !only.includes(name)) continue;
    const start = performance.now();
    log(`${name}: starting`);
    rows.push(...(await bench(settings)));
    log(`${name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return rows;
}

window.layerwBench = runAll();
