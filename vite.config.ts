import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { layerwSystems } from './src/vite/plugin.js';

/** What a system file's `import ... from 'layerw/system'` is when it runs as JavaScript on the dev server. */
const CORE_BYTES_MODULE = fileURLToPath(new URL('src/wasm/core-bytes.ts', import.meta.url));
const CORE_WASM = fileURLToPath(new URL('build/layerw.wasm', import.meta.url));
const DOM_SHIM_ID = '\0layerw:no-dom';
/** ReactiveElement as Lit resolves it under Node's `node` export condition (its SSR-safe build). */
const REACTIVE_ELEMENT_NODE = createRequire(import.meta.url).resolve('@lit/reactive-element');

/**
 * Library build: replaces src/wasm/core-bytes.ts with a module that holds build/layerw.wasm as base64, decoded
 * with atob, so dist/layerw.js is one file that works from any URL or CDN and under a CSP that allows no
 * `connect-src` (a `fetch` of a data: URL would need one).
 */
function inlineWasmCore(): Plugin {
  return {
    name: 'layerw-inline-wasm-core',
    enforce: 'pre',
    load(id) {
      if (id !== CORE_BYTES_MODULE) return null;
      const base64 = readFileSync(CORE_WASM).toString('base64');
      return [
        `const CORE = ${JSON.stringify(base64)};`,
        '/** The WebAssembly core, inlined by the library build. */',
        'export async function coreBytes() {',
        '  const text = atob(CORE);',
        '  const bytes = new Uint8Array(text.length);',
        '  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);',
        '  return bytes;',
        '}',
      ].join('\n');
    },
  };
}

/**
 * Library build: Lit's `node` build of ReactiveElement extends `globalThis.HTMLElement ?? HTMLElement-from-the-
 * shim`, so the bundle imports without a DOM (server-side rendering). Its shim is swapped for an empty base class
 * and no registry, so importing LayerW in Node defines no globals.
 */
/**
 * Library build: WGSL without comments and indentation. WGSL has no string literals, so `//` to the end of a
 * line and block comments are always comments (the shaders do not nest block comments).
 */
function minifyWgsl(): Plugin {
  return {
    name: 'layerw-minify-wgsl',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.wgsl?raw')) return null;
      const text = readFileSync(id.slice(0, -'?raw'.length), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .split('\n')
        .map((line) => line.trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .join('\n');
      return `export default ${JSON.stringify(`${text}\n`)};`;
    },
  };
}

/**
 * Library build, once the bundle is written: the type declarations (tsc with tsconfig.build.json into
 * dist/types), plus src/framework-elements.d.ts (the React, Vue and Svelte element types, hand-written because
 * tsc does not emit .d.ts sources) copied beside them, with index.d.ts's reference pointed at the copy, and
 * src/system-import.d.ts (the type of a `?system` import, `layerw/client`).
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

function noDomShim(): Plugin {
  return {
    name: 'layerw-no-dom-shim',
    enforce: 'pre',
    resolveId(source) {
      return source === '@lit-labs/ssr-dom-shim' ? DOM_SHIM_ID : null;
    },
    load(id) {
      if (id !== DOM_SHIM_ID) return null;
      return 'export const HTMLElement = class HTMLElement {};\nexport const customElements = undefined;\n';
    },
  };
}

// `vite` serves the whole project (demo pages, tests and benchmarks load the same sources and the WebAssembly
// core from build/), with the React, Vue and Svelte plugins for demo/react, demo/vue and demo/svelte, and
// `layerw/vite` for `?system` imports; `layerw` and `layerw/system` are the sources, as for a page that installed
// the package.
// `vite build` makes the package: dist/layerw.js, one ES module with Lit, the shaders and the WebAssembly core.
export default defineConfig(({ command }) => ({
  server: { host: '127.0.0.1', port: 5173 },
  plugins:
    command === 'build'
      ? [inlineWasmCore(), minifyWgsl(), noDomShim(), typeDeclarations(), nodeEntries()]
      : [
          layerwSystems(),
          react(),
          vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('layerw-') } } }),
          svelte(),
        ],
  resolve:
    command === 'build'
      ? {
          // The elements use ReactiveElement and css only: `lit` would also bring lit-html, which touches
          // `document` as it loads.
          alias: [{ find: /^(lit|@lit\/reactive-element)$/, replacement: REACTIVE_ELEMENT_NODE }],
        }
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
      // Modules the lazy chunks share with the entry stay in layerw.js (exported from it for them).
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true, chunkFileNames: 'layerw-[name].js' },
    },
    lib: {
      entry: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'layerw.js',
    },
  },
}));
