// Compiles a system file (`*.system.ts`, the TypeScript subset AssemblyScript compiles) to a WebAssembly module
// that imports the scene's memory. Runs in Node, for the Vite plugin and the CLI; never part of the browser
// bundle.
import { LayerWError } from '../errors.js';

/** What `compileSystem` needs. */
export interface CompileSystemInput {
  /** The system file's text. */
  source: string;
  /** Its name, used in error messages (`boids.system.ts:12:5`). */
  fileName: string;
  /** The text of assembly/system-lib.ts, which `layerw/system` resolves to. */
  libSource: string;
  /** Optimise for speed (production builds); a debug build keeps names. */
  optimize?: boolean;
}

/** Where assembly/system-lib.ts is, for callers to read as `libSource` (the package ships it at the same place). */
export const SYSTEM_LIB_URL = new URL('../../assembly/system-lib.ts', import.meta.url);

const ENTRY = 'system.ts';
const LIB = 'layerw-system.ts';

/**
 * Compiles one system file. Type-only imports are dropped and `layerw/system` points at the WebAssembly column
 * accessors; lines keep their numbers, so errors name the file's own lines. Throws SYSTEM_FAILED with every
 * compiler message (`file:line:column message`), or when the module would allocate: a system may not have static
 * data or a heap, so nothing it does can overwrite the engine's memory but the columns it is given.
 */
export async function compileSystem(input: CompileSystemInput): Promise<Uint8Array> {
  const { default: asc } = await import('assemblyscript/asc').catch((error: unknown) => {
    throw new LayerWError('SYSTEM_FAILED', 'compiling a system file needs AssemblyScript: npm install --save-dev assemblyscript', { cause: error });
  });
  const source = input.source
    .replace(/^\s*import\s+type\b[^;]*;?/gm, (line) => line.replace(/[^\n]/g, ' '))
    .replace(/from\s+(['"])layerw\/system\1/g, `from './${LIB.replace(/\.ts$/, '')}'`);
  const files: Record<string, string | Uint8Array> = { [ENTRY]: source, [LIB]: input.libSource };
  let messages = '';
  const result = await asc.main([
    ENTRY, '--outFile', 'system.wasm', '--textFile', 'system.wat', '--runtime', 'stub', '--importMemory', '--enable', 'simd',
    '--noAssert', '--use', 'abort=', ...(input.optimize === false ? ['--debug'] : ['-O3']),
  ], {
    readFile: (name: string) => (typeof files[name] === 'string' ? files[name] as string : null),
    writeFile: (name: string, contents: string | Uint8Array) => {
      files[name] = contents;
    },
    listFiles: () => [],
    stdout: { write: () => true },
    stderr: {
      write: (text: string | Uint8Array) => {
        messages += typeof text === 'string' ? text : new TextDecoder().decode(text);
        return true;
      },
    },
  } as never);
  if (result.error || !(files['system.wasm'] instanceof Uint8Array)) {
    throw new LayerWError('SYSTEM_FAILED', `${input.fileName} did not compile:\n${compilerErrors(messages, input.fileName) || String(result.error)}`);
  }
  const text = String(files['system.wat']);
  if (!/^\s*\(export "run" \(func\b/m.test(text)) {
    throw new LayerWError('SYSTEM_FAILED', `${input.fileName}: a system file exports a function run(count, dt, slots, ...columns)`);
  }
  checkNoAllocation(text, input.fileName);
  return files['system.wasm'];
}

/**
 * The compiler's errors, each led by `file:line:column` of the user's file (the compiler names its virtual
 * entry file), then its message and the compiler's excerpt of the line.
 */
function compilerErrors(messages: string, fileName: string): string {
  const plain = messages.replace(/\u001b\[[0-9;]*m/g, '');
  const errors: string[] = [];
  for (const block of plain.split(/\n\s*\n/)) {
    if (!block.trimStart().startsWith('ERROR')) continue;
    const at = /in (\S+)\((\d+),(\d+)\)/.exec(block);
    const file = at?.[1] === ENTRY ? fileName : at?.[1] === LIB ? 'layerw/system' : at?.[1];
    const lines = block.trim().split('\n').filter((line) => !/└─ in /.test(line));
    errors.push([at ? `${file}:${at[2]}:${at[3]} ${lines[0]}` : lines[0], ...lines.slice(1)].join('\n'));
  }
  return errors.join('\n\n');
}

/** Imports a system module may have: the scene's memory, and `abort` (never called: asserts are off). */
const ALLOWED_IMPORTS = /^\(import "env" "(memory|abort)"/;

/**
 * Refuses a module that would write anywhere but the columns it is given: static data (placed at low addresses
 * of the scene's memory, over the engine's own), a heap (`new`, arrays, class instances: the allocator starts at
 * those same addresses), `memory.grow` (the engine sizes the memory), a memory of its own, or imports the engine
 * does not give. Reads the module's text form, where each of these is one line.
 */
function checkNoAllocation(text: string, fileName: string): void {
  const refuse = (reason: string): never => {
    throw new LayerWError('SYSTEM_FAILED', `${fileName}: ${reason}; a system may only read and write the columns it is given`);
  };
  if (/^\s*\(data\b/m.test(text)) {
    refuse('a system must not hold static data (strings, array literals, or Math functions that use tables: sin, cos, tan, exp, log, pow)');
  }
  if (/~lib\/rt\/|\bmemory\.grow\b/.test(text)) refuse('a system must not allocate (new, arrays, class instances) or grow the memory');
  if (/^\s*\(memory\b/m.test(text)) refuse("a system must use the scene's memory, not a memory of its own");
  for (const line of text.match(/^\s*\(import\b.*$/gm) ?? []) {
    if (!ALLOWED_IMPORTS.test(line.trim())) refuse(`a system may not import ${line.trim().split(' ').slice(1, 3).join(' ')} (Math.random and host functions are not available)`);
  }
}
