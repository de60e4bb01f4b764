// Makes the animation demo's model: a blocky walker skinned to 17 joints, with clips `walk` (a 1 s cycle of
// swinging legs and arms and a bobbing body, LINEAR) and `wave` (the right arm raised and waving, CUBICSPLINE),
// and a banner on a pole whose cloth bends with two morph targets (clip `flutter`). Run:
// node demo/models/make-animated-model.mjs
import { writeFileSync } from 'node:fs';
import { Document, NodeIO } from '@gltf-transform/core';

const here = new URL('.', import.meta.url);

// Joints: [name, parent, offset from the parent, half thickness of the bone's box (x, z)].
const BONES = [
  ['hips', -1, [0, 0.95, 0], [0.16, 0.1]],
  ['spine', 0, [0, 0.2, 0], [0.17, 0.1]],
  ['chest', 1, [0, 0.25, 0], [0.19, 0.11]],
  ['neck', 2, [0, 0.12, 0], [0.05, 0.05]],
  ['head', 3, [0, 0.24, 0], [0.12, 0.12]],
  ['armL', 2, [0.24, -0.02, 0], [0.05, 0.05]],
  ['forearmL', 5, [0, -0.28, 0], [0.045, 0.045]],
  ['handL', 6, [0, -0.24, 0], [0.04, 0.03]],
  ['armR', 2, [-0.24, -0.02, 0], [0.05, 0.05]],
  ['forearmR', 8, [0, -0.28, 0], [0.045, 0.045]],
  ['handR', 9, [0, -0.24, 0], [0.04, 0.03]],
  ['thighL', 0, [0.1, -0.05, 0], [0.07, 0.07]],
  ['shinL', 11, [0, -0.42, 0], [0.06, 0.06]],
  ['footL', 12, [0, -0.42, 0], [0.05, 0.05]],
  ['thighR', 0, [-0.1, -0.05, 0], [0.07, 0.07]],
  ['shinR', 14, [0, -0.42, 0], [0.06, 0.06]],
  ['footR', 15, [0, -0.42, 0], [0.05, 0.05]],
];

const CORNERS = [
  // A unit box's faces: normal, then four corners counter-clockwise seen from outside.
  [[1, 0, 0], [[1, -1, 1], [1, -1, -1], [1, 1, -1], [1, 1, 1]]],
  [[-1, 0, 0], [[-1, -1, -1], [-1, -1, 1], [-1, 1, 1], [-1, 1, -1]]],
  [[0, 1, 0], [[-1, 1, 1], [1, 1, 1], [1, 1, -1], [-1, 1, -1]]],
  [[0, -1, 0], [[-1, -1, -1], [1, -1, -1], [1, -1, 1], [-1, -1, 1]]],
  [[0, 0, 1], [[-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]]],
  [[0, 0, -1], [[1, -1, -1], [-1, -1, -1], [-1, 1, -1], [1, 1, -1]]],
];

const quat = (axis, degrees) => {
  const s = Math.sin((degrees * Math.PI) / 360);
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos((degrees * Math.PI) / 360)];
};

