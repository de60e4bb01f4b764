// The feature and picking kernels built for shared memories (build/layerw-features-threads.wasm,
// build/layerw-picking-threads.wasm) beside the threaded core (build/layerw-threads.wasm) over one shared memory, as
// a cross-origin isolated page with workers runs them: the same layout agreement as the plain modules, a tween that
// writes the core's position column and marks its slot dirty, and a ray tested against the core's sphere columns.
// Node gives shared WebAssembly memories without isolation, so this runs here rather than in a browser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const build = new URL('../../build/', import.meta.url);
const MAX_PAGES = 65536;
const BUDGET_PAGES = 128;

async function instantiate(file, memory) {
  const abort = () => {
    throw new Error(`${file} aborted`);
  };
  const { instance } = await WebAssembly.instantiate(readFileSync(new URL(file, build)), { env: { memory, abort } });
  return instance.exports;
}

test('the shared-memory feature kernels attach to the threaded core\'s layout and tween its columns', async () => {
  const memory = new WebAssembly.Memory({ initial: BUDGET_PAGES, maximum: MAX_PAGES, shared: true });
  const core = await instantiate('layerw-threads.wasm', memory);
  assert.equal(core.wallocInit(BUDGET_PAGES, 200, 280, 40, 240, 3) >>> 0, core.STATUS_OK.value >>> 0, 'the core laid the memory out');
  const kernels = await instantiate('layerw-features-threads.wasm', memory);
  const system = core.systemBase() >>> 0;
  const base = kernels.STATIC_BASE.value >>> 0;
  assert.ok(core.staticEnd() >>> 0 <= base, `the core's static data ends at ${core.staticEnd() >>> 0}, the kernels' starts at ${base}`);
  assert.ok(kernels.staticEnd() >>> 0 <= system, `the kernels' static data ends at ${kernels.staticEnd() >>> 0}, below ${system}`);
  assert.equal(kernels.attachFeatures() >>> 0, system, 'both find the system region at the same address');

  const slot = core.slotAlloc() >>> 0;
  const u32 = new Uint32Array(memory.buffer);
  const f32 = new Float32Array(memory.buffer);
  const flags = (core.columnAddress(core.COL_FLAGS.value) >>> 2) + slot;
  const dirtyWord = (core.columnAddress(core.COL_DIRTY_BITS.value) >>> 2) + (slot >> 5);
  const dirtyFlag = core.FLAG_DIRTY.value >>> 0;
  u32[flags] &= ~dirtyFlag;
  u32[dirtyWord] = 0;

  const index = kernels.tweenAlloc() >>> 0;
  assert.ok(kernels.tweenTarget(index, slot, core.COL_POSITION.value, 0, 3, kernels.TWEEN_PLAIN.value, 1), 'the tween targets the position');
  kernels.tweenTiming(index, 0, 1, 1, kernels.DIRECTION_NORMAL.value, kernels.FILL_BOTH.value);
  kernels.tweenEasing(index, kernels.EASE_LINEAR.value, 0, 0, 0, 0);
  kernels.tweenKey(index, 0, 2, 0, 0, 0, 0, 0);
  kernels.tweenKey(index, 1, 2, 1, 2, 4, 6, 0);
  kernels.tweenPlay(index, 1);
  kernels.evaluateTweens(0.5, 0x8000, 0xffff);

  const position = core.columnAddress(core.COL_POSITION.value) >>> 2;
  assert.deepEqual(Array.from(f32.subarray(position + slot * 3, position + slot * 3 + 3)), [1, 2, 3], 'half way along the tween');
  assert.notEqual(u32[flags] & dirtyFlag, 0, 'the slot is flagged dirty');
  assert.notEqual(u32[dirtyWord] & (1 << (slot & 31)), 0, 'the slot\'s bit is set in the dirty bitset the transform pass visits');
});

test('the shared-memory picking kernels attach to the threaded core\'s layout and find a sphere the ray passes through', async () => {
  const memory = new WebAssembly.Memory({ initial: BUDGET_PAGES, maximum: MAX_PAGES, shared: true });
  const core = await instantiate('layerw-threads.wasm', memory);
  assert.equal(core.wallocInit(BUDGET_PAGES, 200, 280, 40, 240, 3) >>> 0, core.STATUS_OK.value >>> 0, 'the core laid the memory out');
  const features = await instantiate('layerw-features-threads.wasm', memory);
  const picking = await instantiate('layerw-picking-threads.wasm', memory);
  const system = core.systemBase() >>> 0;
  const base = picking.STATIC_BASE.value >>> 0;
  const end = picking.staticEnd() >>> 0;
  assert.ok(core.staticEnd() >>> 0 <= base, `the core's static data ends at ${core.staticEnd() >>> 0}, the picking kernels' starts at ${base}`);
  assert.ok(features.staticEnd() >>> 0 <= base, `the feature kernels' static data ends at ${features.staticEnd() >>> 0}, the picking kernels' starts at ${base}`);
  assert.ok(end <= system, `the picking kernels' static data ends at ${end}, below ${system}`);
  assert.equal(picking.attachPicking() >>> 0, system, 'both find the system region at the same address');

  const u32 = new Uint32Array(memory.buffer);
  const f32 = new Float32Array(memory.buffer);
  const slots = [core.slotAlloc() >>> 0, core.slotAlloc() >>> 0];
  const flags = core.columnAddress(core.COL_FLAGS.value) >>> 2;
  for (const [i, slot] of slots.entries()) {
    u32[flags + slot] |= core.FLAG_ALIVE.value | core.FLAG_VISIBLE.value;
    for (const [column, value] of [['COL_BOUNDS_X', i * 10], ['COL_BOUNDS_Y', 0], ['COL_BOUNDS_Z', 0], ['COL_BOUNDS_R', 1]]) {
      f32[(core.columnAddress(core[column].value) >>> 2) + slot] = value;
    }
  }
  const work = core.blockAddress(core.blockAlloc(core.REGION_MESH.value, 4096, 16, 0, 0)) >>> 0;
  assert.ok(work > 0, 'a work block in the mesh region');
  // A ray from z = 5 straight down the z axis: through the sphere at the origin, past the one at x = 10.
  f32.set([0, 0, 5, 100, 0, 0, -1, 0], work >>> 2);
  const count = picking.raySpheres(work, work + 64, work + 1024) >>> 0;
  assert.equal(count, 1, 'one sphere on the ray');
  assert.equal(u32[(work + 64) >>> 2], slots[0], 'the sphere at the origin');
  const entry = f32[(work + 1024) >>> 2];
  assert.ok(Math.abs(entry - 4) < 1e-3, `entered one unit before its centre (the kernels widen spheres a little): ${entry}`);
});
