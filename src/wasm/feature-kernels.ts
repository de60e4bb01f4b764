// The feature kernels of a scene's memory: its own chunk in the package build (with the kernels inlined), which
// the tweens and animation chunks load the first time a scene uses them. One instance per memory, attached to
// the layout the core made in it.

import type { Walloc } from '../memory/walloc.js';
import type { CoreExports, FeatureExports } from './exports.js';
import { featuresBytes } from './features-bytes.js';
import { attachBesideCore, sideModuleLoader, type SideModule } from './side-module.js';

const FEATURES: SideModule<FeatureExports> = {
  what: 'the feature kernels',
  // The build for shared memories is a chunk of its own, which only isolated pages with workers load.
  bytes: (shared) => (shared ? import('./features-threads-bytes.js').then(({ featuresThreadsBytes }) => featuresThreadsBytes()) : featuresBytes()),
  attach: (kernels) => kernels.attachFeatures(),
};

/**
 * The feature kernels over `walloc`'s memory, instantiated the first time a scene asks and shared by all its
 * callers. A shared memory (a scene with workers) gets the build for shared memories. Rejects with
 * `WASM_UNAVAILABLE` when the kernels cannot be had or do not fit beside the core (see attachToCore).
 */
export const featureKernels: (walloc: Walloc) => Promise<FeatureExports> = sideModuleLoader(FEATURES);

/** Points the feature kernels at the core's layout; throws `WASM_UNAVAILABLE` when they do not fit beside it. */
export function attachToCore(core: CoreExports, kernels: FeatureExports): void {
  attachBesideCore(core, kernels, FEATURES);
}
