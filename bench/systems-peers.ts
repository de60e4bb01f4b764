// Peers of the systems benchmark: the MovementSystem and the boids of demo/systems/ written the way a bitECS 0.4
// user writes them (structure-of-arrays components, `query` each frame) and as plain JavaScript objects. Same
// constants and the same arithmetic as boids.system.ts, so every contender computes the same step.
import { addComponent, addEntity, createWorld, query } from 'bitecs';

const RADIUS = 1;
const PER_CELL = 1;
const SEPARATION = 0.6;
const ALIGNMENT = 0.8;
const COHESION = 0.4;
const MIN_SPEED = 0.5;
const MAX_SPEED = 2;

/** Starting state of N boids (or movers): positions and velocities, 3 numbers each. */
export interface Flock {
  position: Float32Array;
  velocity: Float32Array;
}

/** A peer: one step of the system, and reading its state back for the cross-check. */
export interface PeerSystem {
  step(dt: number): void;
  read(): Flock;
}

function cellsPerSide(count: number): number {
  let side = 1;
  while ((side + 1) * (side + 1) * (side + 1) * PER_CELL <= count) side++;
  return side;
}

function cellOf(value: number, side: number, half: number): number {
  const cell = Math.floor((value + half) / RADIUS);
  return cell < 0 ? 0 : cell >= side ? side - 1 : cell;
}

function around(cell: number, delta: number, side: number): number {
  const moved = cell + delta;
  return moved < 0 ? side - 1 : moved >= side ? 0 : moved;
}

function wrapped(d: number, size: number, half: number): number {
  return d > half ? d - size : d < -half ? d + size : d;
}

/** New speed factor after steering: clamps the speed into [MIN_SPEED, MAX_SPEED]. */
function speedScale(vx: number, vy: number, vz: number): number {
  const speed = Math.sqrt(vx * vx + vy * vy + vz * vz);
  return speed > MAX_SPEED ? MAX_SPEED / speed : speed < MIN_SPEED && speed > 0 ? MIN_SPEED / speed : 1;
}

