// The feature kernels of a scene's memory: its own chunk in the package build (with the kernels inlined), which
// the tweens and animation chunks load the first time a scene uses them. One instance per memory, attached to
// the layout the core made in it.

import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { constant, type CoreExports, type FeatureExports } from './exports.js';
import { featuresBytes } from './features-bytes.js';

/** The compiled modules, once per page: the plain one and the one for shared memories. */
const compiled: { plain?: Promise<WebAssembly.Module>; shared?: Promise<WebAssembly.Module> } = {};
/** Instances by memory: every scene's memory has its own, made once and kept while the memory lives. */
const instances = new WeakMap<WebAssembly.Memory, Promise<FeatureExports>>();

/**
 * The feature kernels over `walloc`'s memory, instantiated the first time a scene asks and shared by all its
 * callers. A shared memory (a scene with workers) gets the build for shared memories, whose bytes are a chunk of
 * their own. Rejects with `WASM_UNAVAILABLE` when the kernels cannot be had or do not fit beside the core (see
 * attachToCore); a failure is not kept, so a later call tries again.
 */
export function featureKernels(walloc: Walloc): Promise<FeatureExports> {
  let kernels = instances.get(walloc.memory);
  if (!kernels) {
    kernels = instantiate(walloc).catch((cause: unknown) => {
      instances.delete(walloc.memory);
      throw cause instanceof LayerWError ? cause : new LayerWError('WASM_UNAVAILABLE', `the feature kernels did not load: ${String(cause)}`, { cause });
    });
    instances.set(walloc.memory, kernels);
  }
  return kernels;
}

async function instantiate(walloc: Walloc): Promise<FeatureExports> {
  const shared = typeof SharedArrayBuffer !== 'undefined' && walloc.memory.buffer instanceof SharedArrayBuffer;
  const module = await compiledKernels(shared);
  const instance = await WebAssembly.instantiate(module, { env: { memory: walloc.memory, abort: kernelAbort } });
  const kernels = instance.exports as unknown as FeatureExports;
  attachToCore(walloc.core, kernels);
  return kernels;
}

/** The kernels for plain or shared memories, compiled once per page; a failure is not kept. */
function compiledKernels(shared: boolean): Promise<WebAssembly.Module> {
  const kind = shared ? 'shared' : 'plain';
  return (compiled[kind] ??= kernelBytes(shared).then((source) => WebAssembly.compile(source)).catch((cause: unknown) => {
    compiled[kind] = undefined;
    throw cause;
  }));
}

/** The build for shared memories is a chunk of its own, which only isolated pages with workers load. */
function kernelBytes(shared: boolean): Promise<BufferSource> {
  return shared ? import('./features-threads-bytes.js').then(({ featuresThreadsBytes }) => featuresThreadsBytes()) : featuresBytes();
}

/**
 * Points the feature kernels at the core's layout, after checking that the two modules can share the memory:
 * the core's static data ends at or below the kernels' first static address, the kernels' static data ends at or
 * below the system region, and both find the system region at the same address. Throws `WASM_UNAVAILABLE`
 * naming the addresses otherwise (a build whose memoryBase does not fit the core), before a kernel runs.
 */
export function attachToCore(core: CoreExports, kernels: FeatureExports): void {
  const coreEnd = core.staticEnd() >>> 0;
  const base = constant(kernels, 'STATIC_BASE');
  const end = kernels.staticEnd() >>> 0;
  const system = core.systemBase() >>> 0;
  if (coreEnd > base) {
    throw new LayerWError('WASM_UNAVAILABLE', `the feature kernels' static data starts at ${base}, inside the core's (which ends at ${coreEnd})`);
  }
  if (end > system) {
    throw new LayerWError('WASM_UNAVAILABLE', `the feature kernels' static data ends at ${end}, past the system region at ${system}`);
  }
  const attached = kernels.attachFeatures() >>> 0;
  if (attached !== system) {
    throw new LayerWError('WASM_UNAVAILABLE', `the feature kernels find the system region at ${attached}, the core at ${system}`);
  }
}

function kernelAbort(): never {
  throw new LayerWError('MEMORY_CORRUPTED', 'the feature kernels hit an internal assertion');
}
