import { Document, WebIO } from '@gltf-transform/core';
import { KHRMaterialsEmissiveStrength, KHRTextureTransform } from '@gltf-transform/extensions';
import { mat4, quat } from 'gl-matrix';
import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import type { ModelData, PrimitiveData } from '../../src/assets/model-data.js';
import { fakeFetch } from './fake-fetch.js';
import { BinWriter, makeGlb, PNG_1X1, quadModel, toBase64 } from './glb-builder.js';

const URL_BASE = 'https://models.test/dir/';

function parse(bytes: Uint8Array, url = `${URL_BASE}model.glb`, files = {}): Promise<ModelData> {
  return parseGltf(bytes, { url, fetch: fakeFetch(files).fetch });
}

function only(model: ModelData): PrimitiveData {
  assertEqual(model.primitives.length, 1, 'primitive count');
  return model.primitives[0]!;
}

function assertArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, eps: number, what: string): void {
  assertEqual(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i]!, expected[i]!, eps, `${what}[${i}]`);
}

describe('parseGltf: containers and buffers', () => {
  it('reads a GLB with a binary chunk', async () => {
    const { json, bin } = quadModel();
    const p = only(await parse(makeGlb(json, bin)));
    assertDeepEqual(p.positions, new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]));
    assertDeepEqual(p.indices, new Uint16Array([0, 1, 2, 0, 2, 3]));
    assertEqual(p.vertexCount, 4);
  });

  it('warns once, naming them, about optional extensions it does not support', async () => {
    const { json, bin } = quadModel();
    (json as Record<string, unknown>)['extensionsUsed'] = ['KHR_materials_volume', 'KHR_texture_transform', 'EXT_mesh_gpu_instancing'];
    const model = await parse(makeGlb(json, bin));
    const named = model.warnings.filter((w) => w.includes('does not support'));
    assertEqual(named.length, 1, model.warnings.join(' | '));
    assert(named[0]!.includes('KHR_materials_volume, EXT_mesh_gpu_instancing'), named[0]!);
    assertEqual(model.primitives.length, 1, 'the model is read without them');
  });

  it('reads a .gltf whose buffer is a data: URI', async () => {
    const { json, bin } = quadModel();
    (json.buffers as object[])[0] = { byteLength: bin.byteLength, uri: `data:application/octet-stream;base64,${toBase64(bin)}` };
    const p = only(await parse(new TextEncoder().encode(JSON.stringify(json)), `${URL_BASE}model.gltf`));
    assertDeepEqual(p.indices, new Uint16Array([0, 1, 2, 0, 2, 3]));
  });

  it('fetches a relative external buffer from the model URL, with the crossorigin credentials', async () => {
    const { json, bin } = quadModel();
    (json.buffers as object[])[0] = { byteLength: bin.byteLength, uri: '../bin/quad%20data.bin' };
    const { fetch, requests } = fakeFetch({ 'https://models.test/bin/quad%20data.bin': bin });
    const model = await parseGltf(new TextEncoder().encode(JSON.stringify(json)), {
      url: `${URL_BASE}model.gltf`, fetch, crossOrigin: 'use-credentials',
    });
    assertEqual(only(model).vertexCount, 4);
    assertEqual(requests.length, 1);
    assertEqual(requests[0]!.credentials, 'include');
    assertEqual(requests[0]!.mode, 'cors');
  });

  it('reads the committed fixtures: a 2-triangle GLB and a .gltf with an external .bin and a data: image', async () => {
    const glbUrl = new URL('/test/fixtures/assets/two-triangles.glb', location.href).href;
    const glb = await parseGltf(await (await fetch(glbUrl)).arrayBuffer(), { url: glbUrl });
    assertEqual(only(glb).indices.length, 6);
    const gltfUrl = new URL('/test/fixtures/assets/textured-quad.gltf', location.href).href;
    const gltf = await parseGltf(await (await fetch(gltfUrl)).arrayBuffer(), { url: gltfUrl });
    const p = only(gltf);
    assertEqual(p.uvs?.length, 8);
    assertEqual(gltf.images[0]?.mimeType, 'image/png');
    assertEqual(gltf.materials[0]!.baseColorTexture?.texture, 0);
  });
});

