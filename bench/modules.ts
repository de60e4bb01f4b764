// The bench-only WebAssembly modules (bench/assembly, built by `npm run build:bench-wasm`) and their exports.

/** build/bench-peers.wasm: WebAssembly peers. */
export interface PeersExports {
  copyBytes(dst: number, src: number, n: number): void;
}

/** build/bench-frame-alloc.wasm: the real WALLOC bump allocator driven from inside WebAssembly. */
export interface FrameAllocExports {
  readonly REGION_SCRATCH: WebAssembly.Global;
  readonly R_FAILURES: WebAssembly.Global;
  readonly STATUS_OK: WebAssembly.Global;
  readonly MAX_COUNT: WebAssembly.Global;
  wallocInit(totalPages: number, scenePermille: number, commandPermille: number, scratchPermille: number,
    meshPermille: number, ringDepth: number): number;
  regionStat(region: number, field: number): number;
  sizesAddress(): number;
  runFrameAllocs(sizes: number, count: number): number;
}

/** build/general-alloc.wasm: AssemblyScript's TLSF heap (the `minimal` runtime). */
export interface GeneralAllocExports {
  readonly MAX_COUNT: WebAssembly.Global;
  sizesAddress(): number;
  runHeapAllocs(sizes: number, count: number): number;
}

const URLS = {
  peers: new URL('../build/bench-peers.wasm', import.meta.url),
  frameAlloc: new URL('../build/bench-frame-alloc.wasm', import.meta.url),
  generalAlloc: new URL('../build/general-alloc.wasm', import.meta.url),
};

/** Compiles one bench module and instantiates it over `memory`. */
async function instantiate<T>(url: URL, memory: WebAssembly.Memory): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url.href} answered ${response.status}; run npm run build:bench-wasm`);
  const module = await WebAssembly.compile(await response.arrayBuffer());
  const env = {
    memory,
    abort: () => {
      throw new Error(`${url.pathname} aborted`);
    },
  };
  const instance = await WebAssembly.instantiate(module, { env });
  return instance.exports as unknown as T;
}

export function loadPeers(memory: WebAssembly.Memory): Promise<PeersExports> {
  return instantiate(URLS.peers, memory);
}

export function loadFrameAlloc(memory: WebAssembly.Memory): Promise<FrameAllocExports> {
  return instantiate(URLS.frameAlloc, memory);
}

export function loadGeneralAlloc(memory: WebAssembly.Memory): Promise<GeneralAllocExports> {
  return instantiate(URLS.generalAlloc, memory);
}

/** Reads an exported constant global as an unsigned number. */
export function global(value: WebAssembly.Global): number {
  return value.value >>> 0;
}
