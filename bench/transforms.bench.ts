// World matrices of 100k objects without parents from random position, rotation and scale.
// Subject: the frame kernels' updateTransforms(force) over the scene columns (it also writes each world bounding
// sphere and the flags). Peer: gl-matrix's fromRotationTranslationScale over an array of objects.

import { mat4, quat, vec3 } from 'gl-matrix';
import { Walloc } from '../src/memory/walloc.js';
import { Random } from '../test/helpers/random.js';
import { compare, type BenchRow, type Contender, type Settings } from './harness.js';
import { frameKernels } from '../src/wasm/frame-kernels.js';

const COUNT = 100_000;
const SEED = 0x7a5f_0e11;
/** Largest difference allowed between the subject's and the peer's matrix elements (f32 against f64). */
const TOLERANCE = 1e-4;

/** Peer: a scene object as plain JavaScript code usually holds it. */
interface TransformObject {
  position: vec3;
  rotation: quat;
  scale: vec3;
  world: mat4;
}

function updateObjects(objects: readonly TransformObject[]): void {
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    mat4.fromRotationTranslationScale(object.world, object.rotation, object.position, object.scale);
  }
}

/** The transforms case. Called once by the bench page. */
export async function runTransformsBench(settings: Settings): Promise<BenchRow[]> {
  const random = new Random(SEED);
  const walloc = await Walloc.create({ budget: '256MB' });
  const kernels = await frameKernels(walloc);
  const core = walloc.core;
  for (let i = 0; i < COUNT; i++) {
    if (core.slotAlloc() >>> 0 !== i) throw new Error(`transforms: slot ${i} did not fit`);
  }
  const { position, rotation, scale } = walloc.columns.float;
  const objects: TransformObject[] = [];
  for (let i = 0; i < COUNT; i++) {
    const p = vec3.fromValues(random.range(-50, 50), random.range(-50, 50), random.range(-50, 50));
    const q = quat.fromValues(...random.quaternion());
    const s = vec3.fromValues(random.range(0.5, 2), random.range(0.5, 2), random.range(0.5, 2));
    position.set(p, i * 3);
    rotation.set(q, i * 4);
    scale.set(s, i * 3);
    objects.push({ position: p, rotation: q, scale: s, world: mat4.create() });
  }

  let updated = 0;
  const contenders: Contender[] = [
    { name: 'layerw updateTransforms', prepare: () => walloc.frameBegin(), run: () => { updated = kernels.updateTransforms(1) >>> 0; } },
    { name: 'gl-matrix fromRotationTranslationScale', run: () => updateObjects(objects) },
  ];
  for (const contender of contenders) {
    contender.prepare?.();
    contender.run();
  }
  if (updated !== COUNT) throw new Error(`transforms: updateTransforms recomputed ${updated} of ${COUNT}`);
  const world = walloc.columns.float.world;
  for (let i = 0; i < COUNT; i += 997) {
    for (let k = 0; k < 16; k++) {
      const difference = Math.abs(world[i * 16 + k]! - objects[i]!.world[k]!);
      if (difference > TOLERANCE) throw new Error(`transforms: object ${i} element ${k} differs by ${difference}`);
    }
  }
  return compare('transforms', '100k', contenders, [
    { subject: 'layerw updateTransforms', peer: 'gl-matrix fromRotationTranslationScale', target: 2 },
  ], settings);
}