describe('parseGltf: accessors', () => {
  it('reads interleaved positions and uvs from one strided view', async () => {
    const data = new Float32Array([0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]); // xyz uv × 3
    const bin = new BinWriter();
    bin.add(data);
    const json = {
      asset: { version: '2.0' },
      nodes: [{ mesh: 0 }],
      meshes: [{ primitives: [{ attributes: { POSITION: 0, TEXCOORD_0: 1, NORMAL: 2 } }] }],
      accessors: [
        { bufferView: 0, componentType: 5126, count: 3, type: 'VEC3' },
        { bufferView: 0, byteOffset: 12, componentType: 5126, count: 3, type: 'VEC2' },
        { bufferView: 0, componentType: 5126, count: 3, type: 'VEC3' },
      ],
      bufferViews: [{ buffer: 0, byteLength: 60, byteStride: 20 }],
      buffers: [{ byteLength: 60 }],
    };
    const p = only(await parse(makeGlb(json, bin.bytes())));
    assertDeepEqual(p.positions, new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]));
    assertDeepEqual(p.uvs, new Float32Array([0, 0, 1, 0, 0, 1]));
    assertDeepEqual(p.indices, new Uint16Array([0, 1, 2]), 'non-indexed primitives get generated indices');
  });

  for (const [componentType, Array_] of [[5121, Uint8Array], [5123, Uint16Array], [5125, Uint32Array]] as const) {
    it(`reads ${Array_.name} indices`, async () => {
      const { json, bin: base } = quadModel();
      const bin = new BinWriter();
      bin.add(base);
      const offset = bin.add(new Array_([0, 1, 2, 0, 2, 3]));
      (json.accessors as Record<string, unknown>[])[1]!.componentType = componentType;
      (json.bufferViews as Record<string, unknown>[])[1] = { buffer: 0, byteOffset: offset, byteLength: 6 * Array_.BYTES_PER_ELEMENT };
      (json.buffers as Record<string, unknown>[])[0]!.byteLength = bin.length;
      assertDeepEqual(only(await parse(makeGlb(json, bin.bytes()))).indices, new Uint16Array([0, 1, 2, 0, 2, 3]));
    });
  }

  it('uses Uint32 indices once there are more than 65536 vertices', async () => {
    const count = 65537 + 2;
    const bin = new BinWriter();
    bin.add(new Float32Array(count * 3).map((_, i) => i % 7));
    const json = {
      asset: { version: '2.0' }, nodes: [{ mesh: 0 }],
      meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 0 }, mode: 5 }] }],
      accessors: [{ bufferView: 0, componentType: 5126, count, type: 'VEC3' }],
      bufferViews: [{ buffer: 0, byteLength: count * 12 }], buffers: [{ byteLength: count * 12 }],
    };
    const p = only(await parse(makeGlb(json, bin.bytes())));
    assert(p.indices instanceof Uint32Array, 'Uint32Array');
    assertEqual(p.indices.length, (count - 2) * 3);
  });

  it('applies sparse substitutions, also on an accessor without a bufferView', async () => {
    const { json, bin: base } = quadModel();
    const bin = new BinWriter();
    bin.add(base);
    const sparseIndices = bin.add(new Uint8Array([1, 3]));
    const sparseValues = bin.add(new Float32Array([5, 5, 5, 7, 7, 7]));
    const views = json.bufferViews as object[];
    views.push({ buffer: 0, byteOffset: sparseIndices, byteLength: 2 }, { buffer: 0, byteOffset: sparseValues, byteLength: 24 });
    const sparse = { count: 2, indices: { bufferView: 3, componentType: 5121 }, values: { bufferView: 4 } };
    (json.accessors as Record<string, unknown>[])[0]!.sparse = sparse;
    (json.accessors as object[]).push({ componentType: 5126, count: 4, type: 'VEC3', sparse });
    (json.meshes as { primitives: object[] }[])[0]!.primitives.push({ attributes: { POSITION: 3, NORMAL: 2 }, indices: 1 });
    (json.buffers as Record<string, unknown>[])[0]!.byteLength = bin.length;
    const model = await parse(makeGlb(json, bin.bytes()));
    assertDeepEqual(model.primitives[0]!.positions, new Float32Array([0, 0, 0, 5, 5, 5, 1, 1, 0, 7, 7, 7]));
    assertDeepEqual(model.primitives[1]!.positions, new Float32Array([0, 0, 0, 5, 5, 5, 0, 0, 0, 7, 7, 7]));
  });

  it('dequantizes KHR_mesh_quantization attributes (normalized and not)', async () => {
    const bin = new BinWriter();
    const pos = bin.add(new Int16Array([0, 0, 0, 0, 100, 0, 0, 0, -200, 0, 0, 0])); // VEC3 padded to 8 bytes
    const nrm = bin.add(new Int8Array([0, 0, 127, 0, 0, 0, -128, 0, 127, 0, 0, 0]));
    const uv = bin.add(new Uint16Array([0, 65535, 65535, 0, 32768, 32768]));
    const uvRaw = bin.add(new Int8Array([1, 2, -3, 4, 5, -6, 0, 0]));
    const json = {
      asset: { version: '2.0' }, extensionsUsed: ['KHR_mesh_quantization'], extensionsRequired: ['KHR_mesh_quantization'],
      nodes: [{ mesh: 0 }],
      meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 1, TEXCOORD_0: 2, TEXCOORD_1: 3 } }] }],
      accessors: [
        { bufferView: 0, componentType: 5122, count: 3, type: 'VEC3' },
        { bufferView: 1, componentType: 5120, normalized: true, count: 3, type: 'VEC3' },
        { bufferView: 2, componentType: 5123, normalized: true, count: 3, type: 'VEC2' },
        { bufferView: 3, componentType: 5120, count: 3, type: 'VEC2' },
      ],
      bufferViews: [
        { buffer: 0, byteOffset: pos, byteLength: 24, byteStride: 8 },
        { buffer: 0, byteOffset: nrm, byteLength: 12, byteStride: 4 },
        { buffer: 0, byteOffset: uv, byteLength: 12 },
        { buffer: 0, byteOffset: uvRaw, byteLength: 6 },
      ],
      buffers: [{ byteLength: bin.length }],
    };
    const p = only(await parse(makeGlb(json, bin.bytes())));
    assertDeepEqual(p.positions, new Float32Array([0, 0, 0, 100, 0, 0, -200, 0, 0]));
    assertArrayClose(p.normals, [0, 0, 1, 0, 0, -1, 1, 0, 0], 1e-6, 'normals');
    assertArrayClose(p.uvs!, [0, 1, 1, 0, 32768 / 65535, 32768 / 65535], 1e-6, 'uvs');
    assertDeepEqual(p.uvs1, new Float32Array([1, 2, -3, 4, 5, -6]));
  });
});

