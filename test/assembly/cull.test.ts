import { mat4 } from 'gl-matrix';
import { assertDeepEqual, assertClose, assert } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { referenceCull, referencePlanes } from '../reference/kernels.js';
import { constant, type FrameKernels } from '../../src/wasm/exports.js';
import type { Walloc } from '../../src/memory/walloc.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

/** A random camera looking roughly at the origin, as a WebGPU (z in [0, 1]) view-projection. */
function randomViewProj(random: Random): mat4 {
  const projection = mat4.perspectiveZO(mat4.create(), random.range(0.5, 1.6), random.range(0.5, 2), random.range(0.05, 1), random.range(50, 500));
  const eye: [number, number, number] = [random.range(-20, 20), random.range(-20, 20), random.range(10, 40)];
  const view = mat4.lookAt(mat4.create(), eye, [random.range(-3, 3), random.range(-3, 3), 0], [0, 1, 0]);
  return mat4.multiply(mat4.create(), projection, view);
}

function writePlanes(walloc: Walloc, kernels: FrameKernels, viewProj: mat4): { planes: number; view: Float32Array } {
  const matrix = walloc.frameAlloc('scratch', 64);
  const planes = walloc.frameAlloc('scratch', 96);
  new Float32Array(walloc.memory.buffer, matrix, 16).set(viewProj);
  kernels.frustumPlanes(matrix, planes);
  return { planes, view: new Float32Array(walloc.memory.buffer, planes, 24) };
}

describe('frustum planes', () => {
  it('match the reference planes of random cameras and contain the points the camera sees', async () => {
    const { walloc, kernels } = await memoryWith(frameKernels);
    const random = new Random();
    for (let round = 0; round < 50; round++) {
      walloc.frameBegin();
      const viewProj = randomViewProj(random);
      const { view } = writePlanes(walloc, kernels, viewProj);
      const expected = referencePlanes(viewProj);
      for (let i = 0; i < 24; i++) {
        assertClose(view[i]!, expected[i >> 2]![i & 3]!, 1e-4 * Math.max(1, Math.abs(expected[i >> 2]![3]!)), `plane ${i >> 2} seed ${random.seed}`);
      }
      // A point inside the clip volume, taken back to world space, is on the inner side of every plane.
      const inverse = mat4.invert(mat4.create(), viewProj)!;
      const clip = [random.range(-0.9, 0.9), random.range(-0.9, 0.9), random.range(0.05, 0.95)];
      const world = [0, 1, 2].map((r) => inverse[r]! * clip[0]! + inverse[4 + r]! * clip[1]! + inverse[8 + r]! * clip[2]! + inverse[12 + r]!);
      const w = inverse[3]! * clip[0]! + inverse[7]! * clip[1]! + inverse[11]! * clip[2]! + inverse[15]!;
      for (let p = 0; p < 6; p++) {
        const d = (view[p * 4]! * world[0]! + view[p * 4 + 1]! * world[1]! + view[p * 4 + 2]! * world[2]!) / w + view[p * 4 + 3]!;
        assert(d > -1e-3, `inside point is outside plane ${p} by ${d}, seed ${random.seed}`);
      }
    }
  });
});

describe('frustum culling', () => {
  for (const path of ['cullScalar', 'cullSimd'] as const) {
    it(`${path} returns exactly the reference's visible slots for random spheres, flags and sizes`, async () => {
      const random = new Random();
      for (const size of testSizes(random)) {
        const { walloc, core, kernels } = await memoryWith(frameKernels);
        const alive = constant(core, 'FLAG_ALIVE');
        const visible = constant(core, 'FLAG_VISIBLE');
        allocSlots(walloc, size);
        // Free a few slots so the cull sees holes, as after elements are removed.
        for (let s = 0; s < size; s++) if (random.next() < 0.1) core.slotFree(s);
        const { float, uint } = walloc.columns;
        for (let s = 0; s < size; s++) {
          float.boundsX[s] = random.range(-60, 60);
          float.boundsY[s] = random.range(-60, 60);
          float.boundsZ[s] = random.range(-80, 20);
          float.boundsR[s] = random.range(0, 4);
          if (uint.flags[s]! & alive && random.next() < 0.15) uint.flags[s]! &= ~visible;
        }
        walloc.frameBegin();
        const { planes, view } = writePlanes(walloc, kernels, randomViewProj(random));
        const out = walloc.frameAlloc('scratch', Math.max(size, 1) * 4);
        const count = kernels[path](planes, out) >>> 0;
        const got = Array.from(new Uint32Array(walloc.memory.buffer, out, count));
        const expected = referenceCull(view, float.boundsX, float.boundsY, float.boundsZ, float.boundsR, uint.flags, size, alive | visible);
        assertDeepEqual(got, expected, `${path}, ${size} slots, seed ${random.seed}`);
      }
    });
  }

  it('sees about half of spheres scattered around the view, so the test inputs are not trivial', async () => {
    const random = new Random();
    const { walloc, kernels } = await memoryWith(frameKernels);
    const size = 4000;
    allocSlots(walloc, size);
    const { float } = walloc.columns;
    for (let s = 0; s < size; s++) {
      float.boundsX[s] = random.range(-60, 60);
      float.boundsY[s] = random.range(-60, 60);
      float.boundsZ[s] = random.range(-80, 20);
      float.boundsR[s] = random.range(0, 4);
    }
    walloc.frameBegin();
    const viewProj = mat4.multiply(mat4.create(), mat4.perspectiveZO(mat4.create(), 1.2, 1, 0.1, 200), mat4.lookAt(mat4.create(), [0, 0, 30], [0, 0, 0], [0, 1, 0]));
    const { planes } = writePlanes(walloc, kernels, viewProj);
    const out = walloc.frameAlloc('scratch', size * 4);
    const count = kernels.cullSimd(planes, out) >>> 0;
    assert(count > size * 0.1 && count < size * 0.9, `visible ${count} of ${size}, seed ${random.seed}`);
  });
});
