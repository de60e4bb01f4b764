// The package's size budget: measures every JavaScript file of dist/ gzipped and compares it with size-budget.json.
// `initial` bounds what every page loads before any feature is used: layerw.js with the chunks it imports
// statically; `initialTarget` is where that figure should get to, printed beside it until it does. `files`
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

/**
 * Sizes of dist/'s JavaScript files: for each, its bytes and gzip bytes; and the initial load, layerw.js with its
 * static imports at any depth.
 */
export function measure(distDir) {
  const files = new Map();
  for (const name of readdirSync(distDir).filter((file) => file.endsWith('.js')).sort()) {
    const code = readFileSync(path.join(distDir, name));
    files.set(name, { bytes: code.length, gzip: gzipSync(code).length, imports: staticImports(code.toString('utf8')) });
  }
  const initialFiles = [];
  const queue = ['layerw.js'];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (initialFiles.includes(name) || !files.has(name)) continue;
    initialFiles.push(name);
    queue.push(...files.get(name).imports);
  }
  const initial = initialFiles.reduce((sum, name) => sum + files.get(name).gzip, 0);
  return { files, initial, initialFiles };
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
