// Staging a model: its primitives' vertices (node transform applied, VERTEX_FLOATS words each) and indices, and
// its rig, written into WALLOC mesh-region blocks; its upload, which builds the GPU buffers, materials and rig
// draws from those blocks over textures decoded at the level the budget allows; and its eviction when the blocks
// are taken for nearer data. Used by SceneModels.

import * as mat3 from 'gl-matrix/mat3';
import * as mat4 from 'gl-matrix/mat4';
import { LayerWError } from '../errors.js';
import { InvalidContent } from '../assets/asset-error.js';
import type { ModelData, PrimitiveData } from '../assets/model-data.js';
import type { Walloc } from '../memory/walloc.js';
import type { FeatureExports } from '../wasm/exports.js';
import type { MaterialLibrary } from '../gpu/material.js';
import type { PipelineNeed } from '../gpu/mesh-pass.js';
import { buildModelResources, pipelineNeeds, type LayersModule, type ModelResources, type StagedPrimitive } from '../gpu/model-resources.js';
import { VERTEX_COLOR_WORD, VERTEX_FLOATS, WHITE_WORD } from '../gpu/geometry.js';
import { decodeTextureSet, uploadTextureSet, type DecodingSet } from './model-textures.js';
import { stagingShift } from './model-texture-level.js';
import { smallestBytes } from './model-streaming.js';
import type { ModelUser } from './model-user.js';
import type { SceneAnimation } from './scene-animation.js';
import { planLevels, type SceneModel } from './scene-model.js';
import type { ModelPickGeometry } from './picking/scene-picker.js';
import type { PickPrimitive } from './picking/bvh-build.js';

/** The animation chunk, loaded with the first model that has a rig. */
export type AnimationModule = typeof import('./model-animation.js');

/** What an upload reads of the scene's models, and what it asks them to do. Implemented by SceneModels. */
export interface UploadScene {
  readonly walloc: Walloc;
  /** The scene's device and material library; an upload started on one device is dropped if it changes. */
  readonly device: GPUDevice | null;
  readonly library: MaterialLibrary | null;
  /** The chunks loaded for the scene's models so far: PBR extension materials, rigs. */
  readonly layers: LayersModule | null;
  readonly animationCode: AnimationModule | null;
  readonly animation: SceneAnimation | null;
  /** False when any of the model's mesh-region blocks was taken for nearer data. */
  blocksLive(model: SceneModel): boolean;
  /** Destroys the model's GPU objects and clears its table entries. */
  releaseGpu(model: SceneModel): void;
  /** Puts the model's GPU objects in the table. */
  fillTable(model: SceneModel): void;
  fail(model: SceneModel, error: LayerWError): void;
  requestDraw(): void;
}

/** What staging reads of the scene's models besides what an upload does. Implemented by SceneModels. */
export interface StageScene extends UploadScene {
  /** Every model holding an index, the one being staged too. */
  readonly models: readonly SceneModel[];
  /** Model indices nobody holds, for a model's levels of detail. */
  readonly freeIndices: number[];
  /** The budget's share for model buffers and textures on the GPU. */
  readonly allowance: number;
  /** Starts compiling the pipelines `needs` take (ModelsHost.warmPipelines). */
  warmPipelines(needs: readonly PipelineNeed[]): Promise<void> | null;
  /** Tells `user` the model is ready. */
  announce(model: SceneModel, user: ModelUser): void;
}

const DEFAULT_DISTANCE = 0;

/** Bytes of a primitive's staged vertices (VERTEX_FLOATS words each) and of its indices (padded to 4 bytes). */
function primitiveBytes(primitive: PrimitiveData): { vertexBytes: number; indexBytes: number } {
  return { vertexBytes: primitive.vertexCount * VERTEX_FLOATS * 4, indexBytes: Math.ceil(primitive.indices.byteLength / 4) * 4 };
}

/** Bytes of a model's staged vertices and indices, as `stageBlocks` writes them and the GPU buffers hold them. */
export function geometryBytes(data: ModelData): number {
  let bytes = 0;
  for (const primitive of data.primitives) {
    const { vertexBytes, indexBytes } = primitiveBytes(primitive);
    bytes += vertexBytes + indexBytes;
  }
  return bytes;
}

/**
 * Writes every primitive's vertices and indices, and the rig of an animated model (when `code` and the feature `kernels` are given), into
 * mesh-region blocks appended to `meshBlocks`, and sets the model's `rigBlock` and `bufferBytes`. Returns what did
 * not fit (for BUDGET_EXCEEDED; the caller frees `meshBlocks`), or null.
 */
