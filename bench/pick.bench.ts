// Picking. (1) One pick under the pointer among 10k and 100k boxes and tori spread over the view. Subject: the
// scene's picker (pointer ray, the SIMD pass over the world-sphere columns, triangles through a hierarchy per
// geometry) over the real columns of a Walloc, returning the hit as `scene.pick` does. Peer: three.js
// `Raycaster.intersectObjects` over the same objects as one Mesh each, built from LayerW's own triangles so
// both test the same surfaces. (2) Main-thread time of a frame of a 10k-mesh `<layerw-scene>` while the
// pointer moves over it, with a `pointerenter` listener on every mesh against none.

import {
  BufferAttribute, BufferGeometry, Mesh, MeshBasicMaterial, PerspectiveCamera, Raycaster, Vector2,
} from 'three';
import { Walloc } from '../src/memory/walloc.js';
import { Camera } from '../src/engine/camera.js';
import { ObjectSlot, readFlagBits } from '../src/engine/object-slot.js';
import { ScenePicker } from '../src/engine/picking/scene-picker.js';
import { pickingKernels } from '../src/wasm/picking-kernels.js';
import { geometryBounds } from '../src/engine/geometry-bounds.js';
import { buildGeometry, VERTEX_FLOATS } from '../src/gpu/geometry.js';
import '../src/index.js';
import type { LayerWScene } from '../components/layerw-scene.js';
import { Random } from '../test/helpers/random.js';
import { compare, log, median, pairRows, type BenchRow, type Contender, type Settings } from './harness.js';
import { frameKernels } from '../src/wasm/frame-kernels.js';

const SIZES = [10_000, 100_000];
const SEED = 0x9_1c4e;
const RAYS = 64;
const SUBJECT = 'layerw pick';
const PEER = 'three.js Raycaster.intersectObjects';
const BUDGET = 'budget 1 ms';
const FOV = 50;
const EYE = 40;
const SHAPES = ['box', 'torus'] as const;

interface Placed {
  shape: (typeof SHAPES)[number];
  position: [number, number, number];
  rotation: [number, number, number, number];
  scale: number;
}

/** Boxes and tori alternately, spread over the view (each inside the frustum), at depths 20 … 100 from the eye. */
function place(count: number, random: Random): Placed[] {
  const slope = Math.tan((FOV * Math.PI) / 360);
  const placed: Placed[] = [];
  for (let i = 0; i < count; i++) {
    const z = random.range(-60, 20);
    const half = (EYE - z) * slope * 0.95;
    placed.push({
      shape: SHAPES[i % 2]!,
      position: [random.range(-half, half), random.range(-half, half), z],
      rotation: random.quaternion(),
      scale: random.range(0.5, 1.5),
    });
  }
  return placed;
}

/** LayerW's built-in geometry as a three.js BufferGeometry: the very same triangles. */
function threeGeometry(shape: (typeof SHAPES)[number]): BufferGeometry {
  const data = buildGeometry(shape);
  const count = data.vertices.length / VERTEX_FLOATS;
  const positions = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) positions.set(data.vertices.subarray(i * VERTEX_FLOATS, i * VERTEX_FLOATS + 3), i * 3);
  return new BufferGeometry().setAttribute('position', new BufferAttribute(positions, 3)).setIndex(new BufferAttribute(data.indices, 1));
}

