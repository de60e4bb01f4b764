// @web/test-runner configuration for LayerW: headless system Chromium with WebGPU (SwiftShader).
// Normally started through `npm test` (test/run-tests.mjs), which also prints the summary line.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from './test/find-chrome.mjs';
import { cspMiddleware } from './test/csp-middleware.mjs';
import { isolationMiddleware } from './test/isolation-middleware.mjs';
import { frameworksPlugin } from './test/frameworks-plugin.mjs';
import { systemsPlugin } from './test/systems-plugin.mjs';
import { inputPlugin } from './test/input-plugin.mjs';
import { demoPagesPlugin } from './test/demo-pages-plugin.mjs';

const rootDir = path.dirname(fileURLToPath(import.meta.url));

const executablePath = findChrome();
if (!executablePath) {
  throw new Error(NO_CHROME_MESSAGE);
}

/**
 * Serves `import text from './x.wgsl?raw'` as `export default "<file text>"`, like Vite's `?raw`.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function rawImportPlugin() {
  return {
    name: 'layerw-raw-import',
    async serve(context) {
      if (!context.URL.searchParams.has('raw')) return undefined;
      const filePath = path.resolve(rootDir, '.' + decodeURIComponent(context.path));
      if (filePath !== rootDir && !filePath.startsWith(rootDir + path.sep)) return undefined;
      let text;
      try {
        text = await readFile(filePath, 'utf8');
      } catch {
        return undefined; // fall through: the dev server answers 404
      }
      return { body: `export default ${JSON.stringify(text)};\n`, type: 'js' };
    },
  };
}

/**
 * Resolves Node's `module` built-in to an empty module: Emscripten ES modules (the ktx2-encoder package's Basis
 * encoder) import it in a branch that runs only under Node, and the browser never takes that branch.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function nodeBuiltinStubPlugin() {
  return {
    name: 'layerw-node-builtin-stub',
    resolveImport({ source }) {
      return source === 'module' ? '/test/helpers/node-module-stub.js' : undefined;
    },
  };
}

const minutes = 60_000;

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir,
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  middleware: [cspMiddleware, isolationMiddleware],
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 5 * minutes,
  testsStartTimeout: 5 * minutes,
  testsFinishTimeout: 10 * minutes,
  testFramework: {
    config: {
      ui: 'bdd',
      timeout: 60000,
    },
  },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        headless: true,
        args: CHROME_WEBGPU_ARGS,
      },
    }),
  ],
  plugins: [
    rawImportPlugin(),
    nodeBuiltinStubPlugin(),
    frameworksPlugin({ rootDir }),
    systemsPlugin({ rootDir }),
    inputPlugin(),
    demoPagesPlugin({ rootDir }),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: path.join(rootDir, 'tsconfig.json'),
    }),
  ],
};