interface Vec3Soa {
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

function soa(count: number): Vec3Soa {
  return { x: new Float32Array(count), y: new Float32Array(count), z: new Float32Array(count) };
}

/** A bitECS world with Position, Velocity (and Steer for boids) on `count` entities, filled from `flock`. */
function bitecsWorld(flock: Flock, steer: boolean) {
  const count = flock.position.length / 3;
  // Entity ids start at 1 in bitECS 0.4; one spare element keeps every id in range.
  const components = { Position: soa(count + 1), Velocity: soa(count + 1), Steer: soa(count + 1) };
  const world = createWorld({ components });
  for (let i = 0; i < count; i++) {
    const eid = addEntity(world);
    addComponent(world, eid, components.Position);
    addComponent(world, eid, components.Velocity);
    if (steer) addComponent(world, eid, components.Steer);
    components.Position.x[eid] = flock.position[i * 3]!;
    components.Position.y[eid] = flock.position[i * 3 + 1]!;
    components.Position.z[eid] = flock.position[i * 3 + 2]!;
    components.Velocity.x[eid] = flock.velocity[i * 3]!;
    components.Velocity.y[eid] = flock.velocity[i * 3 + 1]!;
    components.Velocity.z[eid] = flock.velocity[i * 3 + 2]!;
  }
  const read = (): Flock => {
    const out = { position: new Float32Array(count * 3), velocity: new Float32Array(count * 3) };
    const eids = query(world, [components.Position, components.Velocity]);
    for (let i = 0; i < eids.length; i++) {
      const eid = eids[i]!;
      out.position.set([components.Position.x[eid]!, components.Position.y[eid]!, components.Position.z[eid]!], i * 3);
      out.velocity.set([components.Velocity.x[eid]!, components.Velocity.y[eid]!, components.Velocity.z[eid]!], i * 3);
    }
    return out;
  };
  return { world, ...components, read };
}

/** The MovementSystem as bitECS users write it. */
export function bitecsMovement(flock: Flock): PeerSystem {
  const { world, Position, Velocity, read } = bitecsWorld(flock, false);
  return {
    step(dt) {
      const eids = query(world, [Position, Velocity]);
      for (let i = 0; i < eids.length; i++) {
        const eid = eids[i]!;
        Position.x[eid]! += Velocity.x[eid]! * dt;
        Position.y[eid]! += Velocity.y[eid]! * dt;
        Position.z[eid]! += Velocity.z[eid]! * dt;
      }
    },
    read,
  };
}

/** Boids as bitECS users write them: the grid as typed arrays beside the world, indexed by entity id. */
export function bitecsBoids(flock: Flock): PeerSystem {
  const { world, Position, Velocity, Steer, read } = bitecsWorld(flock, true);
  const count = flock.position.length / 3;
  const side = cellsPerSide(count);
  const size = side * RADIUS;
  const half = size * 0.5;
  const cells = side * side * side;
  const head = new Int32Array(cells);
  const next = new Int32Array(count + 1);
  return {
    step(dt) {
      const eids = query(world, [Position, Velocity, Steer]);
      const { x: px, y: py, z: pz } = Position;
      const { x: vx, y: vy, z: vz } = Velocity;
      head.fill(-1);
      for (let i = 0; i < eids.length; i++) {
        const eid = eids[i]!;
        const cell = (cellOf(pz[eid]!, side, half) * side + cellOf(py[eid]!, side, half)) * side + cellOf(px[eid]!, side, half);
        next[eid] = head[cell]!;
        head[cell] = eid;
      }
      for (let i = 0; i < eids.length; i++) {
        const eid = eids[i]!;
        const x0 = px[eid]!;
        const y0 = py[eid]!;
        const z0 = pz[eid]!;
        const cx = cellOf(x0, side, half);
        const cy = cellOf(y0, side, half);
        const cz = cellOf(z0, side, half);
        let n = 0;
        let sx = 0, sy = 0, sz = 0, ax = 0, ay = 0, az = 0, hx = 0, hy = 0, hz = 0;
        for (let dz = -1; dz <= 1; dz++) {
          const z = around(cz, dz, side);
          for (let dy = -1; dy <= 1; dy++) {
            const y = around(cy, dy, side);
            for (let dx = -1; dx <= 1; dx++) {
              for (let j = head[(z * side + y) * side + around(cx, dx, side)]!; j >= 0; j = next[j]!) {
                if (j === eid) continue;
                const x = wrapped(px[j]! - x0, size, half);
                const yy = wrapped(py[j]! - y0, size, half);
                const zz = wrapped(pz[j]! - z0, size, half);
                const d2 = x * x + yy * yy + zz * zz;
                if (d2 < RADIUS * RADIUS && d2 > 0) {
                  n++;
                  hx += x; hy += yy; hz += zz;
                  ax += vx[j]!; ay += vy[j]!; az += vz[j]!;
                  sx -= x / d2; sy -= yy / d2; sz -= zz / d2;
                }
              }
            }
          }
        }
        const inverse = n === 0 ? 0 : 1 / n;
        Steer.x[eid] = n === 0 ? 0 : SEPARATION * sx + ALIGNMENT * (ax * inverse - vx[eid]!) + COHESION * hx * inverse;
        Steer.y[eid] = n === 0 ? 0 : SEPARATION * sy + ALIGNMENT * (ay * inverse - vy[eid]!) + COHESION * hy * inverse;
        Steer.z[eid] = n === 0 ? 0 : SEPARATION * sz + ALIGNMENT * (az * inverse - vz[eid]!) + COHESION * hz * inverse;
      }
      for (let i = 0; i < eids.length; i++) {
        const eid = eids[i]!;
        let x = vx[eid]! + Steer.x[eid]! * dt;
        let y = vy[eid]! + Steer.y[eid]! * dt;
        let z = vz[eid]! + Steer.z[eid]! * dt;
        const scale = speedScale(x, y, z);
        x *= scale; y *= scale; z *= scale;
        vx[eid] = x; vy[eid] = y; vz[eid] = z;
        px[eid] = wrapped(px[eid]! + x * dt, size, half);
        py[eid] = wrapped(py[eid]! + y * dt, size, half);
        pz[eid] = wrapped(pz[eid]! + z * dt, size, half);
      }
    },
    read,
  };
}

interface Vec3 {
  x: number;
  y: number;
  z: number;
}

interface Boid {
  position: Vec3;
  velocity: Vec3;
  steer: Vec3;
}

function objects(flock: Flock): Boid[] {
  const boids: Boid[] = [];
  for (let i = 0; i < flock.position.length; i += 3) {
    boids.push({
      position: { x: flock.position[i]!, y: flock.position[i + 1]!, z: flock.position[i + 2]! },
      velocity: { x: flock.velocity[i]!, y: flock.velocity[i + 1]!, z: flock.velocity[i + 2]! },
      steer: { x: 0, y: 0, z: 0 },
    });
  }
  return boids;
}

function readObjects(boids: readonly Boid[]): Flock {
  const out = { position: new Float32Array(boids.length * 3), velocity: new Float32Array(boids.length * 3) };
  boids.forEach((boid, i) => {
    out.position.set([boid.position.x, boid.position.y, boid.position.z], i * 3);
    out.velocity.set([boid.velocity.x, boid.velocity.y, boid.velocity.z], i * 3);
  });
  return out;
}

/** The MovementSystem over an array of objects, each with its own position and velocity objects. */
export function objectMovement(flock: Flock): PeerSystem {
  const boids = objects(flock);
  return {
    step(dt) {
      for (const { position, velocity } of boids) {
        position.x += velocity.x * dt;
        position.y += velocity.y * dt;
        position.z += velocity.z * dt;
      }
    },
    read: () => readObjects(boids),
  };
}

/** Boids over an array of objects, the grid an array of per-cell arrays emptied each step. */
export function objectBoids(flock: Flock): PeerSystem {
  const boids = objects(flock);
  const side = cellsPerSide(boids.length);
  const size = side * RADIUS;
  const half = size * 0.5;
  const grid: Boid[][] = Array.from({ length: side * side * side }, () => []);
  return {
    step(dt) {
      for (const cell of grid) cell.length = 0;
      for (const boid of boids) {
        const { x, y, z } = boid.position;
        grid[(cellOf(z, side, half) * side + cellOf(y, side, half)) * side + cellOf(x, side, half)]!.push(boid);
      }
      for (const boid of boids) {
        const p = boid.position;
        const cx = cellOf(p.x, side, half);
        const cy = cellOf(p.y, side, half);
        const cz = cellOf(p.z, side, half);
        let n = 0;
        let sx = 0, sy = 0, sz = 0, ax = 0, ay = 0, az = 0, hx = 0, hy = 0, hz = 0;
        for (let dz = -1; dz <= 1; dz++) {
          for (let dy = -1; dy <= 1; dy++) {
            for (let dx = -1; dx <= 1; dx++) {
              const cell = grid[(around(cz, dz, side) * side + around(cy, dy, side)) * side + around(cx, dx, side)]!;
              // Newest first, as the linked-list grids of the other contenders visit a cell.
              for (let k = cell.length - 1; k >= 0; k--) {
                const other = cell[k]!;
                if (other === boid) continue;
                const x = wrapped(other.position.x - p.x, size, half);
                const y = wrapped(other.position.y - p.y, size, half);
                const z = wrapped(other.position.z - p.z, size, half);
                const d2 = x * x + y * y + z * z;
                if (d2 < RADIUS * RADIUS && d2 > 0) {
                  n++;
                  hx += x; hy += y; hz += z;
                  ax += other.velocity.x; ay += other.velocity.y; az += other.velocity.z;
                  sx -= x / d2; sy -= y / d2; sz -= z / d2;
                }
              }
            }
          }
        }
        const v = boid.velocity;
        const s = boid.steer;
        if (n === 0) {
          s.x = 0; s.y = 0; s.z = 0;
          continue;
        }
        const inverse = 1 / n;
        s.x = SEPARATION * sx + ALIGNMENT * (ax * inverse - v.x) + COHESION * hx * inverse;
        s.y = SEPARATION * sy + ALIGNMENT * (ay * inverse - v.y) + COHESION * hy * inverse;
        s.z = SEPARATION * sz + ALIGNMENT * (az * inverse - v.z) + COHESION * hz * inverse;
      }
      for (const { position: p, velocity: v, steer: s } of boids) {
        v.x += s.x * dt; v.y += s.y * dt; v.z += s.z * dt;
        const scale = speedScale(v.x, v.y, v.z);
        v.x *= scale; v.y *= scale; v.z *= scale;
        p.x = wrapped(p.x + v.x * dt, size, half);
        p.y = wrapped(p.y + v.y * dt, size, half);
        p.z = wrapped(p.z + v.z * dt, size, half);
      }
    },
    read: () => readObjects(boids),
  };
}
