import { invalid } from './asset-error.js';
import { BYTE, FLOAT, readFloats, SHORT, UNSIGNED_BYTE, UNSIGNED_SHORT, type AccessorRule } from './accessor.js';
import { readAnimations } from './animations.js';
import type { Geometry } from './geometry.js';
import { asObject, index, indexList, list, numbers, optIndex, type JsonObject } from './gltf-json.js';
import { parentsOf } from './nodes.js';
import type { ParseContext } from './parse-context.js';
import { MAX_JOINTS, NODE_FLOATS, PALETTE_ENTRY_FLOATS, type PrimitiveRig, type RigData } from './rig-data.js';

const JOINTS: AccessorRule = { types: ['VEC4'], componentTypes: { [UNSIGNED_BYTE]: 'raw', [UNSIGNED_SHORT]: 'raw' } };
const WEIGHTS: AccessorRule = { types: ['VEC4'], componentTypes: { [FLOAT]: 'raw', [UNSIGNED_BYTE]: 'normalized', [UNSIGNED_SHORT]: 'normalized' } };
const INVERSE_BIND: AccessorRule = { types: ['MAT4'], componentTypes: { [FLOAT]: 'raw' } };
const DELTA: AccessorRule = { types: ['VEC3'], componentTypes: { [FLOAT]: 'raw', [BYTE]: 'either', [SHORT]: 'either', [UNSIGNED_BYTE]: 'either', [UNSIGNED_SHORT]: 'either' } };

/** One drawn primitive as the rig reader sees it: its node, mesh, JSON and decoded geometry. */
export interface RigPrimitive {
  node: number;
  mesh: number;
  json: JsonObject;
  path: string;
  geometry: Geometry;
}

/**
 * Reads what makes a model move: skins, morph targets and animations. Returns null for a model with none of
 * them (it is drawn with its node transforms baked in). Every count is checked before use: sampler input and
 * output counts, joint indices against their skin, skins against MAX_JOINTS, morph target counts across a mesh.
 * Throws InvalidContent on any problem; the caller then draws the model without animation.
 */
