import { mat4 } from 'gl-matrix';
import { assert, assertClose } from '../assert.js';
import { memoryWith } from '../helpers/side-module.js';
import { Random } from '../helpers/random.js';
import { referenceRaycast, type ReferenceObject } from '../reference/ray-triangle.js';
import { ObjectSlot, readFlagBits } from '../../src/engine/object-slot.js';
import { ScenePicker } from '../../src/engine/picking/scene-picker.js';
import { pickingKernels } from '../../src/wasm/picking-kernels.js';
import { Camera } from '../../src/engine/camera.js';
import { GEOMETRIES } from '../../src/gpu/frame-input.js';
import { buildGeometry } from '../../src/gpu/geometry.js';
import { geometryBounds } from '../../src/engine/geometry-bounds.js';
import type { Walloc } from '../../src/memory/walloc.js';
import { frameKernels } from '../../src/wasm/frame-kernels.js';

interface Scene {
  walloc: Walloc;
  picker: ScenePicker;
  owners: Element[];
  objects: ReferenceObject[];
}

/** `count` random built-in meshes (random geometry, position, rotation, non-uniform scale), some hidden or unpickable. */
async function randomScene(random: Random, count: number): Promise<Scene> {
  const { walloc, kernels } = await memoryWith(frameKernels);
  const bits = readFlagBits(walloc);
  const camera = new Camera();
  const owners: Element[] = [];
  const slots: { object: ObjectSlot; geometry: number; pickable: boolean; visible: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const object = new ObjectSlot(walloc, bits, walloc.core.slotAlloc() >>> 0, () => undefined);
    const geometry = random.int(0, GEOMETRIES.length - 1);
    object.setGeometry(GEOMETRIES[geometry]!, geometryBounds(GEOMETRIES[geometry]!));
    object.setPosition(random.range(-6, 6), random.range(-6, 6), random.range(-6, 6));
    object.setRotation(...random.quaternion());
    object.setScale(random.range(0.3, 2), random.range(0.3, 2), random.range(0.3, 2));
    const pickable = random.next() > 0.1;
    const visible = random.next() > 0.1;
    object.setPickable(pickable);
    object.setVisible(visible);
    const owner = document.createElement('i');
    owner.dataset['slot'] = String(object.slot);
    owners[object.slot] = owner;
    slots.push({ object, geometry, pickable, visible });
  }
  walloc.frameBegin();
  kernels.updateTransforms(1);
  const world = walloc.columns.float.world;
  const objects: ReferenceObject[] = slots
    .filter((s) => s.pickable && s.visible)
    .map((s) => {
      const data = buildGeometry(GEOMETRIES[s.geometry]!);
      return { id: s.object.slot, matrix: Array.from(world.subarray(s.object.slot * 16, s.object.slot * 16 + 16)), vertices: data.vertices, indices: data.indices };
    });
  const picker = new ScenePicker(walloc, await pickingKernels(walloc), camera, {
    ownerOf: (slot) => owners[slot],
    modelToken: () => 0,
    modelGeometry: () => null,
  });
  return { walloc, picker, owners, objects };
}

function randomRay(random: Random): { origin: number[]; direction: number[] } {
  const origin = [random.range(-15, 15), random.range(-15, 15), random.range(-15, 15)];
  const aim = [random.range(-6, 6), random.range(-6, 6), random.range(-6, 6)];
  return { origin, direction: aim.map((a, k) => a - origin[k]!) };
}

