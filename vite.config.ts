import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compare, formatReport, formatTarget, measure, readBudget } from './scripts/size-budget.mjs';
import { generateManifest, vscodeCustomData } from './scripts/custom-elements.mjs';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { layerwSystems } from './src/vite/plugin.js';
import { minify } from 'terser';

/** Modules that fetch a WebAssembly core from build/ when run from source, with the file each one fetches. */
const INLINED_CORES = new Map([
  [fileURLToPath(new URL('src/wasm/core-bytes.ts', import.meta.url)), { file: 'build/layerw.wasm', name: 'coreBytes' }],
  [fileURLToPath(new URL('src/wasm/frame-bytes.ts', import.meta.url)), { file: 'build/layerw-frame.wasm', name: 'frameBytes' }],
  [fileURLToPath(new URL('src/wasm/threads-bytes.ts', import.meta.url)), { file: 'build/layerw-threads.wasm', name: 'threadsBytes' }],
  [fileURLToPath(new URL('src/wasm/features-bytes.ts', import.meta.url)), { file: 'build/layerw-features.wasm', name: 'featuresBytes' }],
  [
    fileURLToPath(new URL('src/wasm/features-threads-bytes.ts', import.meta.url)),
    { file: 'build/layerw-features-threads.wasm', name: 'featuresThreadsBytes' },
  ],
  [fileURLToPath(new URL('src/wasm/picking-bytes.ts', import.meta.url)), { file: 'build/layerw-picking.wasm', name: 'pickingBytes' }],
  [
    fileURLToPath(new URL('src/wasm/picking-threads-bytes.ts', import.meta.url)),
    { file: 'build/layerw-picking-threads.wasm', name: 'pickingThreadsBytes' },
  ],
]);
const ENTRY = fileURLToPath(new URL('src/index.ts', import.meta.url));
const RENDERER = fileURLToPath(new URL('src/gpu/scene-renderer.ts', import.meta.url));
const FRAME_KERNELS = fileURLToPath(new URL('src/wasm/frame-kernels.ts', import.meta.url));

/**
 * Library build: replaces src/wasm/core-bytes.ts (and src/wasm/frame-bytes.ts, in the renderer's chunk, and
 * src/wasm/threads-bytes.ts, in the workers' lazy chunk, and
 * the feature kernels' src/wasm/features-bytes.ts and src/wasm/features-threads-bytes.ts, and the picking kernels'
 * src/wasm/picking-bytes.ts and src/wasm/picking-threads-bytes.ts, in theirs) with
 * a module that holds the core deflated and in base64, inflated with DecompressionStream, so dist/layerw.js is one
 * file that works from any URL or CDN and under a CSP that allows no `connect-src` (a `fetch` of a data: URL would
 * need one). Deflated first, the core adds 17.3 KB to the gzipped bundle instead of 21.6 KB (the 33.7 KB core of
 * December 2026): base64 of the raw bytes hides their repetitions from gzip.
 */
function inlineWasmCore(): Plugin {
  return {
    name: 'layerw-inline-wasm-core',
    enforce: 'pre',
    load(id) {
      const core = INLINED_CORES.get(id);
      if (!core) return null;
      const base64 = deflateRawSync(readFileSync(new URL(core.file, import.meta.url)), { level: 9 }).toString('base64');
      return [
        `const CORE = ${JSON.stringify(base64)};`,
        '/** The WebAssembly core, inlined by the library build. */',
        `export function ${core.name}() {`,
        '  const text = atob(CORE);',
        '  const bytes = new Uint8Array(text.length);',
        '  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);',
        "  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer();",
        '}',
      ].join('\n');
    },
  };
}

/**
 * Library build: WGSL without comments and with no whitespace a tokenizer does not need. WGSL has no string
 * literals, so `//` to the end of a line and block comments are always comments (the shaders do not nest block
 * comments), and line breaks mean nothing. A space stays only between two word characters (`fn main`) or two
 * operator characters (`a - -b` must not become `a--b`). A file with lines that end in a `//? name` condition
 * (shaders/mesh-varyings.wgsl, read line by line at run time by src/gpu/shader-source.ts) keeps one line per
 * line of code, each with its condition.
 */
