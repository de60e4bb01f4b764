// Materials on the GPU: one uniform buffer and one bind group (group 1 of shaders/mesh.wgsl) per material,
// with a per-device layout, default textures and sampler cache shared by every scene.

/** How a material is blended: opaque (and MASK cut-outs) in the opaque pass, BLEND in the blended pass. */
export type AlphaMode = 'OPAQUE' | 'MASK' | 'BLEND';

/** The textures a material may use; a missing one samples the default (white, or a flat normal). */
export interface MaterialTextures {
  baseColor?: GPUTextureView | undefined;
  metallicRoughness?: GPUTextureView | undefined;
  normal?: GPUTextureView | undefined;
  occlusion?: GPUTextureView | undefined;
  emissive?: GPUTextureView | undefined;
}

/** Material factors in the layout of `struct Material` (shaders/mesh.wgsl). */
export interface MaterialParams {
  baseColor: ArrayLike<number>;
  emissive: ArrayLike<number>;
  emissiveStrength: number;
  metallic: number;
  roughness: number;
  normalScale: number;
  occlusionStrength: number;
  alphaMode: AlphaMode;
  alphaCutoff: number;
  doubleSided: boolean;
  unlit: boolean;
  /** Use the instance's metalness and roughness instead of the material's (built-in geometries). */
  instanceMetalRough: boolean;
  /** Per texture, a 3×3 column-major UV transform or null: baseColor, metallicRoughness, normal, occlusion, emissive. */
  uvTransforms: readonly (ArrayLike<number> | null)[];
  /** Per texture, in the same order, its UV set (0: TEXCOORD_0, 1: TEXCOORD_1); missing entries mean 0. */
  uvSets?: readonly number[];
}

export interface SamplerParams {
  wrapS: GPUAddressMode;
  wrapT: GPUAddressMode;
  magFilter: GPUFilterMode;
  minFilter: GPUFilterMode;
  mipmapFilter: GPUMipmapFilterMode;
}

const MATERIAL_BYTES =
  4 * 4 + //     baseColor
  4 * 4 + //     emissive rgb, alpha cutoff
  4 * 4 + //     metallic, roughness, normal scale, occlusion strength
  4 * 4 + //     flags: instance metal/rough, unlit, textures bound (bit mask), 0
  5 * 2 * 4 * 4; // five UV transforms, two rows each

/** A material ready to bind. */
export interface GpuMaterial {
  readonly bindGroup: GPUBindGroup;
  readonly blend: boolean;
  /** MASK: fragments below the alpha cutoff are cut out. */
  readonly mask: boolean;
  readonly doubleSided: boolean;
  /** The textures bound, as the shader's HAS_* bits (baseColor 1, metallicRoughness 2, normal 4, occlusion 8, emissive 16). */
  readonly textures: number;
  /** Some bound texture reads TEXCOORD_1. */
  readonly secondUv: boolean;
  readonly gpuBytes: number;
  destroy(): void;
}

const libraries = new WeakMap<GPUDevice, MaterialLibrary>();

/**
 * The shader's HAS_* bits (GpuMaterial.textures) of a material's five textures, each present or not (undefined),
 * in MaterialTextures order.
 */
export function textureBits(baseColor: unknown, metallicRoughness: unknown, normal: unknown, occlusion: unknown, emissive: unknown): number {
  return (baseColor !== undefined ? 1 : 0) | (metallicRoughness !== undefined ? 2 : 0) | (normal !== undefined ? 4 : 0)
    | (occlusion !== undefined ? 8 : 0) | (emissive !== undefined ? 16 : 0);
}

/** Whether a texture of `bound` (HAS_* bits) reads TEXCOORD_1, given each texture's UV set in MaterialTextures order. */
export function readsSecondUv(uvSets: readonly number[] | undefined, bound: number): boolean {
  return uvSets?.some((set, t) => set === 1 && (bound & (1 << t)) !== 0) ?? false;
}

/** Per-device material plumbing: the bind group layout, default textures, samplers, the default material. */
export class MaterialLibrary {
  readonly layout: GPUBindGroupLayout;
  /** The material of built-in geometries: white textures, the instance's colour, metalness and roughness. */
  readonly defaultMaterial: GpuMaterial;
  readonly #device: GPUDevice;
  readonly #white: GPUTexture;
  readonly #flatNormal: GPUTexture;
  readonly #samplers = new Map<string, GPUSampler>();
  #users = 0;

  /** The device's library; pair every call with release(). */
  static acquire(device: GPUDevice): MaterialLibrary {
    let library = libraries.get(device);
    if (!library) {
      library = new MaterialLibrary(device);
      libraries.set(device, library);
    }
    library.#users++;
    return library;
  }

  private constructor(device: GPUDevice) {
    this.#device = device;
    const fragment = GPUShaderStage.FRAGMENT;
    this.layout = device.createBindGroupLayout({
      label: 'MaterialLibrary.layout',
      entries: [
        { binding: 0, visibility: fragment, buffer: { type: 'uniform' } },
        ...[1, 2, 3, 4, 5].map((binding) => ({ binding, visibility: fragment, texture: { sampleType: 'float' as const } })),
        { binding: 6, visibility: fragment, sampler: { type: 'filtering' } },
      ],
    });
    this.#white = this.#solid('MaterialLibrary.white', [255, 255, 255, 255]);
    this.#flatNormal = this.#solid('MaterialLibrary.flatNormal', [128, 128, 255, 255]);
    this.defaultMaterial = this.create('MaterialLibrary.default', DEFAULT_PARAMS, {}, DEFAULT_SAMPLER);
  }

