// KHR_draco_mesh_compression through parseGltf, decoded in the page's Draco worker: several primitives of one file
// posted at once and each answer matched to its primitive; corrupt compressed data refused as ASSET_INVALID naming
// the primitive, with the worker still decoding the next file.
import { Document, WebIO } from '@gltf-transform/core';
import { KHRDracoMeshCompression } from '@gltf-transform/extensions';
import createDracoEncoder from '../../build/draco-encoder.js';
import { assert, assertEqual } from '../assert.js';
import { makeGlb, splitGlb } from './glb-builder.js';
import { makeModel } from '../helpers/models.js';
import { AssetError } from '../../src/assets/asset-error.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import { buildSphere, VERTEX_FLOATS } from '../../src/gpu/geometry.js';

/** Sphere segments of each mesh: three sizes, so that an answer given to the wrong primitive shows in its counts. */
const SPHERES: [number, number][] = [[48, 32], [8, 6], [24, 12]];

/** One file with a mesh per entry of SPHERES, each a sphere of radius 1 + its index, Draco-compressed or not. */
async function spheres(draco: boolean): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const scene = doc.createScene('scene');
  SPHERES.forEach(([radial, rings], m) => {
    const built = buildSphere(radial, rings);
    const count = built.vertices.length / VERTEX_FLOATS;
    const positions = new Float32Array(count * 3);
    const normals = new Float32Array(count * 3);
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < 3; c++) positions[i * 3 + c] = built.vertices[i * VERTEX_FLOATS + c]! * (m + 1) * 2;
      normals.set(built.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
    }
    const primitive = doc.createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
      .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(built.indices)).setBuffer(buffer));
    scene.addChild(doc.createNode(`sphere ${m}`).setMesh(doc.createMesh(`sphere ${m}`).addPrimitive(primitive)));
  });
  const io = new WebIO().registerExtensions([KHRDracoMeshCompression]);
  if (draco) {
    io.registerDependencies({ 'draco3d.encoder': await createDracoEncoder() });
    doc.createExtension(KHRDracoMeshCompression).setRequired(true);
  }
  return io.writeBinary(doc);
}

/** The error `parseGltf` rejects with, or a failed assertion when it resolves. */
async function parseError(glb: Uint8Array): Promise<AssetError> {
  try {
    await parseGltf(glb, { url: 'https://draco.test/m.glb' });
  } catch (error) {
    assert(error instanceof AssetError, `an AssetError, not ${String(error)}`);
    return error;
  }
  throw new Error('the file was accepted');
}

describe('Draco primitives decoded in the worker', function () {
  this.timeout(120_000);

  it('decodes every primitive of a file, each answer matched to its own primitive', async () => {
    const packed = await parseGltf(await spheres(true), { url: 'https://draco.test/spheres.glb' });
    const plain = await parseGltf(await spheres(false), { url: 'https://draco.test/plain.glb' });
    assertEqual(packed.primitives.length, SPHERES.length);
    packed.primitives.forEach((primitive, i) => {
      const reference = plain.primitives[i]!;
      assertEqual(primitive.mesh, i);
      // Draco drops the sphere's degenerate pole triangles and merges its seam: a few fewer, never more.
      assert(primitive.indices.length <= reference.indices.length && primitive.indices.length > 0.9 * reference.indices.length,
        `meshes[${i}] has ${primitive.indices.length / 3} triangles, the uncompressed file ${reference.indices.length / 3}`);
      // Draco quantizes positions (14 bits by default): each sphere keeps its own radius, 2, 4 or 6.
      for (let c = 0; c < 3; c++) {
        assert(Math.abs(primitive.boundsMax[c]! - reference.boundsMax[c]!) < 1e-3 * (i + 1), `meshes[${i}] bounds ${primitive.boundsMax} vs ${reference.boundsMax}`);
      }
    });
  });

  it('refuses corrupt compressed data with ASSET_INVALID naming the primitive, and decodes the next file', async () => {
    const glb = await makeModel({ shape: 'sphere', segments: [16, 12], draco: true });
    const before = await parseGltf(glb, { url: 'https://draco.test/good.glb' });
    const { json, bin } = splitGlb(glb);
    const meshes = json['meshes'] as { primitives: { extensions: Record<string, { bufferView: number }> }[] }[];
    const view = (json['bufferViews'] as { byteOffset?: number; byteLength: number }[])[meshes[0]!.primitives[0]!.extensions['KHR_draco_mesh_compression']!.bufferView]!;
    const corrupt = bin!.slice();
    // Past Draco's header, so that the header still reads as a triangle mesh and the decoder itself meets the damage.
    for (let i = 16; i < view.byteLength; i++) corrupt[(view.byteOffset ?? 0) + i] = (i * 97) & 0xff;
    const error = await parseError(makeGlb(json, corrupt));
    assertEqual(error.code, 'ASSET_INVALID', error.message);
    assert(error.reason.includes('meshes[0].primitives[0]'), error.reason);
    assert(!error.reason.startsWith('unexpected failure'), error.reason);
    const after = await parseGltf(glb, { url: 'https://draco.test/good.glb' });
    assertEqual(after.primitives[0]!.indices.length, before.primitives[0]!.indices.length);
    assertEqual(after.primitives[0]!.vertexCount, before.primitives[0]!.vertexCount);
  });

  it('refuses a Draco attribute id the data does not have, naming the attribute', async () => {
    const { json, bin } = splitGlb(await makeModel({ shape: 'sphere', segments: [8, 6], draco: true }));
    const meshes = json['meshes'] as { primitives: { extensions: Record<string, { attributes: Record<string, number> }> }[] }[];
    meshes[0]!.primitives[0]!.extensions['KHR_draco_mesh_compression']!.attributes['NORMAL'] = 40;
    const error = await parseError(makeGlb(json, bin));
    assertEqual(error.code, 'ASSET_INVALID', error.message);
    assert(error.reason.includes('meshes[0].primitives[0]') && error.reason.includes('NORMAL') && error.reason.includes('no attribute 40'), error.reason);
  });
});
