import { assert, assertEqual, assertClose } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { defineComponent } from '../../src/index.js';
import { loadF32, storeF32, slotAt } from '../../src/systems/system-memory.js';
import type { LayerWMesh } from '../../components/layerw-mesh.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

// Components are page-wide; each test names its own.
defineComponent('health', { type: 'i32', default: 10, attribute: 'health' });
defineComponent('drift', { size: 3, attribute: 'drift' });
defineComponent('frozen', { type: 'u32', attribute: 'frozen' });
defineComponent('charge', { default: 1.5 });

const BOXES = `<layerw-scene background="#000000" camera-position="0 0 6">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh id="a" geometry="box" color="white" health="3" drift="1 0 0"></layerw-mesh>
  <layerw-mesh id="b" geometry="box" color="white" position="0 5 0" drift="0 1 0" frozen="1"></layerw-mesh>
  <layerw-mesh id="c" geometry="box" color="white" position="0 -50 0"></layerw-mesh>
</layerw-scene>`;

function mesh(scene: LayerWScene, id: string): LayerWMesh {
  return scene.querySelector<LayerWMesh>(`#${id}`)!;
}

function slotOf(scene: LayerWScene, id: string): number {
  // The slot is the engine's: read it through the position column, where each test box sits apart.
  const positions = scene.runtime!.walloc!.columns.float.position;
  const y = mesh(scene, id).position[1]!;
  for (let s = 0; s < scene.runtime!.walloc!.core.slotEnd(); s++) if (positions[s * 3 + 1] === y) return s;
  throw new Error(`no slot for #${id}`);
}

