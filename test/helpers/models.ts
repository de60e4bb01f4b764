/* eslint-disable @typescript-eslint/no-explicit-any -- makeLodModel edits raw glTF JSON */
// glTF models made in the tests with @gltf-transform/core, served to elements through blob: URLs.
import { Document, WebIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, EXTTextureAVIF, EXTTextureWebP, KHRDracoMeshCompression, KHRTextureBasisu } from '@gltf-transform/extensions';
import createDracoEncoder from '../../build/draco-encoder.js';
import { MeshoptEncoder } from 'meshoptimizer/encoder';
import { buildGeometry, buildSphere } from '../../src/gpu/geometry.js';
import { VERTEX_FLOATS } from '../../src/gpu/geometry.js';
import { makeGlb, splitGlb } from '../assets/glb-builder.js';

export interface ModelOptions {
  /** Built-in shape used as the model's mesh. */
  shape?: 'box' | 'sphere' | 'plane';
  /** Linear base colour factor. */
  color?: [number, number, number, number];
  baseColorPng?: Uint8Array;
  /**
   * The type of `baseColorPng` when it is not a PNG: WebP and AVIF go into EXT_texture_webp / EXT_texture_avif,
   * KTX2 into KHR_texture_basisu.
   */
  baseColorType?: 'image/webp' | 'image/avif' | 'image/ktx2';
  normalPng?: Uint8Array;
  /** The type of `normalPng` when it is a KTX2 file (KHR_texture_basisu). */
  normalType?: 'image/ktx2';
  alphaMode?: 'OPAQUE' | 'MASK' | 'BLEND';
  alphaCutoff?: number;
  metallic?: number;
  roughness?: number;
  /** Sphere segments (radial, rings), for models of a chosen size. */
  segments?: [number, number];
  /**
   * Give the mesh a second UV set and sample the base colour texture through it; the first set is then all
   * zeros, so a renderer that ignored the second set would draw one texel's colour everywhere.
   */
  baseColorOnSecondUvSet?: boolean;
  /** Compress the geometry with EXT_meshopt_compression. */
  meshopt?: boolean;
  /** Compress the geometry with KHR_draco_mesh_compression. */
  draco?: boolean;
  /** Translation of the node holding the mesh. */
  nodeTranslation?: [number, number, number];
  /** Give the mesh a COLOR_0 attribute (VEC3 float): each vertex's colour from its position. */
  vertexColors?: (x: number, y: number, z: number) => [number, number, number];
}

/** A GLB file with one mesh, one material and optional textures. */
export async function makeModel(options: ModelOptions = {}): Promise<Uint8Array> {
  const built = options.segments ? buildSphere(options.segments[0], options.segments[1]) : buildGeometry(options.shape ?? 'box');
  const count = built.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  const uvs = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    positions.set(built.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
    normals.set(built.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
    uvs.set(built.vertices.subarray(i * VERTEX_FLOATS + 6, i * VERTEX_FLOATS + 8), i * 2);
  }
  const doc = new Document();
  const buffer = doc.createBuffer();
  const material = doc.createMaterial('material')
    .setBaseColorFactor(options.color ?? [1, 1, 1, 1])
    .setMetallicFactor(options.metallic ?? 0)
    .setRoughnessFactor(options.roughness ?? 0.6)
    .setAlphaMode(options.alphaMode ?? 'OPAQUE')
    .setAlphaCutoff(options.alphaCutoff ?? 0.5);
  if (options.baseColorPng) {
    material.setBaseColorTexture(doc.createTexture('base').setImage(options.baseColorPng).setMimeType(options.baseColorType ?? 'image/png'));
    if (options.baseColorType === 'image/webp') doc.createExtension(EXTTextureWebP).setRequired(true);
    if (options.baseColorType === 'image/avif') doc.createExtension(EXTTextureAVIF).setRequired(true);
  }
  if (options.normalPng) {
    material.setNormalTexture(doc.createTexture('normal').setImage(options.normalPng).setMimeType(options.normalType ?? 'image/png'));
  }
  if (options.baseColorType === 'image/ktx2' || options.normalType === 'image/ktx2') doc.createExtension(KHRTextureBasisu).setRequired(true);
  const second = options.baseColorOnSecondUvSet === true;
  if (second) material.getBaseColorTextureInfo()?.setTexCoord(1);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
    .setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(second ? new Float32Array(uvs.length) : uvs).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(built.indices)).setBuffer(buffer))
    .setMaterial(material);
  if (second) primitive.setAttribute('TEXCOORD_1', doc.createAccessor().setType('VEC2').setArray(uvs).setBuffer(buffer));
  if (options.vertexColors) {
    const colors = new Float32Array(count * 3);
    for (let i = 0; i < count; i++) colors.set(options.vertexColors(positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!), i * 3);
    primitive.setAttribute('COLOR_0', doc.createAccessor().setType('VEC3').setArray(colors).setBuffer(buffer));
  }
  const node = doc.createNode('node').setMesh(doc.createMesh('mesh').addPrimitive(primitive));
  if (options.nodeTranslation) node.setTranslation(options.nodeTranslation);
  doc.createScene('scene').addChild(node);
  const io = new WebIO().registerExtensions([EXTMeshoptCompression, KHRDracoMeshCompression, EXTTextureWebP, EXTTextureAVIF, KHRTextureBasisu]);
  if (options.meshopt) {
    await MeshoptEncoder.ready;
    io.registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
    doc.createExtension(EXTMeshoptCompression).setRequired(true);
  }
  if (options.draco) {
    io.registerDependencies({ 'draco3d.encoder': await createDracoEncoder() });
    doc.createExtension(KHRDracoMeshCompression).setRequired(true);
  }
  return io.writeBinary(doc);
}

