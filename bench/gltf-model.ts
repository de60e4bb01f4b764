// The model of the gltf benchmark: a (2, 3) torus knot tube of 100,000 triangles (1000 x 50 quads, 51,051
// vertices) with positions, normals, uvs, u32 indices and one material with a 256x256 PNG base colour
// texture, written with @gltf-transform/core twice: as a plain GLB and with EXT_meshopt_compression (the
// encoder of the `meshoptimizer` package, gltf-transform's QUANTIZE method, as demo/models/make-demo-model.mjs
// does), a third time with KHR_draco_mesh_compression (draco3d's encoder, glTF-Transform's default settings);
// also with five 2048² textures, and with the base colour as KTX2 (ETC1S by the ktx2-encoder package, as the
// tests make them). Made once per bench run, on the bench page; the contender pages get the same bytes.

import { Document, WebIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRDracoMeshCompression, KHRTextureBasisu } from '@gltf-transform/extensions';
import { MeshoptEncoder } from 'meshoptimizer/encoder';
import createDracoEncoder from '../build/draco-encoder.js';
import { ktx2Image } from '../test/helpers/models.js';

const TUBULAR = 1000;
const RADIAL = 50;
const TEXTURE = 256;
/** Triangles in the model. */
export const MODEL_TRIANGLES = TUBULAR * RADIAL * 2;

/** Side of each of the textured file's five textures, as in DamagedHelmet. */
const LARGE_TEXTURE = 2048;

/** The files of the benchmark's model. */
export interface BenchModelFiles {
  plain: Uint8Array;
  meshopt: Uint8Array;
  /** The plain file with KHR_draco_mesh_compression. */
  draco: Uint8Array;
  /** The plain file with DamagedHelmet's texture set: five 2048² textures (JPEG base colour and emissive, PNG others). */
  textured: Uint8Array;
  /** The plain file with its base colour as KTX2 (KHR_texture_basisu, ETC1S with its mip chain). */
  ktx2: Uint8Array;
}

/** The knot tube: positions, normals, uvs and indices (p = 2, q = 3, radius about 1, tube 0.28). */
function torusKnot(): { positions: Float32Array<ArrayBuffer>; normals: Float32Array<ArrayBuffer>; uvs: Float32Array<ArrayBuffer>; indices: Uint32Array<ArrayBuffer> } {
  const p = 2;
  const q = 3;
  const tube = 0.28;
  const vertices = (TUBULAR + 1) * (RADIAL + 1);
  const positions = new Float32Array(vertices * 3);
  const normals = new Float32Array(vertices * 3);
  const uvs = new Float32Array(vertices * 2);
  const curve = (t: number): [number, number, number] => {
    const r = 0.5 * (2 + Math.cos(q * t));
    return [r * Math.cos(p * t), r * Math.sin(p * t), Math.sin(q * t) * 0.5];
  };
  let v = 0;
  for (let i = 0; i <= TUBULAR; i++) {
    const t = (i / TUBULAR) * Math.PI * 2;
    const c = curve(t);
    const next = curve(t + 0.01);
    const tangent = [next[0] - c[0], next[1] - c[1], next[2] - c[2]];
    const sum = [next[0] + c[0], next[1] + c[1], next[2] + c[2]];
    const b = [tangent[1]! * sum[2]! - tangent[2]! * sum[1]!, tangent[2]! * sum[0]! - tangent[0]! * sum[2]!, tangent[0]! * sum[1]! - tangent[1]! * sum[0]!];
    const n = [b[1]! * tangent[2]! - b[2]! * tangent[1]!, b[2]! * tangent[0]! - b[0]! * tangent[2]!, b[0]! * tangent[1]! - b[1]! * tangent[0]!];
    const bl = Math.hypot(b[0]!, b[1]!, b[2]!);
    const nl = Math.hypot(n[0]!, n[1]!, n[2]!);
    for (let j = 0; j <= RADIAL; j++, v++) {
      const a = (j / RADIAL) * Math.PI * 2;
      const cx = -Math.cos(a);
      const cy = Math.sin(a);
      for (let k = 0; k < 3; k++) {
        const normal = cx * (n[k]! / nl) + cy * (b[k]! / bl);
        normals[v * 3 + k] = normal;
        positions[v * 3 + k] = c[k]! + tube * normal;
      }
      uvs[v * 2] = (i / TUBULAR) * 16;
      uvs[v * 2 + 1] = j / RADIAL;
    }
  }
  const indices = new Uint32Array(MODEL_TRIANGLES * 3);
  let o = 0;
  for (let i = 0; i < TUBULAR; i++) {
    for (let j = 0; j < RADIAL; j++) {
      const a = i * (RADIAL + 1) + j;
      const b = (i + 1) * (RADIAL + 1) + j;
      indices.set([a, b, a + 1, b, b + 1, a + 1], o);
      o += 6;
    }
  }
  return { positions, normals, uvs, indices };
}

