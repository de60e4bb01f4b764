// Makes the demo's model files: a torus knot with a tiled colour texture and a matching normal map, written as
// a plain GLB, as an EXT_meshopt_compression GLB, as a KHR_draco_mesh_compression GLB and, with its textures as
// KTX2 (UASTC, by the ktx2-encoder package's Basis Universal encoder), as a KHR_texture_basisu GLB.
// Run: node demo/models/make-demo-model.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { Document, NodeIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRDracoMeshCompression, KHRTextureBasisu } from '@gltf-transform/extensions';
import { encodeToKTX2 } from 'ktx2-encoder';
import draco3d from 'draco3d';
import { MeshoptEncoder } from 'meshoptimizer/encoder';

const here = new URL('.', import.meta.url);
const TUBULAR = 256;
const RADIAL = 32;
const TEXTURE = 256;

/** A minimal PNG encoder for 8-bit RGBA. */
function png(width, height, rgba) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Tiles: a height field with grooves between tiles, coloured tiles and the normals of the height field. */
function textures() {
  const tiles = 8;
  const height = (x, y) => {
    const u = ((x / TEXTURE) * tiles) % 1;
    const v = ((y / TEXTURE) * tiles * 2) % 1;
    const edge = Math.min(u, 1 - u, v * 0.5, (1 - v) * 0.5);
    return Math.min(1, edge * 14);
  };
  const color = new Uint8Array(TEXTURE * TEXTURE * 4);
  const normal = new Uint8Array(TEXTURE * TEXTURE * 4);
  for (let y = 0; y < TEXTURE; y++) {
    for (let x = 0; x < TEXTURE; x++) {
      const o = (y * TEXTURE + x) * 4;
      const tile = Math.floor((x / TEXTURE) * tiles) + Math.floor((y / TEXTURE) * tiles * 2) * 7;
      const h = height(x, y);
      const warm = (tile * 37) % 3;
      const base = [[212, 106, 72], [226, 178, 90], [96, 148, 170]][warm];
      const shade = 0.55 + 0.45 * h;
      color.set([base[0] * shade, base[1] * shade, base[2] * shade, 255], o);
      const dx = height((x + 1) % TEXTURE, y) - height((x + TEXTURE - 1) % TEXTURE, y);
      const dy = height(x, (y + 1) % TEXTURE) - height(x, (y + TEXTURE - 1) % TEXTURE);
      const n = [-dx * 2, dy * 2, 1];
      const length = Math.hypot(...n);
      normal.set([(n[0] / length) * 127.5 + 127.5, (n[1] / length) * 127.5 + 127.5, (n[2] / length) * 127.5 + 127.5, 255], o);
    }
  }
  return { color: png(TEXTURE, TEXTURE, color), normal: png(TEXTURE, TEXTURE, normal), colorPixels: color, normalPixels: normal };
}

/** A (2, 3) torus knot tube with normals and uvs. */
function torusKnot() {
  const p = 2;
  const q = 3;
  const tube = 0.14;
  const curve = (t) => {
    const r = 0.5 * (2 + Math.cos((q * t)));
    return [r * Math.cos(p * t) * 0.5, r * Math.sin(p * t) * 0.5, Math.sin(q * t) * 0.25];
  };
  const positions = [];
  const normals = [];
  const uvs = [];
  for (let i = 0; i <= TUBULAR; i++) {
    const t = (i / TUBULAR) * Math.PI * 2;
    const c = curve(t);
    const next = curve(t + 0.01);
    const tangent = next.map((v, k) => v - c[k]);
    const sum = next.map((v, k) => v + c[k]);
    let b = [tangent[1] * sum[2] - tangent[2] * sum[1], tangent[2] * sum[0] - tangent[0] * sum[2], tangent[0] * sum[1] - tangent[1] * sum[0]];
    let n = [b[1] * tangent[2] - b[2] * tangent[1], b[2] * tangent[0] - b[0] * tangent[2], b[0] * tangent[1] - b[1] * tangent[0]];
    const bl = Math.hypot(...b);
    const nl = Math.hypot(...n);
    b = b.map((v) => v / bl);
    n = n.map((v) => v / nl);
    for (let j = 0; j <= RADIAL; j++) {
      const a = (j / RADIAL) * Math.PI * 2;
      const cx = -tube * Math.cos(a);
      const cy = tube * Math.sin(a);
      const normal = [0, 1, 2].map((k) => cx * n[k] + cy * b[k]);
      positions.push(...[0, 1, 2].map((k) => c[k] + normal[k]));
      const length = Math.hypot(...normal);
      normals.push(...normal.map((v) => v / length));
      uvs.push((i / TUBULAR) * 8, j / RADIAL);
    }
  }
  const indices = [];
  for (let i = 0; i < TUBULAR; i++) {
    for (let j = 0; j < RADIAL; j++) {
      const a = i * (RADIAL + 1) + j;
      const b = (i + 1) * (RADIAL + 1) + j;
      indices.push(a, b, a + 1, b, b + 1, a + 1);
    }
  }
  return { positions: new Float32Array(positions), normals: new Float32Array(normals), uvs: new Float32Array(uvs), indices: new Uint32Array(indices) };
}

