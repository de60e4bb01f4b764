import { assert, assertEqual, assertClose } from '../assert.js';
import { capture, collectErrors, frames, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { defineComponent } from '../../src/index.js';
import { openSandboxes } from '../../src/systems/quickjs-system.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

defineComponent('lift', { size: 3, attribute: 'lift' });

const BOXES = `<layerw-scene background="#000000" camera-position="0 0 6">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh geometry="box" color="white" position="-2 0 0" lift="0 1 0"></layerw-mesh>
  <layerw-mesh geometry="box" color="white" position="2 0 0" lift="0 -1 0"></layerw-mesh>
  <layerw-mesh geometry="box" color="white" position="0 -50 0"></layerw-mesh>
</layerw-scene>`;

/** Moves each object with a lift along it, at the speed of its lift, in the sandbox. */
const LIFT = `function run(columns, count, dt) {
  const { position, lift } = columns;
  for (let i = 0; i < count * 3; i++) position[i] += lift[i] * dt;
}`;

/** Resolves once `check` holds, looking once per frame; fails after `maxFrames`. */
async function until(check: () => boolean, what: string, maxFrames = 600): Promise<void> {
  for (let i = 0; i < maxFrames; i++) {
    if (check()) return;
    await frames(1);
  }
  throw new Error(`timed out waiting until ${what}`);
}

function positions(scene: LayerWScene): Float32Array {
  const walloc = scene.runtime!.walloc!;
  return walloc.columns.float.position.slice(0, walloc.core.slotEnd() * 3);
}

describe('sandboxed systems (QuickJS)', () => {
  afterEach(unmountAll);

  it('moves meshes from source text, with copies of the declared columns in and out', async () => {
    const scene = await mountScene(BOXES);
    const errors = collectErrors(scene);
    const start = positions(scene);
    scene.addSystem({ name: 'lift', reads: ['lift'], writes: ['position'], with: ['lift'], source: LIFT, sandbox: 'quickjs' });
    await until(() => positions(scene).some((value, i) => value !== start[i]), 'the sandbox moved something');
    await frames(5);
    const now = positions(scene);
    const slots = now.length / 3;
    for (let s = 0; s < slots; s++) {
      const y = start[s * 3 + 1]!;
      if (start[s * 3] === -2) assert(now[s * 3 + 1]! > y + 0.01, 'the left box rose');
      else if (start[s * 3] === 2) assert(now[s * 3 + 1]! < y - 0.01, 'the right box sank');
      else assertEqual(now[s * 3 + 1], y, 'a box without lift is not visited');
      assertEqual(now[s * 3], start[s * 3], 'x is kept');
    }
    const world = scene.runtime!.walloc!.columns.float.world;
    const moved = start.findIndex((value, i) => i % 3 === 0 && value === -2) / 3;
    assertClose(world[moved * 16 + 13]!, scene.runtime!.walloc!.columns.float.position[moved * 3 + 1]!, 1e-5, 'the written slots were marked changed');
    assertEqual(errors.length, 0);
  });

  it('draws what a sandboxed system moved', async () => {
    const scene = await mountScene(`<layerw-scene background="#000000" camera-position="0 0 4">
      <layerw-light type="ambient" intensity="1"></layerw-light>
      <layerw-mesh geometry="box" color="white" scale="1.5" position="0 20 0" lift="0 1 0"></layerw-mesh></layerw-scene>`);
    assertEqual(pixelAt(capture(scene), 0.5, 0.5).slice(0, 3).join(), '0,0,0', 'out of view at first');
    scene.addSystem({
      name: 'home', writes: ['position'], with: ['lift'], sandbox: 'quickjs',
      source: 'function run(columns, count) { for (let i = 0; i < count; i++) columns.position[i * 3 + 1] = 0; }',
    });
    await until(() => scene.runtime!.walloc!.columns.float.position.includes(20) === false, 'the sandbox ran');
    const [r] = pixelAt(capture(scene), 0.5, 0.5);
    assert(r! > 100, `the system brought the box to the centre (red ${r})`);
  });

  it('interrupts an endless loop within its budget, reports SYSTEM_FAILED, and the frame goes on', async () => {
    const scene = await mountScene(BOXES);
    const errors = collectErrors(scene);
    const budgetMs = 40;
    let started = 0;
    let longest = 0;
    let after = 0;
    scene.addSystem({ name: 'clock-start', phase: 'simulate', before: ['spin-forever'], run: () => void (started = performance.now()) });
    scene.addSystem({
      name: 'clock-end', phase: 'simulate', after: ['spin-forever'], run: () => {
        after++;
        longest = Math.max(longest, performance.now() - started);
      },
    });
    scene.addSystem({ name: 'spin-forever', writes: ['position'], sandbox: 'quickjs', budgetMs, source: 'function run() { for (;;) {} }' });
    await until(() => errors.length > 0, 'the loop was reported');
    assertEqual(errors[0]!.code, 'SYSTEM_FAILED');
    assert(errors[0]!.message.includes('spin-forever') && errors[0]!.message.includes('budget'), errors[0]!.message);
    assert(longest >= budgetMs, `the loop ran for its budget (${longest.toFixed(1)} ms)`);
    assert(longest < budgetMs + 1000, `and was stopped soon after (${longest.toFixed(1)} ms)`);
    const seen = after;
    await frames(3);
    assert(after > seen, 'later frames still run the other systems');
    assertEqual(scene.runtime!.schedule.has('spin-forever'), false);
    await until(() => openSandboxes() === 0, 'the stopped sandbox was disposed');
  });

  it('reports a throw with SYSTEM_FAILED naming the system and its message', async () => {
    const scene = await mountScene(BOXES);
    const errors = collectErrors(scene);
    scene.addSystem({
      name: 'thrower', reads: ['lift'], sandbox: 'quickjs',
      source: 'let calls = 0; function run() { if (++calls === 3) throw new RangeError("third time"); }',
    });
    await until(() => errors.length > 0, 'the throw was reported');
    assertEqual(errors.map((e) => e.code).join(), 'SYSTEM_FAILED');
    assert(errors[0]!.message.includes('thrower') && errors[0]!.message.includes('RangeError: third time'), errors[0]!.message);
    assertEqual(scene.removeSystem('thrower'), false, 'the failed system is gone');
  });

  it('changes no column when a run writes a non-finite number', async () => {
    const scene = await mountScene(BOXES);
    const errors = collectErrors(scene);
    const before = positions(scene);
    const lift = scene.runtime!.components!.column('lift').slice();
    scene.addSystem({
      name: 'nan', reads: [], writes: ['position', 'lift'], sandbox: 'quickjs',
      source: `function run(columns, count) {
        for (let i = 0; i < count * 3; i++) { columns.position[i] += 1; columns.lift[i] = 7; }
        columns.position[count * 3 - 1] = NaN;
      }`,
    });
    await until(() => errors.length > 0, 'the NaN was reported');
    assertEqual(errors[0]!.code, 'SYSTEM_FAILED');
    assert(errors[0]!.message.includes('non-finite') && errors[0]!.message.includes('"position"'), errors[0]!.message);
    await frames(2);
    assertEqual(positions(scene).join(), before.join(), 'no position changed');
    assertEqual(scene.runtime!.components!.column('lift').join(), lift.join(), 'nor the other written column');
  });

  it('reports source that does not load or defines no run', async () => {
    const scene = await mountScene(BOXES);
    const errors = collectErrors(scene);
    scene.addSystem({ name: 'syntax', sandbox: 'quickjs', source: 'function run( {' });
    scene.addSystem({ name: 'no-run', sandbox: 'quickjs', source: 'const walk = 1;' });
    await until(() => errors.length === 2, 'both were reported');
    const messages = errors.map((e) => `${e.code} ${e.message}`).sort();
    assert(messages[0]!.startsWith('SYSTEM_FAILED') && messages[0]!.includes('no-run') && messages[0]!.includes('no function run'), messages[0]);
    assert(messages[1]!.startsWith('SYSTEM_FAILED') && messages[1]!.includes('syntax') && messages[1]!.includes('SyntaxError'), messages[1]);
    await until(() => openSandboxes() === 0, 'neither sandbox was kept');
  });

  it('refuses writes to the engine\'s own columns and a bad budget, with BAD_ATTRIBUTE', async () => {
    const scene = await mountScene(BOXES);
    const codes: string[] = [];
    for (const options of [
      { name: 'x', writes: ['world'], source: LIFT, sandbox: 'quickjs' as const },
      { name: 'x', writes: ['flags'], source: LIFT, sandbox: 'quickjs' as const },
      { name: 'x', writes: ['position'], source: LIFT, sandbox: 'quickjs' as const, budgetMs: 0 },
      { name: 'x', writes: ['position'], source: LIFT },
    ]) {
      try {
        scene.addSystem(options);
      } catch (error) {
        codes.push((error as { code: string }).code);
      }
    }
    assertEqual(codes.join(), 'BAD_ATTRIBUTE,BAD_ATTRIBUTE,BAD_ATTRIBUTE,BAD_ATTRIBUTE');
    assertEqual(scene.runtime!.schedule.has('x'), false);
  });

  it('disposes the sandbox when the system or the scene is removed', async () => {
    const scene = await mountScene(BOXES);
    const start = positions(scene);
    scene.addSystem({ name: 'lift', reads: ['lift'], writes: ['position'], with: ['lift'], source: LIFT, sandbox: 'quickjs' });
    await until(() => positions(scene).some((value, i) => value !== start[i]), 'the sandbox ran');
    assertEqual(openSandboxes(), 1);
    assertEqual(scene.removeSystem('lift'), true);
    assertEqual(openSandboxes(), 0, 'removing the system disposed its sandbox');
    const stopped = positions(scene);
    await frames(3);
    assertEqual(positions(scene).join(), stopped.join(), 'and runs no more');
    scene.addSystem({ name: 'lift', reads: ['lift'], writes: ['position'], with: ['lift'], source: LIFT, sandbox: 'quickjs' });
    await until(() => openSandboxes() === 1, 'the second sandbox loaded');
    scene.remove();
    await until(() => openSandboxes() === 0, 'removing the scene disposed it');
  });
});
