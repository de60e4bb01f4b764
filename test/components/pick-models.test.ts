import { Document, WebIO } from '@gltf-transform/core';
import { assert, assertClose } from '../assert.js';
import { frames, mountScene, unmountAll } from '../helpers/scene.js';
import { serve } from '../helpers/models.js';
import { buildGeometry, VERTEX_FLOATS } from '../../src/gpu/geometry.js';

/** A GLB with two boxes: node "Lid" (material "Red lacquer") above node "Base" (material "Oak"). */
async function twoPartModel(): Promise<Uint8Array> {
  const box = buildGeometry('box');
  const count = box.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    positions.set(box.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
    normals.set(box.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
  }
  const doc = new Document();
  const buffer = doc.createBuffer();
  const part = (name: string, material: string, y: number) => {
    const primitive = doc.createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
      .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(box.indices)).setBuffer(buffer))
      .setMaterial(doc.createMaterial(material));
    return doc.createNode(name).setMesh(doc.createMesh(name).addPrimitive(primitive)).setTranslation([0, y, 0]).setScale([1, 0.5, 1]);
  };
  doc.createScene('scene').addChild(part('Lid', 'Red lacquer', 0.25)).addChild(part('Base', 'Oak', -0.25));
  return new WebIO().writeBinary(doc);
}

describe('picking models', () => {
  afterEach(unmountAll);

  it('names the glTF node and material of the part under the pointer', async () => {
    const url = serve(await twoPartModel());
    try {
      const scene = await mountScene(`<layerw-scene camera-position="0 0 5" camera-target="0 0 0">
        <layerw-mesh id="model" src="${url}" position="0.5 0 0" rotation="0 30 0"></layerw-mesh>
      </layerw-scene>`, 120, 120);
      const mesh = scene.querySelector('#model')!;
      await new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
      await frames(2);
      let lid = scene.raycast([0.5, 0.25, 5], [0, 0, -1])[0];
      for (let i = 0; i < 100 && !lid; i++) {
        await frames(1);
        lid = scene.raycast([0.5, 0.25, 5], [0, 0, -1])[0];
      }
      assert(lid !== undefined && lid.element === mesh, 'the ray hits the model');
      assert(lid.node === 'Lid' && lid.material === 'Red lacquer', `lid hit: ${lid.node} / ${lid.material}`);
      const base = scene.raycast([0.5, -0.25, 5], [0, 0, -1])[0]!;
      assert(base.node === 'Base' && base.material === 'Oak', `base hit: ${base.node} / ${base.material}`);
      // The box turned 30° about y: its front faces are no longer at z = 0.5, and the normal turns with it.
      assertClose(base.normal[0], Math.sin(Math.PI / 6), 1e-3, 'normal x of the turned face');
      assertClose(base.normal[2], Math.cos(Math.PI / 6), 1e-3, 'normal z of the turned face');
      assert(scene.raycast([0.5, 0.6, 5], [0, 0, -1]).length === 0, 'above the model nothing is hit');
    } finally {
      URL.revokeObjectURL(url);
    }
  });
});
