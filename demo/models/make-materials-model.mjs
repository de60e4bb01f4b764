// Makes the materials demo's model files with glTF-Transform:
// - materials.glb: five spheres in a row, each showing one glTF PBR extension on the same red base
//   (KHR_materials_clearcoat, _sheen, _transmission, _specular, _ior), with striped panels behind the
//   transmissive one so there is something to see through it;
// - vase.glb: a turned vase whose own material is white porcelain, with KHR_materials_variants mapping it to
//   terracotta, cobalt (with a clearcoat) and gold.
// Run: node demo/models/make-materials-model.mjs
import { writeFileSync } from 'node:fs';
import { Document, NodeIO } from '@gltf-transform/core';
import {
  KHRMaterialsClearcoat, KHRMaterialsIOR, KHRMaterialsSheen, KHRMaterialsSpecular, KHRMaterialsTransmission,
  KHRMaterialsVariants,
} from '@gltf-transform/extensions';

const here = new URL('.', import.meta.url);

/** A surface of revolution about y: `profile` is [radius, height] pairs from bottom to top. */
function lathe(profile, segments) {
  const positions = [];
  const normals = [];
  const indices = [];
  const rings = profile.length;
  for (let i = 0; i < rings; i++) {
    const [r, y] = profile[i];
    // The profile's normal from its neighbours' slope.
    const [r0, y0] = profile[Math.max(i - 1, 0)];
    const [r1, y1] = profile[Math.min(i + 1, rings - 1)];
    let nr = y1 - y0;
    let ny = -(r1 - r0);
    const length = Math.hypot(nr, ny) || 1;
    nr /= length;
    ny /= length;
    for (let s = 0; s <= segments; s++) {
      const a = (s / segments) * Math.PI * 2;
      positions.push(r * Math.cos(a), y, r * Math.sin(a));
      normals.push(nr * Math.cos(a), ny, nr * Math.sin(a));
    }
  }
  for (let i = 0; i < rings - 1; i++) {
    for (let s = 0; s < segments; s++) {
      const a = i * (segments + 1) + s;
      const b = a + segments + 1;
      indices.push(a, a + 1, b, a + 1, b + 1, b);
    }
  }
  return { positions: new Float32Array(positions), normals: new Float32Array(normals), indices: new Uint16Array(indices) };
}

/** A unit-diameter UV sphere. */
function sphere() {
  const profile = [];
  for (let i = 0; i <= 24; i++) {
    const t = Math.PI * (i / 24 - 0.5);
    profile.push([Math.max(0.5 * Math.cos(t), 0), 0.5 * Math.sin(t)]);
  }
  return lathe(profile, 48);
}

