// The `skinned` benchmark's character, made on the bench page with glTF-Transform: 30 joints (hips, a spine of
// five, neck and head, two arms and two legs, a tail), a box around each bone skinned to the bone's joints,
// and one clip `walk` of 1 s that turns every joint and bobs the hips (LINEAR, 9 keys).
import { Document, WebIO } from '@gltf-transform/core';
import { buildBox, VERTEX_FLOATS } from '../src/gpu/geometry.js';

/** Joints of the character. */
export const CHARACTER_JOINTS = 30;

/** Each joint: its parent (-1 for the hips) and its offset from the parent. */
const BONES: readonly (readonly [number, number, number, number])[] = (() => {
  const bones: [number, number, number, number][] = [[-1, 0, 1, 0]];
  const chain = (from: number, count: number, dx: number, dy: number, dz: number): number => {
    let parent = from;
    for (let i = 0; i < count; i++) {
      bones.push([parent, dx, dy, dz]);
      parent = bones.length - 1;
    }
    return parent;
  };
  const chest = chain(0, 5, 0, 0.15, 0);
  chain(chest, 2, 0, 0.15, 0);
  chain(chest, 5, 0.12, 0, 0);
  chain(chest, 5, -0.12, 0, 0);
  chain(0, 4, 0.1, -0.22, 0);
  chain(0, 4, -0.1, -0.22, 0);
  chain(0, 4, 0, 0, -0.12);
  return bones;
})();

/** The character's GLB bytes. */
export async function makeSkinnedCharacter(): Promise<Uint8Array> {
  if (BONES.length !== CHARACTER_JOINTS) throw new Error(`skinned: ${BONES.length} joints, not ${CHARACTER_JOINTS}`);
  const world = BONES.map(() => [0, 0, 0]);
  BONES.forEach(([parent, x, y, z], j) => {
    const base = parent < 0 ? [0, 0, 0] : world[parent]!;
    world[j] = [base[0]! + x, base[1]! + y, base[2]! + z];
  });
  const box = buildBox();
  const boxVertices = box.vertices.length / VERTEX_FLOATS;
  const positions: number[] = [];
  const normals: number[] = [];
  const joints: number[] = [];
  const weights: number[] = [];
  const indices: number[] = [];
  BONES.forEach(([parent], j) => {
    if (parent < 0) return;
    const a = world[parent]!;
    const b = world[j]!;
    const first = positions.length / 3;
    for (let v = 0; v < boxVertices; v++) {
      const o = v * VERTEX_FLOATS;
      // The unit box stretched over the bone, 0.08 thick; its far half leans on the bone's own joint.
      const t = box.vertices[o + 1]! + 0.5;
      for (let c = 0; c < 3; c++) {
        const lo = Math.min(a[c]!, b[c]!) - 0.04;
        const hi = Math.max(a[c]!, b[c]!) + 0.04;
        positions.push(lo + (box.vertices[o + c]! + 0.5) * (hi - lo));
        normals.push(box.vertices[o + 3 + c]!);
      }
      joints.push(parent, j, 0, 0);
      weights.push(t > 0.5 ? 0.7 : 1, t > 0.5 ? 0.3 : 0, 0, 0);
    }
    for (const index of box.indices) indices.push(first + index);
  });
  const doc = new Document();
  const buffer = doc.createBuffer();
  const accessor = (type: 'SCALAR' | 'VEC3' | 'VEC4' | 'MAT4', array: Float32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer>) =>
    doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const nodes = BONES.map(([, x, y, z], j) => doc.createNode(`joint${j}`).setTranslation([x, y, z]));
  BONES.forEach(([parent], j) => {
    if (parent >= 0) nodes[parent]!.addChild(nodes[j]!);
  });
  const inverseBind = new Float32Array(CHARACTER_JOINTS * 16);
  world.forEach((p, j) => inverseBind.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0]!, -p[1]!, -p[2]!, 1], j * 16));
  const skin = doc.createSkin('skin').setInverseBindMatrices(accessor('MAT4', inverseBind));
  for (const node of nodes) skin.addJoint(node);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', new Float32Array(positions)))
    .setAttribute('NORMAL', accessor('VEC3', new Float32Array(normals)))
    .setAttribute('JOINTS_0', accessor('VEC4', new Uint16Array(joints)))
    .setAttribute('WEIGHTS_0', accessor('VEC4', new Float32Array(weights)))
    .setIndices(accessor('SCALAR', new Uint32Array(indices)))
    .setMaterial(doc.createMaterial('skin').setBaseColorFactor([0.8, 0.55, 0.35, 1]).setRoughnessFactor(0.7));
  const body = doc.createNode('body').setMesh(doc.createMesh('body').addPrimitive(primitive)).setSkin(skin);
  doc.createScene('scene').addChild(nodes[0]!).addChild(body);
  const walk = doc.createAnimation('walk');
  const keys = 9;
  const times = accessor('SCALAR', new Float32Array(Array.from({ length: keys }, (_, k) => k / (keys - 1))));
  nodes.forEach((node, j) => {
    const values = new Float32Array(keys * 4);
    for (let k = 0; k < keys; k++) {
      const angle = (20 * Math.PI / 180) * Math.sin(2 * Math.PI * (k / (keys - 1)) + j * 0.7);
      // Legs and the tail swing about x, the rest about z.
      const aboutX = j >= 18;
      values.set([aboutX ? Math.sin(angle / 2) : 0, 0, aboutX ? 0 : Math.sin(angle / 2), Math.cos(angle / 2)], k * 4);
    }
    const sampler = doc.createAnimationSampler().setInput(times).setOutput(accessor('VEC4', values)).setInterpolation('LINEAR');
    walk.addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath('rotation').setSampler(sampler));
  });
  const bob = new Float32Array(keys * 3);
  for (let k = 0; k < keys; k++) bob.set([0, 1 + 0.05 * Math.sin(4 * Math.PI * (k / (keys - 1))), 0], k * 3);
  const bobSampler = doc.createAnimationSampler().setInput(times).setOutput(accessor('VEC3', bob)).setInterpolation('LINEAR');
  walk.addSampler(bobSampler).addChannel(doc.createAnimationChannel().setTargetNode(nodes[0]!).setTargetPath('translation').setSampler(bobSampler));
  return new WebIO().writeBinary(doc);
}
