// glTF models for the PBR extension tests, made with glTF-Transform: a sphere whose material uses one extension
// (or none, for the reference), optionally in front of a striped backdrop (what transmission shows through), and a
// model with material variants.
import { Document, WebIO, type Material } from '@gltf-transform/core';
import {
  KHRMaterialsClearcoat, KHRMaterialsIOR, KHRMaterialsSheen, KHRMaterialsSpecular, KHRMaterialsTransmission,
  KHRMaterialsVariants,
} from '@gltf-transform/extensions';
import { buildGeometry, buildSphere, VERTEX_FLOATS } from '../../src/gpu/geometry.js';

/** Which extension the sphere's material shows, with the factors the tests use. */
export type LayerKind = 'none' | 'clearcoat' | 'specular' | 'ior' | 'sheen' | 'transmission' | 'rough-transmission';

/** The sphere's base: a mid red dielectric, rough enough that a clearcoat reads as a separate highlight. */
const BASE_COLOR: [number, number, number, number] = [0.6, 0.12, 0.08, 1];
const BASE_ROUGHNESS = 0.6;

function addShape(doc: Document, shape: 'sphere' | 'box', material: Material, translation: [number, number, number],
  scale: [number, number, number]) {
  const built = shape === 'sphere' ? buildSphere(48, 24) : buildGeometry('box');
  const count = built.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    positions.set(built.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
    normals.set(built.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
  }
  const buffer = doc.getRoot().listBuffers()[0]!;
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(built.indices)).setBuffer(buffer))
    .setMaterial(material);
  const node = doc.createNode(shape).setMesh(doc.createMesh(shape).addPrimitive(primitive)).setTranslation(translation).setScale(scale);
  doc.getRoot().listScenes()[0]!.addChild(node);
  return primitive;
}

/** Vertical stripes behind the sphere: dark and light boxes, so a surface that transmits shows them through it. */
function addBackdrop(doc: Document): void {
  const colours: [number, number, number, number][] = [[0.9, 0.85, 0.2, 1], [0.05, 0.2, 0.6, 1]];
  const materials = colours.map((colour, i) => doc.createMaterial(`stripe${i}`).setBaseColorFactor(colour).setMetallicFactor(0).setRoughnessFactor(0.8));
  for (let i = 0; i < 6; i++) {
    addShape(doc, 'box', materials[i % 2]!, [(i - 2.5) * 0.3, 0, -0.9], [0.3, 1.6, 0.1]);
  }
}

function layeredMaterial(doc: Document, kind: LayerKind): Material {
  const material = doc.createMaterial(kind).setBaseColorFactor(BASE_COLOR).setMetallicFactor(0).setRoughnessFactor(BASE_ROUGHNESS);
  switch (kind) {
    case 'clearcoat':
      material.setExtension('KHR_materials_clearcoat', doc.createExtension(KHRMaterialsClearcoat).createClearcoat()
        .setClearcoatFactor(1).setClearcoatRoughnessFactor(0.05));
      break;
    case 'specular':
      material.setExtension('KHR_materials_specular', doc.createExtension(KHRMaterialsSpecular).createSpecular()
        .setSpecularFactor(1).setSpecularColorFactor([0.2, 1, 0.2]));
      material.setRoughnessFactor(0.3);
      break;
    case 'ior':
      material.setExtension('KHR_materials_ior', doc.createExtension(KHRMaterialsIOR).createIOR().setIOR(2.4));
      material.setRoughnessFactor(0.3);
      break;
    case 'sheen':
      material.setExtension('KHR_materials_sheen', doc.createExtension(KHRMaterialsSheen).createSheen()
        .setSheenColorFactor([0.9, 0.9, 0.9]).setSheenRoughnessFactor(0.5));
      break;
    case 'transmission':
    case 'rough-transmission':
      material.setBaseColorFactor([0.9, 0.95, 1, 1]).setRoughnessFactor(kind === 'transmission' ? 0.05 : 0.5);
      material.setExtension('KHR_materials_transmission', doc.createExtension(KHRMaterialsTransmission).createTransmission()
        .setTransmissionFactor(1));
      break;
    case 'none':
      break;
  }
  return material;
}

const io = new WebIO().registerExtensions([
  KHRMaterialsClearcoat, KHRMaterialsSpecular, KHRMaterialsIOR, KHRMaterialsSheen, KHRMaterialsTransmission, KHRMaterialsVariants,
]);

/** A GLB with a unit-diameter sphere whose material uses `kind`, in front of the stripes when `backdrop`. */
export async function makeLayeredModel(kind: LayerKind, backdrop = false): Promise<Uint8Array> {
  const doc = new Document();
  doc.createBuffer();
  doc.createScene('scene');
  if (backdrop) addBackdrop(doc);
  addShape(doc, 'sphere', layeredMaterial(doc, kind), [0, 0, 0], [1, 1, 1]);
  return io.writeBinary(doc);
}

/** The variant names of makeVariantModel, and the linear base colour each gives the sphere. */
export const VARIANTS: Record<string, [number, number, number, number]> = {
  red: [0.8, 0.05, 0.05, 1],
  green: [0.05, 0.7, 0.05, 1],
  blue: [0.05, 0.1, 0.8, 1],
};

/** A sphere whose own material is white, with one variant per VARIANTS entry mapping it to that colour. */
export async function makeVariantModel(): Promise<Uint8Array> {
  const doc = new Document();
  doc.createBuffer();
  doc.createScene('scene');
  const base = doc.createMaterial('white').setBaseColorFactor([0.9, 0.9, 0.9, 1]).setMetallicFactor(0).setRoughnessFactor(0.6);
  const primitive = addShape(doc, 'sphere', base, [0, 0, 0], [1, 1, 1]);
  const extension = doc.createExtension(KHRMaterialsVariants);
  const mappings = extension.createMappingList();
  for (const [name, colour] of Object.entries(VARIANTS)) {
    const variant = extension.createVariant(name);
    const material = doc.createMaterial(name).setBaseColorFactor(colour).setMetallicFactor(0).setRoughnessFactor(0.6);
    mappings.addMapping(extension.createMapping().setMaterial(material).addVariant(variant));
  }
  primitive.setExtension('KHR_materials_variants', mappings);
  return io.writeBinary(doc);
}
