// The PBR extensions of a material (KHR_materials_clearcoat, _specular, _ior, _sheen, _transmission) and the
// material variants of a file (KHR_materials_variants), read with their glTF defaults.

import { asObject, extension, index, indexList, list, num, numbers, str, type JsonObject } from './gltf-json.js';
import type { MaterialExtensionData, TextureRef } from './model-data.js';
import type { ParseContext } from './parse-context.js';

/** Reads a textureInfo property (materials.ts supplies it, so UV sets and transforms are read one way). */
export type TextureReader = (owner: JsonObject, key: string, ownerPath: string) => TextureRef | null;

const NAMES = ['KHR_materials_clearcoat', 'KHR_materials_specular', 'KHR_materials_ior', 'KHR_materials_sheen', 'KHR_materials_transmission'] as const;

/** The material's PBR extensions, or null when it uses none of them (it then draws with the core shading). */
export function readMaterialExtensions(material: JsonObject, path: string, texture: TextureReader): MaterialExtensionData | null {
  const [clearcoat, specular, ior, sheen, transmission] = NAMES.map((name) => extension(material, name, path));
  if (!clearcoat && !specular && !ior && !sheen && !transmission) return null;
  const at = (name: string): string => `${path}.extensions.${name}`;
  const cc = clearcoat ?? {};
  const sp = specular ?? {};
  const sh = sheen ?? {};
  const tr = transmission ?? {};
  const ccPath = at(NAMES[0]);
  const spPath = at(NAMES[1]);
  const shPath = at(NAMES[3]);
  const trPath = at(NAMES[4]);
  return {
    clearcoat: num(cc, 'clearcoatFactor', ccPath, 0, 0, 1),
    clearcoatTexture: texture(cc, 'clearcoatTexture', ccPath),
    clearcoatRoughness: num(cc, 'clearcoatRoughnessFactor', ccPath, 0, 0, 1),
    clearcoatRoughnessTexture: texture(cc, 'clearcoatRoughnessTexture', ccPath),
    specular: num(sp, 'specularFactor', spPath, 1, 0, 1),
    specularTexture: texture(sp, 'specularTexture', spPath),
    specularColor: numbers(sp, 'specularColorFactor', spPath, [1, 1, 1]) as [number, number, number],
    specularColorTexture: texture(sp, 'specularColorTexture', spPath),
    // ior 0 is the spec's way of saying "infinitely reflective" (f0 of 1); otherwise at least 1.
    ior: ior ? iorValue(num(ior, 'ior', at(NAMES[2]), 1.5, 0)) : 1.5,
    sheenColor: numbers(sh, 'sheenColorFactor', shPath, [0, 0, 0]) as [number, number, number],
    sheenColorTexture: texture(sh, 'sheenColorTexture', shPath),
    sheenRoughness: num(sh, 'sheenRoughnessFactor', shPath, 0, 0, 1),
    sheenRoughnessTexture: texture(sh, 'sheenRoughnessTexture', shPath),
    transmission: num(tr, 'transmissionFactor', trPath, 0, 0, 1),
    transmissionTexture: texture(tr, 'transmissionTexture', trPath),
  };
}

function iorValue(ior: number): number {
  return ior === 0 ? 0 : Math.max(1, ior);
}

/** The file's variant names (KHR_materials_variants at the root), in glTF order; empty without the extension. */
export function readVariantNames(ctx: ParseContext): string[] {
  const root = extension(ctx.root, 'KHR_materials_variants', 'glTF');
  if (!root) return [];
  const path = 'glTF.extensions.KHR_materials_variants';
  return list(root, 'variants', path, ctx.limits.maxItems)
    .map((value, i) => str(asObject(value, `${path}.variants[${i}]`), 'name', `${path}.variants[${i}]`, `variant ${i}`));
}

/**
 * A primitive's material per variant (KHR_materials_variants mappings): entry v is the material index the
 * primitive shows in variant v, or undefined where no mapping names v (the primitive's own material then).
 * Null when the primitive has no mappings.
 */
export function readVariantMappings(ctx: ParseContext, primitive: JsonObject, path: string, variantCount: number): (number | undefined)[] | null {
  const ext = extension(primitive, 'KHR_materials_variants', path);
  if (!ext) return null;
  const extPath = `${path}.extensions.KHR_materials_variants`;
  const byVariant: (number | undefined)[] = new Array<number | undefined>(variantCount).fill(undefined);
  list(ext, 'mappings', extPath, ctx.limits.maxItems).forEach((value, i) => {
    const mappingPath = `${extPath}.mappings[${i}]`;
    const mapping = asObject(value, mappingPath);
    const material = index(mapping, 'material', mappingPath, ctx.materials.length, 'material');
    for (const variant of indexList(mapping, 'variants', mappingPath, variantCount, 'variant', ctx.limits.maxItems)) byVariant[variant] = material;
  });
  return byVariant;
}
