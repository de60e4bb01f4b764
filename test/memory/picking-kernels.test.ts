// The picking kernels (assembly/picking.ts) beside the core and the feature kernels over one memory: their static
// data sits between the core's and the system region without overlapping the feature kernels', all three modules
// find the system region at the same address, a memory has one instance, and a build that would not fit is refused.
import { assert, assertEqual } from '../assert.js';
import { createWalloc, expectError } from '../helpers/core.js';
import { constant } from '../../src/wasm/exports.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import { attachPickingToCore, pickingKernels } from '../../src/wasm/picking-kernels.js';

describe('the picking kernels over a scene memory', () => {
  it('place their static data beside the core\'s and the feature kernels\', below the system region', async () => {
    const walloc = await createWalloc({ budget: '8MB' });
    const core = walloc.core;
    const picking = await pickingKernels(walloc);
    const features = await featureKernels(walloc);
    const system = core.systemBase() >>> 0;
    const base = constant(picking, 'STATIC_BASE');
    const end = picking.staticEnd() >>> 0;
    assert((core.staticEnd() >>> 0) <= base, `the core's static data ends at ${core.staticEnd() >>> 0}, the picking kernels' starts at ${base}`);
    assert(end > base, 'the picking kernels have static data of their own');
    assert(end <= system, `the picking kernels' static data ends at ${end}, below the system region at ${system}`);
    const featuresBase = constant(features, 'STATIC_BASE');
    const featuresEnd = features.staticEnd() >>> 0;
    assert(featuresEnd <= base || end <= featuresBase, `the picking kernels' ${base}…${end} and the feature kernels' ${featuresBase}…${featuresEnd} do not overlap`);
    assertEqual(picking.attachPicking() >>> 0, system, 'both modules find the system region at the same address');
  });

  it('are instantiated once per memory', async () => {
    const first = await createWalloc({ budget: '8MB' });
    const second = await createWalloc({ budget: '8MB' });
    const kernels = await pickingKernels(first);
    assert((await pickingKernels(first)) === kernels, 'the same memory gets the same instance');
    assert((await pickingKernels(second)) !== kernels, 'another memory gets its own');
  });

  it('refuse with WASM_UNAVAILABLE a core whose static data reaches into theirs, or whose system region is elsewhere', async () => {
    const walloc = await createWalloc({ budget: '8MB' });
    const core = walloc.core;
    const kernels = await pickingKernels(walloc);
    const base = constant(kernels, 'STATIC_BASE');
    const overlapping = await expectError(() => attachPickingToCore({ ...core, staticEnd: () => base + 16 }, kernels), 'WASM_UNAVAILABLE');
    assert(overlapping.message.includes(`${base}`), overlapping.message);
    const elsewhere = (core.systemBase() >>> 0) * 2;
    const moved = await expectError(() => attachPickingToCore({ ...core, systemBase: () => elsewhere }, kernels), 'WASM_UNAVAILABLE');
    assert(moved.message.includes(`${elsewhere}`), moved.message);
  });
});
