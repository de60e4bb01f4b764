// The column accessors of a system file when it is compiled to WebAssembly: `import { loadF32, ... } from
// 'layerw/system'` resolves here. Each is a single load or store at an address in the scene's memory, which
// the module imports; src/systems/system-memory.ts gives the same names to the JavaScript build.

/** The f32 at byte address `address`. */
@inline export function loadF32(address: usize): f32 {
  return load<f32>(address);
}

@inline export function storeF32(address: usize, value: f32): void {
  store<f32>(address, value);
}

@inline export function loadI32(address: usize): i32 {
  return load<i32>(address);
}

@inline export function storeI32(address: usize, value: i32): void {
  store<i32>(address, value);
}

@inline export function loadU32(address: usize): u32 {
  return load<u32>(address);
}

@inline export function storeU32(address: usize, value: u32): void {
  store<u32>(address, value);
}

/** The slot at position `index` of a system's slot list (`slots` is the list's address). */
@inline export function slotAt(slots: usize, index: u32): u32 {
  return load<u32>(slots + (<usize>index << 2));
}
