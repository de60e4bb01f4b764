// The MovementSystem: position += velocity * dt for every listed slot. A system file: JavaScript during
// development, WebAssembly (compileSystem) in production, over the same bytes of the scene's memory.
import { loadF32, storeF32, slotAt } from 'layerw/system';
import type { f32, u32, usize } from 'layerw/system';

/** Columns in order: position, velocity (3 f32 per slot each). */
export function run(count: u32, dt: f32, slots: usize, position: usize, velocity: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const at: usize = <usize>slotAt(slots, i) * 12;
    storeF32(position + at, loadF32(position + at) + loadF32(velocity + at) * dt);
    storeF32(position + at + 4, loadF32(position + at + 4) + loadF32(velocity + at + 4) * dt);
    storeF32(position + at + 8, loadF32(position + at + 8) + loadF32(velocity + at + 8) * dt);
  }
}
