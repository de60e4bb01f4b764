// The size budget (size-budget.json) against the build in dist/: every file, and the initial load.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { compare, FEATURE_CHUNKS, formatReport, measure, PICKING_CHUNKS, readBudget, RENDERER_CHUNK } from '../../scripts/size-budget.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('every file of dist/, the initial load (layerw.js and its static imports) and the first frame\'s load are within size-budget.json', () => {
  const sizes = measure(`${root}dist`);
  assert.ok(sizes.files.has('layerw.js'), 'dist/ has the build');
  assert.ok(sizes.initialFiles.includes('layerw-shared.js'), `the initial load follows static imports: ${sizes.initialFiles}`);
  const rows = compare(sizes, readBudget(root));
  assert.equal(rows.filter((row) => row.name.startsWith('initial load')).length, 1, 'the initial load is one of the figures checked');
  const over = rows.filter((row) => row.over);
  assert.deepEqual(over.map((row) => row.name), [], formatReport(rows));
});

test('the initial load holds the inlined WebAssembly core: it is not moved out of the budget', () => {
  const sizes = measure(`${root}dist`);
  const core = readFileSync(new URL('build/layerw.wasm', `file://${root}`));
  const deflated = deflateRawSync(core, { level: 9 }).toString('base64');
  const holder = sizes.initialFiles.find((name) => readFileSync(`${root}dist/${name}`, 'utf8').includes(deflated));
  assert.ok(holder, `one of ${sizes.initialFiles} holds build/layerw.wasm, deflated, in base64`);
});

/** `build/<file>` deflated and in base64, as the library build inlines a WebAssembly module. */
function inlined(file) {
  return deflateRawSync(readFileSync(new URL(`build/${file}`, `file://${root}`)), { level: 9 }).toString('base64');
}

/**
 * Each WebAssembly file of `holders` (build file → chunk) is inlined in its chunk and in no other file, and that
 * chunk is outside the first frame's load.
 */
function onlyIn(sizes, holders) {
  for (const [file, chunk] of Object.entries(holders)) {
    assert.ok(sizes.files.has(chunk), `dist/ has ${chunk}`);
    assert.ok(readFileSync(`${root}dist/${chunk}`, 'utf8').includes(inlined(file)), `${chunk} holds build/${file}, deflated, in base64`);
    assert.ok(!sizes.firstFrameFiles.includes(chunk), `the first frame's load (${sizes.firstFrameFiles}) does not hold ${chunk}`);
    const elsewhere = [...sizes.files.keys()].filter((name) => name !== chunk && readFileSync(`${root}dist/${name}`, 'utf8').includes(inlined(file)));
    assert.deepEqual(elsewhere, [], `no other file holds build/${file}`);
  }
}

/** The files among `names` (all of dist/ when left out) that import chunk `chunk` dynamically, sorted. */
function importersOf(sizes, chunk, names = [...sizes.files.keys()]) {
  const dynamicImport = new RegExp(`import\\(["'\`]\\./${chunk.replace('.', '\\.')}["'\`]\\)`);
  return names.filter((name) => dynamicImport.test(readFileSync(`${root}dist/${name}`, 'utf8'))).sort();
}

test('the feature kernels are chunks of their own, outside the initial and first-frame loads, loaded by the tweens and animation chunks', () => {
  const sizes = measure(`${root}dist`);
  const holders = { 'layerw-features.wasm': FEATURE_CHUNKS[0], 'layerw-features-threads.wasm': FEATURE_CHUNKS[1] };
  onlyIn(sizes, holders);
  assert.deepEqual(importersOf(sizes, FEATURE_CHUNKS[0]), ['layerw-model-animation.js', 'layerw-scene-tweens.js'], `the chunks that load ${FEATURE_CHUNKS[0]}`);
  assert.deepEqual(importersOf(sizes, FEATURE_CHUNKS[1]), [FEATURE_CHUNKS[0]], `${FEATURE_CHUNKS[1]} is loaded by ${FEATURE_CHUNKS[0]} alone, for shared memories`);
});

test('the picking kernels are in the pointer chunk, outside the initial and first-frame loads, their shared-memory build in a chunk it loads', () => {
  const sizes = measure(`${root}dist`);
  const holders = { 'layerw-picking.wasm': PICKING_CHUNKS[0], 'layerw-picking-threads.wasm': PICKING_CHUNKS[1] };
  onlyIn(sizes, holders);
  assert.deepEqual(importersOf(sizes, PICKING_CHUNKS[1]), [PICKING_CHUNKS[0]], `${PICKING_CHUNKS[1]} is loaded by ${PICKING_CHUNKS[0]} alone, for shared memories`);
});

test('the renderer is a chunk of its own, loaded by a scene rather than by the import, and counted in the first frame\'s load', () => {
  const sizes = measure(`${root}dist`);
  assert.ok(sizes.files.has(RENDERER_CHUNK), `dist/ has ${RENDERER_CHUNK}`);
  assert.ok(!sizes.initialFiles.includes(RENDERER_CHUNK), `the initial load (${sizes.initialFiles}) does not hold the renderer`);
  assert.ok(sizes.firstFrameFiles.includes(RENDERER_CHUNK), `the first frame's load (${sizes.firstFrameFiles}) holds the renderer`);
  assert.equal(importersOf(sizes, RENDERER_CHUNK, sizes.initialFiles).length, 1, `one file of the initial load imports ${RENDERER_CHUNK} dynamically`);
  assert.ok(sizes.firstFrame > sizes.initial, 'the first frame\'s load adds the renderer to the initial load');
});

test('the frame kernels are inlined in the renderer chunk alone: in the first frame\'s load, not in the initial load', () => {
  const sizes = measure(`${root}dist`);
  const frame = inlined('layerw-frame.wasm');
  const holders = [...sizes.files.keys()].filter((name) => readFileSync(`${root}dist/${name}`, 'utf8').includes(frame));
  assert.deepEqual(holders, [RENDERER_CHUNK], 'build/layerw-frame.wasm is inlined in the renderer chunk and nowhere else');
  assert.ok(!sizes.initialFiles.includes(RENDERER_CHUNK), `the initial load (${sizes.initialFiles}) does not hold them`);
  assert.ok(sizes.firstFrameFiles.includes(RENDERER_CHUNK), `the first frame's load (${sizes.firstFrameFiles}) does`);
});

test('the decoder workers\' client is a chunk of its own, outside the initial and first-frame loads, imported by the KTX2 and Draco chunks alone', () => {
  const sizes = measure(`${root}dist`);
  const chunk = 'layerw-worker-client.js';
  assert.ok(sizes.files.has(chunk), `dist/ has ${chunk}`);
  assert.ok(!sizes.firstFrameFiles.includes(chunk), `the first frame's load (${sizes.firstFrameFiles}) does not hold ${chunk}`);
  const holders = [...sizes.files.keys()].filter((name) => readFileSync(`${root}dist/${name}`, 'utf8').includes('its worker did not start'));
  assert.deepEqual(holders, [chunk], 'the client\'s code is in that chunk and nowhere else');
  const importers = [...sizes.files.keys()].filter((name) => readFileSync(`${root}dist/${name}`, 'utf8').includes(`"./${chunk}"`)).sort();
  assert.deepEqual(importers, ['layerw-draco-primitives.js', 'layerw-model-ktx2.js'], `the chunks that import ${chunk}`);
});
