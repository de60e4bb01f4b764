// Animated glTF models made in the tests with @gltf-transform/core: a skinned two-bone column and a morphed
// slab, each with clips that use every channel path and interpolation.
import { Document, WebIO, type Node } from '@gltf-transform/core';
import { buildGeometry, VERTEX_FLOATS } from '../../src/gpu/geometry.js';

/** A column 2 units tall on two joints (0 to 1 and 1 to 2), its quad strips weighted across the joint. */
function columnGeometry(segments: number): { positions: Float32Array<ArrayBuffer>; normals: Float32Array<ArrayBuffer>; joints: Uint16Array<ArrayBuffer>; weights: Float32Array<ArrayBuffer>; indices: Uint32Array<ArrayBuffer> } {
  const positions: number[] = [];
  const normals: number[] = [];
  const joints: number[] = [];
  const weights: number[] = [];
  const indices: number[] = [];
  const half = 0.2;
  // Four sides, each a strip of quads from y = 0 to y = 2; corners in CCW order seen from outside.
  const sides: [number[], number[]][] = [
    [[0, 0, 1], [1, 0, 0]], [[1, 0, 0], [0, 0, -1]], [[0, 0, -1], [-1, 0, 0]], [[-1, 0, 0], [0, 0, 1]],
  ];
  for (const [n, u] of sides) {
    const first = positions.length / 3;
    for (let s = 0; s <= segments; s++) {
      const y = (2 * s) / segments;
      const upper = Math.min(1, Math.max(0, (y - 0.7) / 0.6));
      for (const side of [-1, 1]) {
        positions.push(n[0]! * half + u[0]! * half * side, y, n[2]! * half + u[2]! * half * side);
        normals.push(n[0]!, n[1]!, n[2]!);
        joints.push(0, 1, 0, 0);
        weights.push(1 - upper, upper, 0, 0);
      }
    }
    for (let s = 0; s < segments; s++) {
      const a = first + s * 2;
      indices.push(a, a + 1, a + 3, a, a + 3, a + 2);
    }
  }
  return {
    positions: new Float32Array(positions), normals: new Float32Array(normals), joints: new Uint16Array(joints),
    weights: new Float32Array(weights), indices: new Uint32Array(indices),
  };
}

const quatZ = (degrees: number): number[] => [0, 0, Math.sin((degrees * Math.PI) / 360), Math.cos((degrees * Math.PI) / 360)];

/**
 * A skinned column: joints `lower` (at the origin) and `upper` (at y = 1, its child). Clips: `bend` (upper turns
 * 0° → 90° → 0° about z over 2 s, LINEAR), `sway` (lower turns about z with CUBICSPLINE, upper moves with STEP
 * and grows with LINEAR scale, 1.5 s).
 */
export async function makeSkinnedModel(color: [number, number, number, number] = [0.9, 0.5, 0.15, 1]): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const g = columnGeometry(8);
  const accessor = (type: 'SCALAR' | 'VEC3' | 'VEC4' | 'MAT4', array: Float32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer>) =>
    doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', g.positions))
    .setAttribute('NORMAL', accessor('VEC3', g.normals))
    .setAttribute('JOINTS_0', accessor('VEC4', g.joints))
    .setAttribute('WEIGHTS_0', accessor('VEC4', g.weights))
    .setIndices(accessor('SCALAR', g.indices))
    .setMaterial(doc.createMaterial('column').setBaseColorFactor(color).setRoughnessFactor(0.6).setMetallicFactor(0));
  const lower = doc.createNode('lower');
  const upper = doc.createNode('upper').setTranslation([0, 1, 0]);
  lower.addChild(upper);
  const skin = doc.createSkin('skin').addJoint(lower).addJoint(upper)
    .setInverseBindMatrices(accessor('MAT4', new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1])));
  const mesh = doc.createNode('column').setMesh(doc.createMesh('column').addPrimitive(primitive)).setSkin(skin);
  doc.createScene('scene').addChild(lower).addChild(mesh);
  const clip = (name: string) => doc.createAnimation(name);
  const channel = (animation: ReturnType<typeof clip>, node: Node, path: 'translation' | 'rotation' | 'scale', interpolation: 'LINEAR' | 'STEP' | 'CUBICSPLINE', type: 'VEC3' | 'VEC4', times: number[], values: number[]): void => {
    const sampler = doc.createAnimationSampler().setInput(accessor('SCALAR', new Float32Array(times))).setOutput(accessor(type, new Float32Array(values))).setInterpolation(interpolation);
    animation.addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath(path).setSampler(sampler));
  };
  const bend = clip('bend');
  channel(bend, upper, 'rotation', 'LINEAR', 'VEC4', [0, 1, 2], [...quatZ(0), ...quatZ(90), ...quatZ(0)]);
  const sway = clip('sway');
  // CUBICSPLINE: in-tangent, value, out-tangent per key.
  channel(sway, lower, 'rotation', 'CUBICSPLINE', 'VEC4', [0, 0.75, 1.5], [
    0, 0, 0, 0, ...quatZ(0), 0, 0, 0.3, 0,
    0, 0, 0, 0, ...quatZ(-30), 0, 0, 0, 0,
    0, 0, 0.3, 0, ...quatZ(0), 0, 0, 0, 0,
  ]);
  channel(sway, upper, 'translation', 'STEP', 'VEC3', [0, 0.5, 1], [0, 1, 0, 0, 1.2, 0, 0, 1, 0]);
  channel(sway, upper, 'scale', 'LINEAR', 'VEC3', [0, 1.5], [1, 1, 1, 1.6, 1, 1.6]);
  return new WebIO().writeBinary(doc);
}

