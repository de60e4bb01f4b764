import { assert, assertEqual } from '../assert.js';
import { createWalloc } from '../helpers/core.js';
import { constant } from '../../src/wasm/exports.js';
import { REGION_NAMES, type Walloc } from '../../src/memory/walloc.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

const MiB = 1024 * 1024;

/** A slot's recognisable position: three numbers no other slot has. */
function mark(slot: number): [number, number, number] {
  return [slot + 0.25, -slot, slot * 2 + 1];
}

function fillBlock(walloc: Walloc, handle: number, bytes: number, seed: number): void {
  const at = walloc.blockAddress(handle);
  const view = walloc.bytes.subarray(at, at + bytes);
  for (let i = 0; i < bytes; i++) view[i] = (i * 31 + seed) & 0xff;
}

function blockIntact(walloc: Walloc, handle: number, bytes: number, seed: number): boolean {
  const at = walloc.blockAddress(handle);
  if (at === 0) return false;
  const view = walloc.bytes.subarray(at, at + bytes);
  for (let i = 0; i < bytes; i++) if (view[i] !== ((i * 31 + seed) & 0xff)) return false;
  return true;
}

/** Regions in address order, each ending (guard included) where the next begins, the last at the memory's end. */
function assertLayout(walloc: Walloc): void {
  let end = walloc.regionBounds('scene').base;
  for (const name of REGION_NAMES.slice(1)) {
    const { base, capacity } = walloc.regionBounds(name);
    assertEqual(base, end, `${name} starts where the region before it ends`);
    end = base + capacity + constant(walloc.core, 'GUARD_BYTES');
  }
  assertEqual(end, walloc.reservedBytes, 'the texture region ends at the end of the memory');
  walloc.checkGuards();
}

