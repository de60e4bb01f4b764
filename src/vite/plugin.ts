// `layerw/vite`: the Vite plugin behind `import kernel from './boids.system.ts?system'`. In `vite serve` the
// import gives the file itself as a JavaScript kernel that hot reload swaps in place; in `vite build` it gives
// the file compiled to WebAssembly, bytes inline.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { compileSystem, SYSTEM_LIB_URL } from '../systems/compile-system.js';
import { jsKernelModule, wasmKernelModule } from '../systems/kernel-module.js';

/** What `layerwSystems` takes. */
export interface LayerWSystemsOptions {
  /** The module the development build imports `swapSystemKernel` from: `layerw` unless aliased. */
  readonly runtime?: string;
}

const QUERY = '?system';
const SYSTEM_FILE = /\.system\.ts$/;

/**
 * The Vite plugin for system files. Development: `?system` gives `{ kind: 'js', id, run }` with a hot-reload
 * hook, and every system file is also compiled (unoptimised) on load and on save, so code outside the subset
 * AssemblyScript compiles shows as a Vite error naming the file and line. Build: `?system` gives
 * `{ kind: 'wasm', id, bytes }`, compiled with optimisation.
 */
export function layerwSystems(options: LayerWSystemsOptions = {}): Plugin {
  const runtime = options.runtime ?? 'layerw';
  let config: ResolvedConfig;
  let libSource: Promise<string> | undefined;

  const compile = async (file: string, source: string, optimize: boolean): Promise<Uint8Array> => {
    libSource ??= readFile(SYSTEM_LIB_URL, 'utf8');
    return compileSystem({ source, fileName: path.relative(config.root, file), libSource: await libSource, optimize });
  };
  // A root-relative URL: the same in development and build, and no machine's folders in a shipped bundle.
  const idOf = (file: string): string => {
    const relative = path.relative(config.root, file);
    return relative.startsWith('..') ? `/@fs${file}` : `/${relative.split(path.sep).join('/')}`;
  };

  return {
    name: 'layerw-systems',
    enforce: 'pre',
    configResolved(resolved) {
      config = resolved;
    },
    async load(id) {
      if (!id.endsWith(QUERY)) return null;
      const file = id.slice(0, -QUERY.length);
      if (config.command === 'serve') return jsKernelModule(idOf(file), runtime);
      this.addWatchFile(file);
      try {
        return wasmKernelModule(await compile(file, await readFile(file, 'utf8'), true), idOf(file));
      } catch (error) {
        return this.error(asViteError(error, file));
      }
    },
    hotUpdate({ modules }) {
      // A `?system` module has the system file as its file too, but only imports it: the file's own update
      // reaches it through its accept hook, and updating the `?system` module itself would reload the page.
      return modules.filter((module) => !module.id?.endsWith(QUERY));
    },
    async transform(code, id) {
      if (config.command !== 'serve' || !SYSTEM_FILE.test(id)) return null;
      try {
        await compile(id, code, false);
      } catch (error) {
        this.error(asViteError(error, id));
      }
      return null;
    },
  };
}

export default layerwSystems;

/** A compile error as Vite shows it: the message, and the first `file:line:column` as its location. */
function asViteError(error: unknown, file: string): { message: string; id: string; loc?: { file: string; line: number; column: number } } {
  const message = error instanceof Error ? error.message : String(error);
  const at = /:(\d+):(\d+) /.exec(message);
  return at ? { message, id: file, loc: { file, line: Number(at[1]), column: Number(at[2]) } } : { message, id: file };
}
