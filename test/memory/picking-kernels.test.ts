// The picking kernels (assembly/picking.ts) beside the core and the feature kernels over one memory: their static
// data sits between the core's and the system region without overlapping the feature kernels', all three modules
// find the system region at the same address, a memory has one instance, and a build that would not fit is refused.
import { expectMisfitRefused, expectOneInstancePerMemory, expectPlacedBesideCore, expectSameSystemRegion, memoryWith } from '../helpers/side-module.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import { attachPickingToCore, pickingKernels } from '../../src/wasm/picking-kernels.js';

describe('the picking kernels over a scene memory', () => {
  it('place their static data beside the core\'s and the feature kernels\', below the system region', async () => {
    const { walloc, core, kernels } = await memoryWith(pickingKernels, { budget: '8MB' });
    expectPlacedBesideCore('the picking kernels', core, kernels, { 'the feature kernels': await featureKernels(walloc) });
    expectSameSystemRegion(core, kernels.attachPicking());
  });

  it('are instantiated once per memory', async () => {
    await expectOneInstancePerMemory(pickingKernels);
  });

  it('refuse with WASM_UNAVAILABLE a core whose static data reaches into theirs, or whose system region is elsewhere', async () => {
    const { core, kernels } = await memoryWith(pickingKernels, { budget: '8MB' });
    await expectMisfitRefused(core, kernels, attachPickingToCore);
  });
});
