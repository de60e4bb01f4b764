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

const ENTRY = 'system.ts';
const LIB = 'layerw-system.ts';

/**
 * Compiles one system file. Type-only imports are dropped and `layerw/system` points at the WebAssembly column
 * accessors; lines keep their numbers, so errors name the file's own lines. Throws SYSTEM_FAILED with every
 * compiler message (`file:line:column message`), or when the module would allocate: a system may not have static
 * data or a heap, so nothing it does can overwrite the engine's memory but the columns it is given.
 */
export async function compileSystem(input: CompileSystemInput): Promise<Uint8Array> {
  const { default: asc } = await import('assemblyscript/asc');
  const source = input.source
    .replace(/^\s*import\s+type\b[^;]*;?/gm, (line) => line.replace(/[^\n]/g, ' '))
    .replace(/from\s+(['"])layerw\/system\1/g, `from './${LIB.replace(/\.ts$/, '')}'`);
  const files: Record<string, string | Uint8Array> = { [ENTRY]: source, [LIB]: input.libSource };
  let messages = '';
  const result = await asc.main([
    ENTRY, '--outFile', 'system.wasm', '--runtime', 'stub', '--importMemory', '--enable', 'simd',
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
    throw new LayerWError('SYSTEM_FAILED', `${input.fileName} did not compile:\n${renameFile(messages, input.fileName) || String(result.error)}`);
  }
  const bytes = files['system.wasm'];
  checkNoAllocation(bytes, input.fileName);
  return bytes;
}

/** Compiler messages name the virtual entry file; show the user's file name instead. */
function renameFile(messages: string, fileName: string): string {
  return messages.replaceAll(ENTRY, fileName).replace(/\u001b\[[0-9;]*m/g, '').trim();
}

/**
 * Refuses a module with a data section or a memory of its own: its static data would be written at low
 * addresses of the scene's memory, over the engine's own. A system must not allocate (no `new`, no strings,
 * no arrays): it works only on the columns it is given.
 */
function checkNoAllocation(bytes: Uint8Array, fileName: string): void {
  let at = 8;
  const readLeb = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = readLeb();
    const end = at + size;
    if (id === 11 && readLeb() > 0) {
      throw new LayerWError('SYSTEM_FAILED', `${fileName}: a system must not allocate or hold static data (strings, arrays, new); it may only read and write the columns it is given`);
    }
    if (id === 5) throw new LayerWError('SYSTEM_FAILED', `${fileName}: a system must use the scene's memory, not a memory of its own`);
    at = end;
  }
}
