// The feature kernels (assembly/features.ts) beside the core over one memory: their static data sits between the
// core's and the system region, both modules find the system region at the same address, a memory has one
// instance of them, and a build that would not fit is refused before any kernel runs.
import { assert, assertEqual } from '../assert.js';
import { createWalloc, expectError } from '../helpers/core.js';
import { constant } from '../../src/wasm/exports.js';
import { attachToCore, featureKernels } from '../../src/wasm/feature-kernels.js';

describe('the feature kernels over a scene memory', () => {
  it('place their static data between the core\'s and the system region, and find the system region where the core put it', async () => {
    const walloc = await createWalloc({ budget: '8MB' });
    const core = walloc.core;
    const kernels = await featureKernels(walloc);
    const system = core.systemBase() >>> 0;
    const base = constant(kernels, 'STATIC_BASE');
    assert(system > 0, 'the core laid the memory out');
    assert((core.staticEnd() >>> 0) <= base, `the core's static data ends at ${core.staticEnd() >>> 0}, the kernels' starts at ${base}`);
    assert((kernels.staticEnd() >>> 0) > base, 'the kernels have static data of their own');
    assert((kernels.staticEnd() >>> 0) <= system, `the kernels' static data ends at ${kernels.staticEnd() >>> 0}, below the system region at ${system}`);
    assertEqual(kernels.attachFeatures() >>> 0, system, 'both modules find the system region at the same address');
    assertEqual(walloc.regionBounds('system').base, system, 'the system region the core reports');
  });

  it('are instantiated once per memory', async () => {
    const first = await createWalloc({ budget: '8MB' });
    const second = await createWalloc({ budget: '8MB' });
    const kernels = await featureKernels(first);
    assert((await featureKernels(first)) === kernels, 'the same memory gets the same instance');
    assert((await featureKernels(second)) !== kernels, 'another memory gets its own');
  });

  it('refuse with WASM_UNAVAILABLE a core whose static data reaches into theirs, or whose system region is elsewhere', async () => {
    const walloc = await createWalloc({ budget: '8MB' });
    const core = walloc.core;
    const kernels = await featureKernels(walloc);
    const base = constant(kernels, 'STATIC_BASE');
    const overlapping = await expectError(() => attachToCore({ ...core, staticEnd: () => base + 16 }, kernels), 'WASM_UNAVAILABLE');
    assert(overlapping.message.includes(`${base}`), overlapping.message);
    const elsewhere = (core.systemBase() >>> 0) * 2;
    const moved = await expectError(() => attachToCore({ ...core, systemBase: () => elsewhere }, kernels), 'WASM_UNAVAILABLE');
    assert(moved.message.includes(`${elsewhere}`), moved.message);
    const below = await expectError(() => attachToCore({ ...core, systemBase: () => base }, kernels), 'WASM_UNAVAILABLE');
    assert(below.message.includes('past the system region'), below.message);
  });
});
