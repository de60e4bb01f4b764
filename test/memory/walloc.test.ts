import { assert, assertEqual } from '../assert.js';
import { allocSlots, createWalloc, expectError } from '../helpers/core.js';
import { Random } from '../helpers/random.js';
import { constant } from '../../src/wasm/exports.js';
import { REGION_NAMES, type Walloc } from '../../src/memory/walloc.js';

const PAGE = 65536;

describe('WALLOC layout', () => {
  it('reserves the whole budget and lays the six regions out in order, without overlap', async () => {
    const walloc = await createWalloc({ budget: '64MiB' });
    assertEqual(walloc.reservedBytes, 64 * 1024 * 1024);
    let previousEnd = 0;
    for (const name of REGION_NAMES) {
      const { base, capacity } = walloc.regionBounds(name);
      assert(base >= previousEnd, `${name} starts at ${base}, before the previous region ends at ${previousEnd}`);
      assertEqual(base % PAGE, 0, `${name} starts on a page`);
      assert(capacity > 0, `${name} has room`);
      previousEnd = base + capacity;
    }
    assert(previousEnd <= walloc.reservedBytes, 'the last region ends inside the memory');
  });

  it('follows tuned shares', async () => {
    const even = await createWalloc({ budget: '32MiB' });
    const tuned = await createWalloc({ budget: '32MiB', shares: { scene: 600, mesh: 100 } });
    assert(tuned.regionBounds('scene').capacity > 1.8 * even.regionBounds('scene').capacity, 'scene share doubled');
    assert(tuned.regionBounds('mesh').capacity < even.regionBounds('mesh').capacity, 'mesh share cut');
  });

  it('refuses a budget too small for the regions with BUDGET_EXCEEDED, and bad strings with BAD_ATTRIBUTE', async () => {
    const small = await expectError(() => createWalloc({ budget: '100KB' }), 'BUDGET_EXCEEDED');
    assert(small.message.includes('too small'), small.message);
    await expectError(() => createWalloc({ budget: 'lots' }), 'BAD_ATTRIBUTE');
    await expectError(() => createWalloc({ budget: Number.NaN }), 'BAD_ATTRIBUTE');
    await expectError(() => createWalloc({ budget: '8MB', ringDepth: 2 }), 'BAD_ATTRIBUTE');
    await expectError(() => createWalloc({ budget: '8MB', shares: { scene: 900, mesh: 200 } }), 'BAD_ATTRIBUTE');
  });

  it('reserves memory for max, up to 4 GiB', async () => {
    const walloc = await createWalloc({ budget: 'max' });
    assert(walloc.reservedBytes >= 256 * 1024 * 1024, `max reserved only ${walloc.reservedBytes} bytes`);
    assert(walloc.reservedBytes < 4 * 1024 ** 3, 'at most 65535 pages');
  });

  it('holds a million objects in 2 GiB, as the million-box scene needs', async () => {
    const walloc = await createWalloc({ budget: '2GiB' });
    const capacity = walloc.core.slotCapacity() >>> 0;
    assert(capacity >= 1_000_000, `2 GiB holds only ${capacity} object slots`);
  });
});