/** A 256x256 PNG: a checker of four colours with a light border per cell, so the uvs show in a screenshot. */
async function texturePng(): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(TEXTURE, TEXTURE);
  const context = canvas.getContext('2d')!;
  const colours = ['#d46a48', '#e2b25a', '#6094aa', '#8fbf6a'];
  const cell = TEXTURE / 8;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      context.fillStyle = '#f4efe6';
      context.fillRect(x * cell, y * cell, cell, cell);
      context.fillStyle = colours[(x + y * 3) % colours.length]!;
      context.fillRect(x * cell + 2, y * cell + 2, cell - 4, cell - 4);
    }
  }
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/** A `size`² image of the same checker scaled up, with a fine grid so that every mip level differs. */
async function largeImage(size: number, type: 'image/png' | 'image/jpeg', tint: string): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  context.drawImage(await createImageBitmap(new Blob([(await texturePng()) as Uint8Array<ArrayBuffer>])), 0, 0, size, size);
  context.fillStyle = tint;
  for (let i = 0; i < size; i += 16) {
    context.fillRect(i, 0, 1, size);
    context.fillRect(0, i, size, 1);
  }
  return new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.85 })).arrayBuffer());
}

/** Writes the model: plain, with EXT_meshopt_compression, with KHR_draco_mesh_compression, plain with five large textures, plain with a KTX2 texture. */
export async function makeBenchModel(): Promise<BenchModelFiles> {
  const knot = torusKnot();
  const doc = new Document();
  const buffer = doc.createBuffer();
  const material = doc.createMaterial('checker').setRoughnessFactor(0.6).setMetallicFactor(0)
    .setBaseColorTexture(doc.createTexture('checker').setImage(await texturePng()).setMimeType('image/png'));
  const accessor = (type: 'VEC3' | 'VEC2' | 'SCALAR', array: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>) =>
    doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', knot.positions))
    .setAttribute('NORMAL', accessor('VEC3', knot.normals))
    .setAttribute('TEXCOORD_0', accessor('VEC2', knot.uvs))
    .setIndices(accessor('SCALAR', knot.indices))
    .setMaterial(material);
  doc.createScene('knot').addChild(doc.createNode('knot').setMesh(doc.createMesh('knot').addPrimitive(primitive)));
  const io = new WebIO().registerExtensions([EXTMeshoptCompression]);
  const plain = await io.writeBinary(doc);
  await MeshoptEncoder.ready;
  io.registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
  doc.createExtension(EXTMeshoptCompression).setRequired(true)
    .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
  const meshopt = await io.writeBinary(doc);
  doc.getRoot().listExtensionsUsed().forEach((extension) => extension.dispose());
  io.registerExtensions([KHRDracoMeshCompression]).registerDependencies({ 'draco3d.encoder': await createDracoEncoder() });
  doc.createExtension(KHRDracoMeshCompression).setRequired(true);
  const draco = await io.writeBinary(doc);
  doc.getRoot().listExtensionsUsed().forEach((extension) => extension.dispose());
  const [base, metalRough, normal, occlusion, emissive] = await Promise.all([
    largeImage(LARGE_TEXTURE, 'image/jpeg', 'rgba(0, 0, 0, 0.3)'),
    largeImage(LARGE_TEXTURE, 'image/png', 'rgba(0, 255, 0, 0.5)'),
    largeImage(LARGE_TEXTURE, 'image/png', 'rgba(128, 128, 255, 0.5)'),
    largeImage(LARGE_TEXTURE, 'image/png', 'rgba(255, 255, 255, 0.5)'),
    largeImage(LARGE_TEXTURE, 'image/jpeg', 'rgba(0, 0, 0, 0.9)'),
  ]);
  const texture = (name: string, bytes: Uint8Array, type: string) => doc.createTexture(name).setImage(bytes).setMimeType(type);
  material.setBaseColorTexture(texture('base', base, 'image/jpeg'))
    .setMetallicRoughnessTexture(texture('metalRough', metalRough, 'image/png'))
    .setNormalTexture(texture('normal', normal, 'image/png'))
    .setOcclusionTexture(texture('occlusion', occlusion, 'image/png'))
    .setEmissiveTexture(texture('emissive', emissive, 'image/jpeg'))
    .setEmissiveFactor([0.2, 0.2, 0.2]);
  const textured = await new WebIO().writeBinary(doc);
  for (const old of doc.getRoot().listTextures()) old.dispose();
  material.setEmissiveFactor([0, 0, 0])
    .setBaseColorTexture(texture('checker', await ktx2Image(await texturePng(), 'etc1s'), 'image/ktx2'));
  doc.createExtension(KHRTextureBasisu).setRequired(true);
  const ktx2 = await new WebIO().registerExtensions([KHRTextureBasisu]).writeBinary(doc);
  return { plain, meshopt, draco, textured, ktx2 };
}
