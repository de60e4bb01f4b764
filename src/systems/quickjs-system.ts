// Untrusted systems: source text run in QuickJS (compiled to WebAssembly, a memory of its own), with copies of
// the declared columns in and out. Loaded with `import()` the first time a scene adds a `sandbox: 'quickjs'`
// system, so pages that never do carry none of it.
import { newQuickJSWASMModuleFromVariant, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten-core';
// The variant with its WebAssembly embedded in the chunk: no fetch, so it loads under a policy of
// `script-src 'self' 'wasm-unsafe-eval'` with no `connect-src`, from wherever the package is served.
import variant from '@jitl/quickjs-singlefile-browser-release-sync';
import { LayerWError } from '../errors.js';
import type { Walloc } from '../memory/walloc.js';
import type { ComponentType } from './component-registry.js';
import type { SystemRunner } from './scene-systems.js';

/** One column a sandboxed system declared: where it lives in the scene's memory and whether it writes it. */
export interface SandboxColumn {
  readonly name: string;
  /** Byte address of slot 0 (it moves when the memory is laid out again). */
  address: number;
  /** Numbers per slot. */
  readonly size: number;
  readonly type: ComponentType;
  readonly written: boolean;
}

/** Heap a sandbox may use besides the copies of its columns. */
const SANDBOX_HEAP_BYTES = 64 << 20;
/**
 * Budget for evaluating the source once, when the system starts. Larger than a frame's: the first calls into
 * the interpreter also pay for the browser compiling its WebAssembly functions on first use.
 */
const LOAD_BUDGET_MS = 1000;
/** What a warm-up runs once per page, so the interpreter's common paths are compiled before any frame's budget. */
const WARM_UP = `(() => {
  const columns = { a: new Float32Array(new ArrayBuffer(4096), 0, 300), b: new Int32Array(new ArrayBuffer(1200)) };
  let sum = 0;
  for (let i = 0; i < 300; i++) { columns.a[i] += Math.sqrt(i) * 0.5; columns.b[i >> 2] = i | 0; sum += columns.a[i]; }
  return sum;
})()`;
/** f32 bits whose exponent is all ones: an infinity or a NaN. */
const EXPONENT_BITS = 0x7f800000;

let quickJs: Promise<QuickJSWASMModule> | undefined;
let open = 0;

/** Sandboxes (QuickJS runtimes) alive on the page: each system's is disposed when the system is removed. */
export function openSandboxes(): number {
  return open;
}

/**
 * Makes the runner of a sandboxed system: a QuickJS runtime and context of its own, with `source` evaluated
 * once (it must define `function run(columns, count, dt)`). Rejects with SYSTEM_FAILED when the source does not
 * load within `budgetMs`, throws, or defines no `run`.
 */
export async function createQuickJsRunner(
  walloc: Walloc, name: string, source: string, columns: readonly SandboxColumn[], budgetMs: number,
): Promise<SystemRunner> {
  quickJs ??= newQuickJSWASMModuleFromVariant(variant).then(warmUp);
  const runtime = (await quickJs).newRuntime();
  open++;
  const runner = new QuickJsRunner(walloc, name, runtime, columns, budgetMs);
  try {
    runner.load(source);
  } catch (error) {
    runner.dispose();
    throw error;
  }
  return runner;
}

function warmUp(module: QuickJSWASMModule): QuickJSWASMModule {
  const context = module.newContext();
  context.evalCode(WARM_UP).dispose();
  context.dispose();
  return module;
}

/**
 * Each frame: gathers the declared columns of the matching slots into two packed buffers (written columns,
 * then read-only columns and the slot numbers), runs `run` in QuickJS under the interrupt budget, and copies
 * the written buffer back only when the run finished and every f32 in it is finite.
 */
class QuickJsRunner implements SystemRunner {
  /** Works on copies of its columns, never on the scene's memory by address. */
  readonly addressesMemory = false;
  readonly #walloc: Walloc;
  readonly #name: string;
  readonly #runtime: QuickJSRuntime;
  readonly #context: QuickJSContext;
  readonly #columns: readonly SandboxColumn[];
  readonly #budgetMs: number;
  /** Offsets in 32-bit words of each column in its buffer, for the current count. */
  readonly #offsets: Uint32Array;
  #frame: QuickJSHandle | null = null;
  #count = -1;
  #written = new Uint32Array(0);
  #read = new Uint32Array(0);
  #deadline = 0;
  #budget = 0;
  #interrupted = false;
  #disposed = false;

  constructor(walloc: Walloc, name: string, runtime: QuickJSRuntime, columns: readonly SandboxColumn[], budgetMs: number) {
    this.#walloc = walloc;
    this.#name = name;
    this.#runtime = runtime;
    this.#columns = columns.map((column) => ({ ...column }));
    this.#budgetMs = budgetMs;
    this.#offsets = new Uint32Array(columns.length);
    runtime.setMemoryLimit(SANDBOX_HEAP_BYTES);
    runtime.setInterruptHandler(() => this.#interrupt());
    this.#context = runtime.newContext();
  }

  /** Evaluates the source, then the frame function that wraps the buffers in typed arrays and calls `run`. */
  load(source: string): void {
    const context = this.#context;
    this.#begin(LOAD_BUDGET_MS);
    this.#unwrap(context.evalCode(source, `${this.#name}.js`, { type: 'global', strict: true })).dispose();
    const layout = this.#columns.map(({ name, size, type, written }) => ({ name, size, type, written }));
    this.#begin(LOAD_BUDGET_MS);
    this.#frame = this.#unwrap(context.evalCode(`(() => {
      if (typeof run !== 'function') throw new TypeError('the source defines no function run(columns, count, dt)');
      const system = run;
      const layout = ${JSON.stringify(layout)};
      const types = { f32: Float32Array, i32: Int32Array, u32: Uint32Array };
      return (written, read, count, dt) => {
        const columns = {};
        let w = 0;
        let r = 0;
        for (const { name, size, type, written: isWritten } of layout) {
          const length = count * size;
          if (isWritten) {
            columns[name] = new types[type](written, w, length);
            w += length * 4;
          } else {
            columns[name] = new types[type](read, r, length);
            r += length * 4;
          }
        }
        columns.slots = new Uint32Array(read, r, count);
        system(columns, count, dt);
      };
    })()`, `${this.#name}.frame.js`, { type: 'global', strict: true }));
  }

  run(count: number, dt: number, list: number): void {
    if (count !== this.#count) this.#resize(count);
    const memory = this.#walloc.u32;
    const written = this.#written;
    const read = this.#read;
    this.#gather(memory, list, count);
    const context = this.#context;
    const writtenHandle = context.newArrayBuffer(written.buffer);
    const readHandle = context.newArrayBuffer(read.buffer);
    const countHandle = context.newNumber(count);
    const dtHandle = context.newNumber(dt);
    try {
      this.#begin(this.#budgetMs);
      this.#unwrap(context.callFunction(this.#frame!, context.undefined, writtenHandle, readHandle, countHandle, dtHandle)).dispose();
      const result = context.getArrayBuffer(writtenHandle);
      try {
        const bytes = result.value;
        if (bytes.byteLength !== written.byteLength) this.#refuse('resized or detached the buffer of its written columns');
        const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
        this.#checkFinite(words, count);
        this.#scatter(memory, words, list, count);
      } finally {
        result.dispose();
      }
    } finally {
      dtHandle.dispose();
      countHandle.dispose();
      readHandle.dispose();
      writtenHandle.dispose();
    }
  }

  relocate(addresses: readonly number[]): void {
    for (let c = 0; c < this.#columns.length; c++) this.#columns[c]!.address = addresses[c]!;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#frame?.dispose();
    this.#frame = null;
    this.#context.dispose();
    this.#runtime.dispose();
    open--;
  }

  /** New buffers for a new count of matching slots; the memory limit follows their size. */
  #resize(count: number): void {
    this.#count = count;
    let writtenWords = 0;
    let readWords = 0;
    this.#columns.forEach((column, i) => {
      const words = count * column.size;
      if (column.written) {
        this.#offsets[i] = writtenWords;
        writtenWords += words;
      } else {
        this.#offsets[i] = readWords;
        readWords += words;
      }
    });
    this.#written = new Uint32Array(writtenWords);
    this.#read = new Uint32Array(readWords + count);
    // The sandbox holds its copy of both buffers, and the library copies the written one once more to return it.
    this.#runtime.setMemoryLimit(SANDBOX_HEAP_BYTES + 12 * (writtenWords + readWords + count));
  }

  /** Copies every declared column of the listed slots (as 32-bit words, bit for bit) and the slot numbers in. */
  #gather(memory: Uint32Array, list: number, count: number): void {
    const slots = list >>> 2;
    const columns = this.#columns;
    for (let c = 0; c < columns.length; c++) {
      const { address, size, written } = columns[c]!;
      const target = written ? this.#written : this.#read;
      const base = address >>> 2;
      let at = this.#offsets[c]!;
      for (let i = 0; i < count; i++) {
        const from = base + memory[slots + i]! * size;
        for (let k = 0; k < size; k++) target[at++] = memory[from + k]!;
      }
    }
    const read = this.#read;
    const at = read.length - count;
    for (let i = 0; i < count; i++) read[at + i] = memory[slots + i]!;
  }

  #checkFinite(words: Uint32Array, count: number): void {
    const columns = this.#columns;
    for (let c = 0; c < columns.length; c++) {
      const { name, size, type, written } = columns[c]!;
      if (!written || type !== 'f32') continue;
      const start = this.#offsets[c]!;
      const end = start + count * size;
      for (let at = start; at < end; at++) {
        if ((words[at]! & EXPONENT_BITS) === EXPONENT_BITS) this.#refuse(`wrote a non-finite number to "${name}"; no column was changed`);
      }
    }
  }

  #scatter(memory: Uint32Array, words: Uint32Array, list: number, count: number): void {
    const slots = list >>> 2;
    const columns = this.#columns;
    for (let c = 0; c < columns.length; c++) {
      const { address, size, written } = columns[c]!;
      if (!written) continue;
      const base = address >>> 2;
      let at = this.#offsets[c]!;
      for (let i = 0; i < count; i++) {
        const to = base + memory[slots + i]! * size;
        for (let k = 0; k < size; k++) memory[to + k] = words[at++]!;
      }
    }
  }

  /** Starts the budget of one call into the sandbox. */
  #begin(budgetMs: number): void {
    this.#interrupted = false;
    this.#budget = budgetMs;
    this.#deadline = performance.now() + budgetMs;
  }

  /** The value of a call into the sandbox; its exception becomes SYSTEM_FAILED. */
  #unwrap(result: ReturnType<QuickJSContext['evalCode']>): QuickJSHandle {
    if (!result.error) return result.value;
    const detail = this.#context.dump(result.error) as { name?: string; message?: string } | string;
    result.error.dispose();
    if (this.#interrupted) this.#refuse(`ran past its budget of ${this.#budget} ms and was interrupted`);
    this.#refuse(`threw ${typeof detail === 'string' ? detail : `${detail.name ?? 'Error'}: ${detail.message ?? ''}`}`);
  }

  #interrupt(): boolean {
    if (performance.now() <= this.#deadline) return false;
    this.#interrupted = true;
    return true;
  }

  #refuse(why: string): never {
    throw new LayerWError('SYSTEM_FAILED', `the sandboxed source ${why}`);
  }
}