export function stageBlocks(
  walloc: Walloc, model: SceneModel, code: AnimationModule | null, kernels: FeatureExports | null, meshBlocks: number[],
): string | null {
  const data = model.data!;
  let bufferBytes = 0;
  for (const primitive of data.primitives) {
    const { vertexBytes, indexBytes } = primitiveBytes(primitive);
    const rigBytes = code ? code.rigStageBytes(primitive) : 0;
    bufferBytes += vertexBytes + indexBytes;
    const handle = walloc.allocBlock('mesh', vertexBytes + indexBytes + rigBytes, DEFAULT_DISTANCE);
    if (handle === 0) return `a primitive of ${primitive.vertexCount} vertices`;
    meshBlocks.push(handle);
    // An animated model's vertices stay in their node's space: the palette carries them every frame.
    writeVertices(walloc.f32, walloc.u32, walloc.blockAddress(handle) >>> 2, primitive, code !== null);
    walloc.bytes.set(new Uint8Array(primitive.indices.buffer, primitive.indices.byteOffset, primitive.indices.byteLength),
      walloc.blockAddress(handle) + vertexBytes);
    if (code) code.writeRigStage(walloc.bytes, walloc.blockAddress(handle) + vertexBytes + indexBytes, primitive);
  }
  model.rigBlock = 0;
  if (code && kernels && data.rig) {
    const handle = walloc.allocBlock('mesh', code.rigBlockBytes(kernels, data.rig), DEFAULT_DISTANCE);
    if (handle === 0) return 'its skins and animations';
    meshBlocks.push(handle);
    code.writeRigBlock(kernels, walloc.u32, walloc.f32, walloc.blockAddress(handle), data.rig);
    model.rigBlock = handle;
  }
  model.bufferBytes = bufferBytes;
  return null;
}

/**
 * Writes every primitive's vertices (node transform applied, VERTEX_BYTES layout) and indices into mesh-region
 * blocks: from here on the staged bytes are the model's geometry, uploaded again after a device loss. A block
 * that does not fit even after evicting far data, or a model whose smallest level does not fit the budget's
 * GPU share beside the others' smallest, fails the model with BUDGET_EXCEEDED, returning what it took. Once
 * uploaded (or its upload could not start), the model is announced to its users.
 */
export function stageModel(scene: StageScene, model: SceneModel): void {
  const data = model.data!;
  const walloc = scene.walloc;
  const meshBlocks: number[] = [];
  const fail = (what: string): void => {
    for (const handle of meshBlocks) walloc.freeBlock(handle);
    scene.fail(model, new LayerWError('BUDGET_EXCEEDED', `${model.cacheKey.split(' ')[1]}: ${what} does not fit the scene's memory-budget`));
  };
  if (!planLevels(model, scene.freeIndices)) return fail('its levels of detail');
  const bufferBytes = geometryBytes(data);
  const shift = stagingShift(model, scene.models, bufferBytes, scene.allowance);
  // The images decode off the main thread while the geometry is written.
  const decoding = scene.device && model.uses.length > 0 ? decodeTextureSet(data, model.uses, shift) : undefined;
  // And its shaders compile.
  const warming = scene.device ? scene.warmPipelines(pipelineNeeds(data)) : null;
  const code = data.rig ? scene.animationCode! : null;
  const refused = stageBlocks(walloc, model, code, scene.animation?.kernels ?? null, meshBlocks);
  let others = 0;
  if (!refused) for (const other of scene.models) if (other !== model && other.state !== 'failed') others += smallestBytes(other);
  if (refused || others + smallestBytes(model) > scene.allowance) {
    decoding?.discard();
    return fail(refused ?? `its ${bufferBytes} bytes of buffers with its textures at their smallest`);
  }
  model.meshBlocks = meshBlocks;
  model.state = 'ready';
  model.announced = false;
  // Meshes take the model once its buffers and textures are on the GPU (or its upload could not start): a frame
  // drawn without it would only be more GPU work for the frame that shows it to wait behind.
  const generation = model.generation;
  void uploadModel(scene, model, shift, decoding, warming).then(() => {
    if (model.generation !== generation || model.state !== 'ready' || model.announced) return;
    model.announced = true;
    for (const user of model.users) scene.announce(model, user);
  });
}

/** Frees the model's mesh-region blocks. */
export function freeBlocks(walloc: Walloc, model: SceneModel): void {
  for (const handle of model.meshBlocks) walloc.freeBlock(handle);
  model.meshBlocks = [];
}

/** Its blocks were taken for nearer data: off the GPU until it is in view again. */
export function evictModel(scene: UploadScene, model: SceneModel): void {
  freeBlocks(scene.walloc, model);
  scene.releaseGpu(model);
  model.state = 'evicted';
}

