import { assert, assertEqual } from '../assert.js';
import { collectErrors, frames, mountScene, unmountAll } from '../helpers/scene.js';
import { Random } from '../helpers/random.js';
import { defineComponent } from '../../src/index.js';
import type { SystemKernel } from '../../src/index.js';
import type { LayerWScene } from '../../components/layerw-scene.js';
import * as flockSource from './fixtures/flock.system.js';
import flockWasm from './fixtures/flock.system.ts?system';
import overrunWasm from './fixtures/overrun.system.ts?system';

// The same system file run as JavaScript (imported as is) and as WebAssembly (the `?system` import, which the
// test server compiles like `vite build` does), on the same scene input.
defineComponent('flock', { type: 'u32', attribute: 'flock' });
defineComponent('flockPosition', { size: 3 });
defineComponent('flockVelocity', { size: 3 });
defineComponent('flockNoise', { type: 'u32' });
defineComponent('overrunTarget', { type: 'u32', attribute: 'overrun-target' });

const FLOCK_COLUMNS = ['flockPosition', 'flockVelocity', 'flockNoise'] as const;
const OBJECTS = 48;
const STEPS = 6;

function flockScene(): Promise<LayerWScene> {
  const meshes = Array.from({ length: OBJECTS }, () => '<layerw-mesh geometry="box" flock="1"></layerw-mesh>').join('');
  return mountScene(`<layerw-scene background="#000000">${meshes}</layerw-scene>`);
}

function snapshot(scene: LayerWScene): (Float32Array | Uint32Array | Int32Array)[] {
  return FLOCK_COLUMNS.map((name) => scene.runtime!.components!.column(name).slice());
}

function restore(scene: LayerWScene, columns: readonly ArrayLike<number>[]): void {
  FLOCK_COLUMNS.forEach((name, i) => scene.runtime!.components!.column(name).set(columns[i]!));
}

/** The time of the last frame `step` drew; later frames are drawn later still. */
let stepped = 0;

/**
 * Draws `count` frames at once, each a second after the last frame drawn, which the engine takes as 0.1 s (its
 * longest step): the same dt in every run.
 */
function step(scene: LayerWScene, count: number): void {
  const runtime = scene.runtime!;
  stepped = Math.max(stepped, performance.now());
  for (let i = 0; i < count; i++) {
    stepped += 1000;
    runtime.requestDraw();
    runtime.tick(stepped);
  }
}

function addFlock(scene: LayerWScene, kernel: SystemKernel): void {
  scene.addSystem({
    name: 'flock', with: ['flock'], kernel,
    reads: ['flockPosition', 'flockVelocity', 'flockNoise'], writes: ['flockPosition', 'flockVelocity', 'flockNoise'],
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await frames(1);
  assert(condition(), what);
}

describe('system files', () => {
  afterEach(unmountAll);

  it('gives the same columns compiled to WebAssembly as run as JavaScript, on random input', async () => {
    assertEqual(flockWasm.kind, 'wasm');
    const scene = await flockScene();
    const random = new Random();
    const components = scene.runtime!.components!;
    const slots = Array.from({ length: scene.runtime!.walloc!.core.slotEnd() }, (_, s) => s).filter((s) => components.column('flock')[s] === 1);
    assertEqual(slots.length, OBJECTS);
    for (const s of slots) {
      for (let k = 0; k < 3; k++) {
        components.column('flockPosition')[s * 3 + k] = random.range(-2, 2);
        components.column('flockVelocity')[s * 3 + k] = random.range(-3, 3);
      }
      components.column('flockNoise')[s] = random.int(1, 0xffffffff);
    }
    const input = snapshot(scene);

    addFlock(scene, flockWasm);
    // The module instantiates asynchronously; once it runs, start again from the input in one task.
    await until(() => components.column('flockNoise')[slots[0]!] !== input[2]![slots[0]!], 'the WebAssembly system runs');
    restore(scene, input);
    step(scene, STEPS);
    const wasm = snapshot(scene);
    scene.removeSystem('flock');

    addFlock(scene, { kind: 'js', id: 'flock-js', run: flockSource.run });
    restore(scene, input);
    step(scene, STEPS);
    const js = snapshot(scene);
    scene.removeSystem('flock');

    let moved = 0;
    for (const s of slots) {
      for (let k = 0; k < 3; k++) {
        for (const c of [0, 1]) {
          const a = wasm[c]![s * 3 + k]!;
          const b = js[c]![s * 3 + k]!;
          assert(Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b)), `seed ${random.seed}: ${FLOCK_COLUMNS[c]} of slot ${s}[${k}]: WebAssembly ${a}, JavaScript ${b}`);
          if (b !== input[c]![s * 3 + k]) moved++;
        }
      }
      assertEqual(wasm[2]![s], js[2]![s], `seed ${random.seed}: u32 noise of slot ${s} is bit-exact`);
      assert(js[2]![s] !== input[2]![s], 'the noise column stepped');
    }
    assert(moved > OBJECTS * 5, `seed ${random.seed}: the systems changed the columns (${moved} numbers)`);
  });

  it('reports a WebAssembly system that writes over a guard word as MEMORY_CORRUPTED and stops it', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000">
      <layerw-mesh geometry="box"></layerw-mesh><layerw-mesh geometry="box" overrun-target="1"></layerw-mesh></layerw-scene>`);
    const errors = collectErrors(scene);
    const walloc = scene.runtime!.walloc!;
    const target = scene.runtime!.components!.column('overrunTarget');
    const slot = target.indexOf(1);
    assert(slot >= 0, 'the mesh has the component');
    const { base, capacity } = walloc.regionBounds('scene');
    target[slot] = base + capacity;
    scene.addSystem({ name: 'overrun', reads: ['overrunTarget'], with: ['overrunTarget'], kernel: overrunWasm });
    await until(() => errors.length > 0, 'an error is reported');
    assertEqual(errors[0]!.code, 'MEMORY_CORRUPTED', errors[0]!.message);
    assert(errors[0]!.message.includes('"overrun"'), `the error names the system: ${errors[0]!.message}`);
    assert(errors[0]!.message.includes('scene region'), `and the region: ${errors[0]!.message}`);
    assertEqual(scene.runtime!.schedule.has('overrun'), false, 'the system is stopped');
  });
});
