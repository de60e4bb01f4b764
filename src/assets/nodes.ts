import * as mat4 from 'gl-matrix/mat4';
import * as quat from 'gl-matrix/quat';
import { invalid } from './asset-error.js';
import { asObject, extension, indexList, list, numbers, optIndex, optObject, type JsonObject } from './gltf-json.js';
import type { LodGroup } from './model-data.js';
import type { ParseContext } from './parse-context.js';

/** A node of the default scene that draws a mesh, with its world matrix. */
export interface MeshInstance {
  node: number;
  mesh: number;
  worldMatrix: Float32Array;
  lod: { group: number; level: number } | null;
}

/** A node of the default scene that carries a KHR_lights_punctual light, with its world matrix. */
export interface LightInstance {
  node: number;
  light: number;
  worldMatrix: Float32Array;
}

/**
 * Walks the default scene (the `scene` index, else the first scene, else every root node) and returns each
 * node that has a mesh and each node that has a light (KHR_lights_punctual, indices below `lightCount`) with
 * its world matrix, plus the MSFT_lod groups found on the way. Before walking it
 * checks that the nodes form a forest: every child index valid, no node with two parents, no node its own
 * ancestor. Each node is visited at most once, so the walk is linear in the node count.
 */
export function collectInstances(ctx: ParseContext, lightCount = 0): { instances: MeshInstance[]; lights: LightInstance[]; lods: LodGroup[] } {
  const nodeCount = ctx.nodes.length;
  const nodes = ctx.nodes.map((node, i) => asObject(node, `nodes[${i}]`));
  const parent = parentsOf(nodes);

  const lodLevels = new Set<number>();
  nodes.forEach((node, i) => {
    const lod = extension(node, 'MSFT_lod', `nodes[${i}]`);
    if (!lod) return;
    for (const id of indexList(lod, 'ids', `nodes[${i}].extensions.MSFT_lod`, nodeCount, 'node', nodeCount)) lodLevels.add(id);
  });

  const roots = sceneRoots(ctx, nodes, parent, lodLevels);
  const visited = new Uint8Array(nodeCount);
  const instances: MeshInstance[] = [];
  const lights: LightInstance[] = [];
  const lods: LodGroup[] = [];
  type Visit = { node: number; parentWorld: mat4; lod: MeshInstance['lod']; inLod: boolean };
  const stack: Visit[] = roots.map((node) => ({ node, parentWorld: mat4.create(), lod: null, inLod: false })).reverse();
  while (stack.length > 0) {
    const { node, parentWorld, lod, inLod } = stack.pop()!;
    const path = `nodes[${node}]`;
    if (visited[node]) invalid(`${path} is reached twice in the scene (a node may appear only once)`);
    visited[node] = 1;
    const json = nodes[node]!;
    const world = mat4.multiply(mat4.create(), parentWorld, localMatrix(json, path));
    let tag = lod;
    const lodExt = inLod ? undefined : extension(json, 'MSFT_lod', path);
    if (lodExt) {
      const group = lods.length;
      const ids = indexList(lodExt, 'ids', `${path}.extensions.MSFT_lod`, nodeCount, 'node', nodeCount);
      const levelNodes = [node, ...ids];
      lods.push({
        nodes: levelNodes,
        meshes: levelNodes.map((n) => optIndex(nodes[n]!, 'mesh', `nodes[${n}]`, ctx.meshes.length, 'mesh') ?? null),
        screenCoverage: screenCoverage(json, ids.length + 1, ctx, path),
      });
      tag = { group, level: 0 };
      // Lower levels replace this node: they hang from its parent, and are walked after it.
      for (let k = ids.length - 1; k >= 0; k--) stack.push({ node: ids[k]!, parentWorld, lod: { group, level: k + 1 }, inLod: true });
    }
    const mesh = optIndex(json, 'mesh', path, ctx.meshes.length, 'mesh');
    if (mesh !== undefined) instances.push({ node, mesh, worldMatrix: new Float32Array(world), lod: tag });
    const lightExt = extension(json, 'KHR_lights_punctual', path);
    if (lightExt) {
      const light = optIndex(lightExt, 'light', `${path}.extensions.KHR_lights_punctual`, lightCount, 'light');
      if (light !== undefined) lights.push({ node, light, worldMatrix: new Float32Array(world) });
    }
    const children = indexList(json, 'children', path, nodeCount, 'node', nodeCount);
    for (let k = children.length - 1; k >= 0; k--) stack.push({ node: children[k]!, parentWorld: world, lod: tag, inLod: inLod || lodExt !== undefined });
  }
  return { instances, lights, lods };
}