/**
 * Uploads the model's textures `shift` levels down, then builds its buffers and materials over them from the
 * staged blocks, and swaps them in for what it had. Images that do not decode are left out and reported once.
 * `decoding`, when given, is the model's images already being decoded at `shift` (started before its staging).
 */
export async function uploadModel(scene: UploadScene, model: SceneModel, shift: number, decoding?: DecodingSet,
  warming: Promise<void> | null = null): Promise<void> {
  const device = scene.device;
  const library = scene.library;
  if (!device || !library || model.uploading) {
    decoding?.discard();
    return;
  }
  const data = model.data!;
  const generation = model.generation;
  const current = (): boolean => model.generation === generation && scene.device === device && model.state === 'ready';
  const label = `LayerW.model${model.index}`;
  model.uploading = true;
  try {
    const textures = await uploadTextureSet(device, scene.walloc, model.uses, decoding ?? decodeTextureSet(data, model.uses, shift),
      label, model.distance, current);
    if (!textures) return;
    // First drawn once its pipelines are ready: its first frame would otherwise wait for them to compile.
    if (warming) await warming;
    if (!current() || !scene.blocksLive(model)) {
      textures.destroy();
      return;
    }
    const resources = buildModelResources(device, library, label, stagedPrimitives(scene.walloc, model), data.materials, data.textures, textures.views, scene.layers);
    scene.releaseGpu(model);
    model.resources = resources;
    model.textures = textures;
    const code = scene.animationCode;
    const animation = scene.animation;
    if (data.rig && code && animation) model.resources = withRig(device, scene.walloc, model, label, code, animation);
    scene.fillTable(model);
    if (!model.imagesReported && textures.failed.length > 0) {
      model.imagesReported = true;
      for (const { image, mimeType, cause } of textures.failed) {
        const unreachable = cause instanceof LayerWError && cause.code === 'LOAD_FAILED';
        const error = unreachable
          ? new LayerWError('LOAD_FAILED', `${model.cacheKey.split(' ')[1]}: images[${image}] (${mimeType}): ${cause.message}; its texture is left out`, { cause })
          : new LayerWError('ASSET_INVALID', `${model.cacheKey.split(' ')[1]}: images[${image}] (${mimeType}) could not be decoded${reason(cause)}; its texture is left out`, { cause });
        for (const user of model.users) user.modelFailed(error);
      }
    }
  } catch (error) {
    if (current()) scene.fail(model, error instanceof LayerWError ? error : new LayerWError('GPU_ERROR', String(error), { cause: error }));
  } finally {
    if (model.generation === generation) model.uploading = false;
    scene.requestDraw();
  }
}

/** The staged bytes of every primitive, as views of the mesh-region blocks. */
function stagedPrimitives(walloc: Walloc, model: SceneModel): StagedPrimitive[] {
  return model.data!.primitives.map((primitive, i) => {
    const address = walloc.blockAddress(model.meshBlocks[i]!);
    const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
    const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
    return {
      vertices: walloc.bytes.subarray(address, address + vertexBytes),
      indices: walloc.bytes.subarray(address + vertexBytes, address + vertexBytes + indexBytes),
      indexFormat: primitive.indices instanceof Uint32Array ? 'uint32' : 'uint16',
      indexCount: primitive.indices.length,
      material: primitive.material,
      vertexColors: primitive.colors !== null,
    };
  });
}

/** Adds each primitive's rig draw (joints, parameters, morph deltas) to the model's GPU objects. */
function withRig(device: GPUDevice, walloc: Walloc, model: SceneModel, label: string, code: AnimationModule, animation: SceneAnimation): ModelResources {
  const data = model.data!;
  const base = model.resources!;
  const rigs = data.primitives.map((primitive, i) => {
    const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
    const indexBytes = Math.ceil(primitive.indices.byteLength / 4) * 4;
    return code.stagedRig(walloc.bytes, walloc.blockAddress(model.meshBlocks[i]!) + vertexBytes + indexBytes, primitive, data.rig!);
  });
  const rig = code.buildRigResources(device, label, rigs, animation);
  return {
    model: { ...base.model, primitives: base.model.primitives.map((primitive, i) => ({ ...primitive, rig: rig.draws[i]! })) },
    materials: base.materials,
    gpuBytes: base.gpuBytes + rig.gpuBytes,
    destroy: () => {
      base.destroy();
      rig.destroy();
    },
  };
}

/**
 * The staged primitives `model` draws at `level` (views into the mesh region) and their names, for picking; null
 * when a block was taken for nearer data. `token` names the staging (SceneModels.pickToken).
 */
