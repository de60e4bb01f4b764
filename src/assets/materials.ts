import { invalid } from './asset-error.js';
import { asObject, bool, extension, index, int, num, numbers, optObject, str, type JsonObject } from './gltf-json.js';
import type { MaterialData, TextureData, TextureRef } from './model-data.js';
import { readMaterialExtensions } from './material-extensions.js';
import type { ParseContext } from './parse-context.js';

const MAG_FILTERS = [9728, 9729];
const MIN_FILTERS = [9728, 9729, 9984, 9985, 9986, 9987];
const WRAPS = [33071, 33648, 10497];
const REPEAT = 10497;

/** Reads every material, with glTF defaults filled in and texture references checked. */
export function readMaterials(ctx: ParseContext): MaterialData[] {
  return ctx.materials.map((value, i) => {
    const path = `materials[${i}]`;
    const material = asObject(value, path);
    const pbr = optObject(material, 'pbrMetallicRoughness', path) ?? {};
    const pbrPath = `${path}.pbrMetallicRoughness`;
    const alphaMode = str(material, 'alphaMode', path, 'OPAQUE');
    if (alphaMode !== 'OPAQUE' && alphaMode !== 'MASK' && alphaMode !== 'BLEND') invalid(`${path}.alphaMode "${alphaMode}" is not OPAQUE, MASK or BLEND`);
    const normal = optObject(material, 'normalTexture', path);
    const occlusion = optObject(material, 'occlusionTexture', path);
    const strength = extension(material, 'KHR_materials_emissive_strength', path);
    return {
      name: str(material, 'name', path, ''),
      baseColorFactor: numbers(pbr, 'baseColorFactor', pbrPath, [1, 1, 1, 1]) as MaterialData['baseColorFactor'],
      baseColorTexture: textureRef(ctx, pbr, 'baseColorTexture', pbrPath),
      metallicFactor: num(pbr, 'metallicFactor', pbrPath, 1, 0, 1),
      roughnessFactor: num(pbr, 'roughnessFactor', pbrPath, 1, 0, 1),
      metallicRoughnessTexture: textureRef(ctx, pbr, 'metallicRoughnessTexture', pbrPath),
      normalTexture: textureRef(ctx, material, 'normalTexture', path),
      normalScale: normal ? num(normal, 'scale', `${path}.normalTexture`, 1) : 1,
      occlusionTexture: textureRef(ctx, material, 'occlusionTexture', path),
      occlusionStrength: occlusion ? num(occlusion, 'strength', `${path}.occlusionTexture`, 1, 0, 1) : 1,
      emissiveFactor: numbers(material, 'emissiveFactor', path, [0, 0, 0]) as MaterialData['emissiveFactor'],
      emissiveTexture: textureRef(ctx, material, 'emissiveTexture', path),
      emissiveStrength: strength ? num(strength, 'emissiveStrength', `${path}.extensions.KHR_materials_emissive_strength`, 1, 0) : 1,
      alphaMode,
      alphaCutoff: num(material, 'alphaCutoff', path, 0.5, 0),
      doubleSided: bool(material, 'doubleSided', path, false),
      unlit: extension(material, 'KHR_materials_unlit', path) !== undefined,
      extensions: readMaterialExtensions(material, path, (owner, key, ownerPath) => textureRef(ctx, owner, key, ownerPath)),
    };
  });
}

/** A textureInfo property: texture index, UV set, KHR_texture_transform as a 3×3 matrix. */
function textureRef(ctx: ParseContext, owner: JsonObject, key: string, ownerPath: string): TextureRef | null {
  const info = optObject(owner, key, ownerPath);
  if (!info) return null;
  const path = `${ownerPath}.${key}`;
  const texture = index(info, 'index', path, ctx.textures.length, 'texture');
  let texCoord = int(info, 'texCoord', path, 0, 0xffff, 0);
  const transform = extension(info, 'KHR_texture_transform', path);
  let matrix: Float32Array | null = null;
  if (transform) {
    const tPath = `${path}.extensions.KHR_texture_transform`;
    texCoord = int(transform, 'texCoord', tPath, 0, 0xffff, texCoord);
    matrix = uvTransform(numbers(transform, 'offset', tPath, [0, 0]), num(transform, 'rotation', tPath, 0), numbers(transform, 'scale', tPath, [1, 1]));
  }
  if (texCoord > 1) {
    ctx.warnings.push(`${path} uses TEXCOORD_${texCoord}; LayerW reads TEXCOORD_0 and TEXCOORD_1, so it samples with TEXCOORD_0`);
    texCoord = 0;
  }
  return { texture, texCoord, transform: matrix };
}

/**
 * KHR_texture_transform's matrix, translation · rotation · scale, column-major 3×3 (the rotation turns UVs
 * counter-clockwise, as the ratified extension defines).
 */
export function uvTransform(offset: number[], rotation: number, scale: number[]): Float32Array {
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  const [sx, sy] = scale as [number, number];
  const [ox, oy] = offset as [number, number];
  return new Float32Array([c * sx, -s * sx, 0, s * sy, c * sy, 0, ox, oy, 1]);
}

/**
 * Reads every texture: its image (KHR_texture_basisu's KTX2 source preferred, then EXT_texture_avif's, then
 * EXT_texture_webp's, then `source`; every browser with WebGPU decodes AVIF and WebP) and its sampler with glTF's defaults (repeat; filters left to the
 * renderer when unset).
 */
export function readTextures(ctx: ParseContext): TextureData[] {
  return ctx.textures.map((value, i) => {
    const path = `textures[${i}]`;
    const texture = asObject(value, path);
    const basisu = extension(texture, 'KHR_texture_basisu', path);
    const avif = extension(texture, 'EXT_texture_avif', path);
    const webp = extension(texture, 'EXT_texture_webp', path);
    const image = basisu
      ? index(basisu, 'source', `${path}.extensions.KHR_texture_basisu`, ctx.images.length, 'image')
      : avif
        ? index(avif, 'source', `${path}.extensions.EXT_texture_avif`, ctx.images.length, 'image')
        : webp
          ? index(webp, 'source', `${path}.extensions.EXT_texture_webp`, ctx.images.length, 'image')
          : texture['source'] !== undefined
            ? index(texture, 'source', path, ctx.images.length, 'image')
            : invalid(`${path} has no image LayerW can decode (no source, no KHR_texture_basisu, EXT_texture_webp or EXT_texture_avif)`);
    const samplerIndex = texture['sampler'] === undefined ? undefined : index(texture, 'sampler', path, ctx.samplers.length, 'sampler');
    const sampler: JsonObject = samplerIndex === undefined ? {} : asObject(ctx.samplers[samplerIndex], `samplers[${samplerIndex}]`);
    const sPath = `samplers[${samplerIndex}]`;
    return {
      image,
      magFilter: optEnum(sampler, 'magFilter', sPath, MAG_FILTERS),
      minFilter: optEnum(sampler, 'minFilter', sPath, MIN_FILTERS),
      wrapS: optEnum(sampler, 'wrapS', sPath, WRAPS) ?? REPEAT,
      wrapT: optEnum(sampler, 'wrapT', sPath, WRAPS) ?? REPEAT,
    };
  });
}

function optEnum(obj: JsonObject, key: string, path: string, allowed: number[]): number | undefined {
  if (obj[key] === undefined) return undefined;
  const value = int(obj, key, path, 0, 0xffff);
  if (!allowed.includes(value)) invalid(`${path}.${key} ${value} is not one of ${allowed.join(', ')}`);
  return value;
}
