// Modules placed beside the core in a scene's memory (the feature kernels, the picking kernels): each is its own
// lazy chunk with its bytes inlined, compiled once per page, instantiated once per memory and attached to the
// layout the core made in it.

import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import { constant, type CoreExports, type SideModuleExports } from './exports.js';

/** How to have one kind of module beside the core. */
export interface SideModule<Exports extends SideModuleExports> {
  /** Named in errors: `the feature kernels`. */
  readonly what: string;
  /** The module's bytes, the build for shared memories when `shared` (a scene with workers). */
  bytes(shared: boolean): Promise<BufferSource>;
  /** Points an instance at the core's layout; returns where it finds the system region. */
  attach(exports: Exports): number;
}

/**
 * A loader for `module`: resolves to its instance over `walloc`'s memory, made the first time a scene asks and
 * shared by all its callers. Rejects with `WASM_UNAVAILABLE` when the module cannot be had or does not fit beside
 * the core (see attachBesideCore); a failure is not kept, so a later call tries again.
 */
export function sideModuleLoader<Exports extends SideModuleExports>(module: SideModule<Exports>): (walloc: Walloc) => Promise<Exports> {
  const compiled: { plain?: Promise<WebAssembly.Module>; shared?: Promise<WebAssembly.Module> } = {};
  const instances = new WeakMap<WebAssembly.Memory, Promise<Exports>>();
  const compile = (shared: boolean): Promise<WebAssembly.Module> => {
    const kind = shared ? 'shared' : 'plain';
    return (compiled[kind] ??= module.bytes(shared).then((source) => WebAssembly.compile(source)).catch((cause: unknown) => {
      compiled[kind] = undefined;
      throw cause;
    }));
  };
  const instantiate = async (walloc: Walloc): Promise<Exports> => {
    const shared = typeof SharedArrayBuffer !== 'undefined' && walloc.memory.buffer instanceof SharedArrayBuffer;
    const abort = (): never => {
      throw new LayerWError('MEMORY_CORRUPTED', `${module.what} hit an internal assertion`);
    };
    const instance = await WebAssembly.instantiate(await compile(shared), { env: { memory: walloc.memory, abort } });
    const exports = instance.exports as unknown as Exports;
    attachBesideCore(walloc.core, exports, module);
    return exports;
  };
  return (walloc) => {
    let loaded = instances.get(walloc.memory);
    if (!loaded) {
      loaded = instantiate(walloc).catch((cause: unknown) => {
        instances.delete(walloc.memory);
        throw cause instanceof LayerWError ? cause : new LayerWError('WASM_UNAVAILABLE', `${module.what} did not load: ${String(cause)}`, { cause });
      });
      instances.set(walloc.memory, loaded);
    }
    return loaded;
  };
}

/**
 * Points `exports` at the core's layout, after checking that the two modules can share the memory: the core's
 * static data ends at or below the module's first static address, the module's static data ends at or below the
 * system region, and both find the system region at the same address. Throws `WASM_UNAVAILABLE` naming the
 * addresses otherwise (a build whose memoryBase does not fit the core), before a kernel runs.
 */
export function attachBesideCore<Exports extends SideModuleExports>(core: CoreExports, exports: Exports, module: Pick<SideModule<Exports>, 'what' | 'attach'>): void {
  const coreEnd = core.staticEnd() >>> 0;
  const base = constant(exports, 'STATIC_BASE');
  const end = exports.staticEnd() >>> 0;
  const system = core.systemBase() >>> 0;
  if (coreEnd > base) {
    throw new LayerWError('WASM_UNAVAILABLE', `${module.what}' static data starts at ${base}, inside the core's (which ends at ${coreEnd})`);
  }
  if (end > system) {
    throw new LayerWError('WASM_UNAVAILABLE', `${module.what}' static data ends at ${end}, past the system region at ${system}`);
  }
  const attached = module.attach(exports) >>> 0;
  if (attached !== system) {
    throw new LayerWError('WASM_UNAVAILABLE', `${module.what} find the system region at ${attached}, the core at ${system}`);
  }
}
