// `layerw build-system boids.system.ts [--out dir]`: compiles a system file for bundlers other than Vite.
// Writes boids.system.wasm and boids.system.js, an ES module whose default export is the kernel object that
// `scene.addSystem({ kernel })` takes (the bytes inline, so it needs no loader configuration).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileSystem, SYSTEM_LIB_URL } from '../systems/compile-system.js';
import { wasmKernelModule } from '../systems/kernel-module.js';

const USAGE = 'usage: layerw build-system <file.system.ts> [--out <dir>]';

/** Runs the command; returns the exit code. Every failure is a message on stderr, never a stack trace. */
export async function buildSystem(args: string[]): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = args[++i];
    else if (file === undefined && !args[i]!.startsWith('-')) file = args[i];
    else return fail(`unexpected argument "${args[i]}"\n${USAGE}`);
  }
  if (file === undefined || (out === undefined && args.includes('--out'))) return fail(USAGE);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await compileSystem({ source, fileName: file, libSource: await readFile(SYSTEM_LIB_URL, 'utf8'), optimize: true });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const directory = out ?? path.dirname(file);
  const base = path.basename(file).replace(/\.ts$/, '');
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, `${base}.wasm`), bytes);
    await writeFile(path.join(directory, `${base}.js`), wasmKernelModule(bytes, path.basename(file)));
  } catch (error) {
    return fail(`cannot write to ${directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  process.stdout.write(`${path.join(directory, `${base}.wasm`)} (${bytes.length} bytes), ${path.join(directory, `${base}.js`)}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`layerw build-system: ${message}\n`);
  return 1;
}
