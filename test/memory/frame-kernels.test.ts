// The frame kernels (assembly/frame-kernels.ts) beside the plain core: the core no longer holds them, their static
// data sits between the core's and the feature and picking kernels' without overlapping either, all modules find
// the system region at the same address, a memory has one instance, and a core that would not fit is refused. The
// threaded core, which holds the kernels itself, is covered by the workers tests (test/workers/).
import { mat4 } from 'gl-matrix';
import { assert, assertEqual } from '../assert.js';
import { memoryWith, expectMisfitRefused, expectOneInstancePerMemory, expectPlacedBesideCore, expectSameSystemRegion } from '../helpers/side-module.js';
import { constant, type FrameKernelExports } from '../../src/wasm/exports.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import { pickingKernels } from '../../src/wasm/picking-kernels.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';
import { attachBesideCore } from '../../src/wasm/side-module.js';
import { loadFrameKernels } from '../../src/index.js';

/** The kernels every frame calls, which the plain core leaves to the frame kernels. */
const FRAME_FUNCTIONS = [
  'moveObjects', 'moveObjectsMicros', 'selectLod', 'updateTransforms', 'frustumPlanes', 'cullScalar', 'cullSimd',
  'splitTransparent', 'sortBackToFront', 'groupVisible', 'changedRanges', 'diffRange',
] as const;

describe('the frame kernels over a scene memory', () => {
  it('are not in the plain core, and the module beside it exports each of them', async () => {
    const { core, kernels } = await memoryWith(frameKernels, { budget: '8MB' });
    for (const name of FRAME_FUNCTIONS) {
      assert(!(name in core), `the plain core does not export ${name}`);
      assertEqual(typeof kernels[name], 'function', `the frame kernels export ${name}`);
    }
  });

  it('place their static data above the core\'s and apart from the feature and picking kernels\', below the system region', async () => {
    const { walloc, core, kernels } = await memoryWith(frameKernels, { budget: '8MB' });
    const frame = kernels as FrameKernelExports;
    expectPlacedBesideCore('the frame kernels', core, frame, {
      'the feature kernels': await featureKernels(walloc),
      'the picking kernels': await pickingKernels(walloc),
    });
    expectSameSystemRegion(core, frame.attachFrameKernels());
  });

  it('are instantiated once per memory, which the package\'s loadFrameKernels hands out too', async () => {
    await expectOneInstancePerMemory(frameKernels);
    const { walloc, kernels } = await memoryWith(frameKernels, { budget: '8MB' });
    assert((await loadFrameKernels(walloc)) === kernels, 'loadFrameKernels gives the same instance');
  });

  it('move, transform and cull a Walloc of one\'s own once loadFrameKernels has resolved', async () => {
    const { walloc, core, kernels } = await memoryWith(loadFrameKernels, { budget: '8MB' });
    const slot = walloc.allocSlot();
    const { float, uint } = walloc.columns;
    uint.flags[slot]! |= constant(core, 'FLAG_VISIBLE');
    float.velocity.set([2, 0, 0], slot * 3);
    core.updateMoving(slot);
    walloc.frameBegin();
    assertEqual(kernels.moveObjects(0.5) >>> 0, 1, 'one slot moved');
    kernels.updateTransforms(0);
    assertEqual(Array.from(float.world.subarray(slot * 16 + 12, slot * 16 + 15)).join(), '1,0,0', 'its world matrix follows');
    const matrix = walloc.frameAlloc('scratch', 64);
    const planes = walloc.frameAlloc('scratch', 96);
    const list = walloc.frameAlloc('scratch', 4);
    walloc.f32.set(mat4.perspectiveZO(mat4.create(), 1, 1, 0.1, 100), matrix >>> 2);
    float.position.set([0, 0, -5], slot * 3);
    core.updateMoving(slot);
    kernels.updateTransforms(1);
    kernels.frustumPlanes(matrix, planes);
    assertEqual(kernels.cullSimd(planes, list) >>> 0, 1, 'the slot in front of the camera is visible');
    walloc.frameEnd();
  });

  it('refuse with WASM_UNAVAILABLE a core whose static data reaches into theirs, or whose system region is elsewhere', async () => {
    const { core, kernels } = await memoryWith(frameKernels, { budget: '8MB' });
    await expectMisfitRefused(core, kernels as FrameKernelExports, (misfit, exports) => attachBesideCore(misfit, exports, {
      what: 'the frame kernels', attach: (attached) => attached.attachFrameKernels(),
    }));
  });
});