describe('user components and systems', () => {
  afterEach(unmountAll);

  it('writes component attributes into their columns, with defaults for the rest', async () => {
    const scene = await mountScene(BOXES);
    await frames(1);
    const health = scene.runtime!.components!.column('health');
    assertEqual(health[slotOf(scene, 'a')], 3);
    assertEqual(health[slotOf(scene, 'c')], 10, 'the default');
    assertEqual(mesh(scene, 'a').getComponent('health'), 3);
    assertEqual((mesh(scene, 'c') as unknown as { health: number }).health, 10, 'the property reads the column');
  });

  it('refuses a bad component value with BAD_ATTRIBUTE and keeps the previous one', async () => {
    const scene = await mountScene(BOXES);
    const a = mesh(scene, 'a');
    const errors = collectErrors(a);
    a.setAttribute('health', '2.5');
    a.setAttribute('drift', '1 2');
    await frames(1);
    assertEqual(errors.map((e) => e.code).join(), 'BAD_ATTRIBUTE,BAD_ATTRIBUTE');
    assertEqual(a.getComponent('health'), 3);
    assertEqual((a.getComponent('drift') as number[]).join(), '1,0,0');
    (a as unknown as { health: number }).health = 7;
    assertEqual(scene.runtime!.components!.column('health')[slotOf(scene, 'a')], 7, 'the property writes the column');
    a.removeAttribute('health');
    await frames(1);
    assertEqual(a.getComponent('health'), 10, 'removing the attribute restores the default');
  });

  it('runs a TypeScript system over zero-copy views of the slots that have a component', async () => {
    const scene = await mountScene(BOXES);
    scene.addSystem({
      name: 'drift', reads: ['drift'], writes: ['position'], with: ['drift'], without: ['frozen'],
      run(columns, count, dt) {
        const { position, drift, slots } = columns;
        for (let i = 0; i < count; i++) {
          const s = slots[i]!;
          for (let k = 0; k < 3; k++) position[s * 3 + k]! += drift[s * 3 + k]! * dt;
        }
      },
    });
    const a = slotOf(scene, 'a');
    const b = slotOf(scene, 'b');
    const c = slotOf(scene, 'c');
    await frames(10);
    const walloc = scene.runtime!.walloc!;
    const position = walloc.columns.float.position;
    assert(position[a * 3]! > 0.01, 'a drifted along x');
    assertEqual(position[b * 3 + 1], 5, 'b is frozen: left alone');
    assertEqual(position[c * 3 + 1], -50, 'c has no drift: left alone');
    const world = walloc.columns.float.world;
    assertClose(world[a * 16 + 12]!, position[a * 3]!, 1e-5, 'the written slot was marked changed: its world matrix follows');
  });

  it('orders systems of a phase by before and after', async () => {
    const scene = await mountScene(BOXES);
    const log: string[] = [];
    scene.addSystem({ name: 'second', phase: 'animate', run: () => void log.push('second') });
    scene.addSystem({ name: 'first', phase: 'animate', before: ['second'], run: () => void log.push('first') });
    scene.addSystem({ name: 'input-one', phase: 'input', run: () => void log.push('input') });
    await frames(2);
    assertEqual(log.slice(0, 3).join(), 'input,first,second');
    const names = scene.runtime!.schedule.names;
    assert(names.indexOf('second') < names.indexOf('transforms'), 'user systems run before transforms');
  });

  it('stops a system that throws with SYSTEM_FAILED; the frame and other systems go on', async () => {
    const scene = await mountScene(BOXES);
    const errors = collectErrors(scene);
    let others = 0;
    let calls = 0;
    scene.addSystem({ name: 'broken', run: () => { calls++; throw new Error('boom'); } });
    scene.addSystem({ name: 'fine', run: () => void others++ });
    await frames(5);
    assertEqual(calls, 1, 'stopped after its first throw');
    assert(others >= 4, 'the other system kept running');
    assertEqual(errors[0]?.code, 'SYSTEM_FAILED');
    assert(errors[0]!.message.includes('broken'), 'the error names the system');
    assertEqual(scene.runtime!.schedule.has('broken'), false);
    const before = scene.stats.frames;
    await frames(2);
    assert(scene.stats.frames > before, 'frames still draw');
  });

  it('refuses unknown columns, phases and duplicate names without changing anything', async () => {
    const scene = await mountScene(BOXES);
    const codes: string[] = [];
    for (const options of [
      { name: 'x', reads: ['nonsense'], run: () => undefined },
      { name: 'x', phase: 'render' as 'simulate', run: () => undefined },
      { name: 'x', with: ['position'], run: () => undefined },
      { name: 'x' },
    ]) {
      try {
        scene.addSystem(options);
      } catch (error) {
        codes.push((error as { code: string }).code);
      }
    }
    assertEqual(codes.join(), 'BAD_ATTRIBUTE,BAD_ATTRIBUTE,BAD_ATTRIBUTE,BAD_ATTRIBUTE');
    scene.addSystem({ name: 'x', run: () => undefined });
    let duplicate = '';
    try {
      scene.addSystem({ name: 'x', run: () => undefined });
    } catch (error) {
      duplicate = (error as { code: string }).code;
    }
    assertEqual(duplicate, 'BAD_ATTRIBUTE');
    assertEqual(scene.removeSystem('x'), true);
    assertEqual(scene.runtime!.schedule.has('x'), false);
  });

  it('keeps working across a memory grow: views are re-derived', async () => {
    const scene = await mountScene(BOXES);
    const seen: number[] = [];
    scene.addSystem({
      name: 'charge', reads: ['charge'], run(columns, count) {
        seen.push(columns['charge']!.buffer.byteLength);
        for (let i = 0; i < count; i++) columns['charge']![columns.slots[i]!]! += 1;
      },
    });
    await frames(2);
    const walloc = scene.runtime!.walloc!;
    const charge = slotOf(scene, 'a');
    const valueBefore = scene.runtime!.components!.column('charge')[charge]!;
    walloc.grow(1 << 20);
    await frames(3);
    assert(seen[seen.length - 1]! > seen[0]!, 'the system saw the grown buffer');
    assert(scene.runtime!.components!.column('charge')[charge]! > valueBefore, 'and kept writing the same column');
  });

  it('runs a system file kernel as JavaScript over the scene memory at column addresses', async () => {
    const scene = await mountScene(BOXES);
    scene.addSystem({
      name: 'kernel-drift', reads: ['drift'], writes: ['position'], with: ['drift'],
      kernel: {
        kind: 'js',
        run(count: number, dt: number, slots: number, position: number, drift: number) {
          for (let i = 0; i < count; i++) {
            const s = slotAt(slots, i);
            storeF32(position + s * 12 + 4, loadF32(position + s * 12 + 4) + loadF32(drift + s * 12 + 4) * dt);
          }
        },
      },
      columns: ['position', 'drift'],
    });
    const b = slotOf(scene, 'b');
    await frames(10);
    assert(scene.runtime!.walloc!.columns.float.position[b * 3 + 1]! > 5, 'b rose along its drift');
  });

  it('gives a kernel its columns\' new addresses when growing slots moves the columns', async () => {
    const scene = await mountScene(BOXES);
    const b = slotOf(scene, 'b');
    const c = slotOf(scene, 'c');
    scene.addSystem({
      name: 'kernel-drift-moved', reads: ['drift'], writes: ['position'], with: ['drift'],
      kernel: {
        kind: 'js',
        run(count: number, dt: number, slots: number, position: number, drift: number) {
          for (let i = 0; i < count; i++) {
            const s = slotAt(slots, i);
            storeF32(position + s * 12 + 4, loadF32(position + s * 12 + 4) + loadF32(drift + s * 12 + 4) * dt);
          }
        },
      },
      columns: ['position', 'drift'],
    });
    await frames(3);
    const walloc = scene.runtime!.walloc!;
    const driftAddress = scene.runtime!.components!.address('drift');
    const worldAddress = walloc.columns.float.world.byteOffset;
    assert(walloc.growSlots(), 'an auto scene grows its slots between frames');
    assert(walloc.columns.float.world.byteOffset !== worldAddress, 'the columns after the first moved');
    assert(scene.runtime!.components!.address('drift') !== driftAddress, 'the drift column moved');
    const risen = walloc.columns.float.position[b * 3 + 1]!;
    await frames(10);
    const position = walloc.columns.float.position;
    assert(position[b * 3 + 1]! > risen, `b kept rising along its drift (${risen} -> ${position[b * 3 + 1]})`);
    assertEqual(position[c * 3 + 1], -50, 'c, without drift, stayed put');
    walloc.checkGuards();
  });

  it('draws what a system moved', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4">
      <layerw-light type="ambient" intensity="1"></layerw-light>
      <layerw-mesh geometry="box" color="white" scale="1.5" position="0 20 0" drift="0 1 0"></layerw-mesh></layerw-scene>`);
    assertEqual(pixelAt(capture(scene), 0.5, 0.5).slice(0, 3).join(), '0,0,0', 'out of view at first');
    scene.addSystem({
      name: 'home', writes: ['position'], with: ['drift'], run(columns, count) {
        for (let i = 0; i < count; i++) columns['position']![columns.slots[i]! * 3 + 1] = 0;
      },
    });
    const [r] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r! > 100, `the system brought the box to the centre (red ${r})`);
  });
});
