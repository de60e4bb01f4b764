// The `layerw/system` entry: what a system file (`*.system.ts`) imports. When the file runs as JavaScript these
// are the engine's own accessors over the scene's memory; when it is compiled to WebAssembly, the compiler
// points the same import at assembly/system-lib.ts instead.
export {
  loadF32, storeF32, loadI32, storeI32, loadU32, storeU32, slotAt,
  type f32, type f64, type i32, type u32, type usize,
} from './systems/system-memory.js';
