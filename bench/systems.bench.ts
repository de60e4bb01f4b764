// User systems at 10k, 100k and 1M entities: the MovementSystem and boids over a neighbour grid, each written
// once as a system file (demo/systems/*.system.ts). Subject: the file compiled to WebAssembly by compileSystem
// (`npm run build:systems`), called as the engine calls a kernel, over the real scene columns of a Walloc.
// Peers in the same run: the same file run as JavaScript over the same memory, the same algorithm as QuickJS
// source with its columns copied in and out by the engine's sandbox runner, bitECS 0.4, and plain objects.

import { Walloc } from '../src/memory/walloc.js';
import { createQuickJsRunner, type SandboxColumn } from '../src/systems/quickjs-system.js';
import type { SystemRunner } from '../src/systems/scene-systems.js';
import { bindSystemMemory } from '../src/systems/system-memory.js';
import * as boidsFile from '../demo/systems/boids.system.js';
import * as movementFile from '../demo/systems/movement.system.js';
import { BOIDS_SOURCE, MOVEMENT_SOURCE } from '../demo/systems/sandbox-sources.js';
import { Random } from '../test/helpers/random.js';
import { compare, log, type BenchRow, type Contender, type Pairing, type Settings } from './harness.js';
import { bitecsBoids, bitecsMovement, objectBoids, objectMovement, type Flock, type PeerSystem } from './systems-peers.js';

const SIZES = [10_000, 100_000, 1_000_000];
const SEED = 0x5eed_b01d;
const DT = 1 / 60;
/** Large enough that no sandboxed step here is interrupted: the benchmark measures it, whatever it takes. */
const SANDBOX_BUDGET_MS = 600_000;
/**
 * Where a sandboxed step takes seconds (see `sandboxApartFrom`), QuickJS is measured apart, beside the
 * WebAssembly subject only, with one calibration run and two timed rounds. Its boids step at 1M (minutes here)
 * is not run at all (see `sandboxUpTo`).
 */
/** At 1M entities one step of the slower contenders takes seconds here: one warm-up and three timed rounds. */
const LARGE = 1_000_000;
const LARGE_SETTINGS: Settings = { warmups: 1, runs: 3, minBatchMs: 0, scenes: { warmups: 0, runs: 0 } };
const CAPPED_SETTINGS: Settings = { warmups: 0, runs: 2, minBatchMs: 0, scenes: { warmups: 0, runs: 0 } };

const WASM = 'wasm system file';
const JS = 'js system file';
const QUICKJS = 'quickjs sandbox (copy in/out)';
const BITECS = 'bitecs 0.4';
const OBJECTS = 'plain objects';

/** One of the two systems: its kernel file, its sandbox source, its peers and the extra columns it needs. */
interface SystemCase {
  name: 'movement' | 'boids';
  wasm: string;
  kernel: (count: number, dt: number, slots: number, ...columns: number[]) => void;
  source: string;
  bitecs: (flock: Flock) => PeerSystem;
  objects: (flock: Flock) => PeerSystem;
  /** The count from which QuickJS is measured apart with CAPPED_SETTINGS. */
  sandboxApartFrom: number;
  /** The largest count QuickJS runs this system at in the benchmark. */
  sandboxUpTo: number;
  /** The largest count the plain-objects peer runs at. */
  objectsUpTo: number;
  /** Numbers per slot of the user columns the kernel takes after position and velocity. */
  scratchColumns: readonly number[];
  /** Where the flock starts: half the side of the cube. */
  half: (count: number) => number;
  targets: { js?: number; quickjs?: number; bitecs?: number };
  /** How far apart two contenders' states may be after one step, and the share of numbers allowed beyond. */
  tolerance: number;
  outliers: number;
}