/**
 * A slab (2 × 0.2 × 1) with two morph targets: `lift` raises its right half by 1, `swell` pushes its front face
 * out by 0.5 (with normal deltas that tilt it). Mesh default weights [0, 0]; clip `breathe` animates both weights
 * over 2 s with LINEAR; `pulse` with STEP.
 */
export async function makeMorphedModel(color: [number, number, number, number] = [0.2, 0.6, 0.9, 1]): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const positions: number[] = [];
  const normals: number[] = [];
  const lift: number[] = [];
  const swell: number[] = [];
  const swellNormals: number[] = [];
  const indices: number[] = [];
  const columns = 8;
  // The top face (+y) and the front face (+z), each a strip along x.
  for (const face of ['top', 'front'] as const) {
    const first = positions.length / 3;
    for (let c = 0; c <= columns; c++) {
      const x = -1 + (2 * c) / columns;
      const corners = face === 'top' ? [[x, 0.1, 0.5], [x, 0.1, -0.5]] : [[x, -0.1, 0.5], [x, 0.1, 0.5]];
      for (const p of corners) {
        positions.push(...p);
        normals.push(...(face === 'top' ? [0, 1, 0] : [0, 0, 1]));
        lift.push(0, x > 0 ? x : 0, 0);
        swell.push(0, 0, face === 'front' ? 0.5 : p[2]! > 0 ? 0.5 : 0);
        swellNormals.push(0, face === 'front' ? 0.3 : 0, 0);
      }
    }
    for (let c = 0; c < columns; c++) {
      const a = first + c * 2;
      indices.push(a, a + 2, a + 3, a, a + 3, a + 1);
    }
  }
  const accessor = (type: 'SCALAR' | 'VEC3', array: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const target = (position: number[], normal?: number[]) => {
    const t = doc.createPrimitiveTarget().setAttribute('POSITION', accessor('VEC3', new Float32Array(position)));
    if (normal) t.setAttribute('NORMAL', accessor('VEC3', new Float32Array(normal)));
    return t;
  };
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', new Float32Array(positions)))
    .setAttribute('NORMAL', accessor('VEC3', new Float32Array(normals)))
    .setIndices(accessor('SCALAR', new Uint32Array(indices)))
    .setMaterial(doc.createMaterial('slab').setBaseColorFactor(color).setRoughnessFactor(0.5).setMetallicFactor(0).setDoubleSided(true))
    .addTarget(target(lift))
    .addTarget(target(swell, swellNormals));
  const mesh = doc.createMesh('slab').addPrimitive(primitive).setWeights([0, 0]);
  const node = doc.createNode('slab').setMesh(mesh);
  doc.createScene('scene').addChild(node);
  const weightsChannel = (name: string, interpolation: 'LINEAR' | 'STEP', times: number[], values: number[]): void => {
    const sampler = doc.createAnimationSampler().setInput(accessor('SCALAR', new Float32Array(times))).setOutput(accessor('SCALAR', new Float32Array(values))).setInterpolation(interpolation);
    doc.createAnimation(name).addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath('weights').setSampler(sampler));
  };
  weightsChannel('breathe', 'LINEAR', [0, 1, 2], [0, 0, 1, 1, 0, 0]);
  weightsChannel('pulse', 'STEP', [0, 0.5], [1, 0, 0, 1]);
  return new WebIO().writeBinary(doc);
}

/**
 * A unit box on a node that travels from x = 0 to x = 10 over 1 s (LINEAR translation, clip `travel`): at 1 s
 * it is far outside the bounds of its rest pose.
 */
export async function makeTravellingModel(): Promise<Uint8Array> {
  const built = buildGeometry('box');
  const count = built.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    positions.set(built.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
    normals.set(built.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
  }
  const doc = new Document();
  const buffer = doc.createBuffer();
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(built.indices)).setBuffer(buffer))
    .setMaterial(doc.createMaterial('box').setBaseColorFactor([0.9, 0.8, 0.2, 1]));
  const node = doc.createNode('box').setMesh(doc.createMesh('box').addPrimitive(primitive));
  doc.createScene('scene').addChild(node);
  const sampler = doc.createAnimationSampler()
    .setInput(doc.createAccessor().setType('SCALAR').setArray(new Float32Array([0, 1])).setBuffer(buffer))
    .setOutput(doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 10, 0, 0])).setBuffer(buffer))
    .setInterpolation('LINEAR');
  doc.createAnimation('travel').addSampler(sampler)
    .addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath('translation').setSampler(sampler));
  return new WebIO().writeBinary(doc);
}
