// Builds a GpuModel from staged bytes (vertices, indices) and uploaded textures: per-primitive buffers and
// materials. Receives typed-array views from the engine; never reaches into WebAssembly itself.

import type { MaterialData, ModelOutline, TextureData, TextureRef } from '../assets/model-data.js';
import { DEFAULT_PARAMS, DEFAULT_SAMPLER, readsSecondUv, textureBits, type GpuMaterial, type MaterialLibrary, type MaterialTextures, type SamplerParams } from './material.js';
import type { PipelineNeed } from './mesh-pass.js';
import type { LayeredMaterial } from './layered-material.js';
import type { GpuModel, ModelPrimitive } from './model.js';

/** The chunk of materials with PBR extensions, loaded for models that have one (src/gpu/layered-material.ts). */
export type LayersModule = typeof import('./layered-material.js');

/** One primitive's staged bytes: VERTEX_BYTES-layout vertices and indices, with the material's index. */
export interface StagedPrimitive {
  vertices: Uint8Array;
  indices: Uint8Array;
  indexFormat: GPUIndexFormat;
  indexCount: number;
  material: number | null;
  /** The vertices hold glTF COLOR_0. */
  vertexColors: boolean;
}

/** A model's textures, uploaded: the view of a glTF image as colour (sRGB) or as data, if there is one. */
export type TextureViews = (image: number, srgb: boolean) => GPUTextureView | undefined;

/** A model's buffers and materials (its textures are owned apart) and how to let them go. */
export interface ModelResources {
  readonly model: GpuModel;
  /** A material by glTF index as a primitive draws it (KHR_materials_variants swaps these in). */
  readonly materials: readonly Pick<ModelPrimitive, 'material' | 'layered'>[];
  readonly gpuBytes: number;
  destroy(): void;
}

/** A material's five texture references, in MaterialTextures order. */
function textureRefs(m: MaterialData): (TextureRef | null)[] {
  return [m.baseColorTexture, m.metallicRoughnessTexture, m.normalTexture, m.occlusionTexture, m.emissiveTexture];
}

/** The UV set each of a material's textures reads, in MaterialTextures order. */
function uvSets(m: MaterialData): number[] {
  return textureRefs(m).map((ref) => ref?.texCoord ?? 0);
}

const WRAP: Record<number, GPUAddressMode> = { 33071: 'clamp-to-edge', 33648: 'mirror-repeat', 10497: 'repeat' };

function samplerFor(texture: TextureData | undefined): SamplerParams {
  if (!texture) return DEFAULT_SAMPLER;
  const min = texture.minFilter;
  // glTF minFilter enums: 9728 NEAREST, 9729 LINEAR, 9984..9987 mipmapped (nearest/linear × nearest/linear).
  return {
    wrapS: WRAP[texture.wrapS] ?? 'repeat',
    wrapT: WRAP[texture.wrapT] ?? 'repeat',
    magFilter: texture.magFilter === 9728 ? 'nearest' : 'linear',
    minFilter: min === 9728 || min === 9984 || min === 9986 ? 'nearest' : 'linear',
    mipmapFilter: min === 9984 || min === 9985 ? 'nearest' : 'linear',
  };
}

/**
 * Creates the buffers and materials of one model over its uploaded textures (`views`); materials with PBR
 * extensions need the `layers` chunk (without it they draw with the core shading). Called by the engine
 * when a model's bytes are staged, when its textures change level, and again after a device loss.
 */
