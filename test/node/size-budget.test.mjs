// The size budget (size-budget.json) against the build in dist/: every file, and the initial load.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { compare, formatReport, measure, readBudget } from '../../scripts/size-budget.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('every file of dist/ and the initial load (layerw.js and its static imports) are within size-budget.json', () => {
  const sizes = measure(`${root}dist`);
  assert.ok(sizes.files.has('layerw.js'), 'dist/ has the build');
  assert.ok(sizes.initialFiles.includes('layerw-shared.js'), `the initial load follows static imports: ${sizes.initialFiles}`);
  const rows = compare(sizes, readBudget(root));
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