export function stagedPickGeometry(walloc: Walloc, model: SceneModel, level: number, token: number): ModelPickGeometry | null {
  const data = model.data!;
  const primitives: PickPrimitive[] = [];
  const names: { node?: string; material?: string }[] = [];
  for (const p of model.levelPrimitives[level]!) {
    const primitive = data.primitives[p]!;
    const address = walloc.blockAddress(model.meshBlocks[p]!);
    if (address === 0) return null;
    const vertexBytes = primitive.vertexCount * VERTEX_FLOATS * 4;
    const indexType = primitive.indices instanceof Uint32Array ? Uint32Array : Uint16Array;
    primitives.push({
      vertices: new Float32Array(walloc.memory.buffer, address, vertexBytes / 4),
      indices: new indexType(walloc.memory.buffer, address + vertexBytes, primitive.indices.length),
    });
    const material = primitive.material === null ? undefined : data.materials[primitive.material];
    names.push({
      node: data.nodeNames[primitive.node] || `node ${primitive.node}`,
      material: material ? material.name || `material ${primitive.material}` : undefined,
    });
  }
  return { token, primitives, names };
}

const world = mat4.create();
const normalMatrix = mat3.create();

/**
 * Interleaves one primitive into VERTEX_FLOATS words per vertex at word `at` of the memory (seen as `f32` and
 * `u32`), its node transform applied unless `local` (an animated model's vertices stay in their node's space).
 * One pass per attribute with the matrix in locals: this runs over every vertex of every model that loads.
 */
function writeVertices(f32: Float32Array, u32: Uint32Array, at: number, primitive: PrimitiveData, local: boolean): void {
  if (local) mat4.identity(world);
  else mat4.copy(world, primitive.worldMatrix as unknown as mat4);
  mat3.normalFromMat4(normalMatrix, world);
  const { positions, normals, uvs, uvs1, colors, vertexCount } = primitive;
  const [m0, m1, m2, , m4, m5, m6, , m8, m9, m10, , m12, m13, m14] = world as unknown as number[];
  for (let i = 0, o = at, p = 0; i < vertexCount; i++, o += VERTEX_FLOATS, p += 3) {
    const x = positions[p]!;
    const y = positions[p + 1]!;
    const z = positions[p + 2]!;
    f32[o] = m0! * x + m4! * y + m8! * z + m12!;
    f32[o + 1] = m1! * x + m5! * y + m9! * z + m13!;
    f32[o + 2] = m2! * x + m6! * y + m10! * z + m14!;
  }
  const [n0, n1, n2, n3, n4, n5, n6, n7, n8] = normalMatrix as unknown as number[];
  for (let i = 0, o = at + 3, p = 0; i < vertexCount; i++, o += VERTEX_FLOATS, p += 3) {
    const x = normals[p]!;
    const y = normals[p + 1]!;
    const z = normals[p + 2]!;
    const nx = n0! * x + n3! * y + n6! * z;
    const ny = n1! * x + n4! * y + n7! * z;
    const nz = n2! * x + n5! * y + n8! * z;
    // Not Math.hypot: its overflow care costs several times a square root here, over every vertex of a model.
    const length = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const scale = length > 0 ? 1 / length : 0;
    f32[o] = nx * scale;
    f32[o + 1] = ny * scale;
    f32[o + 2] = nz * scale;
  }
  // Without a second set, texture references to it read the first.
  const second = uvs1 ?? uvs;
  for (let i = 0, o = at + 6, p = 0; i < vertexCount; i++, o += VERTEX_FLOATS, p += 2) {
    f32[o] = uvs ? uvs[p]! : 0;
    f32[o + 1] = uvs ? uvs[p + 1]! : 0;
    f32[o + 2] = second ? second[p]! : 0;
    f32[o + 3] = second ? second[p + 1]! : 0;
  }
  for (let i = 0, c = at + VERTEX_COLOR_WORD, p = 0; i < vertexCount; i++, c += VERTEX_FLOATS, p += 4) {
    if (colors) {
      u32[c] = (unorm16(colors[p]!) | (unorm16(colors[p + 1]!) << 16)) >>> 0;
      u32[c + 1] = (unorm16(colors[p + 2]!) | (unorm16(colors[p + 3]!) << 16)) >>> 0;
    } else {
      u32[c] = WHITE_WORD;
      u32[c + 1] = WHITE_WORD;
    }
  }
}

/** A 0..1 value (clamped; NaN reads as 0) as unorm16. */
function unorm16(value: number): number {
  return Math.round(Math.min(Math.max(value, 0), 1) * 0xffff) || 0;
}

/** `: <why>` for a decode failure that says why (a bad KTX2 header or level), '' for the browser's bare decode errors. */
function reason(cause: unknown): string {
  return cause instanceof InvalidContent ? `: ${cause.message}` : '';
}