async function pickCase(count: number, settings: Settings): Promise<BenchRow[]> {
  const label = `${count / 1000}k boxes and tori`;
  const random = new Random(SEED + count);
  const placed = place(count, random);
  const rays = Array.from({ length: RAYS }, () => [random.range(-0.9, 0.9), random.range(-0.9, 0.9)] as const);

  const walloc = await Walloc.create({ budget: count > 20_000 ? '192MB' : '64MB' });
  const kernels = await frameKernels(walloc);
  const bits = readFlagBits(walloc);
  const owners: Element[] = [];
  for (const p of placed) {
    const object = new ObjectSlot(walloc, bits, walloc.core.slotAlloc() >>> 0, () => undefined);
    object.setGeometry(p.shape, geometryBounds(p.shape));
    object.setPosition(...p.position);
    object.setRotation(...p.rotation);
    object.setScale(p.scale, p.scale, p.scale);
    const owner = document.createElement('i');
    owner.dataset['index'] = String(owners.length);
    owners[object.slot] = owner;
  }
  walloc.frameBegin();
  kernels.updateTransforms(1);
  const camera = new Camera();
  camera.position.set([0, 0, EYE]);
  camera.target.set([0, 0, 0]);
  camera.fov = FOV;
  camera.far = 500;
  camera.changed();
  camera.update(1000, 1000);
  const picker = new ScenePicker(walloc, await pickingKernels(walloc), camera, { ownerOf: (slot) => owners[slot], modelToken: () => 0, modelGeometry: () => null });

  const geometries = { box: threeGeometry('box'), torus: threeGeometry('torus') };
  const material = new MeshBasicMaterial();
  const meshes = placed.map((p) => {
    const mesh = new Mesh(geometries[p.shape], material);
    mesh.position.set(...p.position);
    mesh.quaternion.set(...p.rotation);
    mesh.scale.set(p.scale, p.scale, p.scale);
    mesh.updateMatrixWorld(true);
    return mesh;
  });
  const indexOf = new Map(meshes.map((mesh, i) => [mesh, i]));
  const threeCamera = new PerspectiveCamera(FOV, 1, 0.1, 500);
  threeCamera.position.set(0, 0, EYE);
  threeCamera.lookAt(0, 0, 0);
  threeCamera.updateMatrixWorld(true);
  const raycaster = new Raycaster();
  const pointer = new Vector2();

  // Both must find the same object at the same point for every ray (a tie between two objects may name either).
  let hits = 0;
  for (const [x, y] of rays) {
    picker.pickPointer(x, y);
    const ours = picker.hit();
    pointer.set(x, y);
    raycaster.setFromCamera(pointer, threeCamera);
    const theirs = raycaster.intersectObjects(meshes, false)[0];
    if (!ours !== !theirs) throw new Error(`pick: at ${x} ${y} LayerW ${ours ? 'hits' : 'misses'} and three.js ${theirs ? 'hits' : 'misses'}`);
    if (!ours || !theirs) continue;
    hits++;
    const gap = Math.hypot(ours.point[0] - theirs.point.x, ours.point[1] - theirs.point.y, ours.point[2] - theirs.point.z);
    if (gap > 1e-2) throw new Error(`pick: at ${x} ${y} the hit points are ${gap} apart (objects ${ours.element.getAttribute('data-index')} and ${indexOf.get(theirs.object as Mesh)})`);
  }
  log(`pick ${label}: ${hits} of ${RAYS} rays hit, same objects and points in both`);

  let next = 0;
  let sink = 0;
  const contenders: Contender[] = [
    {
      name: SUBJECT,
      run: () => {
        const [x, y] = rays[next++ % RAYS]!;
        picker.pickPointer(x, y);
        sink += picker.hit()?.distance ?? 0;
      },
    },
    {
      name: PEER,
      run: () => {
        const [x, y] = rays[next++ % RAYS]!;
        pointer.set(x, y);
        raycaster.setFromCamera(pointer, threeCamera);
        sink += raycaster.intersectObjects(meshes, false)[0]?.distance ?? 0;
      },
    },
  ];
  const rows = compare('pick', label, contenders, [{ subject: SUBJECT, peer: PEER, target: 20 }], settings);
  if (!Number.isFinite(sink)) throw new Error('pick: no result');
  // The second target is absolute: one pick at 100k within 1 ms, written as a row against a 1 ms "peer".
  if (count === 100_000) rows.push(...pairRows('pick', label, new Map([[SUBJECT, rows[0]!.subjectMs], [BUDGET, 1]]), [{ subject: SUBJECT, peer: BUDGET, target: 1 }]));
  picker.destroy();
  return rows;
}

