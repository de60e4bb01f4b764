// The example systems as source text for the QuickJS sandbox (`scene.addSystem({ source, sandbox: 'quickjs' })`):
// the algorithms of movement.system.ts and boids.system.ts over the packed copies a sandboxed system receives
// (object `i` of a 3-number column at `[i * 3, i * 3 + 3)`). The sandbox may allocate: the grid is its own.

/** position += velocity * dt; reads velocity, writes position. */
export const MOVEMENT_SOURCE = `function run(columns, count, dt) {
  const position = columns.position;
  const velocity = columns.velocity;
  for (let i = 0; i < count * 3; i++) position[i] += velocity[i] * dt;
}`;

/**
 * Boids over a uniform grid in a wrapping cube, with the constants of boids.system.ts; writes position and
 * heading (the boids' velocity, a user component, so the engine's own movement step leaves them alone).
 */
export const BOIDS_SOURCE = `const RADIUS = 1, PER_CELL = 1, SEPARATION = 0.6, ALIGNMENT = 0.8, COHESION = 0.4, MIN_SPEED = 0.5, MAX_SPEED = 2;
let head = new Int32Array(0);
let next = new Int32Array(0);
let steer = new Float32Array(0);

function cellsPerSide(count) {
  let side = 1;
  while ((side + 1) * (side + 1) * (side + 1) * PER_CELL <= count) side++;
  return side;
}

function cellOf(value, side, half) {
  const cell = Math.floor((value + half) / RADIUS);
  return cell < 0 ? 0 : cell >= side ? side - 1 : cell;
}

function around(cell, delta, side) {
  const moved = cell + delta;
  return moved < 0 ? side - 1 : moved >= side ? 0 : moved;
}

function wrapped(d, size, half) {
  return d > half ? d - size : d < -half ? d + size : d;
}

function run(columns, count, dt) {
  const position = columns.position;
  const velocity = columns.heading;
  const side = cellsPerSide(count);
  const size = side * RADIUS;
  const half = size * 0.5;
  const cells = side * side * side;
  if (next.length < count) {
    next = new Int32Array(count);
    steer = new Float32Array(count * 3);
  }
  if (head.length < cells) head = new Int32Array(cells);
  head.fill(-1, 0, cells);
  for (let i = 0; i < count; i++) {
    const cell = (cellOf(position[i * 3 + 2], side, half) * side + cellOf(position[i * 3 + 1], side, half)) * side + cellOf(position[i * 3], side, half);
    next[i] = head[cell];
    head[cell] = i;
  }
  for (let i = 0; i < count; i++) {
    const px = position[i * 3], py = position[i * 3 + 1], pz = position[i * 3 + 2];
    const cx = cellOf(px, side, half), cy = cellOf(py, side, half), cz = cellOf(pz, side, half);
    let n = 0, sx = 0, sy = 0, sz = 0, ax = 0, ay = 0, az = 0, hx = 0, hy = 0, hz = 0;
    for (let dz = -1; dz <= 1; dz++) {
      const z = around(cz, dz, side);
      for (let dy = -1; dy <= 1; dy++) {
        const y = around(cy, dy, side);
        for (let dx = -1; dx <= 1; dx++) {
          for (let j = head[(z * side + y) * side + around(cx, dx, side)]; j >= 0; j = next[j]) {
            if (j === i) continue;
            const x = wrapped(position[j * 3] - px, size, half);
            const yy = wrapped(position[j * 3 + 1] - py, size, half);
            const zz = wrapped(position[j * 3 + 2] - pz, size, half);
            const d2 = x * x + yy * yy + zz * zz;
            if (d2 < RADIUS * RADIUS && d2 > 0) {
              n++;
              hx += x; hy += yy; hz += zz;
              ax += velocity[j * 3]; ay += velocity[j * 3 + 1]; az += velocity[j * 3 + 2];
              sx -= x / d2; sy -= yy / d2; sz -= zz / d2;
            }
          }
        }
      }
    }
    if (n === 0) {
      steer[i * 3] = 0; steer[i * 3 + 1] = 0; steer[i * 3 + 2] = 0;
      continue;
    }
    const inverse = 1 / n;
    steer[i * 3] = SEPARATION * sx + ALIGNMENT * (ax * inverse - velocity[i * 3]) + COHESION * hx * inverse;
    steer[i * 3 + 1] = SEPARATION * sy + ALIGNMENT * (ay * inverse - velocity[i * 3 + 1]) + COHESION * hy * inverse;
    steer[i * 3 + 2] = SEPARATION * sz + ALIGNMENT * (az * inverse - velocity[i * 3 + 2]) + COHESION * hz * inverse;
  }
  for (let i = 0; i < count * 3; i += 3) {
    let vx = velocity[i] + steer[i] * dt, vy = velocity[i + 1] + steer[i + 1] * dt, vz = velocity[i + 2] + steer[i + 2] * dt;
    const speed = Math.sqrt(vx * vx + vy * vy + vz * vz);
    const scale = speed > MAX_SPEED ? MAX_SPEED / speed : speed < MIN_SPEED && speed > 0 ? MIN_SPEED / speed : 1;
    vx *= scale; vy *= scale; vz *= scale;
    velocity[i] = vx; velocity[i + 1] = vy; velocity[i + 2] = vz;
    position[i] = wrapped(position[i] + vx * dt, size, half);
    position[i + 1] = wrapped(position[i + 1] + vy * dt, size, half);
    position[i + 2] = wrapped(position[i + 2] + vz * dt, size, half);
  }
}`;
