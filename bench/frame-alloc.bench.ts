// One frame of 10k short-lived allocations of 16 to 256 bytes, then the frame is over.
// Subject: WALLOC's scratch bump allocator (frameBegin + frameAlloc), driven from a loop inside WebAssembly.
// Peers: AssemblyScript's TLSF heap (alloc each, then free each), also inside WebAssembly, and JavaScript
// `new Float32Array` per allocation with the references dropped at the end. An extra row calls the real
// `Walloc.frameAlloc` from JavaScript, call boundary included.

import { Walloc } from '../src/memory/walloc.js';
import { Random } from '../test/helpers/random.js';
import { compare, log, type BenchRow, type Contender, type Settings } from './harness.js';
import { global, loadFrameAlloc, loadGeneralAlloc } from './modules.js';

const COUNT = 10_000;
const SEED = 0xf4a3_a110;
const WASM_PAGE = 65536;
/** Memory of the in-WebAssembly WALLOC: 32 MiB, 20% of it scratch, far more than one frame's 2.5 MB. */
const WALLOC_PAGES = 512;
/** Memory the TLSF heap starts with; it grows it itself if it must. */
const HEAP_PAGES = 64;

/** Sizes in bytes, multiples of 4 (so `new Float32Array(size / 4)` asks for the same bytes) from 16 to 256. */
function makeSizes(random: Random): Uint32Array {
  const sizes = new Uint32Array(COUNT);
  for (let i = 0; i < COUNT; i++) sizes[i] = 4 * random.int(4, 64);
  return sizes;
}

/** The frame-alloc cases. Called once by the bench page. */
export async function runFrameAllocBench(settings: Settings): Promise<BenchRow[]> {
  const sizes = makeSizes(new Random(SEED));

  const wallocMemory = new WebAssembly.Memory({ initial: WALLOC_PAGES });
  const frame = await loadFrameAlloc(wallocMemory);
  if (COUNT > global(frame.MAX_COUNT)) throw new Error('frame-alloc: the driver holds too few sizes');
  const status = frame.wallocInit(WALLOC_PAGES, 50, 50, 200, 50, 3) >>> 0;
  if (status !== global(frame.STATUS_OK)) throw new Error(`frame-alloc: wallocInit answered ${status}`);
  const frameSizes = frame.sizesAddress() >>> 0;
  new Uint32Array(wallocMemory.buffer, frameSizes, COUNT).set(sizes);

  const heapMemory = new WebAssembly.Memory({ initial: HEAP_PAGES, maximum: 1024 });
  const heap = await loadGeneralAlloc(heapMemory);
  const heapSizes = heap.sizesAddress() >>> 0;
  new Uint32Array(heapMemory.buffer, heapSizes, COUNT).set(sizes);

  const walloc = await Walloc.create({ budget: '64MB', shares: { scratch: 100 } });

  const arrays: (Float32Array | null)[] = new Array<Float32Array | null>(COUNT).fill(null);
  let frameMix = 0;
  let heapMix = 0;
  let jsCalledMix = 0;
  let floats = 0;

  const contenders: Contender[] = [
    { name: 'layerw frameAlloc (in wasm)', run: () => { frameMix = frame.runFrameAllocs(frameSizes, COUNT) >>> 0; } },
    { name: 'as-tlsf heap.alloc+free (in wasm)', run: () => { heapMix = heap.runHeapAllocs(heapSizes, COUNT) >>> 0; } },
    {
      name: 'layerw walloc.frameAlloc (JS calls)',
      run: () => {
        walloc.frameBegin();
        let mix = 0;
        for (let i = 0; i < COUNT; i++) mix ^= walloc.frameAlloc('scratch', sizes[i]!);
        jsCalledMix = mix;
      },
    },
    {
      name: 'js new Float32Array',
      run: () => {
        for (let i = 0; i < COUNT; i++) arrays[i] = new Float32Array(sizes[i]! >> 2);
        floats = arrays[COUNT - 1]!.length;
        arrays.fill(null);
      },
    },
  ];
  for (const contender of contenders) contender.run();
  if (frameMix === 0 || heapMix === 0 || jsCalledMix === 0 || floats === 0) {
    throw new Error(`frame-alloc: an allocation failed (walloc ${frameMix}, tlsf ${heapMix}, JS-called ${jsCalledMix})`);
  }

  const rows = compare('frame-alloc', '10k allocs', contenders, [
    { subject: 'layerw frameAlloc (in wasm)', peer: 'as-tlsf heap.alloc+free (in wasm)', target: 10 },
    { subject: 'layerw frameAlloc (in wasm)', peer: 'js new Float32Array', target: 10 },
    { subject: 'layerw walloc.frameAlloc (JS calls)', peer: 'js new Float32Array', case: '10k allocs, JS-called (extra)' },
  ], settings);
  const failures = frame.regionStat(global(frame.REGION_SCRATCH), global(frame.R_FAILURES)) >>> 0;
  if (failures !== 0 || walloc.regionStats('scratch').failures !== 0) {
    throw new Error(`frame-alloc: scratch allocations failed while timing`);
  }
  if (heapMemory.buffer.byteLength > HEAP_PAGES * WASM_PAGE) {
    log(`frame-alloc: the TLSF heap grew to ${heapMemory.buffer.byteLength / WASM_PAGE} pages`);
  }
  return rows;
}
