// The picking kernels of a scene's memory (assembly/picking.ts): inlined in the pointer chunk of the package build,
// which a scene loads once its memory is ready. One instance per memory, attached to the layout the core made in it.

import type { Walloc } from '../memory/walloc.js';
import type { CoreExports, PickingExports } from './exports.js';
import { pickingBytes } from './picking-bytes.js';
import { attachBesideCore, sideModuleLoader, type SideModule } from './side-module.js';

const PICKING: SideModule<PickingExports> = {
  what: 'the picking kernels',
  // The build for shared memories is a chunk of its own, which only isolated pages with workers load.
  bytes: (shared) => (shared ? import('./picking-threads-bytes.js').then(({ pickingThreadsBytes }) => pickingThreadsBytes()) : pickingBytes()),
  attach: (kernels) => kernels.attachPicking(),
};

/**
 * The picking kernels over `walloc`'s memory, instantiated the first time a scene asks and shared by all its
 * callers; a shared memory gets the build for shared memories. Rejects with `WASM_UNAVAILABLE` when the kernels
 * cannot be had or do not fit beside the core (see attachPickingToCore).
 */
export const pickingKernels: (walloc: Walloc) => Promise<PickingExports> = sideModuleLoader(PICKING);

/** Points the picking kernels at the core's layout; throws `WASM_UNAVAILABLE` when they do not fit beside it. */
export function attachPickingToCore(core: CoreExports, kernels: PickingExports): void {
  attachBesideCore(core, kernels, PICKING);
}
