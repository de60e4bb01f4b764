// The GPU formats KHR_texture_basisu (KTX2) textures transcode to: a block-compressed format the device has (BC7,
// ASTC 4×4, ETC2), or plain RGBA8 when it has none. Small and free of the transcoder, so a scene can say which it
// uses before any KTX2 file is loaded.

/** The transcoder's target formats LayerW asks for (Basis Universal's transcoder_texture_format values). */
export const BASIS_FORMAT = { etc2Rgba: 1, bc7Rgba: 6, astc4x4Rgba: 10, rgba32: 13 } as const;

/** A GPU format KTX2 textures are transcoded to. */
export interface Ktx2Target {
  /** The texture's format for linear data; colour textures use `srgbFormat`, so the GPU decodes them to linear. */
  readonly format: GPUTextureFormat;
  readonly srgbFormat: GPUTextureFormat;
  /** The transcoder's format value for it. */
  readonly basis: number;
  /** Texels across a block (4 for compressed formats, 1 for RGBA8) and bytes per block. */
  readonly block: number;
  readonly blockBytes: number;
}

/** Plain RGBA8: what every device samples. */
export const RGBA8_TARGET: Ktx2Target = { format: 'rgba8unorm', srgbFormat: 'rgba8unorm-srgb', basis: BASIS_FORMAT.rgba32, block: 1, blockBytes: 4 };

/**
 * Compressed targets by the device feature they need, in order of preference (quality, then size); the engine's
 * device asks for these features where the adapter has them (engine/gpu-device.ts).
 */
const COMPRESSED: readonly (readonly [GPUFeatureName, Ktx2Target])[] = [
  ['texture-compression-bc', { format: 'bc7-rgba-unorm', srgbFormat: 'bc7-rgba-unorm-srgb', basis: BASIS_FORMAT.bc7Rgba, block: 4, blockBytes: 16 }],
  ['texture-compression-astc', { format: 'astc-4x4-unorm', srgbFormat: 'astc-4x4-unorm-srgb', basis: BASIS_FORMAT.astc4x4Rgba, block: 4, blockBytes: 16 }],
  ['texture-compression-etc2', { format: 'etc2-rgba8unorm', srgbFormat: 'etc2-rgba8unorm-srgb', basis: BASIS_FORMAT.etc2Rgba, block: 4, blockBytes: 16 }],
];

/** The best target for a device with `features`: BC7, else ASTC 4×4, else ETC2, else RGBA8. */
export function ktx2Target(features: ReadonlySet<string>): Ktx2Target {
  for (const [feature, target] of COMPRESSED) if (features.has(feature)) return target;
  return RGBA8_TARGET;
}

