import { assert, assertClose, assertEqual } from '../assert.js';
import { allocSlots } from '../helpers/core.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random, testSizes } from '../helpers/random.js';
import { referenceMove } from '../reference/kernels.js';
import { constant } from '../../src/wasm/exports.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

describe('movement', () => {
  it('moves and spins exactly the slots with a velocity or spin like the gl-matrix reference', async () => {
    await checkMovement(0.001, 0.1);
  });

  it('turns large steps (half-angles over several quadrants) like the reference', async () => {
    await checkMovement(0.4, 2);
  });

  /** Random slots (some still, some only spinning, one freed) moved by one step of `minDt` to `maxDt` seconds. */
  async function checkMovement(minDt: number, maxDt: number): Promise<void> {
    const random = new Random();
    for (const size of testSizes(random)) {
      const { walloc, core, kernels } = await memoryWith(frameKernels);
      const moving = constant(core, 'FLAG_MOVING');
      const dirty = constant(core, 'FLAG_DIRTY');
      const slots = allocSlots(walloc, size);
      const { float, uint } = walloc.columns;
      let flagged = 0;
      for (const s of slots) {
        float.position.set([random.range(-50, 50), random.range(-50, 50), random.range(-50, 50)], s * 3);
        float.rotation.set(random.quaternion(), s * 4);
        // A slot moves when its velocity or spin is not zero: 30% stand still, some others only spin.
        const still = random.next() < 0.3;
        const velocity = still || random.next() < 0.2 ? [0, 0, 0] : [random.range(-5, 5), random.range(-5, 5), random.range(-5, 5)];
        const spins = still || random.next() < 0.3 ? [0, 0, 0] : [random.range(-360, 360), random.range(-360, 360), random.range(-360, 360)];
        float.velocity.set(velocity, s * 3);
        float.spin.set(spins, s * 3);
        const moves = core.updateMoving(s) !== 0;
        assertEqual(moves, [...velocity, ...spins].some((v) => v !== 0), `slot ${s} moves, seed ${random.seed}`);
        assertEqual((uint.flags[s]! & moving) !== 0, moves, `slot ${s} MOVING flag, seed ${random.seed}`);
        uint.flags[s] = uint.flags[s]! & ~dirty;
        if (moves) flagged++;
      }
      if (size > 2) core.slotFree(slots[1]!);
      const dt = random.range(minDt, maxDt);
      const position = float.position.slice(0, size * 3);
      const rotation = float.rotation.slice(0, size * 4);
      const flags = uint.flags.slice(0, size);
      referenceMove(position, rotation, float.velocity, float.spin, flags, size, dt, {
        alive: constant(core, 'FLAG_ALIVE'), visible: constant(core, 'FLAG_VISIBLE'), moving,
      });
      const moved = kernels.moveObjects(dt) >>> 0;
      const expectedMoved = Array.from(flags).filter((f) => (f & (moving | constant(core, 'FLAG_ALIVE'))) === (moving | constant(core, 'FLAG_ALIVE'))).length;
      assertEqual(moved, expectedMoved, `moved count (${flagged} flagged), seed ${random.seed}`);
      for (let i = 0; i < size * 3; i++) assertClose(float.position[i]!, position[i]!, 1e-4, `position[${i}], seed ${random.seed}`);
      for (let i = 0; i < size * 4; i++) assertClose(float.rotation[i]!, rotation[i]!, 2e-6 * 4, `rotation[${i}], seed ${random.seed}`);
      for (let s = 0; s < size; s++) {
        const wasMoving = (flags[s]! & moving) !== 0 && (flags[s]! & constant(core, 'FLAG_ALIVE')) !== 0;
        assertEqual((uint.flags[s]! & dirty) !== 0, wasMoving, `slot ${s} dirty flag, seed ${random.seed}`);
      }
    }
  }

  it('spins by angles of many turns, negative and huge ones included, like the gl-matrix reference', async () => {
    const random = new Random();
    const { walloc, core, kernels } = await memoryWith(frameKernels);
    const bits = { alive: constant(core, 'FLAG_ALIVE'), visible: constant(core, 'FLAG_VISIBLE'), moving: constant(core, 'FLAG_MOVING') };
    const size = 64;
    const slots = allocSlots(walloc, size);
    const { float, uint } = walloc.columns;
    // Whole degrees up to 2^24 and a step of a power of two keep spin * dt exact in f32, as in the reference.
    const whole = (limit: number) => Math.round(random.range(-limit, limit));
    for (const s of slots) {
      const limit = [360, 10_000, 2 ** 24][s % 3]!;
      float.rotation.set(random.quaternion(), s * 4);
      float.spin.set([whole(limit), whole(limit), whole(limit)], s * 3);
      core.updateMoving(s);
    }
    for (const dt of [1, 0.5, 4]) {
      const rotation = float.rotation.slice(0, size * 4);
      referenceMove(float.position.slice(0, size * 3), rotation, float.velocity, float.spin, uint.flags.slice(0, size), size, dt, bits);
      kernels.moveObjects(dt);
      for (let i = 0; i < size * 4; i++) assertClose(float.rotation[i]!, rotation[i]!, 2e-6 * 4, `rotation[${i}], dt ${dt}, seed ${random.seed}`);
    }
  });

  it('drops a slot from the moving list when its velocity and spin become zero', async () => {
    const { walloc, core, kernels } = await memoryWith(frameKernels);
    const [a, b, c] = allocSlots(walloc, 3) as [number, number, number];
    const { float, uint } = walloc.columns;
    for (const s of [a, b, c]) {
      float.velocity.set([1, 2, 3], s * 3);
      core.updateMoving(s);
    }
    float.spin.set([0, 90, 0], b * 3);
    core.updateMoving(b);
    assertEqual(kernels.moveObjects(0.5) >>> 0, 3, 'three slots move');
    float.velocity.set([0, 0, 0], b * 3);
    assertEqual(core.updateMoving(b), 1, 'a slot that still spins keeps moving');
    float.spin.set([0, 0, 0], b * 3);
    assertEqual(core.updateMoving(b), 0, 'no velocity and no spin: not moving');
    assertEqual(uint.flags[b]! & constant(core, 'FLAG_MOVING'), 0, 'MOVING flag cleared');
    const before = Array.from(float.position.subarray(b * 3, b * 3 + 3));
    assertEqual(kernels.moveObjects(0.5) >>> 0, 2, 'two slots move');
    for (let k = 0; k < 3; k++) assertEqual(float.position[b * 3 + k]!, before[k]!, `slot ${b} stays, position[${k}]`);
    assertClose(float.position[c * 3 + 2]!, 3, 1e-6, 'the slot listed after it still moves');
  });

  it('takes a removed slot out of the moving list and the dirty bitset; its reuse moves once per frame', async () => {
    const { walloc, core, kernels } = await memoryWith(frameKernels);
    const [a, b] = allocSlots(walloc, 2) as [number, number];
    const { float, uint } = walloc.columns;
    for (const s of [a, b]) {
      float.velocity.set([1, 0, 0], s * 3);
      core.updateMoving(s);
    }
    walloc.frameBegin();
    kernels.updateTransforms(0);
    assertEqual(kernels.moveObjects(1) >>> 0, 2, 'both move');
    assert((uint.dirtyBits[a >>> 5]! & (1 << (a & 31))) !== 0, 'moving marked it in the dirty bitset');
    core.slotFree(a);
    assertEqual(uint.dirtyBits[a >>> 5]! & (1 << (a & 31)), 0, 'freeing clears its dirty bit');
    assertEqual(kernels.moveObjects(1) >>> 0, 1, 'only the live slot moves');
    walloc.frameBegin();
    assertEqual(kernels.updateTransforms(0) >>> 0, 1, 'only the live slot is recomputed');
    const reused = core.slotAlloc() >>> 0;
    assertEqual(reused, a, 'the freed slot is handed out again');
    assertEqual(kernels.moveObjects(1) >>> 0, 1, 'the new occupant does not inherit the old one\'s movement');
    float.velocity.set([0, 2, 0], reused * 3);
    core.updateMoving(reused);
    core.updateMoving(reused);
    assertEqual(kernels.moveObjects(1) >>> 0, 2, 'listed once, however often it is told it moves');
    assertClose(float.position[reused * 3 + 1]!, 2, 1e-6, 'moved once by velocity * dt');
  });
});