describe('WALLOC per-frame regions', () => {
  it('aligns every allocation as asked', async () => {
    const walloc = await createWalloc();
    const random = new Random();
    walloc.frameBegin();
    for (let i = 0; i < 500; i++) {
      const align = [16, 32, 64, 256, 4096][random.int(0, 4)]!;
      const region = random.next() < 0.5 ? 'scratch' : 'command';
      const address = walloc.frameAlloc(region, random.int(1, 300), align);
      assert(address !== 0, `allocation ${i} failed, seed ${random.seed}`);
      assertEqual(address % align, 0, `${region} allocation aligned to ${align}, seed ${random.seed}`);
    }
    assertEqual(walloc.frameAlloc('scratch', 16, 8), 0, 'alignments below 16 are refused');
    assertEqual(walloc.frameAlloc('scratch', 16, 48), 0, 'alignments that are not powers of two are refused');
  });

  it('ventilates scratch at each frame: the same bytes are handed out again', async () => {
    const walloc = await createWalloc();
    walloc.frameBegin();
    const first = walloc.frameAlloc('scratch', 1000);
    walloc.frameAlloc('scratch', 5000);
    assert(walloc.regionStats('scratch').used >= 6000);
    walloc.frameBegin();
    assertEqual(walloc.regionStats('scratch').used, 0, 'used resets');
    assertEqual(walloc.frameAlloc('scratch', 1000), first, 'the first allocation of the next frame reuses the base');
    assert(walloc.regionStats('scratch').highWater >= 6000, 'the high-water mark is kept');
  });

  it('keeps the command slices of the last ringDepth frames apart', async () => {
    for (const ringDepth of [3, 4]) {
      const walloc = await createWalloc({ ringDepth });
      const starts: number[] = [];
      for (let frame = 0; frame < ringDepth * 3; frame++) {
        walloc.frameBegin();
        starts.push(walloc.frameAlloc('command', 1024, 256));
        assertEqual(walloc.core.ringIndex() >>> 0, walloc.core.currentFrame() % ringDepth, 'the slice in use');
      }
      for (let frame = 0; frame < starts.length; frame++) {
        const recent = starts.slice(Math.max(0, frame - ringDepth + 1), frame + 1);
        assertEqual(new Set(recent).size, recent.length, `frames in flight share a slice (depth ${ringDepth})`);
        if (frame >= ringDepth) assertEqual(starts[frame], starts[frame - ringDepth], `slice reused after ${ringDepth} frames`);
      }
    }
  });

  it('refuses an allocation that does not fit and leaves other data intact', async () => {
    const walloc = await createWalloc({ budget: '8MB' });
    walloc.frameBegin();
    const kept = walloc.frameAlloc('scratch', 4096);
    walloc.bytes.fill(0xab, kept, kept + 4096);
    const { capacity } = walloc.regionBounds('scratch');
    const before = walloc.regionStats('scratch');
    assertEqual(walloc.frameAlloc('scratch', capacity), 0, 'too big for what is left');
    assertEqual(walloc.frameAlloc('command', walloc.core.commandSliceBytes() + 16), 0, 'bigger than a ring slice');
    const after = walloc.regionStats('scratch');
    assertEqual(after.used, before.used, 'nothing was taken');
    assertEqual(after.failures, before.failures + 1, 'the failure is counted');
    assert(walloc.bytes.subarray(kept, kept + 4096).every((b) => b === 0xab), 'earlier bytes untouched');
    walloc.checkGuards();
  });
});

describe('WALLOC guards', () => {
  async function corruptAndExpect(walloc: Walloc, address: number, region: string): Promise<void> {
    walloc.bytes[address] ^= 0xff;
    const error = await expectError(() => walloc.frameBegin(), 'MEMORY_CORRUPTED');
    assert(error.message.includes(region), `message names the ${region} region: ${error.message}`);
  }

  for (const name of REGION_NAMES.filter((n) => n !== 'system')) {
    it(`reports MEMORY_CORRUPTED when the guard after the ${name} region is overwritten`, async () => {
      const walloc = await createWalloc();
      walloc.frameBegin();
      const { base, capacity } = walloc.regionBounds(name);
      await corruptAndExpect(walloc, base + capacity + 5, name);
    });
  }

  it('reports MEMORY_CORRUPTED when the system region guard is overwritten', async () => {
    const walloc = await createWalloc();
    await corruptAndExpect(walloc, walloc.regionBounds('system').base + 3, 'system');
  });

  it('stops the frame on corruption: nothing is ventilated', async () => {
    const walloc = await createWalloc();
    walloc.frameBegin();
    walloc.frameAlloc('scratch', 100);
    const frame = walloc.core.currentFrame();
    const { base, capacity } = walloc.regionBounds('mesh');
    walloc.bytes[base + capacity] ^= 1;
    await expectError(() => walloc.frameBegin(), 'MEMORY_CORRUPTED');
    assertEqual(walloc.core.currentFrame(), frame, 'no new frame');
    assert(walloc.regionStats('scratch').used >= 100, 'scratch not reset');
  });
});