describe('WALLOC growth', () => {
  it('starts at its budget and, with a limit, grows the slot columns past their first capacity, keeping every value', async () => {
    const walloc = await createWalloc({ budget: '4MiB', limit: 64 * MiB });
    assertEqual(walloc.reservedBytes, 4 * MiB);
    const core = walloc.core;
    const noSlot = constant(core, 'NO_SLOT');
    const first = walloc.columns.capacity;
    const meshBytes = 100_000;
    const textureBytes = 50_000;
    const mesh = walloc.allocBlock('mesh', meshBytes, 1);
    const texture = walloc.allocBlock('texture', textureBytes, 1);
    fillBlock(walloc, mesh, meshBytes, 7);
    fillBlock(walloc, texture, textureBytes, 11);
    const user = core.userColumnAlloc(2) >>> 0;
    assert(user !== 0, 'a user column is placed');
    // The feature and frame kernels are attached before the growth and read the same memory after it: they cache
    // nothing.
    const kernels = await featureKernels(walloc);
    const frame = await frameKernels(walloc);
    const tween = kernels.tweenAlloc() >>> 0;
    const tweensBefore = kernels.tweenCapacity() >>> 0;

    const count = first * 5 + 3;
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      const slot = walloc.allocSlot();
      assert(slot !== noSlot, `slot ${i} of ${count} (first capacity ${first})`);
      slots.push(slot);
      walloc.columns.float.position.set(mark(slot), slot * 3);
      walloc.f32[(core.userColumnAddress(0) >>> 2) + slot * 2 + 1] = slot;
    }
    assert(walloc.columns.capacity >= count, `capacity ${walloc.columns.capacity} holds ${count}`);
    assert(walloc.layout >= 2, `laid out again ${walloc.layout} times`);
    assert(walloc.reservedBytes < 64 * MiB, `${walloc.reservedBytes / MiB} MiB`);
    assertLayout(walloc);

    const position = walloc.columns.float.position;
    for (const slot of slots) {
      assertEqual(Array.from(position.subarray(slot * 3, slot * 3 + 3)).join(), mark(slot).join(), `slot ${slot} kept its position`);
    }
    const userAt = core.userColumnAddress(0) >>> 2;
    assert(userAt * 4 !== user, 'the user column moved with the columns');
    for (const slot of slots) assertEqual(walloc.f32[userAt + slot * 2 + 1], slot, `user column value of slot ${slot}`);
    assert(blockIntact(walloc, mesh, meshBytes, 7), 'the mesh block moved with its region');
    assert(blockIntact(walloc, texture, textureBytes, 11), 'the texture block moved with its region');
    assert((kernels.tweenCapacity() >>> 0) > tweensBefore, 'the tween table grew with the columns');
    assertEqual(kernels.tweenState(tween) & constant(kernels, 'TWEEN_LIVE'), constant(kernels, 'TWEEN_LIVE'), 'the tween is still live');

    // The kernels run over the moved columns: world matrices follow the kept positions.
    walloc.frameBegin();
    frame.updateTransforms(1);
    walloc.frameEnd();
    const world = walloc.columns.float.world;
    const last = slots[slots.length - 1]!;
    assertEqual(Array.from(world.subarray(last * 16 + 12, last * 16 + 15)).join(), mark(last).join(), 'the last slot\'s world matrix');
  });

  it('does not move the columns during a frame, and grows them before the next when they are nearly full', async () => {
    const walloc = await createWalloc({ budget: '4MiB', limit: 64 * MiB });
    const noSlot = constant(walloc.core, 'NO_SLOT');
    const first = walloc.columns.capacity;
    walloc.frameBegin();
    let refused = 0;
    for (let i = 0; i <= first; i++) if (walloc.allocSlot() === noSlot) refused++;
    assertEqual(refused, 1, 'the slot past the capacity is refused inside a frame');
    assertEqual(walloc.layout, 0, 'nothing moved inside the frame');
    walloc.frameEnd();
    walloc.frameBegin();
    assert(walloc.layout === 1 && walloc.columns.capacity > first, 'the next frame starts with room');
    walloc.frameEnd();
    assert(walloc.allocSlot() !== noSlot, 'and the slot fits now');
  });

  it('grows the mesh region for a block larger than it before evicting anything', async () => {
    const walloc = await createWalloc({ budget: '4MiB', limit: 64 * MiB });
    const small = walloc.allocBlock('mesh', 4096, 1000);
    const texture = walloc.allocBlock('texture', 8192, 1000);
    fillBlock(walloc, small, 4096, 3);
    fillBlock(walloc, texture, 8192, 5);
    const before = walloc.regionBounds('mesh').capacity;
    const big = 3 * before;
    const handle = walloc.allocBlock('mesh', big, 1);
    assert(handle !== 0, 'the big block fits after growth');
    fillBlock(walloc, handle, big, 9);
    assert(walloc.regionBounds('mesh').capacity >= big + 4096, `mesh region ${walloc.regionBounds('mesh').capacity} bytes`);
    assertEqual(walloc.regionStats('mesh').evictions, 0, 'nothing was evicted');
    assert(blockIntact(walloc, small, 4096, 3), 'the far block is still there');
    assert(blockIntact(walloc, texture, 8192, 5), 'the texture region moved up intact');
    assert(blockIntact(walloc, handle, big, 9), 'the big block holds its bytes');
    assertEqual(walloc.layout, 0, 'the columns did not move');
    assertLayout(walloc);
  });

  it('stops at its limit: then it evicts far blocks as a fixed budget does', async () => {
    const walloc = await createWalloc({ budget: '4MiB', limit: 6 * MiB });
    const far = walloc.allocBlock('mesh', 256 * 1024, 1000);
    assert(far !== 0);
    assertEqual(walloc.allocBlock('mesh', 8 * MiB, 1), 0, 'past the limit: refused');
    assert(walloc.reservedBytes <= 6 * MiB, `${walloc.reservedBytes / MiB} MiB within the limit`);
    const fits = walloc.regionBounds('mesh').capacity - 1024;
    assert(walloc.allocBlock('mesh', fits, 1) !== 0, 'a block that needs the far one\'s room');
    assertEqual(walloc.blockAddress(far), 0, 'the far block was evicted for it');
  });

  it('grows the slot columns by what the limit leaves, then refuses', async () => {
    const walloc = await createWalloc({ budget: '4MiB', limit: 6 * MiB });
    const noSlot = constant(walloc.core, 'NO_SLOT');
    const first = walloc.columns.capacity;
    let count = 0;
    while (walloc.allocSlot() !== noSlot) count++;
    assert(count > first, `${count} slots, more than the first ${first}`);
    assertEqual(count, walloc.columns.capacity, 'every slot of the grown columns was handed out');
    assert(walloc.reservedBytes > 4 * MiB && walloc.reservedBytes <= 6 * MiB, `${walloc.reservedBytes / MiB} MiB`);
    assertEqual(walloc.regionStats('scene').failures, 1, 'one refusal, at the end');
    assertLayout(walloc);
  });

  it('never grows with a fixed budget (no limit): the budget stays a hard cap', async () => {
    const walloc = await createWalloc({ budget: '4MiB' });
    const noSlot = constant(walloc.core, 'NO_SLOT');
    const capacity = walloc.columns.capacity;
    for (let i = 0; i < capacity; i++) assert(walloc.allocSlot() !== noSlot);
    assertEqual(walloc.allocSlot(), noSlot, 'full');
    walloc.frameBegin();
    walloc.frameEnd();
    assertEqual(walloc.allocBlock('mesh', 2 * walloc.regionBounds('mesh').capacity, 1), 0);
    assertEqual(walloc.reservedBytes, 4 * MiB, 'not a page more');
    assertEqual(walloc.layout, 0);
  });
});