  /** Creates a material; its textures stay owned by the caller. */
  create(label: string, params: MaterialParams, textures: MaterialTextures, sampler: SamplerParams): GpuMaterial {
    const device = this.#device;
    const uniform = device.createBuffer({ label: `${label}.uniform`, size: MATERIAL_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const floats = materialFloats(params);
    // Which textures are bound, so the shader samples only those (sampling dominates software rendering).
    const bound = textureBits(textures.baseColor, textures.metallicRoughness, textures.normal, textures.occlusion, textures.emissive);
    floats[14] = bound;
    device.queue.writeBuffer(uniform, 0, floats);
    const white = this.#white.createView();
    const bindGroup = device.createBindGroup({
      label: `${label}.bindGroup`,
      layout: this.layout,
      entries: [
        { binding: 0, resource: { buffer: uniform } },
        { binding: 1, resource: textures.baseColor ?? white },
        { binding: 2, resource: textures.metallicRoughness ?? white },
        { binding: 3, resource: textures.normal ?? this.#flatNormal.createView() },
        { binding: 4, resource: textures.occlusion ?? white },
        { binding: 5, resource: textures.emissive ?? white },
        { binding: 6, resource: this.#sampler(sampler) },
      ],
    });
    return {
      bindGroup,
      blend: params.alphaMode === 'BLEND',
      mask: params.alphaMode === 'MASK',
      doubleSided: params.doubleSided,
      textures: bound,
      secondUv: readsSecondUv(params.uvSets, bound),
      gpuBytes: MATERIAL_BYTES,
      destroy: () => uniform.destroy(),
    };
  }

  /** Bytes the library itself holds: its two 1×1 textures and the default material's uniform. */
  get gpuBytes(): number {
    return 2 * 4 + MATERIAL_BYTES;
  }

  /** Renderers holding the library now. */
  get users(): number {
    return this.#users;
  }

  /** Gives up one acquire(); everything is destroyed when the last user releases. */
  release(): void {
    if (this.#users === 0 || --this.#users > 0) return;
    this.defaultMaterial.destroy();
    this.#white.destroy();
    this.#flatNormal.destroy();
    libraries.delete(this.#device);
  }

  #sampler(params: SamplerParams): GPUSampler {
    const key = `${params.wrapS}/${params.wrapT}/${params.magFilter}/${params.minFilter}/${params.mipmapFilter}`;
    let sampler = this.#samplers.get(key);
    if (!sampler) {
      sampler = this.#device.createSampler({
        label: `MaterialLibrary.sampler(${key})`,
        addressModeU: params.wrapS,
        addressModeV: params.wrapT,
        magFilter: params.magFilter,
        minFilter: params.minFilter,
        mipmapFilter: params.mipmapFilter,
        maxAnisotropy: params.minFilter === 'linear' && params.magFilter === 'linear' && params.mipmapFilter === 'linear' ? 4 : 1,
      });
      this.#samplers.set(key, sampler);
    }
    return sampler;
  }

  #solid(label: string, rgba: number[]): GPUTexture {
    const texture = this.#device.createTexture({
      label,
      size: [1, 1],
      format: 'rgba8unorm',
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
    });
    this.#device.queue.writeTexture({ texture }, new Uint8Array(rgba), { bytesPerRow: 4 }, [1, 1]);
    return texture;
  }
}

const IDENTITY_UV = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** The default material's parameters: everything 1, the instance decides. */
export const DEFAULT_PARAMS: MaterialParams = {
  baseColor: [1, 1, 1, 1],
  emissive: [0, 0, 0],
  emissiveStrength: 1,
  metallic: 1,
  roughness: 1,
  normalScale: 1,
  occlusionStrength: 0,
  alphaMode: 'OPAQUE',
  alphaCutoff: 0.5,
  doubleSided: false,
  unlit: false,
  instanceMetalRough: true,
  uvTransforms: [null, null, null, null, null],
};

export const DEFAULT_SAMPLER: SamplerParams = {
  wrapS: 'repeat', wrapT: 'repeat', magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear',
};

/** The uniform bytes of `params`, in the layout of `struct Material`. */
export function materialFloats(params: MaterialParams): Float32Array<ArrayBuffer> {
  const f = new Float32Array(MATERIAL_BYTES / 4);
  f.set([params.baseColor[0]!, params.baseColor[1]!, params.baseColor[2]!, params.baseColor[3]!], 0);
  const s = params.emissiveStrength;
  f.set([params.emissive[0]! * s, params.emissive[1]! * s, params.emissive[2]! * s, params.alphaMode === 'MASK' ? params.alphaCutoff : -1], 4);
  f.set([params.metallic, params.roughness, params.normalScale, params.occlusionStrength], 8);
  f.set([params.instanceMetalRough ? 1 : 0, params.unlit ? 1 : 0, 0, 0], 12);
  for (let t = 0; t < 5; t++) {
    // Column-major 3×3 (a c tx / b d ty in columns) to two rows (a, b, tx), (c, d, ty) as the shader reads.
    const m = params.uvTransforms[t] ?? IDENTITY_UV;
    f.set([m[0]!, m[3]!, m[6]!, params.uvSets?.[t] === 1 ? 1 : 0, m[1]!, m[4]!, m[7]!, 0], 16 + t * 8);
  }
  return f;
}
