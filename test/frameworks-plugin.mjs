// Test server plugin for the framework tests (test/frameworks/): compiles `.svelte` files with svelte/compiler,
// and serves React, ReactDOM, Vue and Svelte's runtime as ES modules bundled once with esbuild (React ships only
// CommonJS, and Vue's and Svelte's builds expect a bundler's defines and export conditions). The bundles share
// chunks, so every test file gets one copy of each framework. Wired into web-test-runner.config.mjs.
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { compile } from 'svelte/compiler';

const PREFIX = '/__frameworks/';

/** Bare specifier → bundle entry name. */
const ENTRIES = {
  react: 'react',
  'react-dom': 'react-dom',
  'react-dom/client': 'react-dom-client',
  vue: 'vue',
  svelte: 'svelte',
  'svelte/internal/client': 'svelte-internal-client',
  'svelte/internal/disclose-version': 'svelte-disclose-version',
  'svelte/internal/flags/legacy': 'svelte-flags-legacy',
  'svelte/internal/flags/async': 'svelte-flags-async',
};

/**
 * An ES module re-exporting a CommonJS package by name (esbuild cannot see CommonJS export names). The names are
 * read in a child process: loading React here would meet the test runner's replaced console.
 */
function commonJsFacade(specifier, rootDir) {
  const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  const names = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: rootDir, encoding: 'utf8' })).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  return `import * as all from ${JSON.stringify(specifier)};\nexport default all;\nexport const { ${names.join(', ')} } = all;\n`;
}

function entrySource(specifier, rootDir) {
  if (specifier.startsWith('react')) return commonJsFacade(specifier, rootDir);
  if (specifier.includes('/flags/') || specifier.endsWith('disclose-version')) return `import ${JSON.stringify(specifier)};\n`;
  return `export * from ${JSON.stringify(specifier)};\n`;
}

let bundles;

/** Builds every entry once: path under PREFIX → code. */
function bundle(rootDir) {
  bundles ??= build({
    absWorkingDir: rootDir,
    entryPoints: Object.fromEntries(Object.values(ENTRIES).map((name) => [name, `entry:${name}`])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser', 'development'],
    write: false,
    outdir: path.join(rootDir, PREFIX),
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'silent',
    plugins: [{
      name: 'framework-entries',
      setup(builder) {
        builder.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path.slice('entry:'.length), namespace: 'entry' }));
        builder.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => {
          const specifier = Object.keys(ENTRIES).find((key) => ENTRIES[key] === args.path);
          return { contents: entrySource(specifier, rootDir), resolveDir: rootDir, loader: 'js' };
        });
      },
    }],
  }).then((result) => new Map(result.outputFiles.map((file) => [
    '/' + path.relative(rootDir, file.path).split(path.sep).join('/'),
    file.text,
  ])));
  return bundles;
}

/**
 * @param {{ rootDir: string }} options
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function frameworksPlugin({ rootDir }) {
  return {
    name: 'layerw-frameworks',
    resolveImport({ source }) {
      const entry = ENTRIES[source];
      return entry ? `${PREFIX}${entry}.js` : undefined;
    },
    resolveMimeType(context) {
      if (context.path.endsWith('.svelte')) return 'js';
      return undefined;
    },
    async serve(context) {
      if (context.path.startsWith(PREFIX)) {
        const code = (await bundle(rootDir)).get(context.path);
        return code === undefined ? undefined : { body: code, type: 'js' };
      }
      if (context.path.endsWith('.svelte')) {
        const filename = path.resolve(rootDir, '.' + decodeURIComponent(context.path));
        if (!filename.startsWith(rootDir + path.sep)) return undefined;
        let source;
        try {
          source = await readFile(filename, 'utf8');
        } catch {
          return undefined; // the dev server answers 404
        }
        const { js } = compile(source, { filename, generate: 'client', dev: true });
        return { body: js.code, type: 'js' };
      }
      return undefined;
    },
  };
}
