// Builds a GpuModel from staged bytes (vertices, indices, image pixels): per-primitive buffers, textures with mip chains,
// and materials. Receives typed-array views from the engine; never reaches into WebAssembly itself.

import type { MaterialData, TextureData } from '../assets/model-data.js';
import { DEFAULT_PARAMS, DEFAULT_SAMPLER, type GpuMaterial, type MaterialLibrary, type MaterialTextures, type SamplerParams } from './material.js';
import type { GpuModel, ModelPrimitive } from './model.js';
import { uploadTexture, type PixelImage } from './textures.js';

/** One primitive's staged bytes: VERTEX_BYTES-layout vertices and indices, with the material's index. */
export interface StagedPrimitive {
  vertices: Uint8Array;
  indices: Uint8Array;
  indexFormat: GPUIndexFormat;
  indexCount: number;
  material: number | null;
}

/** A model's GPU objects and how to let them go. */
export interface ModelResources {
  readonly model: GpuModel;
  readonly gpuBytes: number;
  destroy(): void;
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
 * Creates the buffers, textures and materials of one model. `images` holds the staged pixels of each glTF
 * image index a material uses (null for unused ones). Called by the engine when a model's bytes are staged,
 * and again after a device loss.
 */
export function buildModelResources(
  device: GPUDevice, library: MaterialLibrary, label: string, primitives: readonly StagedPrimitive[],
  materials: readonly MaterialData[], textures: readonly TextureData[], images: readonly (PixelImage | null)[],
): ModelResources {
  const owned: { destroy(): void }[] = [];
  let gpuBytes = 0;
  const views = new Map<string, GPUTextureView>();
  const view = (index: number | undefined, srgb: boolean): GPUTextureView | undefined => {
    if (index === undefined) return undefined;
    const image = textures[index]?.image;
    const pixels = image === undefined ? null : images[image];
    if (!pixels) return undefined;
    const key = `${image}/${srgb}`;
    let made = views.get(key);
    if (!made) {
      const uploaded = uploadTexture(device, pixels, srgb, `${label}.image${image}${srgb ? '.srgb' : ''}`);
      owned.push(uploaded.texture);
      gpuBytes += Math.round((pixels.width * pixels.height * 4 * 4) / 3);
      made = uploaded.view;
      views.set(key, made);
    }
    return made;
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
      instanceMetalRough: false,
      uvTransforms: [m.baseColorTexture, m.metallicRoughnessTexture, m.normalTexture, m.occlusionTexture, m.emissiveTexture]
        .map((ref) => ref?.transform ?? null),
      uvSets: [m.baseColorTexture, m.metallicRoughnessTexture, m.normalTexture, m.occlusionTexture, m.emissiveTexture]
        .map((ref) => ref?.texCoord ?? 0),
    }, textureViews, samplerFor(textures[m.baseColorTexture?.texture ?? -1]));
    owned.push(material);
    gpuBytes += material.gpuBytes;
    return material;
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
      material: p.material === null ? fallback : gpuMaterials[p.material] ?? fallback,
    };
  });
  return {
    model: { primitives: drawn },
    gpuBytes,
    destroy: () => {
      for (const thing of owned) thing.destroy();
      owned.length = 0;
    },
  };
}