const CASES: readonly SystemCase[] = [
  {
    name: 'movement', wasm: 'movement', kernel: movementFile.run as SystemCase['kernel'], source: MOVEMENT_SOURCE,
    bitecs: bitecsMovement, objects: objectMovement, sandboxApartFrom: 1_000_000, sandboxUpTo: 1_000_000, objectsUpTo: 1_000_000, scratchColumns: [], half: () => 50,
    targets: { quickjs: 10, bitecs: 1 }, tolerance: 1e-4, outliers: 0,
  },
  {
    name: 'boids', wasm: 'boids', kernel: boidsFile.run as SystemCase['kernel'], source: BOIDS_SOURCE,
    bitecs: bitecsBoids, objects: objectBoids, sandboxApartFrom: 10_000, sandboxUpTo: 100_000, objectsUpTo: 100_000, scratchColumns: [3, 1, 1], half: (count) => boidsFile.cellsPerSide(count) / 2,
    // f32 (WebAssembly) and f64 (JavaScript) arithmetic can put a neighbour on either side of the radius.
    targets: { js: 1.5, quickjs: 10 }, tolerance: 1e-3, outliers: 1e-3,
  },
];

function label(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
}

/** A seeded flock: positions uniform in the cube, velocities uniform in [-1, 1] per axis. */
function makeFlock(count: number, half: number, random: Random): Flock {
  const flock = { position: new Float32Array(count * 3), velocity: new Float32Array(count * 3) };
  for (let i = 0; i < count * 3; i++) {
    flock.position[i] = random.range(-half, half);
    flock.velocity[i] = random.range(-1, 1);
  }
  return flock;
}