export function readRig(ctx: ParseContext, drawn: readonly RigPrimitive[]): { rig: RigData; primitives: PrimitiveRig[] } | null {
  const skins = list(ctx.root, 'skins', 'glTF', ctx.limits.maxItems);
  const animations = list(ctx.root, 'animations', 'glTF', ctx.limits.maxItems);
  const morphed = drawn.some((p) => list(p.json, 'targets', p.path, ctx.limits.maxItems).length > 0);
  if (skins.length === 0 && animations.length === 0 && !morphed) return null;

  const nodeCount = ctx.nodes.length;
  const nodes = ctx.nodes.map((node, i) => asObject(node, `nodes[${i}]`));
  const parents = parentsOf(nodes);
  const order = parentFirstOrder(parents);
  ctx.budget.take(nodeCount * (NODE_FLOATS * 4 + 24), 'the node hierarchy');
  const rest = new Float32Array(nodeCount * NODE_FLOATS);
  nodes.forEach((node, i) => restPose(node, `nodes[${i}]`, rest, i * NODE_FLOATS));

  const entries: number[] = [];
  const entryOfNode = new Map<number, number>();
  const entryOfSkin = new Map<number, number>();
  const skinJoints = new Map<number, number>();
  const addEntry = (node: number, inverseBind: Float32Array | null, at = 0): number => {
    const entry = entries.length / PALETTE_ENTRY_FLOATS;
    const values = new Array<number>(PALETTE_ENTRY_FLOATS).fill(0);
    values[0] = node;
    values[1] = inverseBind ? 1 : 0;
    for (let k = 0; k < 16; k++) values[4 + k] = inverseBind ? inverseBind[at + k]! : k % 5 === 0 ? 1 : 0;
    values[23] = -1; // no vertex yet; spheres grow in `grow`
    entries.push(...values);
    return entry;
  };
  const skinEntry = (skinIndex: number): number => {
    const known = entryOfSkin.get(skinIndex);
    if (known !== undefined) return known;
    const path = `skins[${skinIndex}]`;
    const skin = asObject(skins[skinIndex], path);
    const joints = indexList(skin, 'joints', path, nodeCount, 'node', ctx.limits.maxItems);
    if (joints.length === 0) invalid(`${path} has no joints`);
    if (joints.length > MAX_JOINTS) invalid(`${path} has ${joints.length} joints, more than the ${MAX_JOINTS} LayerW skins with`);
    let inverseBind: Float32Array | null = null;
    if (skin['inverseBindMatrices'] !== undefined) {
      const accessor = index(skin, 'inverseBindMatrices', path, ctx.accessors.length, 'accessor');
      const read = readFloats(ctx, accessor, INVERSE_BIND, `${path}.inverseBindMatrices`);
      if (read.info.count < joints.length) invalid(`${path}.inverseBindMatrices has ${read.info.count} matrices for ${joints.length} joints`);
      inverseBind = read.values;
    }
    const first = entries.length / PALETTE_ENTRY_FLOATS;
    joints.forEach((node, j) => addEntry(node, inverseBind ?? IDENTITY, inverseBind ? j * 16 : 0));
    entryOfSkin.set(skinIndex, first);
    skinJoints.set(skinIndex, joints.length);
    return first;
  };

  const weightOffset = new Int32Array(nodeCount).fill(-1);
  const weightCount = new Int32Array(nodeCount);
  const weights: number[] = [];
  const primitives: PrimitiveRig[] = [];
  const spheres: { entry: number; joints: Uint16Array | null; weights: Float32Array | null; positions: Float32Array; extra: number }[] = [];
  for (const p of drawn) {
    const node = nodes[p.node]!;
    const skinIndex = optIndex(node, 'skin', `nodes[${p.node}]`, skins.length, 'skin');
    const morph = readTargets(ctx, p);
    if (morph.targetCount > 0 && weightOffset[p.node] === -1) {
      weightOffset[p.node] = weights.length;
      weightCount[p.node] = morph.targetCount;
      weights.push(...defaultWeights(ctx, node, p, morph.targetCount));
    } else if (morph.targetCount !== weightCount[p.node]) {
      invalid(`${p.path} has ${morph.targetCount} morph targets, but its mesh's other primitives have ${weightCount[p.node]}`);
    }
    let entry: number;
    let joints: Uint16Array | null = null;
    let jointWeights: Float32Array | null = null;
    const attributes = asObject(p.json['attributes'], `${p.path}.attributes`);
    if (skinIndex !== undefined && attributes['JOINTS_0'] !== undefined && attributes['WEIGHTS_0'] !== undefined) {
      entry = skinEntry(skinIndex);
      ({ joints, weights: jointWeights } = readSkinAttributes(ctx, p, attributes, skinJoints.get(skinIndex)!));
    } else {
      entry = entryOfNode.get(p.node) ?? addEntry(p.node, null);
      entryOfNode.set(p.node, entry);
    }
    primitives.push({
      paletteEntry: entry, joints, weights: jointWeights,
      targetCount: morph.targetCount, morphPositions: morph.positions, morphNormals: morph.normals,
      weightOffset: Math.max(weightOffset[p.node]!, 0),
    });
    spheres.push({ entry, joints, weights: jointWeights, positions: p.geometry.positions, extra: morph.reach });
  }
  const palette = new Float32Array(entries);
  for (const s of spheres) growSpheres(palette, s.entry, s.positions, s.joints, s.weights, s.extra);

  const rig: RigData = {
    nodeCount, parents, order, rest, palette, paletteCount: palette.length / PALETTE_ENTRY_FLOATS,
    weights: new Float32Array(weights), weightOffset, weightCount,
    animations: readAnimations(ctx, animations, weightCount),
  };
  return { rig, primitives };
}

const IDENTITY = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

/** Every node once, parents before children (roots in index order, then breadth first). */
function parentFirstOrder(parents: Int32Array): Uint32Array {
  const children: number[][] = Array.from({ length: parents.length }, () => []);
  const order: number[] = [];
  parents.forEach((parent, i) => (parent < 0 ? order.push(i) : children[parent]!.push(i)));
  for (let k = 0; k < order.length; k++) for (const child of children[order[k]!]!) order.push(child);
  return new Uint32Array(order);
}

/** A node's rest translation, rotation and scale; a node given by `matrix` is decomposed. */
function restPose(node: JsonObject, path: string, out: Float32Array, at: number): void {
  if (node['matrix'] !== undefined) {
    decompose(numbers(node, 'matrix', path, Array.from(IDENTITY)), out, at, path);
    return;
  }
  const t = numbers(node, 'translation', path, [0, 0, 0]);
  const r = numbers(node, 'rotation', path, [0, 0, 0, 1]);
  const s = numbers(node, 'scale', path, [1, 1, 1]);
  const length = Math.hypot(r[0]!, r[1]!, r[2]!, r[3]!);
  if (length < 1e-6) invalid(`${path}.rotation is not a unit quaternion`);
  out.set(t, at);
  out.set(r.map((v) => v / length), at + 3);
  out.set(s, at + 7);
}

