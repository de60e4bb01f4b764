// KHR_texture_basisu (KTX2) textures on the GPU: how big and how laid out each level is in its format, and how
// its block rows are written.

import { RGBA8_TARGET, type Ktx2Target } from './ktx2-formats.js';

/**
 * The target for a texture whose largest level is `width`×`height`: block-compressed formats need whole blocks at
 * level 0, so other sizes fall back to RGBA8.
 */
export function targetForSize(target: Ktx2Target, width: number, height: number): Ktx2Target {
  return width % target.block === 0 && height % target.block === 0 ? target : RGBA8_TARGET;
}

/** Block rows and bytes per block row of a `width`×`height` level in `target`. */
export function levelLayout(target: Ktx2Target, width: number, height: number): { rows: number; rowBytes: number } {
  return { rows: Math.ceil(height / target.block), rowBytes: Math.ceil(width / target.block) * target.blockBytes };
}

/** GPU bytes of levels `first` to `levels - 1` of a `width`×`height` texture in `target` (its real size, blocks rounded up). */
export function compressedBytes(target: Ktx2Target, width: number, height: number, first: number, levels: number): number {
  let bytes = 0;
  for (let level = first; level < levels; level++) {
    const { rows, rowBytes } = levelLayout(target, Math.max(1, width >> level), Math.max(1, height >> level));
    bytes += rows * rowBytes;
  }
  return bytes;
}

/**
 * A texture of `levels` mip levels in `target`, in its sRGB format for colour (`srgb`), else its linear one;
 * filled level by level with writeBlockRows.
 */
export function createKtx2Texture(device: GPUDevice, target: Ktx2Target, width: number, height: number, levels: number,
  srgb: boolean, label: string): GPUTexture {
  return device.createTexture({
    label,
    size: [width, height],
    format: srgb ? target.srgbFormat : target.format,
    mipLevelCount: levels,
    usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
  });
}

/**
 * Copies `rows` block rows (starting at block row `y`) of mip level `level` (`width`×`height` texels) into
 * `texture`; the copy covers whole blocks, as WebGPU wants for levels smaller than a block.
 */
export function writeBlockRows(device: GPUDevice, texture: GPUTexture, target: Ktx2Target, level: number, width: number, height: number,
  y: number, rows: number, data: Uint8Array): void {
  const { rowBytes } = levelLayout(target, width, height);
  const block = target.block;
  const copyWidth = Math.ceil(width / block) * block;
  const copyHeight = Math.min(rows * block, Math.ceil(height / block) * block - y * block);
  device.queue.writeTexture({ texture, mipLevel: level, origin: [0, y * block] }, data as Uint8Array<ArrayBuffer>,
    { bytesPerRow: rowBytes, rowsPerImage: rows }, [copyWidth, copyHeight]);
}