describe('WALLOC priority blocks', () => {
  it('aligns blocks to 256 bytes by default and to any power of two asked', async () => {
    const walloc = await createWalloc();
    const random = new Random();
    for (let i = 0; i < 200; i++) {
      const align = [16, 256, 1024][random.int(0, 2)]!;
      const handle = walloc.allocBlock(i % 2 ? 'mesh' : 'texture', random.int(1, 20000), 1, align);
      assert(handle !== 0, `block ${i}, seed ${random.seed}`);
      assertEqual(walloc.blockAddress(handle) % align, 0, `aligned to ${align}, seed ${random.seed}`);
    }
    assertEqual(walloc.blockAddress(walloc.allocBlock('mesh', 10, 1)) % 256, 0, 'default alignment');
  });

  it('overwrites the farthest blocks first, never one seen this frame, and only what the request needs', async () => {
    const walloc = await createWalloc({ budget: '16MiB' });
    const { capacity } = walloc.regionBounds('mesh');
    const size = Math.floor(capacity / 10 / 256) * 256;
    walloc.frameBegin();
    // Ten blocks fill the region; distances shuffled so address order and distance order differ.
    const distances = [5, 90, 20, 70, 1, 60, 40, 80, 10, 30];
    const handles = distances.map((d) => walloc.allocBlock('mesh', size, d));
    assert(handles.every((h) => h !== 0), 'ten blocks fit');
    walloc.frameBegin();
    // The farthest block was seen this frame: it is in use and must survive.
    assert(walloc.touchBlock(handles[1]!, 90));
    const extra = walloc.allocBlock('mesh', size * 2 - 512, 1);
    assert(extra !== 0, 'the new block fits after evictions');
    const evicted = distances.filter((_, i) => walloc.blockAddress(handles[i]!) === 0).sort((a, b) => a - b);
    // Farthest first: 80 and 70 alone leave single-block gaps; 60 and then 40 open three adjacent blocks
    // (slots 5, 6, 7), the first gap that holds the request. Everything nearer, and 90, survives.
    assertEqual(evicted.join(), '40,60,70,80', 'evicted distances');
    assertEqual(walloc.blockAddress(extra), walloc.regionBounds('mesh').base + 5 * size, 'placed in the first gap that fits');
    assertEqual(walloc.regionStats('mesh').evictions, evicted.length, 'evictions counted');
  });

  it('detects stale handles after free and after reuse of the same entry', async () => {
    const walloc = await createWalloc();
    const first = walloc.allocBlock('texture', 1000, 1);
    assert(walloc.freeBlock(first));
    assertEqual(walloc.blockAddress(first), 0, 'freed handle is stale');
    assertEqual(walloc.freeBlock(first), false, 'double free refused');
    const second = walloc.allocBlock('texture', 1000, 1);
    assert(second !== first, 'a new handle for the reused entry');
    assertEqual(walloc.core.blockSize(second) >>> 0, 1008, 'sizes round up to 16 bytes');
    assertEqual(walloc.core.blockSize(first) >>> 0, 0, 'a stale handle has no size');
    assertEqual(walloc.core.blockCount(walloc.core.REGION_TEXTURE.value) >>> 0, 1, 'one live block');
    assertEqual(walloc.blockAddress(first), 0, 'the old handle stays stale');
    assert(walloc.blockAddress(second) !== 0);
    assertEqual(walloc.touchBlock(first, 1), false);
  });

  it('refuses a block larger than its region without evicting anything', async () => {
    const walloc = await createWalloc();
    const kept = walloc.allocBlock('mesh', 4096, 1000);
    assertEqual(walloc.allocBlock('mesh', walloc.regionBounds('mesh').capacity + 1, 1), 0);
    assert(walloc.blockAddress(kept) !== 0, 'the far block was not evicted for nothing');
    assertEqual(walloc.regionStats('mesh').failures, 1);
  });
});