/** Splits an affine matrix (no shear, as glTF requires of animated nodes) into translation, rotation and scale. */
function decompose(m: number[], out: Float32Array, at: number, path: string): void {
  let sx = Math.hypot(m[0]!, m[1]!, m[2]!);
  const sy = Math.hypot(m[4]!, m[5]!, m[6]!);
  const sz = Math.hypot(m[8]!, m[9]!, m[10]!);
  if (sx < 1e-12 || sy < 1e-12 || sz < 1e-12) invalid(`${path}.matrix has a zero scale`);
  const det = m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[4]! * (m[1]! * m[10]! - m[2]! * m[9]!) + m[8]! * (m[1]! * m[6]! - m[2]! * m[5]!);
  if (det < 0) sx = -sx;
  const r = [m[0]! / sx, m[1]! / sx, m[2]! / sx, m[4]! / sy, m[5]! / sy, m[6]! / sy, m[8]! / sz, m[9]! / sz, m[10]! / sz];
  // Rotation matrix to quaternion (Shoemake), largest diagonal first for accuracy.
  const trace = r[0]! + r[4]! + r[8]!;
  let x: number, y: number, z: number, w: number;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    w = s / 4; x = (r[5]! - r[7]!) / s; y = (r[6]! - r[2]!) / s; z = (r[1]! - r[3]!) / s;
  } else if (r[0]! > r[4]! && r[0]! > r[8]!) {
    const s = Math.sqrt(1 + r[0]! - r[4]! - r[8]!) * 2;
    w = (r[5]! - r[7]!) / s; x = s / 4; y = (r[3]! + r[1]!) / s; z = (r[6]! + r[2]!) / s;
  } else if (r[4]! > r[8]!) {
    const s = Math.sqrt(1 + r[4]! - r[0]! - r[8]!) * 2;
    w = (r[6]! - r[2]!) / s; x = (r[3]! + r[1]!) / s; y = s / 4; z = (r[7]! + r[5]!) / s;
  } else {
    const s = Math.sqrt(1 + r[8]! - r[0]! - r[4]!) * 2;
    w = (r[1]! - r[3]!) / s; x = (r[6]! + r[2]!) / s; y = (r[7]! + r[5]!) / s; z = s / 4;
  }
  const length = Math.hypot(x, y, z, w);
  out.set([m[12]!, m[13]!, m[14]!, x / length, y / length, z / length, w / length, sx, sy, sz], at);
}

/** Vertices of the primitive as the file has them (before flat normals gave each corner its own). */
function sourceCountOf(geometry: Geometry): number {
  const source = geometry.sourceVertices;
  if (!source) return geometry.vertexCount;
  let highest = 0;
  for (let i = 0; i < source.length; i++) highest = Math.max(highest, source[i]!);
  return highest + 1;
}

/** JOINTS_0 checked against the skin's joint count, WEIGHTS_0 made to sum to 1; unwelded like the positions. */
function readSkinAttributes(ctx: ParseContext, p: RigPrimitive, attributes: JsonObject, jointCount: number): { joints: Uint16Array; weights: Float32Array } {
  const path = `${p.path}.attributes`;
  const rawJoints = readFloats(ctx, index(attributes, 'JOINTS_0', path, ctx.accessors.length, 'accessor'), JOINTS, `${path}.JOINTS_0`).values;
  const rawWeights = readFloats(ctx, index(attributes, 'WEIGHTS_0', path, ctx.accessors.length, 'accessor'), WEIGHTS, `${path}.WEIGHTS_0`).values;
  const source = p.geometry.sourceVertices;
  const sourceCount = sourceCountOf(p.geometry);
  if (rawJoints.length < sourceCount * 4 || rawWeights.length < sourceCount * 4) {
    invalid(`${path}.JOINTS_0 and WEIGHTS_0 need ${sourceCount} elements like POSITION`);
  }
  const count = p.geometry.vertexCount;
  ctx.budget.take(count * 24, `${path} skin attributes`);
  const joints = new Uint16Array(count * 4);
  const weights = new Float32Array(count * 4);
  for (let v = 0; v < count; v++) {
    const from = (source ? source[v]! : v) * 4;
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      const joint = rawJoints[from + k]!;
      const weight = rawWeights[from + k]!;
      if (!Number.isFinite(weight) || weight < 0) invalid(`${path}.WEIGHTS_0 holds ${weight} at vertex ${from / 4}`);
      if (weight > 0 && joint >= jointCount) invalid(`${path}.JOINTS_0 names joint ${joint} at vertex ${from / 4}, but its skin has ${jointCount}`);
      joints[v * 4 + k] = weight > 0 ? joint : 0;
      weights[v * 4 + k] = weight;
      sum += weight;
    }
    if (sum > 0) for (let k = 0; k < 4; k++) weights[v * 4 + k]! /= sum;
    else weights[v * 4] = 1;
  }
  return { joints, weights };
}

