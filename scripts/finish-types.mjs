#!/usr/bin/env node
// The last step of `npm run build`, after `tsc -p tsconfig.build.json`: puts src/framework-elements.d.ts (the
// React, Vue and Svelte element types, hand-written because tsc does not emit .d.ts sources) beside the emitted
// declarations, and points dist/types/src/index.d.ts's reference at that copy instead of the source file.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'framework-elements.d.ts';
const root = new URL('../', import.meta.url);
copyFileSync(new URL(`src/${FILE}`, root), new URL(`dist/types/src/${FILE}`, root));

const index = new URL('dist/types/src/index.d.ts', root);
const text = readFileSync(index, 'utf8');
const fixed = text.replace(/(\/\/\/ <reference path=")[^"]*framework-elements\.d\.ts"/, `$1./${FILE}"`);
if (fixed === text && !text.includes(`path="./${FILE}"`)) {
  throw new Error(`dist/types/src/index.d.ts does not reference ${FILE}`);
}
writeFileSync(index, fixed);