describe('WALLOC grow', () => {
  it('detaches old views and hands out fresh ones over the same data', async () => {
    const walloc = await createWalloc({ budget: '8MiB' });
    const [slot] = allocSlots(walloc, 1) as [number];
    const old = walloc.columns.float.position;
    old.set([1, 2, 3], slot * 3);
    const oldBytes = walloc.bytes;
    const textureBefore = walloc.regionBounds('texture').capacity;
    walloc.grow(4 * 1024 * 1024);
    assertEqual(old.length, 0, 'the view from before the grow is detached');
    assertEqual(oldBytes.length, 0, 'the byte view too');
    const fresh = walloc.columns.float.position;
    assert(fresh !== old, 'a new view');
    assertEqual(Array.from(fresh.subarray(slot * 3, slot * 3 + 3)).join(), '1,2,3', 'data did not move');
    assertEqual(walloc.regionBounds('texture').capacity, textureBefore + 64 * PAGE, 'the texture region took the pages');
    assertEqual(walloc.reservedBytes, 12 * 1024 * 1024);
    walloc.frameBegin();
    assert(walloc.allocBlock('texture', textureBefore + PAGE, 1) !== 0, 'the new room is usable');
  });
});

describe('WALLOC slots', () => {
  it('reuses released slots first, refuses past capacity, and returns usage to baseline', async () => {
    const walloc = await createWalloc({ budget: '2MiB' });
    const core = walloc.core;
    const noSlot = constant(core, 'NO_SLOT');
    const capacity = core.slotCapacity() >>> 0;
    assert(capacity > 0 && capacity % 16 === 0, `capacity ${capacity}`);
    const slots = allocSlots(walloc, capacity);
    assertEqual(core.slotAlloc() >>> 0, noSlot, 'full');
    assertEqual(walloc.regionStats('scene').failures, 1);
    const high = walloc.regionStats('scene').highWater;
    for (const s of slots) assert(core.slotFree(s));
    assertEqual(core.liveSlots(), 0);
    assertEqual(walloc.regionStats('scene').used, 0, 'usage back to zero');
    assertEqual(core.slotFree(slots[0]!), 0, 'double release refused');
    for (let round = 0; round < 5; round++) {
      const again = allocSlots(walloc, capacity);
      assertEqual(core.slotEnd() >>> 0, capacity, 'no slot beyond the first run is handed out');
      for (const s of again) core.slotFree(s);
    }
    assertEqual(walloc.regionStats('scene').highWater, high, 'high water unchanged by reuse');
  });

  it('gives a new slot default values whatever the slot held before', async () => {
    const walloc = await createWalloc();
    const [slot] = allocSlots(walloc, 1) as [number];
    const { float, uint } = walloc.columns;
    float.position.set([4, 5, 6], slot * 3);
    float.color.set([0.1, 0.2, 0.3, 0.4], slot * 4);
    float.velocity.set([1, 1, 1], slot * 3);
    uint.batch[slot] = 9;
    walloc.core.slotFree(slot);
    assertEqual(walloc.core.slotAlloc() >>> 0, slot);
    assertEqual(Array.from(float.position.subarray(slot * 3, slot * 3 + 3)).join(), '0,0,0');
    assertEqual(Array.from(float.rotation.subarray(slot * 4, slot * 4 + 4)).join(), '0,0,0,1');
    assertEqual(Array.from(float.scale.subarray(slot * 3, slot * 3 + 3)).join(), '1,1,1');
    assertEqual(Array.from(float.color.subarray(slot * 4, slot * 4 + 4)).join(), '1,1,1,1');
    assertEqual(Array.from(float.velocity.subarray(slot * 3, slot * 3 + 3)).join(), '0,0,0');
    assertEqual(uint.batch[slot], 0);
    assertEqual(uint.parent[slot], constant(walloc.core, 'NO_SLOT'));
  });
});
