// Test server plugin for system files (test/systems/): `layerw` and `layerw/system` resolve to the sources, as
// the repository's Vite configuration does, and `import kernel from './x.system.ts?system'` gives the production
// form, the file compiled to WebAssembly by the built package's compiler (dist/node, from `npm run build`).
// Wired into web-test-runner.config.mjs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const SOURCES = { layerw: '/src/index.ts', 'layerw/system': '/src/system.ts' };

/** @param {{ rootDir: string }} options @returns {import('@web/dev-server-core').Plugin} */
export function systemsPlugin({ rootDir }) {
  let compiler;
  return {
    name: 'layerw-systems',
    resolveImport({ source }) {
      return SOURCES[source];
    },
    async serve(context) {
      if (!context.URL.searchParams.has('system') || !context.path.endsWith('.system.ts')) return undefined;
      compiler ??= Promise.all([
        import(new URL('../dist/node/src/systems/compile-system.js', import.meta.url).href),
        import(new URL('../dist/node/src/systems/kernel-module.js', import.meta.url).href),
      ]);
      const [{ compileSystem, SYSTEM_LIB_URL }, { wasmKernelModule }] = await compiler;
      const fileName = decodeURIComponent(context.path).slice(1);
      const file = path.resolve(rootDir, fileName);
      if (!file.startsWith(rootDir + path.sep)) return undefined;
      const bytes = await compileSystem({
        source: await readFile(file, 'utf8'),
        fileName,
        libSource: await readFile(SYSTEM_LIB_URL, 'utf8'),
        optimize: true,
      });
      return { body: wasmKernelModule(bytes, `/${fileName}`), type: 'js' };
    },
  };
}
