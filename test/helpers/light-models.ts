// glTF models with KHR_lights_punctual lights, made with @gltf-transform, and the <layerw-light> markup that
// should light a scene the same way.
import { Document, WebIO, type Node } from '@gltf-transform/core';
import { KHRLightsPunctual } from '@gltf-transform/extensions';
import { buildGeometry } from '../../src/gpu/geometry.js';
import { VERTEX_FLOATS } from '../../src/gpu/geometry.js';

/** One light of a test model: where its node is (model space, under a parent at `PARENT_OFFSET`) and what it is. */
export interface TestLight {
  type: 'point' | 'spot' | 'directional';
  /** Node translation relative to its parent node. */
  translation: [number, number, number];
  /** Turn the node so the light (which shines down the node's -Z) shines straight down. */
  down?: boolean;
  color: [number, number, number];
  intensity: number;
  range?: number;
  innerCone?: number;
  outerCone?: number;
}

/** Every light node hangs under a parent node translated by this, so the node hierarchy is part of each test. */
export const PARENT_OFFSET: [number, number, number] = [0, 0.2, 0];

/** Rotation (xyzw) that turns a node's -Z straight down: -90° about X. */
const POINT_DOWN: [number, number, number, number] = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2];

/** The two lights of the tests: a white point light and a cyan spot light with glTF's inner and outer cones. */
export const POINT_AND_SPOT: readonly TestLight[] = [
  { type: 'point', translation: [-0.6, 0.6, 0.2], color: [1, 1, 1], intensity: 0.8, range: 4 },
  // Inner cone at 0.8 of the outer, as <layerw-light>'s spot has it, so the two can be compared.
  { type: 'spot', translation: [0.6, 0.8, -0.2], down: true, color: [0, 1, 1], intensity: 2, innerCone: 0.4, outerCone: 0.5 },
];

/** A GLB with a grey plane (`planeScale` across, facing +Y) and `lights`, each on its own node under one parent node. */
export async function makeLitModel(lights: readonly TestLight[], planeScale = 3): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const built = buildGeometry('plane');
  const count = built.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    positions.set(built.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
    normals.set(built.vertices.subarray(i * VERTEX_FLOATS + 3, i * VERTEX_FLOATS + 6), i * 3);
  }
  const material = doc.createMaterial('grey').setBaseColorFactor([0.8, 0.8, 0.8, 1]).setMetallicFactor(0).setRoughnessFactor(0.9);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(built.indices)).setBuffer(buffer))
    .setMaterial(material);
  const meshNode = doc.createNode('surface').setMesh(doc.createMesh('surface').addPrimitive(primitive));
  meshNode.setScale([planeScale, 1, planeScale]);
  const scene = doc.createScene('scene').addChild(meshNode);
  if (lights.length > 0) {
    const extension = doc.createExtension(KHRLightsPunctual);
    const parent: Node = doc.createNode('lights').setTranslation(PARENT_OFFSET);
    scene.addChild(parent);
    lights.forEach((light, i) => {
      const made = extension.createLight(`light${i}`).setType(light.type).setColor(light.color).setIntensity(light.intensity);
      if (light.range !== undefined) made.setRange(light.range);
      if (light.type === 'spot') made.setInnerConeAngle(light.innerCone ?? 0).setOuterConeAngle(light.outerCone ?? Math.PI / 4);
      const node = doc.createNode(`light${i}`).setTranslation(light.translation).setExtension('KHR_lights_punctual', made);
      if (light.down) node.setRotation(POINT_DOWN);
      parent.addChild(node);
    });
  }
  return new WebIO().registerExtensions([KHRLightsPunctual]).writeBinary(doc);
}

/** A linear colour with 0 or 1 components as a CSS hex colour (these convert between sRGB and linear exactly). */
function hex(color: readonly number[]): string {
  return `#${color.map((c) => (c >= 1 ? 'ff' : '00')).join('')}`;
}

/**
 * `<layerw-light>` markup equal to `lights` in a model shown at `meshPosition` (no rotation or scale): the
 * same glTF units, world positions and directions, cones as full angles in degrees.
 */
export function pageLights(lights: readonly TestLight[], meshPosition: readonly number[]): string {
  return lights.map((light) => {
    const p = light.translation.map((v, i) => v + PARENT_OFFSET[i]! + meshPosition[i]!);
    const attributes = [
      `type="${light.type}"`, `color="${hex(light.color)}"`, `intensity="${light.intensity}"`, `position="${p.join(' ')}"`,
      `direction="${light.down ? '0 -1 0' : '0 0 -1'}"`, `range="${light.range ?? 0}"`,
    ];
    if (light.type === 'spot') attributes.push(`angle="${(2 * (light.outerCone ?? Math.PI / 4) * 180) / Math.PI}"`);
    return `<layerw-light ${attributes.join(' ')}></layerw-light>`;
  }).join('\n');
}