describe('parseGltf: geometry', () => {
  it('converts triangle strips and fans to lists with the glTF winding', async () => {
    const { json, bin } = quadModel();
    const prims = (json.meshes as { primitives: Record<string, unknown>[] }[])[0]!.primitives;
    prims[0]!.indices = undefined;
    prims[0]!.mode = 5;
    prims.push({ attributes: { POSITION: 0 }, mode: 6 });
    const model = await parse(makeGlb(json, bin));
    assertDeepEqual(flatCorners(model.primitives[0]!), [0, 1, 2, 1, 3, 2], 'strip triangles {0,1,2} {1,3,2}');
    assertDeepEqual(flatCorners(model.primitives[1]!), [1, 2, 0, 2, 3, 0], 'fan triangles {1,2,0} {2,3,0}');
  });

  it('generates flat normals by default and smooth ones on request', async () => {
    const bin = new BinWriter();
    bin.add(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, -1]));
    bin.add(new Uint16Array([0, 1, 2, 0, 1, 3]));
    const json = {
      asset: { version: '2.0' }, nodes: [{ mesh: 0 }],
      meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1 }] }],
      accessors: [{ bufferView: 0, componentType: 5126, count: 4, type: 'VEC3' }, { bufferView: 1, componentType: 5123, count: 6, type: 'SCALAR' }],
      bufferViews: [{ buffer: 0, byteLength: 48 }, { buffer: 0, byteOffset: 48, byteLength: 12 }],
      buffers: [{ byteLength: 60 }],
    };
    const glb = makeGlb(json, bin.bytes());
    const flat = only(await parse(glb));
    assertEqual(flat.vertexCount, 6, 'flat shading unwelds the corners');
    assertArrayClose(flat.normals, [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0], 1e-6, 'flat normals');
    const smooth = only(await parseGltf(glb, { url: 'https://m.test/a.glb', normals: 'smooth' }));
    assertEqual(smooth.vertexCount, 4);
    const s = Math.SQRT1_2;
    assertArrayClose(smooth.normals, [0, s, s, 0, s, s, 0, 0, 1, 0, 1, 0], 1e-6, 'smooth normals');
  });
});