/** A blob: URL serving `bytes`; revoke it with URL.revokeObjectURL when done. */
export function serve(bytes: Uint8Array, type = 'model/gltf-binary'): string {
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

/** Pixels of each colour of the yellow (#ffcc00) and blue (#2040ff) checker the textured tests draw, as lit. */
export function checkerPixels(image: { data: Uint8Array }): { yellow: number; blue: number } {
  let yellow = 0;
  let blue = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (r > 120 && g > 90 && b < 60) yellow++;
    if (b > 120 && r < 80) blue++;
  }
  return { yellow, blue };
}

/** A PNG of `size`×`size` squares alternating between two RGBA colours (4×4 squares). */
export async function checkerPng(size: number, a: string, b: string): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  const cell = size / 4;
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) {
      context.fillStyle = (x + y) % 2 === 0 ? a : b;
      context.fillRect(x * cell, y * cell, cell, cell);
    }
  }
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/** The checker of `checkerPng` encoded as WebP (by the browser) or AVIF (by the @jsquash/avif encoder). */
export async function checkerImage(size: number, a: string, b: string, type: 'image/webp' | 'image/avif'): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  context.drawImage(await createImageBitmap(new Blob([(await checkerPng(size, a, b)) as Uint8Array<ArrayBuffer>])), 0, 0);
  if (type === 'image/webp') return new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.95 })).arrayBuffer());
  const { encode } = await import('@jsquash/avif');
  return new Uint8Array(await encode(context.getImageData(0, 0, size, size), { quality: 90 }));
}

/**
 * A PNG encoded as a KTX2 file (Basis Universal, by the ktx2-encoder package's WebAssembly build of Binomial's
 * encoder): UASTC (Zstandard-supercompressed) or ETC1S (BasisLZ), with a full mip chain unless `mipmaps` is false.
 * `srgb` marks colour data (base colour), false for data such as normal maps.
 */
export async function ktx2Image(png: Uint8Array, mode: 'uastc' | 'etc1s', options: { mipmaps?: boolean; srgb?: boolean } = {}): Promise<Uint8Array> {
  const { encodeToKTX2 } = await import('ktx2-encoder');
  const srgb = options.srgb ?? true;
  return encodeToKTX2(png, {
    isUASTC: mode === 'uastc',
    generateMipmap: options.mipmaps ?? true,
    needSupercompression: mode === 'uastc',
    isPerceptual: srgb,
    isSetKTX2SRGBTransferFunc: srgb,
    qualityLevel: 255,
    uastcLDRQualityLevel: 2,
    imageDecoder: rgbaPixels,
  });
}

/** The RGBA8 pixels of an encoded image, through a 2D canvas. */
async function rgbaPixels(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8Array }> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  return { width: bitmap.width, height: bitmap.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** A tangent-space normal map of horizontal ridges: normals tilt up and down along v. */
export async function ridgesNormalPng(size: number): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(size, size);
  for (let y = 0; y < size; y++) {
    const tilt = Math.sin((y / size) * Math.PI * 8) * 0.8;
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      const nz = Math.sqrt(1 - tilt * tilt);
      image.data[o] = 128;
      image.data[o + 1] = Math.round((tilt * 0.5 + 0.5) * 255);
      image.data[o + 2] = Math.round((nz * 0.5 + 0.5) * 255);
      image.data[o + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/**
 * A model with two levels of detail (MSFT_lod): a red box close up, a green box below `coverage` screen
 * coverage (MSFT_screencoverage), built with @gltf-transform and then given the extension by hand.
 */
export async function makeLodModel(coverage: number): Promise<Uint8Array> {
  const [fine, coarse] = await Promise.all([makeModel({ color: [1, 0, 0, 1] }), makeModel({ color: [0, 1, 0, 1] })]);
  const a = splitGlb(fine);
  const b = splitGlb(coarse);
  // Merge b into a: its buffer views, accessors, meshes, materials and nodes go after a's.
  const json = a.json as Record<string, any[]> & Record<string, unknown>;
  const other = b.json as Record<string, any[]>;
  const binA = a.bin!;
  const shift = Math.ceil(binA.byteLength / 4) * 4;
  const bin = new Uint8Array(shift + b.bin!.byteLength);
  bin.set(binA);
  bin.set(b.bin!, shift);
  const views = json['bufferViews']!.length;
  const accessors = json['accessors']!.length;
  const materials = json['materials']!.length;
  const meshes = json['meshes']!.length;
  json['bufferViews']!.push(...other['bufferViews']!.map((v) => ({ ...v, byteOffset: (v.byteOffset ?? 0) + shift })));
  json['accessors']!.push(...other['accessors']!.map((x) => ({ ...x, bufferView: x.bufferView + views })));
  json['materials']!.push(...other['materials']!);
  json['meshes']!.push(...other['meshes']!.map((m) => ({
    ...m,
    primitives: m.primitives.map((p: any) => ({
      ...p,
      indices: p.indices + accessors,
      material: p.material + materials,
      attributes: Object.fromEntries(Object.entries(p.attributes as Record<string, number>).map(([k, v]) => [k, v + accessors])),
    })),
  })));
  json['nodes']!.push({ mesh: meshes });
  json['nodes']![0] = { ...json['nodes']![0], extensions: { MSFT_lod: { ids: [json['nodes']!.length - 1] } }, extras: { MSFT_screencoverage: [coverage, 0] } };
  (json as Record<string, unknown>)['extensionsUsed'] = ['MSFT_lod'];
  (json['buffers'] as { byteLength: number }[])[0]!.byteLength = bin.byteLength;
  return makeGlb(json, bin);
}