const doc = new Document();
const buffer = doc.createBuffer();
const knot = torusKnot();
const images = textures();
const material = doc.createMaterial('tiles').setRoughnessFactor(0.55).setMetallicFactor(0)
  .setBaseColorTexture(doc.createTexture('tiles-colour').setImage(images.color).setMimeType('image/png'))
  .setNormalTexture(doc.createTexture('tiles-normal').setImage(images.normal).setMimeType('image/png'));
const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
const primitive = doc.createPrimitive()
  .setAttribute('POSITION', accessor('VEC3', knot.positions))
  .setAttribute('NORMAL', accessor('VEC3', knot.normals))
  .setAttribute('TEXCOORD_0', accessor('VEC2', knot.uvs))
  .setIndices(accessor('SCALAR', knot.indices))
  .setMaterial(material);
doc.createScene('knot').addChild(doc.createNode('knot').setMesh(doc.createMesh('knot').addPrimitive(primitive)).setRotation([-0.7071, 0, 0, 0.7071]));

const io = new NodeIO().registerExtensions([EXTMeshoptCompression]);
const plain = await io.writeBinary(doc);
await MeshoptEncoder.ready;
io.registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
const meshopt = doc.createExtension(EXTMeshoptCompression).setRequired(true).setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
const packed = await io.writeBinary(doc);
meshopt.dispose();
io.registerExtensions([KHRDracoMeshCompression]).registerDependencies({ 'draco3d.encoder': await draco3d.createEncoderModule() });
doc.createExtension(KHRDracoMeshCompression).setRequired(true);
writeFileSync(new URL('knot-draco.glb', here), await io.writeBinary(doc));
writeFileSync(new URL('knot.glb', here), plain);
// The plain knot with its two textures as KTX2 files (the colour one sRGB, the normal map linear).
const ktx2 = (pixels, srgb) => encodeToKTX2(new Uint8Array(0), {
  isUASTC: true, generateMipmap: true, needSupercompression: true, isPerceptual: srgb, isSetKTX2SRGBTransferFunc: srgb,
  isNormalMap: !srgb, imageDecoder: async () => ({ width: TEXTURE, height: TEXTURE, data: pixels }),
});
const basisDoc = await new NodeIO().readBinary(plain);
basisDoc.createExtension(KHRTextureBasisu).setRequired(true);
for (const texture of basisDoc.getRoot().listTextures()) {
  const colour = texture.getName() === 'tiles-colour';
  texture.setImage(await ktx2(colour ? images.colorPixels : images.normalPixels, colour)).setMimeType('image/ktx2');
}
writeFileSync(new URL('knot-ktx2.glb', here), await new NodeIO().registerExtensions([KHRTextureBasisu]).writeBinary(basisDoc));
writeFileSync(new URL('knot-meshopt.glb', here), packed);
const geometryBytes = knot.positions.byteLength + knot.normals.byteLength + knot.uvs.byteLength + knot.indices.byteLength;
console.log(`knot.glb ${plain.byteLength} B, knot-meshopt.glb ${packed.byteLength} B (${(100 - (packed.byteLength / plain.byteLength) * 100).toFixed(1)}% smaller; `
  + `geometry ${geometryBytes} B of it, textures ${images.color.length + images.normal.length} B)`);