/** Parent of each node (-1 for roots); refuses two parents and cycles. Also used by the rig reader. */
export function parentsOf(nodes: JsonObject[]): Int32Array {
  const parent = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((node, i) => {
    for (const child of indexList(node, 'children', `nodes[${i}]`, nodes.length, 'node', nodes.length)) {
      if (child === i) invalid(`nodes[${i}] is its own child (a node cycle)`);
      if (parent[child] !== -1) invalid(`nodes[${child}] has two parents (nodes ${parent[child]} and ${i})`);
      parent[child] = i;
    }
  });
  // With one parent per node, a cycle is a parent chain that comes back to where it started. Each chain
  // is followed once: nodes already proven acyclic (state 2) end the walk.
  const state = new Uint8Array(nodes.length);
  for (let start = 0; start < nodes.length; start++) {
    let n = start;
    while (n !== -1 && state[n] === 0) {
      state[n] = 1;
      n = parent[n]!;
    }
    if (n !== -1 && state[n] === 1) invalid(`nodes[${n}] is its own ancestor (a node cycle)`);
    for (let m = start; m !== -1 && state[m] === 1; m = parent[m]!) state[m] = 2;
  }
  return parent;
}

function sceneRoots(ctx: ParseContext, nodes: JsonObject[], parent: Int32Array, lodLevels: Set<number>): number[] {
  const scenes = list(ctx.root, 'scenes', 'glTF', ctx.limits.maxItems);
  if (scenes.length === 0) {
    return nodes.map((_, i) => i).filter((i) => parent[i] === -1 && !lodLevels.has(i));
  }
  const sceneIndex = optIndex(ctx.root, 'scene', 'glTF', scenes.length, 'scene') ?? 0;
  const path = `scenes[${sceneIndex}]`;
  const scene = asObject(scenes[sceneIndex], path);
  return indexList(scene, 'nodes', path, nodes.length, 'node', nodes.length).map((root) => {
    if (parent[root] !== -1) invalid(`${path}.nodes lists node ${root}, which is a child of node ${parent[root]}`);
    return root;
  });
}

/** The node's local matrix: `matrix` if given, else translation · rotation · scale. */
function localMatrix(node: JsonObject, path: string): mat4 {
  if (node['matrix'] !== undefined) return mat4.clone(numbers(node, 'matrix', path, IDENTITY) as unknown as mat4);
  const t = numbers(node, 'translation', path, [0, 0, 0]);
  const r = numbers(node, 'rotation', path, [0, 0, 0, 1]);
  const s = numbers(node, 'scale', path, [1, 1, 1]);
  const q = quat.fromValues(r[0]!, r[1]!, r[2]!, r[3]!);
  if (quat.length(q) < 1e-6) invalid(`${path}.rotation is not a unit quaternion`);
  quat.normalize(q, q);
  return mat4.fromRotationTranslationScale(mat4.create(), q, t as [number, number, number], s as [number, number, number]);
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

function screenCoverage(node: JsonObject, levels: number, ctx: ParseContext, path: string): number[] {
  const extras = optObject(node, 'extras', path);
  const coverage = extras?.['MSFT_screencoverage'];
  if (coverage === undefined) return [];
  if (!Array.isArray(coverage) || coverage.length > levels || coverage.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    ctx.warnings.push(`${path}.extras.MSFT_screencoverage is not a list of at most ${levels} numbers; ignored`);
    return [];
  }
  return coverage as number[];
}
