// The renderer (pipelines, passes, shader text) is its own chunk in the package build: most of what draws a frame,
// and nothing the elements need before a device exists. A scene starts fetching it when it connects, so the
// download runs while the WebAssembly memory is made and the adapter is requested. The frame kernels
// (src/wasm/frame-kernels.ts) are in the same chunk (vite.config.ts): a scene needs both before its first frame.

import type { SceneRenderer } from '../gpu/scene-renderer.js';
import type { Walloc } from '../memory/walloc.js';
import type { FrameKernels } from '../wasm/exports.js';

/** The SceneRenderer class. */
export type SceneRendererClass = typeof SceneRenderer;

let loading: Promise<SceneRendererClass> | undefined;
let loaded: SceneRendererClass | undefined;

/** Starts loading the renderer's code once per page (again after a failure); resolves with its class. */
export function loadRenderer(): Promise<SceneRendererClass> {
  loading ??= import('../gpu/scene-renderer.js').then(
    (module) => (loaded = module.SceneRenderer),
    (cause: unknown) => {
      loading = undefined;
      throw cause;
    },
  );
  return loading;
}

/** The renderer's class once its code is loaded, so a device that arrives after it is used at once. */
export function loadedRenderer(): SceneRendererClass | undefined {
  return loaded;
}

/**
 * The frame kernels over `walloc`'s memory (movement to packing; the plain core leaves them out), from the
 * renderer's chunk: what a scene runs its frames with, and what code running kernels over a Walloc of its own calls
 * once before its first frame. Rejects with the chunk's import error or the kernels' `WASM_UNAVAILABLE`.
 */
export function loadFrameKernels(walloc: Walloc): Promise<FrameKernels> {
  return import('../wasm/frame-kernels.js').then(({ frameKernels }) => frameKernels(walloc));
}