export function buildModelResources(
  device: GPUDevice, library: MaterialLibrary, label: string, primitives: readonly StagedPrimitive[],
  materials: readonly MaterialData[], textures: readonly TextureData[], views: TextureViews, layers: LayersModule | null,
): ModelResources {
  const owned: { destroy(): void }[] = [];
  let gpuBytes = 0;
  const view = (index: number | undefined, srgb: boolean): GPUTextureView | undefined => {
    const image = index === undefined ? undefined : textures[index]?.image;
    return image === undefined ? undefined : views(image, srgb);
  };
  const gpuMaterials: GpuMaterial[] = materials.map((m, i) => {
    const textureViews: MaterialTextures = {
      baseColor: view(m.baseColorTexture?.texture, true),
      metallicRoughness: view(m.metallicRoughnessTexture?.texture, false),
      normal: view(m.normalTexture?.texture, false),
      occlusion: view(m.occlusionTexture?.texture, false),
      emissive: view(m.emissiveTexture?.texture, true),
    };
    const material = library.create(`${label}.material${i}`, {
      baseColor: m.baseColorFactor,
      emissive: m.emissiveFactor,
      emissiveStrength: m.emissiveStrength,
      metallic: m.metallicFactor,
      roughness: m.roughnessFactor,
      normalScale: m.normalTexture ? m.normalScale : 1,
      occlusionStrength: m.occlusionTexture ? m.occlusionStrength : 0,
      alphaMode: m.alphaMode,
      alphaCutoff: m.alphaCutoff,
      doubleSided: m.doubleSided,
      unlit: m.unlit,
      instanceMetalRough: m.instanceMetalRough === true,
      uvTransforms: textureRefs(m).map((ref) => ref?.transform ?? null),
      uvSets: uvSets(m),
    }, textureViews, samplerFor(textures[m.baseColorTexture?.texture ?? -1]));
    owned.push(material);
    gpuBytes += material.gpuBytes;
    return material;
  });
  const layered: (LayeredMaterial | undefined)[] = materials.map((m, i) => {
    if (!m.extensions || !layers) return undefined;
    const made = layers.createLayeredMaterial(device, `${label}.material${i}`, m.extensions, (ref, srgb) => view(ref?.texture, srgb));
    owned.push(made);
    gpuBytes += made.gpuBytes;
    return made;
  });
  // The glTF default material: white, fully rough, not metallic.
  const fallback = library.create(`${label}.defaultMaterial`, { ...DEFAULT_PARAMS, metallic: 1, roughness: 1, instanceMetalRough: false }, {}, DEFAULT_SAMPLER);
  owned.push(fallback);

  const drawn: ModelPrimitive[] = primitives.map((p, i) => {
    const vertexBuffer = device.createBuffer({
      label: `${label}.primitive${i}.vertices`,
      size: p.vertices.byteLength,
      usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(vertexBuffer, 0, p.vertices.buffer, p.vertices.byteOffset, p.vertices.byteLength);
    const indexBuffer = device.createBuffer({
      label: `${label}.primitive${i}.indices`,
      size: p.indices.byteLength,
      usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(indexBuffer, 0, p.indices.buffer, p.indices.byteOffset, p.indices.byteLength);
    owned.push(vertexBuffer, indexBuffer);
    gpuBytes += vertexBuffer.size + indexBuffer.size;
    return {
      vertexBuffer,
      indexBuffer,
      indexFormat: p.indexFormat,
      indexCount: p.indexCount,
      vertexColors: p.vertexColors,
      material: p.material === null ? fallback : gpuMaterials[p.material] ?? fallback,
      layered: p.material === null ? undefined : layered[p.material],
    };
  });
  const transmissive = drawn.some((p) => p.layered?.transmissive === true);
  return {
    materials: gpuMaterials.map((material, i) => ({ material, layered: layered[i] })),
    model: {
      primitives: drawn,
      createOpaqueCapture: transmissive ? layers?.createOpaqueCapture : undefined,
    },
    gpuBytes,
    destroy: () => {
      for (const thing of owned) thing.destroy();
      owned.length = 0;
    },
  };
}

/**
 * What the colour pass will need to draw each primitive of `data` (a model, or its outline as the parser reports
 * it before decoding the buffers), read from the file alone, so that its pipelines compile while the model is
 * decoded and staged (MeshPass.warm): the materials as buildModelResources will make
 * them, supposing every image decodes. Primitives of a rigged model or with extension materials draw with
 * pipelines of their own and are left out.
 */
export function pipelineNeeds(data: ModelOutline): PipelineNeed[] {
  if (data.rig) return [];
  const present = (ref: TextureRef | null): true | undefined =>
    ref !== null && data.textures[ref.texture]?.image !== undefined ? true : undefined;
  const needs: PipelineNeed[] = [];
  for (const primitive of data.primitives) {
    const m = primitive.material === null ? undefined : data.materials[primitive.material];
    if (m?.extensions) continue;
    const textures = m ? textureBits(present(m.baseColorTexture), present(m.metallicRoughnessTexture), present(m.normalTexture),
      present(m.occlusionTexture), present(m.emissiveTexture)) : 0;
    needs.push({
      blend: m?.alphaMode === 'BLEND', mask: m?.alphaMode === 'MASK', doubleSided: m?.doubleSided ?? false,
      textures, secondUv: m ? readsSecondUv(uvSets(m), textures) : false, vertexColors: primitive.colors !== null,
    });
  }
  return needs;
}

