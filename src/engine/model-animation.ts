// The animation side of a model, loaded (as its own chunk in the package build) the first time a scene stages a
// model with skins, morph targets or animations: staging the rig's bytes in the mesh region, and what the scene
// needs to animate and draw them.

import type { PrimitiveData } from '../assets/model-data.js';
import type { RigData } from '../assets/rig-data.js';
import { JOINT_VERTEX_BYTES } from '../gpu/animated-pipelines.js';
import type { StagedRig } from '../gpu/rig-resources.js';

export { SceneAnimation, AnimationInstance } from './scene-animation.js';
export { buildRigResources } from '../gpu/rig-resources.js';
export { rigBlockBytes, writeRigBlock } from './rig-layout.js';

/** Bytes a primitive's rig adds after its vertices and indices: joints and weights, then morph deltas. */
export function rigStageBytes(primitive: PrimitiveData): number {
  const rig = primitive.rig!;
  const deltas = rig.morphPositions ? rig.morphPositions.byteLength + (rig.morphNormals?.byteLength ?? 0) : 0;
  return primitive.vertexCount * JOINT_VERTEX_BYTES + deltas;
}

/** Writes a primitive's joints, weights and morph deltas at byte `at` (4-aligned) of `bytes`. */
export function writeRigStage(bytes: Uint8Array, at: number, primitive: PrimitiveData): void {
  const rig = primitive.rig!;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, rigStageBytes(primitive));
  for (let v = 0; v < primitive.vertexCount; v++) {
    const o = v * JOINT_VERTEX_BYTES;
    for (let k = 0; k < 4; k++) {
      // A rigid primitive follows its node's matrix alone: joint 0 with weight 1.
      view.setUint16(o + k * 2, rig.joints ? rig.joints[v * 4 + k]! : 0, true);
      view.setFloat32(o + 8 + k * 4, rig.weights ? rig.weights[v * 4 + k]! : k === 0 ? 1 : 0, true);
    }
  }
  if (!rig.morphPositions) return;
  const deltas = new Uint8Array(bytes.buffer, bytes.byteOffset + at + primitive.vertexCount * JOINT_VERTEX_BYTES);
  deltas.set(new Uint8Array(rig.morphPositions.buffer, rig.morphPositions.byteOffset, rig.morphPositions.byteLength));
  if (rig.morphNormals) {
    deltas.set(new Uint8Array(rig.morphNormals.buffer, rig.morphNormals.byteOffset, rig.morphNormals.byteLength), rig.morphPositions.byteLength);
  }
}

/** Views of a staged primitive's rig bytes at `at`, with its shader parameters. */
export function stagedRig(bytes: Uint8Array, at: number, primitive: PrimitiveData, model: RigData): StagedRig {
  const rig = primitive.rig!;
  const jointBytes = primitive.vertexCount * JOINT_VERTEX_BYTES;
  const deltaBytes = rigStageBytes(primitive) - jointBytes;
  return {
    joints: bytes.subarray(at, at + jointBytes),
    deltas: deltaBytes > 0 ? bytes.subarray(at + jointBytes, at + jointBytes + deltaBytes) : null,
    params: new Uint32Array([rig.paletteEntry, rig.targetCount, primitive.vertexCount, rig.weightOffset,
      model.paletteCount, rig.morphNormals ? 1 : 0, 0, 0]),
  };
}
