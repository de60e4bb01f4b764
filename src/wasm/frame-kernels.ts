// The frame kernels of a scene's memory (assembly/frame.ts). The plain core leaves them out, so the initial load
// does not carry them: they are a module beside it, inlined in the renderer's chunk in the package build, because
// a scene draws no frame before that chunk has arrived. The threaded core of a scene with workers holds them itself.

import type { Walloc } from '../memory/walloc.js';
import type { FrameKernelExports, FrameKernels } from './exports.js';
import { frameBytes } from './frame-bytes.js';
import { sideModuleLoader, type SideModule } from './side-module.js';

const FRAME: SideModule<FrameKernelExports> = {
  what: 'the frame kernels',
  // Only plain memories load the module: a shared one has the threaded core, which holds the kernels.
  bytes: () => frameBytes(),
  attach: (kernels) => kernels.attachFrameKernels(),
};

const besideCore: (walloc: Walloc) => Promise<FrameKernelExports> = sideModuleLoader(FRAME);

/**
 * The frame kernels over `walloc`'s memory: the core itself when it holds them (the threaded core), else the frame
 * kernels' module, instantiated the first time a scene asks and shared by all its callers. Rejects with
 * `WASM_UNAVAILABLE` when the module cannot be had or does not fit beside the core (see attachBesideCore).
 */
export function frameKernels(walloc: Walloc): Promise<FrameKernels> {
  const core = walloc.core as Partial<FrameKernels>;
  return core.cullSimd ? Promise.resolve(core as FrameKernels) : besideCore(walloc);
}
