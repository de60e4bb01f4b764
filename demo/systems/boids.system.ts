// Boids over a uniform grid: each boid steers away from neighbours that are too close (separation), towards
// their mean heading (alignment) and their centre (cohesion), counting the neighbours within RADIUS, in a cube
// that wraps around. A system file: JavaScript during development, WebAssembly (compileSystem) in production.
// A system may not allocate, so the grid lives in columns it is given: `next` links the boids of a cell, and
// `head` (a one-number column) is read as the table of first boids per cell; the cube has at most one cell per
// boid, so the table fits. Needs at least 27 boids (three cells a side).
import { loadF32, storeF32, loadI32, storeI32, slotAt } from 'layerw/system';
import type { f32, i32, u32, usize } from 'layerw/system';

/** Neighbour radius, and the side of a grid cell. */
const RADIUS: f32 = 1;
/** Boids per cell on average: the side of the cube follows the count. */
const PER_CELL: u32 = 1;
const SEPARATION: f32 = 0.6;
const ALIGNMENT: f32 = 0.8;
const COHESION: f32 = 0.4;
const MIN_SPEED: f32 = 0.5;
const MAX_SPEED: f32 = 2;

/** Cells per side of the cube for `count` boids. */
export function cellsPerSide(count: u32): u32 {
  let side: u32 = 1;
  while ((side + 1) * (side + 1) * (side + 1) * PER_CELL <= count) side++;
  return side;
}

/**
 * One step. Columns in order: position, velocity, steer (3 f32 per slot each), next (1 i32), head (1 i32).
 * Steering is computed for every boid first, then applied, so the result does not depend on the order.
 */
export function run(count: u32, dt: f32, slots: usize, position: usize, velocity: usize, steer: usize, next: usize, head: usize): void {
  const side = cellsPerSide(count);
  const size: f32 = <f32>side * RADIUS;
  const half: f32 = size * 0.5;
  const cells = side * side * side;
  for (let c: u32 = 0; c < cells; c++) storeI32(head + c * 4, -1);
  for (let i: u32 = 0; i < count; i++) {
    const s = slotAt(slots, i);
    const at: usize = position + <usize>s * 12;
    const cell = (cellOf(loadF32(at + 8), side, half) * side + cellOf(loadF32(at + 4), side, half)) * side + cellOf(loadF32(at), side, half);
    storeI32(next + <usize>s * 4, loadI32(head + <usize>cell * 4));
    storeI32(head + <usize>cell * 4, <i32>s);
  }
  for (let i: u32 = 0; i < count; i++) steerOne(slotAt(slots, i), side, size, half, position, velocity, steer, next, head);
  for (let i: u32 = 0; i < count; i++) move(<usize>slotAt(slots, i) * 12, dt, size, half, position, velocity, steer);
}

function cellOf(value: f32, side: u32, half: f32): u32 {
  const cell = <i32>Math.floor((value + half) / RADIUS);
  if (cell < 0) return 0;
  if (cell >= <i32>side) return side - 1;
  return <u32>cell;
}

/** The cell `cell + delta` on a ring of `side` cells. */
function around(cell: u32, delta: i32, side: u32): u32 {
  const moved = <i32>cell + delta;
  if (moved < 0) return side - 1;
  if (moved >= <i32>side) return 0;
  return <u32>moved;
}

/** The shortest difference along one axis of the wrapping cube. */
function wrapped(d: f32, size: f32, half: f32): f32 {
  if (d > half) return d - size;
  if (d < -half) return d + size;
  return d;
}

function steerOne(s: u32, side: u32, size: f32, half: f32, position: usize, velocity: usize, steer: usize, next: usize, head: usize): void {
  const at: usize = <usize>s * 12;
  const px = loadF32(position + at);
  const py = loadF32(position + at + 4);
  const pz = loadF32(position + at + 8);
  const cx = cellOf(px, side, half);
  const cy = cellOf(py, side, half);
  const cz = cellOf(pz, side, half);
  let n: u32 = 0;
  let sx: f32 = 0;
  let sy: f32 = 0;
  let sz: f32 = 0;
  let ax: f32 = 0;
  let ay: f32 = 0;
  let az: f32 = 0;
  let hx: f32 = 0;
  let hy: f32 = 0;
  let hz: f32 = 0;
  for (let dz: i32 = -1; dz <= 1; dz++) {
    const z = around(cz, dz, side);
    for (let dy: i32 = -1; dy <= 1; dy++) {
      const y = around(cy, dy, side);
      for (let dx: i32 = -1; dx <= 1; dx++) {
        let j = loadI32(head + <usize>((z * side + y) * side + around(cx, dx, side)) * 4);
        while (j >= 0) {
          if (j != <i32>s) {
            const other: usize = <usize>j * 12;
            const x = wrapped(loadF32(position + other) - px, size, half);
            const yy = wrapped(loadF32(position + other + 4) - py, size, half);
            const zz = wrapped(loadF32(position + other + 8) - pz, size, half);
            const d2 = x * x + yy * yy + zz * zz;
            if (d2 < RADIUS * RADIUS && d2 > 0) {
              n++;
              hx += x;
              hy += yy;
              hz += zz;
              ax += loadF32(velocity + other);
              ay += loadF32(velocity + other + 4);
              az += loadF32(velocity + other + 8);
              sx -= x / d2;
              sy -= yy / d2;
              sz -= zz / d2;
            }
          }
          j = loadI32(next + <usize>j * 4);
        }
      }
    }
  }
  if (n == 0) {
    storeF32(steer + at, 0);
    storeF32(steer + at + 4, 0);
    storeF32(steer + at + 8, 0);
    return;
  }
  const inverse: f32 = 1 / <f32>n;
  storeF32(steer + at, SEPARATION * sx + ALIGNMENT * (ax * inverse - loadF32(velocity + at)) + COHESION * hx * inverse);
  storeF32(steer + at + 4, SEPARATION * sy + ALIGNMENT * (ay * inverse - loadF32(velocity + at + 4)) + COHESION * hy * inverse);
  storeF32(steer + at + 8, SEPARATION * sz + ALIGNMENT * (az * inverse - loadF32(velocity + at + 8)) + COHESION * hz * inverse);
}

function move(at: usize, dt: f32, size: f32, half: f32, position: usize, velocity: usize, steer: usize): void {
  let vx = loadF32(velocity + at) + loadF32(steer + at) * dt;
  let vy = loadF32(velocity + at + 4) + loadF32(steer + at + 4) * dt;
  let vz = loadF32(velocity + at + 8) + loadF32(steer + at + 8) * dt;
  const speed = <f32>Math.sqrt(vx * vx + vy * vy + vz * vz);
  let scale: f32 = 1;
  if (speed > MAX_SPEED) scale = MAX_SPEED / speed;
  else if (speed < MIN_SPEED && speed > 0) scale = MIN_SPEED / speed;
  vx *= scale;
  vy *= scale;
  vz *= scale;
  storeF32(velocity + at, vx);
  storeF32(velocity + at + 4, vy);
  storeF32(velocity + at + 8, vz);
  storeF32(position + at, wrapped(loadF32(position + at) + vx * dt, size, half));
  storeF32(position + at + 4, wrapped(loadF32(position + at + 4) + vy * dt, size, half));
  storeF32(position + at + 8, wrapped(loadF32(position + at + 8) + vz * dt, size, half));
}
