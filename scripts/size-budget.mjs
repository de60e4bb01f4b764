// The package's size budget: measures every JavaScript file of dist/ gzipped and compares it with size-budget.json.
// `initial` bounds what every page loads before any feature is used: layerw.js with the chunks it imports
// statically; `initialTarget` is where that figure should get to, printed beside it until it does. `firstFrame`
// bounds what a page with a scene loads before its first frame: the initial load and the renderer chunk. `files`
// bounds each file; a chunk not named there gets `otherChunk`. The build prints the report (vite.config.ts) and
// test/node/size-budget.test.mjs fails when a figure passes its budget.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The chunks a module imports statically (`import ... from "./x.js"`, `export ... from "./x.js"`, `import "./x.js"`). */
function staticImports(code) {
  const found = new Set();
  for (const match of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'](\.\/[\w.-]+\.js)["']/g)) {
    found.add(match[1].slice(2));
  }
  return [...found];
}

/** The chunk a scene starts loading when it connects (src/engine/renderer-code.ts): the renderer. */
export const RENDERER_CHUNK = 'layerw-renderer.js';

/**
 * The feature kernels' chunks (src/wasm/feature-kernels.ts with build/layerw-features.wasm inlined, and the build
 * for shared memories it loads on isolated pages): loaded with a scene's first tween or animated model, never by
 * the initial load.
 */
export const FEATURE_CHUNKS = ['layerw-feature-kernels.js', 'layerw-features-threads-bytes.js'];

/**
 * The picking kernels' chunks: the pointer chunk (src/engine/picking/scene-pointer.ts, with build/layerw-picking.wasm
 * inlined), which a scene loads once its memory is ready, and the build for shared memories it loads on isolated
 * pages; neither is in the initial or the first frame's load.
 */
export const PICKING_CHUNKS = ['layerw-scene-pointer.js', 'layerw-picking-threads-bytes.js'];

/** `roots` with their static imports at any depth, in the order met. */
function withStaticImports(files, roots) {
  const found = [];
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (found.includes(name) || !files.has(name)) continue;
    found.push(name);
    queue.push(...files.get(name).imports);
  }
  return found;
}

/**
 * Sizes of dist/'s JavaScript files: for each, its bytes and gzip bytes; the initial load, layerw.js with its
 * static imports at any depth; and the first frame's load, the initial load with the renderer chunk and its static
 * imports, which every page with a scene fetches before it draws.
 */
export function measure(distDir) {
  const files = new Map();
  for (const name of readdirSync(distDir).filter((file) => file.endsWith('.js')).sort()) {
    const code = readFileSync(path.join(distDir, name));
    files.set(name, { bytes: code.length, gzip: gzipSync(code).length, imports: staticImports(code.toString('utf8')) });
  }
  const sum = (names) => names.reduce((total, name) => total + files.get(name).gzip, 0);
  const initialFiles = withStaticImports(files, ['layerw.js']);
  const firstFrameFiles = withStaticImports(files, ['layerw.js', RENDERER_CHUNK]);
  return { files, initial: sum(initialFiles), initialFiles, firstFrame: sum(firstFrameFiles), firstFrameFiles };
}

/** Every figure beside its budget; `over` is true where the figure passes it. */
export function compare(sizes, budget) {
  const rows = [...sizes.files].map(([name, size]) => {
    const limit = budget.files[name] ?? budget.otherChunk;
    return { name, bytes: size.bytes, gzip: size.gzip, budget: limit, over: size.gzip > limit };
  });
  rows.push({
    name: `initial load (${sizes.initialFiles.join(' + ')})`,
    bytes: sizes.initialFiles.reduce((sum, name) => sum + sizes.files.get(name).bytes, 0),
    gzip: sizes.initial,
    budget: budget.initial,
    over: sizes.initial > budget.initial,
  });
  rows.push({
    name: `first frame (initial load + ${sizes.firstFrameFiles.filter((name) => !sizes.initialFiles.includes(name)).join(' + ')})`,
    bytes: sizes.firstFrameFiles.reduce((sum, name) => sum + sizes.files.get(name).bytes, 0),
    gzip: sizes.firstFrame,
    budget: budget.firstFrame,
    over: sizes.firstFrame > budget.firstFrame,
  });
  return rows;
}

/** Reads size-budget.json from the project root. */
export function readBudget(rootDir) {
  return JSON.parse(readFileSync(path.join(rootDir, 'size-budget.json'), 'utf8'));
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** The report `npm run build` prints: one line per file, then the initial load. */
export function formatReport(rows) {
  const width = Math.max(...rows.map((row) => row.name.length));
  const lines = rows.map((row) => `${row.name.padEnd(width)}  ${kb(row.bytes).padStart(9)}  gzip ${kb(row.gzip).padStart(8)}  budget ${kb(row.budget).padStart(8)}${row.over ? '  OVER BUDGET' : ''}`);
  return ['layerw: gzip sizes against size-budget.json', ...lines].join('\n');
}

/** The line the build adds while the initial load is above its target; null once it is not. */
export function formatTarget(sizes, budget) {
  if (budget.initialTarget === undefined || sizes.initial <= budget.initialTarget) return null;
  return `layerw: the initial load is ${kb(sizes.initial - budget.initialTarget)} above its target of ${kb(budget.initialTarget)}`;
}