function walker(doc, buffer) {
  const world = [];
  BONES.forEach(([, parent, offset], j) => {
    const base = parent < 0 ? [0, 0, 0] : world[parent];
    world[j] = [base[0] + offset[0], base[1] + offset[1], base[2] + offset[2]];
  });
  const positions = [];
  const normals = [];
  const joints = [];
  const weights = [];
  const indices = [];
  // Each bone's box spans from its joint to the next joint along the bone (its first child), or its own length.
  BONES.forEach(([name, , , [hx, hz]], j) => {
    const child = BONES.findIndex(([, parent, offset]) => parent === j && Math.abs(offset[1]) > Math.abs(offset[0]));
    const start = world[j];
    const end = child >= 0 ? world[child] : [start[0], start[1] + (name === 'head' ? 0.24 : -0.1), start[2] + (name.startsWith('foot') ? 0.08 : 0)];
    const lo = [Math.min(start[0], end[0]) - hx, Math.min(start[1], end[1]) - (name === 'hips' ? 0.05 : 0), Math.min(start[2], end[2]) - hz];
    const hi = [Math.max(start[0], end[0]) + hx, Math.max(start[1], end[1]), Math.max(start[2], end[2]) + hz];
    if (name === 'head') hi[1] = start[1] + 0.26;
    if (name.startsWith('foot')) hi[2] += 0.08;
    for (const [normal, corners] of CORNERS) {
      const first = positions.length / 3;
      for (const corner of corners) {
        const p = corner.map((c, k) => (c < 0 ? lo[k] : hi[k]));
        positions.push(...p);
        normals.push(...normal);
        // Near the far end a vertex also follows the next joint, so elbows and knees bend smoothly.
        const t = Math.abs(end[1] - start[1]) > 1e-6 ? (p[1] - start[1]) / (end[1] - start[1]) : 0;
        const blend = child >= 0 && t > 0.6 ? 0.35 : 0;
        joints.push(j, child >= 0 ? child : 0, 0, 0);
        weights.push(1 - blend, blend, 0, 0);
      }
      indices.push(first, first + 1, first + 2, first, first + 2, first + 3);
    }
  });
  const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const nodes = BONES.map(([name, , offset]) => doc.createNode(name).setTranslation(offset));
  BONES.forEach(([, parent], j) => { if (parent >= 0) nodes[parent].addChild(nodes[j]); });
  const inverseBind = new Float32Array(BONES.length * 16);
  world.forEach((p, j) => inverseBind.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0], -p[1], -p[2], 1], j * 16));
  const skin = doc.createSkin('walker').setInverseBindMatrices(accessor('MAT4', inverseBind));
  for (const node of nodes) skin.addJoint(node);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', new Float32Array(positions)))
    .setAttribute('NORMAL', accessor('VEC3', new Float32Array(normals)))
    .setAttribute('JOINTS_0', accessor('VEC4', new Uint16Array(joints)))
    .setAttribute('WEIGHTS_0', accessor('VEC4', new Float32Array(weights)))
    .setIndices(accessor('SCALAR', new Uint16Array(indices)))
    .setMaterial(doc.createMaterial('walker').setBaseColorFactor([0.85, 0.45, 0.2, 1]).setRoughnessFactor(0.55).setMetallicFactor(0));
  const body = doc.createNode('body').setMesh(doc.createMesh('walker').addPrimitive(primitive)).setSkin(skin);
  return { nodes, body, accessor };
}

function clips(doc, nodes, accessor) {
  const byName = Object.fromEntries(BONES.map(([name], j) => [name, nodes[j]]));
  const keys = 17;
  const times = Array.from({ length: keys }, (_, k) => k / (keys - 1));
  const walk = doc.createAnimation('walk');
  const channel = (animation, node, path, interpolation, type, input, values) => {
    const sampler = doc.createAnimationSampler().setInput(accessor('SCALAR', new Float32Array(input)))
      .setOutput(accessor(type, new Float32Array(values))).setInterpolation(interpolation);
    animation.addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath(path).setSampler(sampler));
  };
  const swing = (name, amplitude, phase, offset = 0, axis = [1, 0, 0]) => channel(walk, byName[name], 'rotation', 'LINEAR', 'VEC4', times,
    times.flatMap((t) => quat(axis, offset + amplitude * Math.sin(2 * Math.PI * t + phase))));
  swing('thighL', 30, 0);
  swing('thighR', 30, Math.PI);
  swing('shinL', 25, -Math.PI / 2, -25);
  swing('shinR', 25, Math.PI / 2, -25);
  swing('armL', 25, Math.PI);
  swing('armR', 25, 0);
  swing('forearmL', 10, Math.PI, 15);
  swing('forearmR', 10, 0, 15);
  swing('chest', 6, 0, 0, [0, 1, 0]);
  channel(walk, byName.hips, 'translation', 'LINEAR', 'VEC3', times, times.flatMap((t) => [0, 0.95 + 0.03 * Math.cos(4 * Math.PI * t), 0]));

  const wave = doc.createAnimation('wave');
  // CUBICSPLINE keys: in-tangent, value, out-tangent (zero tangents: eased in and out at every key).
  const cubic = (node, values, input) => channel(wave, byName[node], 'rotation', 'CUBICSPLINE', 'VEC4', input,
    values.flatMap((q) => [0, 0, 0, 0, ...q, 0, 0, 0, 0]));
  cubic('armR', [quat([0, 0, 1], 0), quat([0, 0, 1], -160), quat([0, 0, 1], -150), quat([0, 0, 1], -160), quat([0, 0, 1], 0)], [0, 0.5, 0.9, 1.3, 1.8]);
  cubic('forearmR', [quat([0, 0, 1], 0), quat([0, 0, 1], -30), quat([0, 0, 1], 30), quat([0, 0, 1], -30), quat([0, 0, 1], 0)], [0, 0.5, 0.9, 1.3, 1.8]);
  cubic('head', [quat([0, 1, 0], 0), quat([0, 1, 0], -25), quat([0, 1, 0], -25), quat([0, 1, 0], 0)], [0, 0.5, 1.3, 1.8]);
}

