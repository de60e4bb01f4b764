// `layerw build-system` (the built CLI, dist/node) and the compiler behind it and `layerw/vite`: what it writes
// runs and computes what the same file computes as JavaScript; bad input gives a clear message and a failing
// exit code. Needs `npm run build`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(root, 'dist/node/src/cli/index.js');
const FIXTURES = 'test/systems/fixtures';
const out = await mkdtemp(path.join(tmpdir(), 'layerw-build-system-'));
after(() => rm(out, { recursive: true, force: true }));

/** Runs the CLI; resolves with its exit code and output, failing or not. */
async function cli(...args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

/** The system file as JavaScript, with `layerw/system` as the engine's accessors, bundled by esbuild. */
async function javaScriptBuild(file) {
  const result = await build({
    stdin: {
      contents: `export { run } from './${file}';\nexport { bindSystemMemory } from './src/systems/system-memory.ts';\n`,
      resolveDir: root,
      loader: 'ts',
    },
    alias: { 'layerw/system': './src/system.ts' },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

test('build-system writes a WebAssembly module and an ES module whose kernel computes what the file computes as JavaScript', async () => {
  const { code, stderr } = await cli('build-system', `${FIXTURES}/flock.system.ts`, '--out', out);
  assert.equal(code, 0, stderr);
  const { default: kernel } = await import(pathToFileURL(path.join(out, 'flock.system.js')).href);
  assert.equal(kernel.kind, 'wasm');
  assert.deepEqual([...kernel.bytes.slice(0, 4)], [0, 0x61, 0x73, 0x6d], 'the bytes are a WebAssembly module');

  // Two memories laid out alike: a slot list, then the position, velocity and noise columns of 16 slots.
  const slots = [3, 0, 7, 12, 5, 9, 1, 14];
  const address = { slots: 64, position: 256, velocity: 512, noise: 768 };
  const fill = (memory) => {
    const f32 = new Float32Array(memory.buffer);
    const u32 = new Uint32Array(memory.buffer);
    slots.forEach((slot, i) => {
      u32[address.slots / 4 + i] = slot;
      for (let k = 0; k < 3; k++) {
        f32[address.position / 4 + slot * 3 + k] = Math.sin(slot * 7 + k) * 1.5;
        f32[address.velocity / 4 + slot * 3 + k] = Math.cos(slot * 3 + k) * 3;
      }
      u32[address.noise / 4 + slot] = 0x9e3779b9 ^ slot;
    });
    return memory;
  };
  const wasmMemory = fill(new WebAssembly.Memory({ initial: 1 }));
  const { instance } = await WebAssembly.instantiate(kernel.bytes, { env: { memory: wasmMemory } });
  const jsMemory = fill(new WebAssembly.Memory({ initial: 1 }));
  const js = await javaScriptBuild(`${FIXTURES}/flock.system.ts`);
  js.bindSystemMemory(jsMemory);
  for (let frame = 0; frame < 4; frame++) {
    instance.exports.run(slots.length, 0.05, address.slots, address.position, address.velocity, address.noise);
    js.run(slots.length, 0.05, address.slots, address.position, address.velocity, address.noise);
  }
  const a = new Float32Array(wasmMemory.buffer, 0, 1024 / 4);
  const b = new Float32Array(jsMemory.buffer, 0, 1024 / 4);
  const before = new Float32Array(fill(new WebAssembly.Memory({ initial: 1 })).buffer, 0, 1024 / 4);
  let changed = 0;
  for (let i = address.position / 4; i < address.noise / 4; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= 1e-4 * Math.max(1, Math.abs(b[i])), `float ${i}: WebAssembly ${a[i]}, JavaScript ${b[i]}`);
    if (a[i] !== before[i]) changed++;
  }
  assert.ok(changed >= slots.length * 6, `the kernel moved every slot (${changed} numbers changed)`);
  assert.deepEqual(new Uint32Array(wasmMemory.buffer, address.noise, 16), new Uint32Array(jsMemory.buffer, address.noise, 16));
});

test('a compile error names the system file and line, on stderr, with a failing exit code', async () => {
  const { code, stderr } = await cli('build-system', `${FIXTURES}/mistyped.system.ts`, '--out', out);
  assert.equal(code, 1);
  assert.match(stderr, /test\/systems\/fixtures\/mistyped\.system\.ts:7:\d+ ERROR/);
  assert.match(stderr, /explicit cast/);
});

test('a system that allocates is refused', async () => {
  const { code, stderr } = await cli('build-system', `${FIXTURES}/allocating.system.ts`, '--out', out);
  assert.equal(code, 1);
  assert.match(stderr, /allocating\.system\.ts: a system must not allocate/);
});

test('a system file without a run function is refused', async () => {
  const file = path.join(out, 'norun.system.ts');
  await writeFile(file, 'export function step(count: u32): void {}\n');
  const { code, stderr } = await cli('build-system', file, '--out', out);
  assert.equal(code, 1);
  assert.match(stderr, /norun\.system\.ts: a system file exports a function run/);
});

test('an unreadable file is one line on stderr and a failing exit code', async () => {
  const { code, stderr } = await cli('build-system', 'no/such.system.ts');
  assert.equal(code, 1);
  assert.equal(stderr, 'layerw build-system: cannot read no/such.system.ts: ENOENT\n');
});

test('an unknown command prints the usage and fails', async () => {
  const { code, stderr } = await cli('nonsense');
  assert.equal(code, 2);
  assert.match(stderr, /unknown command "nonsense"/);
  assert.match(stderr, /layerw build-system/);
});

test("the README's worked example (demo/bounce.system.ts) compiles, and its balls bounce off the floor", async () => {
  const { code, stderr } = await cli('build-system', 'demo/bounce.system.ts', '--out', out);
  assert.equal(code, 0, stderr);
  const { default: kernel } = await import(pathToFileURL(path.join(out, 'bounce.system.js')).href);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { instance } = await WebAssembly.instantiate(kernel.bytes, { env: { memory } });
  const f32 = new Float32Array(memory.buffer);
  new Uint32Array(memory.buffer)[0] = 2; // one slot to visit: slot 2
  const position = 64;
  const fall = 256;
  f32[position / 4 + 2 * 3 + 1] = 1;
  let lowest = Infinity;
  let rose = false;
  for (let frame = 0; frame < 120; frame++) {
    instance.exports.run(1, 1 / 60, 0, position, fall);
    lowest = Math.min(lowest, f32[position / 4 + 7]);
    rose ||= f32[fall / 4 + 2] > 0;
  }
  assert.ok(lowest >= 0, `never below the floor (${lowest})`);
  assert.ok(rose, 'it bounced back up');
});