/** A closed box of half size 0.5, 24 vertices with face normals. */
function box() {
  const positions = [];
  const normals = [];
  const indices = [];
  for (const [axis, sign] of [[0, 1], [0, -1], [1, 1], [1, -1], [2, 1], [2, -1]]) {
    const u = (axis + 1) % 3;
    const v = (axis + 2) % 3;
    const base = positions.length / 3;
    for (const [a, b] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) {
      const p = [0, 0, 0];
      p[axis] = 0.5 * sign;
      p[u] = 0.5 * a * sign;
      p[v] = 0.5 * b;
      const n = [0, 0, 0];
      n[axis] = sign;
      positions.push(...p);
      normals.push(...n);
    }
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return { positions: new Float32Array(positions), normals: new Float32Array(normals), indices: new Uint16Array(indices) };
}

/** Accessors per shape, so copies of a shape share their vertex data in the file. */
const accessors = new Map();

function addShape(doc, scene, name, shape, material, translation, scale = [1, 1, 1]) {
  const buffer = doc.getRoot().listBuffers()[0];
  const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  if (!accessors.has(shape)) {
    accessors.set(shape, [accessor('VEC3', shape.positions), accessor('VEC3', shape.normals), accessor('SCALAR', shape.indices)]);
  }
  const [positions, normals, indices] = accessors.get(shape);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', positions)
    .setAttribute('NORMAL', normals)
    .setIndices(indices)
    .setMaterial(material);
  scene.addChild(doc.createNode(name).setMesh(doc.createMesh(name).addPrimitive(primitive)).setTranslation(translation).setScale(scale));
  return primitive;
}

const io = new NodeIO().registerExtensions([
  KHRMaterialsClearcoat, KHRMaterialsSpecular, KHRMaterialsIOR, KHRMaterialsSheen, KHRMaterialsTransmission, KHRMaterialsVariants,
]);

// The row of spheres, 1.25 apart, centred on x = 0, resting on y = 0.
{
  const doc = new Document();
  doc.createBuffer();
  const scene = doc.createScene('materials');
  const ball = sphere();
  const red = (name, roughness) => doc.createMaterial(name).setBaseColorFactor([0.6, 0.12, 0.08, 1]).setMetallicFactor(0).setRoughnessFactor(roughness);
  const clearcoat = red('clearcoat', 0.6);
  clearcoat.setExtension('KHR_materials_clearcoat', doc.createExtension(KHRMaterialsClearcoat).createClearcoat()
    .setClearcoatFactor(1).setClearcoatRoughnessFactor(0.05));
  const sheen = red('sheen', 0.6);
  sheen.setExtension('KHR_materials_sheen', doc.createExtension(KHRMaterialsSheen).createSheen()
    .setSheenColorFactor([0.9, 0.9, 0.9]).setSheenRoughnessFactor(0.5));
  const transmission = doc.createMaterial('transmission').setBaseColorFactor([0.9, 0.95, 1, 1]).setMetallicFactor(0).setRoughnessFactor(0.05);
  transmission.setExtension('KHR_materials_transmission', doc.createExtension(KHRMaterialsTransmission).createTransmission()
    .setTransmissionFactor(1));
  const specular = red('specular', 0.3);
  specular.setExtension('KHR_materials_specular', doc.createExtension(KHRMaterialsSpecular).createSpecular()
    .setSpecularFactor(1).setSpecularColorFactor([0.2, 1, 0.2]));
  const ior = red('ior', 0.3);
  ior.setExtension('KHR_materials_ior', doc.createExtension(KHRMaterialsIOR).createIOR().setIOR(2.4));
  [clearcoat, sheen, transmission, specular, ior].forEach((material, i) => {
    addShape(doc, scene, material.getName(), ball, material, [(i - 2) * 1.25, 0.5, 0]);
  });
  // Yellow and blue stripes behind the transmissive sphere.
  const stripes = [[0.9, 0.85, 0.2, 1], [0.05, 0.2, 0.6, 1]].map((colour, i) =>
    doc.createMaterial(`stripe${i}`).setBaseColorFactor(colour).setMetallicFactor(0).setRoughnessFactor(0.8));
  const slab = box();
  for (let i = 0; i < 6; i++) addShape(doc, scene, `stripe${i}`, slab, stripes[i % 2], [(i - 2.5) * 0.2, 0.6, -0.9], [0.2, 1.2, 0.05]);
  writeFileSync(new URL('materials.glb', here), await io.writeBinary(doc));
}

// The vase and its variants, standing on y = 0.
{
  const doc = new Document();
  doc.createBuffer();
  const scene = doc.createScene('vase');
  // Up the outside from the middle of the foot, over the lip and down the inside to a floor: a closed shell.
  const outside = [];
  for (let i = 0; i <= 48; i++) {
    const t = i / 48;
    const r = 0.18 + 0.22 * Math.sin(Math.PI * Math.min(t * 1.25, 1)) ** 1.5 + (t > 0.8 ? 0.1 * ((t - 0.8) / 0.2) ** 2 : 0);
    outside.push([r, t * 1.2]);
  }
  const wall = 0.025;
  const inside = outside.filter(([, y]) => y > 0.06).reverse().map(([r, y]) => [r - wall, y]);
  const profile = [[0, 0], ...outside, ...inside, [0, inside.at(-1)[1]]];
  const porcelain = doc.createMaterial('porcelain').setBaseColorFactor([0.9, 0.9, 0.88, 1]).setMetallicFactor(0).setRoughnessFactor(0.25);
  const primitive = addShape(doc, scene, 'vase', lathe(profile, 48), porcelain, [0, 0, 0]);
  const variants = doc.createExtension(KHRMaterialsVariants);
  const mappings = variants.createMappingList();
  const terracotta = doc.createMaterial('terracotta').setBaseColorFactor([0.62, 0.22, 0.1, 1]).setMetallicFactor(0).setRoughnessFactor(0.85);
  const cobalt = doc.createMaterial('cobalt').setBaseColorFactor([0.03, 0.08, 0.45, 1]).setMetallicFactor(0).setRoughnessFactor(0.5);
  cobalt.setExtension('KHR_materials_clearcoat', doc.createExtension(KHRMaterialsClearcoat).createClearcoat()
    .setClearcoatFactor(1).setClearcoatRoughnessFactor(0.05));
  const gold = doc.createMaterial('gold').setBaseColorFactor([1, 0.77, 0.34, 1]).setMetallicFactor(1).setRoughnessFactor(0.3);
  for (const [name, material] of [['terracotta', terracotta], ['cobalt', cobalt], ['gold', gold]]) {
    mappings.addMapping(variants.createMapping().setMaterial(material).addVariant(variants.createVariant(name)));
  }
  primitive.setExtension('KHR_materials_variants', mappings);
  writeFileSync(new URL('vase.glb', here), await io.writeBinary(doc));
}
console.log('wrote materials.glb and vase.glb');