describe('picking kernels', () => {
  it('find the same nearest hit as a plain ray–triangle reference on 1,000 seeded random rays', async () => {
    const random = new Random();
    const scene = await randomScene(random, 60);
    let hits = 0;
    for (let i = 0; i < 1000; i++) {
      const { origin, direction } = randomRay(random);
      const expected = referenceRaycast(scene.objects, origin, direction)[0];
      const got = scene.picker.pickRay(origin, direction);
      const where = `ray ${i}, seed ${random.seed}`;
      if (!expected) {
        assert(got === null, `${where}: hit slot ${got?.element.getAttribute('data-slot')} where the reference hits nothing`);
        continue;
      }
      assert(got !== null, `${where}: missed where the reference hits slot ${expected.id} at ${expected.distance}`);
      hits++;
      assertClose(got.distance, expected.distance, 1e-3 * Math.max(1, expected.distance), `${where}: distance`);
      // Equal distances (a ray through two touching objects) may name either one.
      if (got.element.getAttribute('data-slot') !== String(expected.id)) {
        const other = referenceRaycast(scene.objects, origin, direction).find((h) => String(h.id) === got.element.getAttribute('data-slot'));
        assert(other !== undefined && Math.abs(other.distance - got.distance) < 1e-3 * Math.max(1, got.distance), `${where}: hit slot ${got.element.getAttribute('data-slot')}, reference ${expected.id}`);
      }
      const length = Math.hypot(...direction);
      for (let k = 0; k < 3; k++) assertClose(got.point[k]!, origin[k]! + (direction[k]! / length) * got.distance, 1e-3, `${where}: point`);
      assertClose(Math.hypot(...got.normal), 1, 1e-3, `${where}: normal length`);
    }
    assert(hits > 200, `only ${hits} of 1000 rays hit anything; the scene should be denser (seed ${random.seed})`);
  });

  it('hits along the axes through seams, shared vertices and face centres', async () => {
    const { walloc, kernels } = await memoryWith(frameKernels);
    const bits = readFlagBits(walloc);
    const owners: Element[] = [];
    const objects: ReferenceObject[] = [];
    GEOMETRIES.forEach((name, i) => {
      const object = new ObjectSlot(walloc, bits, walloc.core.slotAlloc() >>> 0, () => undefined);
      object.setGeometry(name, geometryBounds(name));
      object.setPosition(i * 2, 0, 0);
      owners[object.slot] = document.createElement('i');
      const data = buildGeometry(name);
      objects.push({ id: object.slot, matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, i * 2, 0, 0, 1], vertices: data.vertices, indices: data.indices });
    });
    walloc.frameBegin();
    kernels.updateTransforms(1);
    const picker = new ScenePicker(walloc, await pickingKernels(walloc), new Camera(), { ownerOf: (slot) => owners[slot], modelToken: () => 0, modelGeometry: () => null });
    for (const [i] of GEOMETRIES.entries()) {
      // 0.5 runs a box's rays along its edges; on the round shapes it would only graze them.
      for (const offset of GEOMETRIES[i] === 'box' ? [0, 0.25, 0.5] : [0, 0.25]) {
        for (const [origin, direction] of [[[i * 2 + offset, 0, 5], [0, 0, -1]], [[i * 2 + offset, 5, 0], [0, -1, 0]], [[i * 2 + offset, 0, -5], [0, 0, 1]]]) {
          const expected = referenceRaycast(objects, origin!, direction!);
          const got = picker.raycast(origin!, direction!);
          const where = `${GEOMETRIES[i]} from ${origin!.join(' ')} along ${direction!.join(' ')}`;
          assert(got.length === expected.length, `${where}: ${got.length} hits, reference ${expected.length}`);
          for (let k = 0; k < got.length; k++) assertClose(got[k]!.distance, expected[k]!.distance, 1e-4, `${where}: hit ${k}`);
        }
      }
    }
  });

  it('raycast lists every object the reference hits, nearest first, each once', async () => {
    const random = new Random();
    const scene = await randomScene(random, 40);
    for (let i = 0; i < 200; i++) {
      const { origin, direction } = randomRay(random);
      const expected = referenceRaycast(scene.objects, origin, direction);
      const got = scene.picker.raycast(origin, direction);
      const where = `ray ${i}, seed ${random.seed}`;
      assert(got.length === expected.length, `${where}: ${got.length} hits, reference ${expected.length}`);
      for (let k = 0; k < got.length; k++) {
        assertClose(got[k]!.distance, expected[k]!.distance, 1e-3 * Math.max(1, expected[k]!.distance), `${where}: hit ${k}`);
        if (k > 0) assert(got[k]!.distance >= got[k - 1]!.distance, `${where}: not sorted`);
      }
      assert(new Set(got.map((h) => h.element)).size === got.length, `${where}: an element listed twice`);
    }
  });

  it('sends a pointer ray through the point the camera shows at that place', async () => {
    const random = new Random();
    const { walloc, kernels } = await memoryWith(frameKernels);
    const camera = new Camera();
    const bits = readFlagBits(walloc);
    const object = new ObjectSlot(walloc, bits, walloc.core.slotAlloc() >>> 0, () => undefined);
    object.setGeometry('sphere', geometryBounds('sphere'));
    const owner = document.createElement('i');
    const picker = new ScenePicker(walloc, await pickingKernels(walloc), camera, { ownerOf: () => owner, modelToken: () => 0, modelGeometry: () => null });
    for (let round = 0; round < 50; round++) {
      const centre = [random.range(-3, 3), random.range(-3, 3), random.range(-3, 3)];
      object.setPosition(centre[0]!, centre[1]!, centre[2]!);
      walloc.frameBegin();
      kernels.updateTransforms(0);
      camera.position.set([random.range(-8, 8), random.range(-8, 8), random.range(6, 12)]);
      camera.changed();
      camera.update(random.int(50, 400), random.int(50, 400));
      const clip = mat4.multiply(mat4.create(), camera.viewProjection, mat4.fromTranslation(mat4.create(), centre as [number, number, number]));
      const w = clip[15]!;
      const slot = picker.pickPointer(clip[12]! / w, clip[13]! / w);
      const where = `round ${round}, seed ${random.seed}`;
      assert(slot === object.slot, `${where}: the sphere's centre did not pick the sphere`);
      const hit = picker.hit()!;
      const eye = camera.position;
      const toCentre = Math.hypot(centre[0]! - eye[0]!, centre[1]! - eye[1]!, centre[2]! - eye[2]!);
      // The ray starts on the near plane, so the front of the sphere is about (eye → centre) − radius − near away.
      assertClose(hit.distance, toCentre - 0.5 - camera.near, 0.05, `${where}: distance`);
      const clipAway = picker.pickPointer(2, 2);
      assert(clipAway === -1, `${where}: a ray outside the view picked something`);
    }
  });
});
