import { assertClose, assertEqual } from '../assert.js';
import { createWalloc, allocSlots } from '../helpers/core.js';
import { Random, testSizes } from '../helpers/random.js';
import { referenceMove } from '../reference/kernels.js';
import { constant } from '../../src/wasm/exports.js';

describe('movement', () => {
  it('moves and spins exactly the flagged slots like the gl-matrix reference', async () => {
    const random = new Random();
    for (const size of testSizes(random)) {
      const walloc = await createWalloc();
      const core = walloc.core;
      const moving = constant(core, 'FLAG_MOVING');
      const dirty = constant(core, 'FLAG_DIRTY');
      const slots = allocSlots(walloc, size);
      const { float, uint } = walloc.columns;
      let flagged = 0;
      for (const s of slots) {
        float.position.set([random.range(-50, 50), random.range(-50, 50), random.range(-50, 50)], s * 3);
        float.rotation.set(random.quaternion(), s * 4);
        float.velocity.set([random.range(-5, 5), random.range(-5, 5), random.range(-5, 5)], s * 3);
        const spins = random.next() < 0.3 ? [0, 0, 0] : [random.range(-360, 360), random.range(-360, 360), random.range(-360, 360)];
        float.spin.set(spins, s * 3);
        uint.flags[s] = uint.flags[s]! & ~dirty;
        if (random.next() < 0.7) {
          uint.flags[s]! |= moving;
          flagged++;
        }
      }
      if (size > 2) core.slotFree(slots[1]!);
      const dt = random.range(0.001, 0.1);
      const position = float.position.slice(0, size * 3);
      const rotation = float.rotation.slice(0, size * 4);
      const flags = uint.flags.slice(0, size);
      referenceMove(position, rotation, float.velocity, float.spin, flags, size, dt, {
        alive: constant(core, 'FLAG_ALIVE'), visible: constant(core, 'FLAG_VISIBLE'), moving,
      });
      const moved = core.moveObjects(dt) >>> 0;
      const expectedMoved = Array.from(flags).filter((f) => (f & (moving | constant(core, 'FLAG_ALIVE'))) === (moving | constant(core, 'FLAG_ALIVE'))).length;
      assertEqual(moved, expectedMoved, `moved count (${flagged} flagged), seed ${random.seed}`);
      for (let i = 0; i < size * 3; i++) assertClose(float.position[i]!, position[i]!, 1e-4, `position[${i}], seed ${random.seed}`);
      for (let i = 0; i < size * 4; i++) assertClose(float.rotation[i]!, rotation[i]!, 2e-6 * 4, `rotation[${i}], seed ${random.seed}`);
      for (let s = 0; s < size; s++) {
        const wasMoving = (flags[s]! & moving) !== 0 && (flags[s]! & constant(core, 'FLAG_ALIVE')) !== 0;
        assertEqual((uint.flags[s]! & dirty) !== 0, wasMoving, `slot ${s} dirty flag, seed ${random.seed}`);
      }
    }
  });
});
