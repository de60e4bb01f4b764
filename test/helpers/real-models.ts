// Models shaped like the public sample files people try first, made in the tests with @gltf-transform/core:
// a helmet-class model (one mesh, five large textures) and a Sponza-class scene (many materials, each with its
// own texture).
import { Document, WebIO, type Material, type Texture } from '@gltf-transform/core';
import { buildSphere, buildBox, VERTEX_FLOATS, type GeometryData } from '../../src/gpu/geometry.js';

/** An image of `size`² drawn by `paint`, encoded as `type` (image/png or image/jpeg). */
export async function paintedImage(size: number, type: 'image/png' | 'image/jpeg', paint: (context: OffscreenCanvasRenderingContext2D, size: number) => void): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  paint(context, size);
  return new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.9 })).arrayBuffer());
}

/** `cells`×`cells` squares alternating between two colours. */
function checker(a: string, b: string, cells: number) {
  return (context: OffscreenCanvasRenderingContext2D, size: number): void => {
    const cell = size / cells;
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        context.fillStyle = (x + y) % 2 === 0 ? a : b;
        context.fillRect(x * cell, y * cell, cell, cell);
      }
    }
  };
}

function fill(colour: string) {
  return (context: OffscreenCanvasRenderingContext2D, size: number): void => {
    context.fillStyle = colour;
    context.fillRect(0, 0, size, size);
  };
}

function addPrimitive(doc: Document, geometry: GeometryData, material: Material) {
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  const count = geometry.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  const uvs = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    positions.set(geometry.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
    normals.set(geometry.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
    uvs.set(geometry.vertices.subarray(i * VERTEX_FLOATS + 6, i * VERTEX_FLOATS + 8), i * 2);
  }
  return doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
    .setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(uvs).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(geometry.indices)).setBuffer(buffer))
    .setMaterial(material);
}

function texture(doc: Document, name: string, bytes: Uint8Array, mimeType: string): Texture {
  return doc.createTexture(name).setImage(bytes).setMimeType(mimeType);
}

/**
 * A helmet-class GLB: a sphere with five `size`² textures (JPEG base colour checker, PNG metallic-roughness,
 * normal, occlusion and emissive), as DamagedHelmet has.
 */
export async function makeHelmetClass(size = 2048): Promise<Uint8Array> {
  const doc = new Document();
  doc.createBuffer();
  const [base, metalRough, normal, occlusion, emissive] = await Promise.all([
    paintedImage(size, 'image/jpeg', checker('#ffcc00', '#2040ff', 8)),
    paintedImage(size, 'image/png', fill('rgb(255, 140, 0)')),
    paintedImage(size, 'image/png', fill('rgb(128, 128, 255)')),
    paintedImage(size, 'image/png', fill('rgb(255, 255, 255)')),
    paintedImage(size, 'image/png', checker('#000000', '#301000', 8)),
  ]);
  const material = doc.createMaterial('helmet')
    .setBaseColorTexture(texture(doc, 'base', base, 'image/jpeg'))
    .setMetallicRoughnessTexture(texture(doc, 'metalRough', metalRough, 'image/png'))
    .setNormalTexture(texture(doc, 'normal', normal, 'image/png'))
    .setOcclusionTexture(texture(doc, 'occlusion', occlusion, 'image/png'))
    .setEmissiveTexture(texture(doc, 'emissive', emissive, 'image/png'))
    .setEmissiveFactor([1, 1, 1]);
  const mesh = doc.createMesh('helmet').addPrimitive(addPrimitive(doc, buildSphere(48, 24), material));
  doc.createScene('scene').addChild(doc.createNode('helmet').setMesh(mesh));
  return new WebIO().writeBinary(doc);
}

/**
 * A Sponza-class GLB: `count` boxes in a grid on the xy plane (1.1 units apart, centred), each with its own
 * material and its own `size`² PNG base colour texture of a different hue.
 */
export async function makeSponzaClass(count = 52, size = 1024): Promise<Uint8Array> {
  const doc = new Document();
  doc.createBuffer();
  const images = await Promise.all(Array.from({ length: count }, (_, i) =>
    paintedImage(size, 'image/png', checker(`hsl(${(i * 360) / count}, 90%, 55%)`, `hsl(${(i * 360) / count}, 90%, 30%)`, 4))));
  const scene = doc.createScene('scene');
  const box = buildBox();
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  images.forEach((bytes, i) => {
    const material = doc.createMaterial(`material${i}`).setRoughnessFactor(0.7).setMetallicFactor(0)
      .setBaseColorTexture(texture(doc, `texture${i}`, bytes, 'image/png'));
    const mesh = doc.createMesh(`box${i}`).addPrimitive(addPrimitive(doc, box, material));
    scene.addChild(doc.createNode(`box${i}`).setMesh(mesh).setTranslation([1.1 * ((i % columns) - (columns - 1) / 2), 1.1 * ((rows - 1) / 2 - Math.floor(i / columns)), 0]).setScale([0.8, 0.8, 0.8]));
  });
  return new WebIO().writeBinary(doc);
}