/** A primitive's morph targets: POSITION and NORMAL deltas, and how far they can move a vertex in total. */
function readTargets(ctx: ParseContext, p: RigPrimitive): { targetCount: number; positions: Float32Array | null; normals: Float32Array | null; reach: number } {
  const targets = list(p.json, 'targets', p.path, ctx.limits.maxItems);
  if (targets.length === 0) return { targetCount: 0, positions: null, normals: null, reach: 0 };
  const count = p.geometry.vertexCount;
  const source = p.geometry.sourceVertices;
  ctx.budget.take(targets.length * count * 24, `${p.path}.targets`);
  const positions = new Float32Array(targets.length * count * 3);
  let normals: Float32Array | null = null;
  let reach = 0;
  targets.forEach((target, t) => {
    const path = `${p.path}.targets[${t}]`;
    const json = asObject(target, path);
    for (const name of ['POSITION', 'NORMAL'] as const) {
      if (json[name] === undefined) continue;
      const values = readFloats(ctx, index(json, name, path, ctx.accessors.length, 'accessor'), DELTA, `${path}.${name}`).values;
      const sourceCount = sourceCountOf(p.geometry);
      if (values.length < sourceCount * 3) invalid(`${path}.${name} has ${values.length / 3} elements but POSITION has ${sourceCount}`);
      const out = name === 'POSITION' ? positions : (normals ??= new Float32Array(targets.length * count * 3));
      let longest = 0;
      for (let v = 0; v < count; v++) {
        const from = (source ? source[v]! : v) * 3;
        for (let c = 0; c < 3; c++) {
          const value = values[from + c]!;
          if (!Number.isFinite(value)) invalid(`${path}.${name} holds ${value}`);
          out[(t * count + v) * 3 + c] = value;
        }
        longest = Math.max(longest, Math.hypot(values[from]!, values[from + 1]!, values[from + 2]!));
      }
      if (name === 'POSITION') reach += longest;
    }
  });
  return { targetCount: targets.length, positions, normals, reach };
}

/** The node's `weights`, else its mesh's, else zeros; `count` of them. */
function defaultWeights(ctx: ParseContext, node: JsonObject, p: RigPrimitive, count: number): number[] {
  const mesh = asObject(ctx.meshes[p.mesh], `meshes[${p.mesh}]`);
  const own = node['weights'] !== undefined ? node : mesh['weights'] !== undefined ? mesh : null;
  if (!own) return new Array<number>(count).fill(0);
  const path = own === node ? `nodes[${p.node}]` : `meshes[${p.mesh}]`;
  return numbers(own, 'weights', path, new Array<number>(count).fill(0));
}

/**
 * Grows the bind-space sphere of each palette entry a primitive uses around the vertices it moves (for a
 * skin, the vertices with weight on the joint), widened by how far morph targets can push them.
 */
function growSpheres(palette: Float32Array, first: number, positions: Float32Array, joints: Uint16Array | null, weights: Float32Array | null, extra: number): void {
  const boxes = new Map<number, number[]>();
  const add = (entry: number, v: number): void => {
    let box = boxes.get(entry);
    if (!box) boxes.set(entry, (box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]));
    for (let c = 0; c < 3; c++) {
      box[c] = Math.min(box[c]!, positions[v * 3 + c]!);
      box[c + 3] = Math.max(box[c + 3]!, positions[v * 3 + c]!);
    }
  };
  const count = positions.length / 3;
  for (let v = 0; v < count; v++) {
    if (!joints || !weights) add(first, v);
    else for (let k = 0; k < 4; k++) if (weights[v * 4 + k]! > 0) add(first + joints[v * 4 + k]!, v);
  }
  for (const [entry, box] of boxes) {
    const at = entry * PALETTE_ENTRY_FLOATS + 20;
    const centre = [(box[0]! + box[3]!) / 2, (box[1]! + box[4]!) / 2, (box[2]! + box[5]!) / 2];
    let radius = Math.hypot(box[3]! - box[0]!, box[4]! - box[1]!, box[5]! - box[2]!) / 2 + extra;
    if (palette[at + 3]! >= 0) {
      // Union with what an earlier primitive gave the same entry.
      const d = Math.hypot(palette[at]! - centre[0]!, palette[at + 1]! - centre[1]!, palette[at + 2]! - centre[2]!);
      radius = Math.max(radius, d + palette[at + 3]!);
    }
    palette.set([centre[0]!, centre[1]!, centre[2]!, radius], at);
  }
}