/** Compiles build/systems/<name>.wasm over `memory`; its `run` is the kernel the engine calls. */
async function wasmKernel(name: string, memory: WebAssembly.Memory): Promise<SystemCase['kernel']> {
  const url = new URL(`../build/systems/${name}.wasm`, import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url.href} answered ${response.status}; run npm run build:systems`);
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {
    env: { memory, abort: () => { throw new Error(`${name}.wasm aborted`); } },
  });
  return instance.exports['run'] as SystemCase['kernel'];
}

/** The largest difference between two states, and how many numbers differ by more than `tolerance`. */
function difference(a: Flock, b: Flock, tolerance: number): { worst: number; beyond: number } {
  let worst = 0;
  let beyond = 0;
  for (const key of ['position', 'velocity'] as const) {
    for (let i = 0; i < a[key].length; i++) {
      const d = Math.abs(a[key][i]! - b[key][i]!);
      worst = Math.max(worst, d);
      if (!(d <= tolerance)) beyond++;
    }
  }
  return { worst, beyond };
}

async function systemCase(system: SystemCase, count: number, settings: Settings): Promise<BenchRow[]> {
  const name = `${system.name} ${label(count)}`;
  const flock = makeFlock(count, system.half(count), new Random(SEED + count));
  // About 230 bytes of columns per slot and 64 of user columns: 1 GiB with 40% for the scene holds 1M slots; the
  // command region must be able to pack them all, or slotAlloc refuses them.
  const walloc = await Walloc.create({ budget: count > 200_000 ? '1GiB' : '256MB', shares: { scene: 400, mesh: 25, command: 450, scratch: 100 } });
  const core = walloc.core;
  for (let i = 0; i < count; i++) {
    if (core.slotAlloc() >>> 0 !== i) throw new Error(`systems ${name}: slot ${i} did not fit`);
  }
  walloc.frameBegin();
  const list = walloc.frameAlloc('scratch', count * 4);
  if (list === 0 || core.selectSlots(0, 0, list) >>> 0 !== count) throw new Error(`systems ${name}: the slot list did not fit`);
  const scratch = system.scratchColumns.map((size) => core.userColumnAlloc(size) >>> 0);
  if (scratch.includes(0)) throw new Error(`systems ${name}: the scratch columns did not fit`);
  const columns = walloc.columns;
  const addresses = [columns.float.position.byteOffset, columns.float.velocity.byteOffset, ...scratch];
  const load = (): void => {
    walloc.columns.float.position.set(flock.position);
    walloc.columns.float.velocity.set(flock.velocity);
  };
  const read = (): Flock => ({
    position: walloc.columns.float.position.slice(0, count * 3), velocity: walloc.columns.float.velocity.slice(0, count * 3),
  });

  const wasm = await wasmKernel(system.wasm, walloc.memory);
  const a = addresses;
  const sandboxColumns: SandboxColumn[] = [
    { name: 'position', address: a[0]!, size: 3, type: 'f32', written: true },
    system.name === 'boids'
      ? { name: 'heading', address: a[1]!, size: 3, type: 'f32', written: true }
      : { name: 'velocity', address: a[1]!, size: 3, type: 'f32', written: false },
  ];
  const sandbox: SystemRunner | null = count <= system.sandboxUpTo
    ? await createQuickJsRunner(walloc, `bench-${system.name}`, system.source, sandboxColumns, SANDBOX_BUDGET_MS)
    : null;
  const contenders: Record<string, () => void> = {
    [WASM]: () => wasm(count, DT, list, a[0]!, a[1]!, a[2] ?? 0, a[3] ?? 0, a[4] ?? 0),
    [JS]: () => {
      bindSystemMemory(walloc.memory);
      system.kernel(count, DT, list, a[0]!, a[1]!, a[2] ?? 0, a[3] ?? 0, a[4] ?? 0);
    },
  };
  if (sandbox) contenders[QUICKJS] = () => sandbox.run(count, DT, list);
  else log(`systems ${name}: QuickJS not run (a step takes minutes here)`);

  // One step of each from the same start must agree before anything is timed.
  const results = new Map<string, Flock>();
  for (const [contender, step] of Object.entries(contenders)) {
    load();
    step();
    results.set(contender, read());
  }
  load();
  const peers: [string, (flock: Flock) => PeerSystem][] = [[BITECS, system.bitecs]];
  if (count <= system.objectsUpTo) peers.push([OBJECTS, system.objects]);
  else log(`systems ${name}: plain objects not run (a step takes minutes here)`);
  for (const [contender, make] of peers) {
    const peer = make(flock);
    const fresh = make(flock);
    fresh.step(DT);
    results.set(contender, fresh.read());
    contenders[contender] = () => peer.step(DT);
  }
  const reference = results.get(WASM)!;
  for (const [contender, result] of results) {
    if (contender === WASM) continue;
    const { worst, beyond } = difference(reference, result, system.tolerance);
    log(`systems ${name}: ${contender} after one step: largest difference ${worst.toExponential(2)}, ${beyond} of ${count * 6} numbers beyond ${system.tolerance}`);
    if (beyond > system.outliers * count * 6) throw new Error(`systems ${name}: ${contender} does not compute what the WebAssembly system does`);
  }

  const capped = count >= system.sandboxApartFrom;
  const timed: Contender[] = Object.entries(contenders)
    .filter(([contender]) => !(capped && contender === QUICKJS))
    .map(([contender, run]) => ({ name: contender, run }));
  const pairing = (peer: string, target: number | undefined): Pairing => ({ subject: WASM, peer, ...(target === undefined ? {} : { target }) });
  const rows = compare('systems', name, timed, [
    pairing(JS, system.targets.js), ...(capped ? [] : [pairing(QUICKJS, system.targets.quickjs)]),
    pairing(BITECS, system.targets.bitecs), ...(count <= system.objectsUpTo ? [pairing(OBJECTS, undefined)] : []),
  ], count >= LARGE ? { ...LARGE_SETTINGS, warmups: Math.min(settings.warmups, 1), runs: Math.min(settings.runs, 3) } : settings);
  if (sandbox && capped) {
    rows.push(...compare('systems', `${name} (QuickJS capped: ${CAPPED_SETTINGS.runs} runs)`, [
      { name: WASM, run: contenders[WASM]! }, { name: QUICKJS, run: contenders[QUICKJS]! },
    ], [pairing(QUICKJS, system.targets.quickjs)], CAPPED_SETTINGS));
  }
  sandbox?.dispose?.();
  return rows;
}

/** Every case of the systems benchmark, smallest first. */
export async function runSystemsBench(settings: Settings): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const system of CASES) {
    for (const count of SIZES) rows.push(...(await systemCase(system, count, settings)));
  }
  return rows;
}
