import { Document, WebIO, type Accessor } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRMeshQuantization } from '@gltf-transform/extensions';
import { MeshoptEncoder } from 'meshoptimizer/encoder';
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import type { ModelData } from '../../src/assets/model-data.js';
import { fakeFetch } from './fake-fetch.js';
import { makeGlb, splitGlb } from './glb-builder.js';

const SIDE = 71; // 70 × 70 quads = 9,800 triangles, 5,041 vertices

/** A wavy grid with normals and uvs; positions as f32, or as i16 under KHR_mesh_quantization. */
function gridDocument(quantized: boolean): Document {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const count = SIDE * SIDE;
  const positions = new Float32Array(count * 3);
  const uvs = new Float32Array(count * 2);
  const normals = new Float32Array(count * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const i = y * SIDE + x;
      positions.set([x / (SIDE - 1) - 0.5, 0.05 * Math.sin(x * 0.3) * Math.cos(y * 0.2), y / (SIDE - 1) - 0.5], i * 3);
      uvs.set([x / (SIDE - 1), y / (SIDE - 1)], i * 2);
      normals.set([0, 1, 0], i * 3);
    }
  }
  const indices = new Uint16Array((SIDE - 1) * (SIDE - 1) * 6);
  let k = 0;
  for (let y = 0; y < SIDE - 1; y++) {
    for (let x = 0; x < SIDE - 1; x++) {
      const i = y * SIDE + x;
      indices.set([i, i + SIDE, i + 1, i + 1, i + SIDE, i + SIDE + 1], k);
      k += 6;
    }
  }
  const accessor = (type: 'VEC2' | 'VEC3' | 'SCALAR', array: Accessor['getArray'] extends () => infer A ? NonNullable<A> : never): Accessor =>
    doc.createAccessor().setType(type).setBuffer(buffer).setArray(array);
  let position = accessor('VEC3', positions);
  const node = doc.createNode();
  if (quantized) {
    doc.createExtension(KHRMeshQuantization).setRequired(true);
    position = accessor('VEC3', Int16Array.from(positions, (v) => Math.round(v * 32767)));
    node.setScale([1 / 32767, 1 / 32767, 1 / 32767]);
  }
  const primitive = doc.createPrimitive().setAttribute('POSITION', position).setAttribute('NORMAL', accessor('VEC3', normals))
    .setAttribute('TEXCOORD_0', accessor('VEC2', uvs)).setIndices(accessor('SCALAR', indices));
  doc.createScene().addChild(node.setMesh(doc.createMesh().addPrimitive(primitive)));
  return doc;
}

async function write(doc: Document, meshopt: boolean): Promise<Uint8Array> {
  const io = new WebIO().registerExtensions([EXTMeshoptCompression, KHRMeshQuantization]);
  if (meshopt) {
    await MeshoptEncoder.ready;
    io.registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
    doc.createExtension(EXTMeshoptCompression).setRequired(true);
  }
  return io.writeBinary(doc);
}

const parse = (glb: Uint8Array): Promise<ModelData> => parseGltf(glb, { url: 'https://models.test/grid.glb', fetch: fakeFetch({}).fetch });

describe('EXT_meshopt_compression', () => {
  it('decodes a ~10k-triangle model to the same data as uncompressed, and measures the saving', async () => {
    const plain = await write(gridDocument(false), false);
    const packed = await write(gridDocument(false), true);
    const quantizedPacked = await write(gridDocument(true), true);
    const [a, b, q] = await Promise.all([parse(plain), parse(packed), parse(quantizedPacked)]);
    assert(JSON.stringify(splitGlb(packed).json).includes('EXT_meshopt_compression'), 'the file is compressed');
    assertEqual(a.primitives[0]!.indices.length / 3, 9800);
    assertDeepEqual(b.primitives[0]!.positions, a.primitives[0]!.positions);
    assertDeepEqual(b.primitives[0]!.uvs, a.primitives[0]!.uvs);
    assertDeepEqual(b.primitives[0]!.indices, a.primitives[0]!.indices);
    const qp = q.primitives[0]!;
    for (let i = 0; i < qp.positions.length; i++) {
      const world = qp.positions[i]! * qp.worldMatrix[0]!;
      assert(Math.abs(world - a.primitives[0]!.positions[i]!) <= 1 / 32767, `quantized position ${i}`);
    }
    const saving = (n: number): string => `${(100 * (1 - n / plain.byteLength)).toFixed(1)}%`;
    console.log(`meshopt: ${plain.byteLength} B uncompressed → ${packed.byteLength} B f32 + meshopt (${saving(packed.byteLength)} smaller), `
      + `${quantizedPacked.byteLength} B i16 positions + meshopt (${saving(quantizedPacked.byteLength)} smaller)`);
    assert(packed.byteLength < plain.byteLength, 'compression makes the file smaller');
  });

  it('never fetches the fallback buffer and refuses malformed compressed data', async () => {
    const { json, bin } = splitGlb(await write(gridDocument(false), true));
    const buffers = json.buffers as Record<string, unknown>[];
    const fallback = buffers.findIndex((b) => JSON.stringify(b).includes('"fallback":true'));
    assert(fallback >= 0, 'the writer made a fallback buffer');
    buffers[fallback]!.uri = 'fallback.bin';
    const { fetch, requests } = fakeFetch({});
    const model = await parseGltf(makeGlb(json, bin), { url: 'https://models.test/grid.glb', fetch });
    assertEqual(model.primitives[0]!.vertexCount, SIDE * SIDE);
    assertEqual(requests.length, 0, 'no request for the fallback buffer');

    bin!.fill(0x55, 0, 64);
    let code = '';
    try {
      await parseGltf(makeGlb(json, bin), { url: 'https://models.test/grid.glb', fetch });
    } catch (error) {
      code = (error as { code: string }).code;
    }
    assertEqual(code, 'ASSET_INVALID');
  });
});