/** The position index (x coordinate × 1 + y × 2 of the unit quad) of each triangle corner. */
function flatCorners(p: PrimitiveData): number[] {
  return Array.from(p.indices, (i) => {
    const x = p.positions[i * 3]!, y = p.positions[i * 3 + 1]!;
    return x === 0 && y === 0 ? 0 : x === 1 && y === 0 ? 1 : x === 1 && y === 1 ? 2 : 3;
  });
}

describe('parseGltf: scene and materials', () => {
  it('composes TRS and matrix nodes into world matrices, from the default scene only', async () => {
    const doc = new Document();
    const buffer = doc.createBuffer();
    const position = doc.createAccessor().setType('VEC3').setBuffer(buffer).setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]));
    const mesh = doc.createMesh().addPrimitive(doc.createPrimitive().setAttribute('POSITION', position));
    const r = Array.from(quat.setAxisAngle(quat.create(), [0, 1, 0], 0.7)) as [number, number, number, number];
    const parent = doc.createNode('parent').setTranslation([1, 2, 3]).setRotation(r).setScale([2, 2, 2]);
    const child = doc.createNode('child').setTranslation([0, 0, -4]).setMesh(mesh);
    parent.addChild(child);
    doc.createScene('other').addChild(doc.createNode('elsewhere').setMesh(mesh));
    const main = doc.createScene('main').addChild(parent);
    doc.getRoot().setDefaultScene(main);
    const model = await parse(await new WebIO().writeBinary(doc));
    const p = only(model);
    const expected = mat4.multiply(mat4.create(),
      mat4.multiply(mat4.create(), mat4.fromTranslation(mat4.create(), [1, 2, 3]), mat4.multiply(mat4.create(), mat4.fromQuat(mat4.create(), r), mat4.fromScaling(mat4.create(), [2, 2, 2]))),
      mat4.fromTranslation(mat4.create(), [0, 0, -4]));
    assertArrayClose(p.worldMatrix, expected, 1e-5, 'world matrix');

    // The same through a matrix node.
    const { json, bin } = quadModel();
    json.nodes = [{ matrix: Array.from(expected), children: [1] }, { mesh: 0, translation: [0, 1, 0] }];
    json.scenes = [{ nodes: [0] }];
    const viaMatrix = only(await parse(makeGlb(json, bin)));
    const expected2 = mat4.multiply(mat4.create(), expected, mat4.fromTranslation(mat4.create(), [0, 1, 0]));
    assertArrayClose(viaMatrix.worldMatrix, expected2, 1e-5, 'matrix node');
  });

  it('lists every primitive of every mesh instance, sharing arrays between instances', async () => {
    const { json, bin } = quadModel();
    (json.meshes as { primitives: object[] }[])[0]!.primitives.push({ attributes: { POSITION: 0, NORMAL: 2 }, mode: 6 });
    json.nodes = [{ children: [1, 2] }, { mesh: 0 }, { mesh: 0, translation: [10, 0, 0] }];
    const model = await parse(makeGlb(json, bin));
    assertEqual(model.primitives.length, 4);
    assert(model.primitives[0]!.positions === model.primitives[2]!.positions, 'instances share arrays');
    assertEqual(model.primitives[2]!.worldMatrix[12], 10);
    assertClose(model.bounds.center[0], 5.5, 1e-6, 'sphere centre x');
    assert(model.bounds.radius >= Math.hypot(5.5, 0.5), 'sphere covers both quads');
  });

  it('reads materials, texture references, texture transforms and emissive strength', async () => {
    const doc = new Document();
    const transformExt = doc.createExtension(KHRTextureTransform).setRequired(true);
    const strengthExt = doc.createExtension(KHRMaterialsEmissiveStrength);
    const texture = doc.createTexture('t').setImage(PNG_1X1).setMimeType('image/png');
    const material = doc.createMaterial('m')
      .setBaseColorFactor([0.5, 0.25, 1, 0.75]).setBaseColorTexture(texture)
      .setMetallicFactor(0.3).setRoughnessFactor(0.6).setMetallicRoughnessTexture(texture)
      .setNormalTexture(texture).setNormalScale(0.5).setOcclusionTexture(texture).setOcclusionStrength(0.4)
      .setEmissiveFactor([1, 0.5, 0]).setEmissiveTexture(texture)
      .setAlphaMode('MASK').setAlphaCutoff(0.3).setDoubleSided(true)
      .setExtension('KHR_materials_emissive_strength', strengthExt.createEmissiveStrength().setEmissiveStrength(4));
    material.getBaseColorTextureInfo()!.setTexCoord(1).setExtension('KHR_texture_transform',
      transformExt.createTransform().setOffset([0.5, 0.25]).setRotation(Math.PI / 2).setScale([2, 3]));
    const buffer = doc.createBuffer();
    const position = doc.createAccessor().setType('VEC3').setBuffer(buffer).setArray(new Float32Array(9));
    doc.createScene().addChild(doc.createNode().setMesh(doc.createMesh().addPrimitive(
      doc.createPrimitive().setAttribute('POSITION', position).setMaterial(material))));
    const model = await parse(await new WebIO().registerExtensions([KHRTextureTransform, KHRMaterialsEmissiveStrength]).writeBinary(doc));
    const m = model.materials[only(model).material!]!;
    assertDeepEqual(m.baseColorFactor, [0.5, 0.25, 1, 0.75]);
    assertClose(m.metallicFactor, 0.3, 1e-6);
    assertClose(m.roughnessFactor, 0.6, 1e-6);
    assertEqual(m.normalScale, 0.5);
    assertClose(m.occlusionStrength, 0.4, 1e-6);
    assertDeepEqual(m.emissiveFactor, [1, 0.5, 0]);
    assertEqual(m.emissiveStrength, 4);
    assertEqual(m.alphaMode, 'MASK');
    assertClose(m.alphaCutoff, 0.3, 1e-6);
    assertEqual(m.doubleSided, true);
    for (const ref of [m.metallicRoughnessTexture, m.normalTexture, m.occlusionTexture, m.emissiveTexture]) assertEqual(ref?.texture, 0);
    const base = m.baseColorTexture!;
    assertEqual(base.texCoord, 1);
    // rotation 90°: u' = sy·v + ox, v' = −sx·u + oy.
    assertArrayClose(base.transform!, [0, -2, 0, 3, 0, 0, 0.5, 0.25, 1], 1e-6, 'uv transform');
    assertEqual(model.images[0]!.mimeType, 'image/png');
    assertDeepEqual(model.images[0]!.bytes, PNG_1X1);
    assertEqual(model.textures[0]!.wrapS, 10497);
  });

  it('reads MSFT_lod groups with their screen coverage', async () => {
    const { json, bin } = quadModel();
    json.meshes = [...(json.meshes as object[]), ...(json.meshes as object[]), ...(json.meshes as object[])];
    json.extensionsUsed = ['MSFT_lod'];
    json.nodes = [
      { mesh: 0, extensions: { MSFT_lod: { ids: [1, 2] } }, extras: { MSFT_screencoverage: [0.5, 0.2, 0.01] } },
      { mesh: 1 }, { mesh: 2, scale: [2, 2, 2] },
    ];
    const model = await parse(makeGlb(json, bin));
    assertDeepEqual(model.lods, [{ nodes: [0, 1, 2], meshes: [0, 1, 2], screenCoverage: [0.5, 0.2, 0.01] }]);
    assertDeepEqual(model.primitives.map((p) => p.lod), [{ group: 0, level: 0 }, { group: 0, level: 1 }, { group: 0, level: 2 }]);
    assertEqual(model.primitives[2]!.worldMatrix[0], 2);
  });
});