const HOVER = 'layerw frame, pointerenter on every mesh';
const QUIET = 'layerw frame, no pointer listeners';
const FRAMES = 30;

/**
 * Main-thread milliseconds per frame of a 10k-mesh scene while a pointer moves across it: the native
 * pointermove on the canvas, the frame (with its hover pick), and the events dispatched after it, all in one
 * timed stretch per frame.
 */
async function hoverCase(settings: Settings): Promise<BenchRow[]> {
  const count = 10_000;
  const holder = document.createElement('div');
  holder.style.cssText = 'position: fixed; left: 0; top: 0; width: 640px; height: 480px;';
  const random = new Random(SEED);
  const side = Math.ceil(Math.sqrt(count));
  const meshes: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = ((i % side) / side - 0.5) * 60, y = (Math.floor(i / side) / side - 0.5) * 44;
    meshes.push(`<layerw-mesh geometry="box" position="${x.toFixed(2)} ${y.toFixed(2)} ${random.range(-4, 0).toFixed(2)}" scale="0.5"></layerw-mesh>`);
  }
  holder.innerHTML = `<layerw-scene quality="low" camera-position="0 0 40" camera-target="0 0 0" style="width: 640px; height: 480px">${meshes.join('')}</layerw-scene>`;
  const scene = holder.firstElementChild as LayerWScene;
  const ready = new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
  document.body.append(holder);
  await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('pick: the 10k-mesh scene drew no frame in 120 s')), 120_000))]);
  log('pick 10k hover: scene ready');
  for (let i = 0; i < 100 && scene.pick(320, 240) === null; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const canvas = scene.canvas;
  const runtime = scene.runtime!;
  let entered = 0;
  const onEnter = (): void => {
    entered++;
  };
  const elements = [...scene.querySelectorAll('layerw-mesh')];
  let step = 0;
  const frames = async (): Promise<number[]> => {
    const times: number[] = [];
    for (let f = 0; f < FRAMES; f++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const x = 20 + ((step * 7) % 600), y = 20 + ((step * 3) % 440);
      step++;
      const start = performance.now();
      canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true, composed: true }));
      runtime.requestDraw();
      runtime.tick(start);
      await Promise.resolve();
      times.push(performance.now() - start);
    }
    return times;
  };
  const figures = new Map<string, number[]>([[HOVER, []], [QUIET, []]]);
  try {
    for (let round = 0; round < settings.scenes.warmups + settings.scenes.runs; round++) {
      for (const listening of [false, true]) {
        if (listening) for (const mesh of elements) mesh.addEventListener('pointerenter', onEnter);
        const times = await frames();
        if (listening) for (const mesh of elements) mesh.removeEventListener('pointerenter', onEnter);
        if (round >= settings.scenes.warmups) figures.get(listening ? HOVER : QUIET)!.push(median(times));
        log(`pick 10k hover: round ${round}, ${listening ? 'listening' : 'quiet'}: median ${median(times).toFixed(2)} ms`);
      }
    }
  } finally {
    holder.remove();
  }
  if (entered === 0) throw new Error('pick: the moving pointer never entered a mesh');
  log(`pick 10k hover: ${entered} pointerenter events heard; medians ${[...figures].map(([name, list]) => `${name} ${list.map((v) => v.toFixed(2)).join(', ')}`).join('; ')}`);
  const medians = new Map([...figures].map(([name, list]) => [name, median(list)] as const));
  // At most 10% more time with the listeners: peer / subject at least 1 / 1.1.
  return pairRows('pick', '10k meshes, pointer moving', medians, [{ subject: HOVER, peer: QUIET, target: 0.91 }]);
}

/** Both pick cases and the hover frame case. Called once by the bench page. */
export async function runPickBench(settings: Settings): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of SIZES) rows.push(...(await pickCase(count, settings)));
  rows.push(...(await hoverCase(settings)));
  return rows;
}