function minifyWgsl(): Plugin {
  const word = /\w/;
  const operator = /[-+*/%<>=!&|^~.]/;
  const condition = /\/\/\? !?\w+$/;
  const squeeze = (code: string): string => {
    const text = code.replace(/\/\/.*$/gm, '').replace(/\s+/g, ' ').trim();
    return text.replace(/ /g, (space, at: number) => {
      const before = text[at - 1]!;
      const after = text[at + 1]!;
      const needed = (word.test(before) && word.test(after)) || (operator.test(before) && operator.test(after));
      return needed ? space : '';
    });
  };
  return {
    name: 'layerw-minify-wgsl',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.wgsl?raw')) return null;
      const source = readFileSync(id.slice(0, -'?raw'.length), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const lines = source.split('\n');
      const minified = lines.some((line) => condition.test(line))
        ? lines.map((line) => {
          const code = squeeze(line);
          const kept = condition.exec(line);
          return kept && code ? `${code} ${kept[0]}` : code;
        }).filter(Boolean).join('\n')
        : squeeze(source);
      return `export default ${JSON.stringify(`${minified}\n`)};`;
    },
  };
}

/**
 * Library build, once the bundle is written: the type declarations (tsc with tsconfig.build.json into
 * dist/types), plus src/framework-elements.d.ts (the React, Vue and Svelte element types, hand-written because
 * tsc does not emit .d.ts sources) copied beside them, with index.d.ts's reference pointed at the copy, and
 * src/system-import.d.ts (the type of a `?system` import, `layerw/client`); and
 * dist/types/with-webgpu-types.d.ts, the same API with a reference to @webgpu/types, which package.json's
 * `types@<6.0` condition gives to TypeScript 5 and older. TypeScript 6 declares WebGPU in its own DOM library, where
 * @webgpu/types would declare every name twice, so the plain index.d.ts (no reference) is for 6 and later.
 */
function typeDeclarations(): Plugin {
  const root = new URL('./', import.meta.url);
  const file = 'framework-elements.d.ts';
  return {
    name: 'layerw-type-declarations',
    apply: 'build',
    closeBundle() {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.build.json', root))], { stdio: 'inherit' });
      copyFileSync(new URL(`src/${file}`, root), new URL(`dist/types/src/${file}`, root));
      copyFileSync(new URL('src/system-import.d.ts', root), new URL('dist/types/src/system-import.d.ts', root));
      const index = new URL('dist/types/src/index.d.ts', root);
      const text = readFileSync(index, 'utf8');
      const fixed = text.replace(/(\/\/\/ <reference path=")[^"]*framework-elements\.d\.ts"/, `$1./${file}"`);
      if (!fixed.includes(`path="./${file}"`)) throw new Error(`dist/types/src/index.d.ts does not reference ${file}`);
      writeFileSync(index, fixed);
      writeFileSync(
        new URL('dist/types/with-webgpu-types.d.ts', root),
        '/// <reference types="@webgpu/types" />\nexport * from \'./src/index.js\';\n',
      );
    },
  };
}

/**
 * Library build, once the bundle is written: the Node side of the package (`layerw/vite`, the `layerw` CLI) as
 * JavaScript in dist/node (tsc with tsconfig.node.json), with the WebAssembly column accessors beside it at the
 * same relative place as in the source tree.
 */
function nodeEntries(): Plugin {
  const root = new URL('./', import.meta.url);
  return {
    name: 'layerw-node-entries',
    apply: 'build',
    closeBundle() {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.node.json', root))], { stdio: 'inherit' });
      mkdirSync(new URL('dist/node/assembly/', root), { recursive: true });
      copyFileSync(new URL('assembly/system-lib.ts', root), new URL('dist/node/assembly/system-lib.ts', root));
      chmodSync(new URL('dist/node/src/cli/index.js', root), 0o755);
    },
  };
}

/**
 * Library build: a second minification of every chunk with terser (two compress passes), after Rolldown's own.
 * It finds what one pass leaves (constants to fold after inlining, shorter forms of conditionals): about 0.6 KB
 * gzip off what every page loads.
 */
function terserPass(): Plugin {
  return {
    name: 'layerw-terser',
    apply: 'build',
    async renderChunk(code) {
      const result = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true });
      return result.code === undefined ? null : { code: result.code, map: null };
    },
  };
}

/**
 * Library build, once the bundle is written: dist/custom-elements.json (the Custom Elements Manifest that
 * package.json's `customElements` names) and dist/vscode.html-custom-data.json (the same tags and attributes for
 * VS Code's `html.customData`), both read from the code by scripts/custom-elements.mjs.
 */
function elementManifest(): Plugin {
  const root = fileURLToPath(new URL('./', import.meta.url));
  return {
    name: 'layerw-element-manifest',
    apply: 'build',
    closeBundle() {
      const manifest = generateManifest(root);
      writeFileSync(`${root}dist/custom-elements.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      writeFileSync(`${root}dist/vscode.html-custom-data.json`, `${JSON.stringify(vscodeCustomData(manifest), null, 2)}\n`);
    },
  };
}

/** Library build, once the bundle is written: prints each file's gzip size beside its budget (size-budget.json). */
function sizeReport(): Plugin {
  const root = fileURLToPath(new URL('./', import.meta.url));
  return {
    name: 'layerw-size-report',
    apply: 'build',
    closeBundle() {
      const sizes = measure(`${root}dist`);
      const budget = readBudget(root);
      console.log(formatReport(compare(sizes, budget)));
      const target = formatTarget(sizes, budget);
      if (target) console.log(target);
    },
  };
}

/** What the chunking step tells a group about a module. */
interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

/**
 * Library build: puts the modules that both the entry and a lazy chunk import (statically, at any depth) in one
 * chunk, `shared`. Without it they stay in layerw.js, which then exports them to the lazy chunks under minified
 * one-letter names beside the public API.
 */
function sharedChunkName(entry: string): (id: string, graph: ModuleGraph) => string | null {
  let shared: Set<string> | undefined;
  return (id, graph) => {
    shared ??= sharedModules(entry, graph);
    return shared.has(id) ? 'shared' : null;
  };
}

/**
 * Library build: puts the renderer and the frame kernels, and what they import (less what `shared` took), in one
 * chunk, `renderer`, which a scene loads when it connects: one request, not one per module that the models and
 * environment chunks share with it, and a scene needs both before its first frame.
 */
function rendererChunkName(roots: readonly string[]): (id: string, graph: ModuleGraph) => string | null {
  let modules: Set<string> | undefined;
  return (id, graph) => {
    modules ??= reachable(roots, graph, false);
    return modules.has(id) ? 'renderer' : null;
  };
}

function sharedModules(entry: string, graph: ModuleGraph): Set<string> {
  const fromEntry = reachable([entry], graph, false);
  const lazyRoots = [...fromEntry].flatMap((id) => graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []);
  const lazy = reachable(lazyRoots, graph, true);
  return new Set([...fromEntry].filter((id) => lazy.has(id)));
}

/** The modules reached from `roots` through static imports, and through dynamic ones when `dynamic` is set. */
function reachable(roots: readonly string[], graph: ModuleGraph, dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const info = graph.getModuleInfo(id);
    stack.push(...(info?.importedIds ?? []), ...(dynamic ? info?.dynamicallyImportedIds ?? [] : []));
  }
  return seen;
}

