// The feature kernels (assembly/features.ts) beside the core over one memory: their static data sits between the
// core's and the system region, both modules find the system region at the same address, a memory has one
// instance of them, and a build that would not fit is refused before any kernel runs.
import { assertEqual } from '../assert.js';
import { expectMisfitRefused, expectOneInstancePerMemory, expectPlacedBesideCore, expectSameSystemRegion, memoryWith } from '../helpers/side-module.js';
import { attachToCore, featureKernels } from '../../src/wasm/feature-kernels.js';

describe('the feature kernels over a scene memory', () => {
  it('place their static data between the core\'s and the system region, and find the system region where the core put it', async () => {
    const { walloc, core, kernels } = await memoryWith(featureKernels, { budget: '8MB' });
    expectPlacedBesideCore('the feature kernels', core, kernels);
    expectSameSystemRegion(core, kernels.attachFeatures());
    assertEqual(walloc.regionBounds('system').base, core.systemBase() >>> 0, 'the system region the core reports');
  });

  it('are instantiated once per memory', async () => {
    await expectOneInstancePerMemory(featureKernels);
  });

  it('refuse with WASM_UNAVAILABLE a core whose static data reaches into theirs, or whose system region is elsewhere', async () => {
    const { core, kernels } = await memoryWith(featureKernels, { budget: '8MB' });
    await expectMisfitRefused(core, kernels, attachToCore);
  });
});
