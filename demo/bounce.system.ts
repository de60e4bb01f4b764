// The system of demo/bounce.html and of the README's worked example: balls fall and bounce on the floor.
import { loadF32, slotAt, storeF32 } from 'layerw/system';
import type { f32, u32, usize } from 'layerw/system';

const GRAVITY: f32 = -9.8;
const KEEP: f32 = 0.9;

/** Runs once per frame over the meshes that have a `fall` speed. */
export function run(count: u32, dt: f32, slots: usize, position: usize, fall: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const s = slotAt(slots, i);
    const y = position + <usize>s * 12 + 4; // position: 3 numbers (12 bytes) per slot; y is the second
    const v = fall + <usize>s * 4; // fall: 1 number per slot
    let speed = loadF32(v) + GRAVITY * dt;
    let height = loadF32(y) + speed * dt;
    if (height < 0) {
      height = -height;
      speed = -speed * KEEP;
    }
    storeF32(v, speed);
    storeF32(y, height);
  }
}
