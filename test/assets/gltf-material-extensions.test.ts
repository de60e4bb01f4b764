// Reading KHR_materials_clearcoat, _specular, _ior, _sheen, _transmission and _variants from files made with
// glTF-Transform.
import { Document, WebIO } from '@gltf-transform/core';
import {
  KHRMaterialsClearcoat, KHRMaterialsIOR, KHRMaterialsSheen, KHRMaterialsSpecular, KHRMaterialsTransmission,
  KHRMaterialsVariants,
} from '@gltf-transform/extensions';
import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import { makeLayeredModel, makeVariantModel, VARIANTS } from '../helpers/material-models.js';
import { AssetError } from '../../src/assets/asset-error.js';
import { makeGlb, splitGlb } from './glb-builder.js';

const EXTENSIONS = [KHRMaterialsClearcoat, KHRMaterialsSpecular, KHRMaterialsIOR, KHRMaterialsSheen, KHRMaterialsTransmission, KHRMaterialsVariants];

/** The parts of a file's JSON these tests edit. */
interface GltfJson {
  materials: { extensions: Record<string, unknown> }[];
  meshes: { primitives: { extensions: Record<string, unknown> }[] }[];
}

function parse(bytes: Uint8Array) {
  return parseGltf(bytes, { url: 'memory:model.glb' });
}

/** A one-triangle file whose material uses every PBR extension, each with a texture where it takes one. */
async function everyExtension(): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const texture = (name: string) => doc.createTexture(name).setImage(png).setMimeType('image/png');
  const material = doc.createMaterial('all');
  material.setExtension('KHR_materials_clearcoat', doc.createExtension(KHRMaterialsClearcoat).createClearcoat()
    .setClearcoatFactor(0.7).setClearcoatRoughnessFactor(0.2).setClearcoatTexture(texture('cc')));
  material.setExtension('KHR_materials_specular', doc.createExtension(KHRMaterialsSpecular).createSpecular()
    .setSpecularFactor(0.5).setSpecularColorFactor([1, 0.5, 0.25]).setSpecularColorTexture(texture('sc')));
  material.setExtension('KHR_materials_ior', doc.createExtension(KHRMaterialsIOR).createIOR().setIOR(1.8));
  material.setExtension('KHR_materials_sheen', doc.createExtension(KHRMaterialsSheen).createSheen()
    .setSheenColorFactor([0.3, 0.2, 0.1]).setSheenRoughnessFactor(0.4));
  material.setExtension('KHR_materials_transmission', doc.createExtension(KHRMaterialsTransmission).createTransmission()
    .setTransmissionFactor(0.9).setTransmissionTexture(texture('tr')));
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer))
    .setMaterial(material);
  doc.createScene().addChild(doc.createNode().setMesh(doc.createMesh().addPrimitive(primitive)));
  return new WebIO().registerExtensions(EXTENSIONS).writeBinary(doc);
}

describe('parseGltf: PBR material extensions and variants', () => {
  it('reads every extension\'s factors and textures, with no warning about them', async () => {
    const model = await parse(await everyExtension());
    const x = model.materials[0]!.extensions!;
    assertClose(x.clearcoat, 0.7, 1e-6, 'clearcoat');
    assertClose(x.clearcoatRoughness, 0.2, 1e-6, 'clearcoat roughness');
    assert(x.clearcoatTexture !== null, 'clearcoat texture');
    assertClose(x.specular, 0.5, 1e-6, 'specular');
    assertDeepEqual(x.specularColor, [1, 0.5, 0.25]);
    assert(x.specularColorTexture !== null && x.specularTexture === null, 'specular colour texture only');
    assertClose(x.ior, 1.8, 1e-6, 'ior');
    assertDeepEqual(x.sheenColor.map((c) => Math.round(c * 100) / 100), [0.3, 0.2, 0.1]);
    assertClose(x.sheenRoughness, 0.4, 1e-6, 'sheen roughness');
    assertClose(x.transmission, 0.9, 1e-6, 'transmission');
    assert(x.transmissionTexture !== null, 'transmission texture');
    assertEqual(model.warnings.filter((w) => w.includes('does not support')).length, 0, model.warnings.join(' | '));
  });

  it('fills the other extensions\' defaults for a material that uses one, and leaves plain materials without', async () => {
    const coated = (await parse(await makeLayeredModel('clearcoat'))).materials[0]!;
    assertEqual(coated.extensions!.specular, 1);
    assertDeepEqual(coated.extensions!.specularColor, [1, 1, 1]);
    assertEqual(coated.extensions!.ior, 1.5);
    assertEqual(coated.extensions!.transmission, 0);
    assertDeepEqual(coated.extensions!.sheenColor, [0, 0, 0]);
    assertEqual((await parse(await makeLayeredModel('none'))).materials[0]!.extensions, null);
  });

  it('reads an ior below 1 as 1, and keeps 0 (a reflectance of 1)', async () => {
    const { json, bin } = splitGlb(await makeLayeredModel('ior'));
    const ior = (json as unknown as GltfJson).materials[0]!.extensions['KHR_materials_ior'] as { ior: number };
    ior.ior = 0.5;
    assertEqual((await parse(makeGlb(json, bin))).materials[0]!.extensions!.ior, 1);
    ior.ior = 0;
    assertEqual((await parse(makeGlb(json, bin))).materials[0]!.extensions!.ior, 0);
  });

  it('reads the variant names and each primitive\'s material per variant', async () => {
    const model = await parse(await makeVariantModel());
    assertDeepEqual(model.variants, Object.keys(VARIANTS));
    const mapped = model.primitives[0]!.variantMaterials!;
    assertEqual(mapped.length, 3);
    for (const [v, name] of model.variants.entries()) assertEqual(model.materials[mapped[v]!]!.name, name);
  });

  it('refuses a variant mapping that names a variant the file does not have, with ASSET_INVALID', async () => {
    const { json, bin } = splitGlb(await makeVariantModel());
    const ext = (json as unknown as GltfJson).meshes[0]!.primitives[0]!.extensions['KHR_materials_variants'] as { mappings: { variants: number[] }[] };
    ext.mappings[0]!.variants = [7];
    let error: unknown = null;
    await parse(makeGlb(json, bin)).catch((e: unknown) => (error = e));
    assert(error instanceof AssetError && error.code === 'ASSET_INVALID', String(error));
    assert((error as AssetError).message.includes('variant'), String(error));
  });

  it('accepts files that require the variants extension', async () => {
    const { json, bin } = splitGlb(await makeVariantModel());
    json.extensionsRequired = ['KHR_materials_variants'];
    assertEqual((await parse(makeGlb(json, bin))).variants.length, 3);
  });
});