/** A banner: a strip of cloth with two morph targets (a wave one way and the other) on a pole. */
function banner(doc, buffer) {
  const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const columns = 16;
  const rows = 6;
  const positions = [];
  const normals = [];
  const waveA = [];
  const waveB = [];
  const indices = [];
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= columns; c++) {
      const x = (c / columns) * 0.9;
      positions.push(x, 1.4 + (r / rows) * 0.5, 0);
      normals.push(0, 0, 1);
      const reach = c / columns;
      waveA.push(0, 0, 0.15 * reach * Math.sin((c / columns) * 2 * Math.PI));
      waveB.push(0, -0.05 * reach, 0.15 * reach * Math.sin((c / columns) * 2 * Math.PI + Math.PI));
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const a = r * (columns + 1) + c;
      indices.push(a, a + 1, a + columns + 2, a, a + columns + 2, a + columns + 1);
    }
  }
  const cloth = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', new Float32Array(positions)))
    .setAttribute('NORMAL', accessor('VEC3', new Float32Array(normals)))
    .setIndices(accessor('SCALAR', new Uint16Array(indices)))
    .setMaterial(doc.createMaterial('cloth').setBaseColorFactor([0.2, 0.55, 0.95, 1]).setRoughnessFactor(0.8).setDoubleSided(true))
    .addTarget(doc.createPrimitiveTarget().setAttribute('POSITION', accessor('VEC3', new Float32Array(waveA))))
    .addTarget(doc.createPrimitiveTarget().setAttribute('POSITION', accessor('VEC3', new Float32Array(waveB))));
  const node = doc.createNode('banner').setMesh(doc.createMesh('banner').addPrimitive(cloth).setWeights([0, 0])).setTranslation([0.45, 0, -0.3]);
  const flutter = doc.createAnimation('flutter');
  const input = accessor('SCALAR', new Float32Array([0, 0.4, 0.8, 1.2, 1.6]));
  const sampler = doc.createAnimationSampler().setInput(input)
    .setOutput(accessor('SCALAR', new Float32Array([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]))).setInterpolation('LINEAR');
  flutter.addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath('weights').setSampler(sampler));
  return node;
}

const doc = new Document();
const buffer = doc.createBuffer();
const { nodes, body, accessor } = walker(doc, buffer);
clips(doc, nodes, accessor);
doc.createScene('walker').addChild(nodes[0]).addChild(body);
writeFileSync(new URL('walker.glb', here), await new NodeIO().writeBinary(doc));

const flagDoc = new Document();
const flagBuffer = flagDoc.createBuffer();
flagDoc.createScene('banner').addChild(banner(flagDoc, flagBuffer));
writeFileSync(new URL('banner.glb', here), await new NodeIO().writeBinary(flagDoc));
console.log('wrote walker.glb and banner.glb');