// `vite` serves the whole project (demo pages, tests and benchmarks load the same sources and the WebAssembly
// core from build/), with the React, Vue and Svelte plugins for demo/react, demo/vue and demo/svelte, and
// `layerw/vite` for `?system` imports; `layerw` and `layerw/system` are the sources, as for a page that installed
// the package.
// `vite build` makes the package: dist/layerw.js, one ES module with the shaders and the WebAssembly core
// inlined, and its lazy chunks beside it.
export default defineConfig(({ command }) => ({
  server: { host: '127.0.0.1', port: 5173 },
  // Built files find each other relative to import.meta.url (the workers beside layerw.js), wherever the
  // package is served from.
  base: command === 'build' ? './' : '/',
  // The Basis and Draco workers (src/assets/basis-worker.ts, draco-worker.ts) are module files beside layerw.js that
  // import their decoder chunks. layerw-draco-decoder.js is also what the in-process path (Node) imports: both
  // builds write that one file, a module with no imports of its own.
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'layerw-[name].js', chunkFileNames: 'layerw-[name].js', minify: true } },
  },
  plugins:
    command === 'build'
      ? [inlineWasmCore(), minifyWgsl(), terserPass(), typeDeclarations(), nodeEntries(), elementManifest(), sizeReport()]
      : [
          layerwSystems(),
          react(),
          vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('layerw-') } } }),
          svelte(),
        ],
  resolve:
    command === 'build'
      ? {}
      : {
          alias: [
            { find: /^layerw$/, replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)) },
            { find: /^layerw\/system$/, replacement: fileURLToPath(new URL('src/system.ts', import.meta.url)) },
          ],
        },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Minified in full (Vite's own `build.minify` keeps whitespace in ES library builds). layerw.js is what every
    // page loads; the glTF reader and the meshopt decoder are chunks beside it, loaded (relative to it, with no
    // configuration) the first time a mesh has a `src`, or a file is meshopt-compressed.
    rolldownOptions: {
      // layerw.js exports the public API and nothing else; what the lazy chunks share with it is in
      // layerw-shared.js, which layerw.js imports.
      preserveEntrySignatures: 'strict',
      output: {
        minify: true,
        chunkFileNames: 'layerw-[name].js',
        codeSplitting: {
          groups: [
            { name: sharedChunkName(ENTRY), debugName: 'shared', priority: 2 },
            { name: rendererChunkName([RENDERER, FRAME_KERNELS]), debugName: 'renderer', priority: 1 },
          ],
        },
      },
    },
    lib: {
      entry: ENTRY,
      formats: ['es'],
      fileName: () => 'layerw.js',
    },
  },
}));
