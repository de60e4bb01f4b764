// The column accessors of a system file (`*.system.ts`) when it runs as JavaScript: reads and writes go to the
// scene's memory in place, at the same addresses the WebAssembly build of the file uses. The package entry
// `layerw/system` re-exports these; the WebAssembly build replaces them with `load<T>` / `store<T>`.

/** Number types of the AssemblyScript subset; plain numbers when the file runs as JavaScript. */
export type f32 = number;
export type f64 = number;
export type i32 = number;
export type u32 = number;
export type usize = number;

let memory: WebAssembly.Memory | null = null;
let buffer: ArrayBuffer | null = null;
let f32View = new Float32Array(0);
let i32View = new Int32Array(0);
let u32View = new Uint32Array(0);

/** Points the accessors at `target` (the memory of the scene whose system runs next). Called by the engine. */
export function bindSystemMemory(target: WebAssembly.Memory): void {
  if (target === memory && target.buffer === buffer) return;
  memory = target;
  buffer = target.buffer as ArrayBuffer;
  f32View = new Float32Array(buffer);
  i32View = new Int32Array(buffer);
  u32View = new Uint32Array(buffer);
}

/** The f32 at byte address `address` (a multiple of 4). */
export function loadF32(address: usize): f32 {
  return f32View[address >>> 2]!;
}

export function storeF32(address: usize, value: f32): void {
  f32View[address >>> 2] = value;
}

export function loadI32(address: usize): i32 {
  return i32View[address >>> 2]!;
}

export function storeI32(address: usize, value: i32): void {
  i32View[address >>> 2] = value;
}

export function loadU32(address: usize): u32 {
  return u32View[address >>> 2]!;
}

export function storeU32(address: usize, value: u32): void {
  u32View[address >>> 2] = value;
}

/** The slot at position `index` of a system's slot list (`slots` is the list's address). */
export function slotAt(slots: usize, index: u32): u32 {
  return u32View[(slots >>> 2) + index]!;
}
