// The scene every contender of the scene benchmarks (create, update, frame CPU, heap) builds: N unit boxes
// scattered in front of one camera, eight colours, slow drift and spin. Generated from a seed, so each
// contender's page makes the same scene on its own.

import { Random } from '../test/helpers/random.js';

const SEED = 0x1a7e_b0c5;

/** Eight colours, used in turn; three.js shares one material per colour, as its users do. */
export const PALETTE = ['#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d19a66', '#abb2bf'] as const;

/** One camera for every contender: from z = 80 towards the middle of the box volume. */
export const CAMERA = {
  position: [0, 0, 80] as const,
  target: [0, 0, -20] as const,
  /** Vertical, in degrees. */
  fov: 50,
  near: 0.1,
  far: 400,
};

/** The gltf benchmark's camera: the model (about 3.6 units across) fills most of the view. */
export const MODEL_CAMERA = {
  position: [0, 0, 5] as const,
  target: [0, 0, 0] as const,
  fov: 50,
  near: 0.1,
  far: 100,
};

/** Direction the directional light shines in (LayerW's `direction`; three.js and A-Frame place it opposite). */
export const LIGHT_DIRECTION = [-0.6, -1, -0.4] as const;

/** The canvas every contender draws into, in CSS pixels (the frame that holds it has this size). */
export const VIEW = { width: 640, height: 480 };

/** Where the boxes are and how they move. Vectors are packed x, y, z per box. */
export interface Layout {
  count: number;
  positions: Float32Array;
  /** `position` attribute text of each box, `"x y z"`. */
  positionText: string[];
  /** The same positions moved by 0.25 along x, for updates that change every value. */
  movedPositionText: string[];
  colorIndex: Uint8Array;
  /** Units per second. */
  velocity: Float32Array;
  /** Degrees per second about x, y, z. */
  spin: Float32Array;
  velocityText: string[];
  spinText: string[];
  /** Where each box's position tween goes: its position raised by TWEEN_RISE. */
  tweenToText: string[];
}

/** How far the tween benchmark's boxes rise, in units. */
export const TWEEN_RISE = 2;
/** The tween benchmark's tween: one way takes this long, then it comes back, forever, eased in and out. */
export const TWEEN_MS = 2000;

const cache = new Map<number, Layout>();

function text(values: Float32Array, i: number, dx = 0, dy = 0): string {
  return `${(values[i * 3]! + dx).toFixed(3)} ${(values[i * 3 + 1]! + dy).toFixed(3)} ${values[i * 3 + 2]!.toFixed(3)}`;
}

/** The layout of `count` boxes; made once per count and page. */
export function layoutFor(count: number): Layout {
  const known = cache.get(count);
  if (known) return known;
  const random = new Random(SEED);
  const positions = new Float32Array(count * 3);
  const velocity = new Float32Array(count * 3);
  const spin = new Float32Array(count * 3);
  const colorIndex = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    positions[i * 3] = random.range(-50, 50);
    positions[i * 3 + 1] = random.range(-30, 30);
    positions[i * 3 + 2] = random.range(-60, 0);
    velocity[i * 3] = random.range(-0.2, 0.2);
    velocity[i * 3 + 1] = random.range(-0.2, 0.2);
    velocity[i * 3 + 2] = random.range(-0.2, 0.2);
    spin[i * 3] = random.range(-45, 45);
    spin[i * 3 + 1] = random.range(-45, 45);
    colorIndex[i] = i % PALETTE.length;
  }
  // Positions are kept in f32 as every contender stores them; the texts are made from those values.
  const layout: Layout = {
    count, positions, velocity, spin, colorIndex,
    positionText: Array.from({ length: count }, (_, i) => text(positions, i)),
    movedPositionText: Array.from({ length: count }, (_, i) => text(positions, i, 0.25)),
    velocityText: Array.from({ length: count }, (_, i) => text(velocity, i)),
    spinText: Array.from({ length: count }, (_, i) => text(spin, i)),
    tweenToText: Array.from({ length: count }, (_, i) => text(positions, i, 0, TWEEN_RISE)),
  };
  cache.set(count, layout);
  return layout;
}

/** The skinned benchmark's camera: a crowd of characters on a 40 × 25 grid, 1.5 units apart, all in view. */
export const SKINNED_CAMERA = {
  position: [0, 30, 45] as const,
  target: [0, 0, -4] as const,
  fov: 50,
  near: 0.1,
  far: 200,
};

/** Where character i of the crowd stands (x, z) and how fast it walks (clip seconds per second). */
export function crowdPlace(i: number): { x: number; z: number; speed: number } {
  return { x: ((i % 40) - 19.5) * 1.5, z: -Math.floor(i / 40) * 1.5 + 15, speed: 0.8 + 0.4 * ((i * 7919) % 100) / 100 };
}
