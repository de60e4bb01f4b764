// Frustum culling of N bounding spheres in random order against one fixed camera, about half of them visible.
// Subject: the frame kernels' cullSimd (and cullScalar) over the real scene columns. Peers: plain JS over objects
// with gl-matrix, TypeScript over Float32Array columns, and memory.copy of the bytes the cull reads.

import { mat4, vec3 } from 'gl-matrix';
import { Walloc } from '../src/memory/walloc.js';
import { constant } from '../src/wasm/exports.js';
import { Random } from '../test/helpers/random.js';
import { compare, log, type BenchRow, type Contender, type Pairing, type Settings } from './harness.js';
import { loadPeers } from './modules.js';
import { frameKernels } from '../src/wasm/frame-kernels.js';

const SIZES = [10_000, 100_000, 1_000_000];
/** The size the targets are judged at. */
const TARGET_SIZE = 100_000;
const SEED = 0x5eed_c011;
/** Spheres whose distance to a plane is this close to the radius are drawn again (see makeSpheres). */
const AMBIGUOUS = 1e-3;
/** Bytes the cull reads per sphere: x, y, z, r (f32 each) and the flags word. */
const BYTES_READ = 4 * 4 + 4;
const WASM_PAGE = 65536;

/** The fixed camera: 1.2 rad vertical field of view, square, from z = 30 towards the origin. */
function viewProjection(): mat4 {
  const projection = mat4.perspectiveZO(mat4.create(), 1.2, 1, 0.1, 200);
  const view = mat4.lookAt(mat4.create(), [0, 0, 30], [0, 0, 0], [0, 1, 0]);
  return mat4.multiply(mat4.create(), projection, view);
}

interface Spheres {
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  r: Float32Array;
}

/**
 * N spheres scattered uniformly (so in no spatial order) around the view: about half intersect the frustum.
 * The kernels compute plane distances in f32 and the JavaScript peers in f64, so a sphere that touches a
 * plane to within rounding could be counted differently; such spheres are drawn again. This changes the
 * inputs of a few spheres in a million and the work of no contender.
 */
function makeSpheres(count: number, planes: Float32Array, random: Random): Spheres {
  const spheres = { x: new Float32Array(count), y: new Float32Array(count), z: new Float32Array(count), r: new Float32Array(count) };
  for (let i = 0; i < count; i++) {
    let ambiguous: boolean;
    do {
      spheres.x[i] = random.range(-64, 64);
      spheres.y[i] = random.range(-64, 64);
      spheres.z[i] = random.range(-80, 20);
      spheres.r[i] = random.range(0.1, 4);
      ambiguous = false;
      for (let p = 0; p < 6 && !ambiguous; p++) {
        const d = planes[p * 4]! * spheres.x[i]! + planes[p * 4 + 1]! * spheres.y[i]! + planes[p * 4 + 2]! * spheres.z[i]! + planes[p * 4 + 3]!;
        ambiguous = Math.abs(d + spheres.r[i]!) < AMBIGUOUS;
      }
    } while (ambiguous);
  }
  return spheres;
}

/** Peer (a): a scene object as plain JavaScript code usually holds it. */
interface SphereObject {
  center: vec3;
  radius: number;
  visible: boolean;
}

/** A plane as n.p + constant = 0, positive inside. */
interface Plane {
  normal: vec3;
  constant: number;
}

/** Peer (a): indices of the visible objects inside every plane, written to `out`. */
function cullObjects(objects: readonly SphereObject[], planes: readonly Plane[], out: Int32Array): number {
  let n = 0;
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    if (!object.visible) continue;
    let inside = true;
    for (let p = 0; p < planes.length; p++) {
      const plane = planes[p]!;
      if (vec3.dot(plane.normal, object.center) + plane.constant < -object.radius) {
        inside = false;
        break;
      }
    }
    if (inside) out[n++] = i;
  }
  return n;
}

/** Peer (b): the same test over Float32Array columns, planes hoisted into locals. */
function cullColumns(spheres: Spheres, flags: Uint32Array, drawable: number, planes: Float32Array, out: Uint32Array): number {
  const { x, y, z, r } = spheres;
  const ax = planes[0]!, ay = planes[1]!, az = planes[2]!, aw = planes[3]!;
  const bx = planes[4]!, by = planes[5]!, bz = planes[6]!, bw = planes[7]!;
  const cx = planes[8]!, cy = planes[9]!, cz = planes[10]!, cw = planes[11]!;
  const dx = planes[12]!, dy = planes[13]!, dz = planes[14]!, dw = planes[15]!;
  const ex = planes[16]!, ey = planes[17]!, ez = planes[18]!, ew = planes[19]!;
  const fx = planes[20]!, fy = planes[21]!, fz = planes[22]!, fw = planes[23]!;
  const count = x.length;
  let n = 0;
  for (let i = 0; i < count; i++) {
    if ((flags[i]! & drawable) !== drawable) continue;
    const px = x[i]!, py = y[i]!, pz = z[i]!, negR = -r[i]!;
    if (ax * px + ay * py + az * pz + aw < negR) continue;
    if (bx * px + by * py + bz * pz + bw < negR) continue;
    if (cx * px + cy * py + cz * pz + cw < negR) continue;
    if (dx * px + dy * py + dz * pz + dw < negR) continue;
    if (ex * px + ey * py + ez * pz + ew < negR) continue;
    if (fx * px + fy * py + fz * pz + fw < negR) continue;
    out[n++] = i;
  }
  return n;
}

function label(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
}

async function cullCase(count: number, settings: Settings): Promise<BenchRow[]> {
  const random = new Random(SEED + count);
  // 228 bytes of columns per slot: 1 GiB with 40% for the scene holds 1M slots, and the 10% scratch share
  // the 4-byte-per-slot out list.
  const walloc = await Walloc.create({ budget: count > 200_000 ? '1GiB' : '256MB', shares: { scene: 300, mesh: 50, command: 500, scratch: 100 } });
  const kernels = await frameKernels(walloc);
  const core = walloc.core;
  const drawable = constant(core, 'FLAG_ALIVE') | constant(core, 'FLAG_VISIBLE');

  walloc.frameBegin();
  const matrixAt = walloc.frameAlloc('scratch', 64);
  const planesAt = walloc.frameAlloc('scratch', 96);
  new Float32Array(walloc.memory.buffer, matrixAt, 16).set(viewProjection());
  kernels.frustumPlanes(matrixAt, planesAt);
  const planes = new Float32Array(walloc.memory.buffer, planesAt, 24).slice();

  const spheres = makeSpheres(count, planes, random);
  for (let i = 0; i < count; i++) {
    if (core.slotAlloc() >>> 0 !== i) throw new Error(`cull ${label(count)}: slot ${i} did not fit`);
  }
  const { float } = walloc.columns;
  float.boundsX.set(spheres.x);
  float.boundsY.set(spheres.y);
  float.boundsZ.set(spheres.z);
  float.boundsR.set(spheres.r);

  // Subject: a frame begins, the planes and the out list are allocated in scratch, the kernel runs.
  let subjectPlanes = 0;
  let subjectOut = 0;
  let subjectCount = 0;
  const prepareSubject = (): void => {
    walloc.frameBegin();
    subjectPlanes = walloc.frameAlloc('scratch', 96);
    subjectOut = walloc.frameAlloc('scratch', count * 4);
    if (subjectPlanes === 0 || subjectOut === 0) throw new Error(`cull ${label(count)}: scratch too small`);
    new Float32Array(walloc.memory.buffer, subjectPlanes, 24).set(planes);
  };

  // Peer (a).
  const objects: SphereObject[] = [];
  for (let i = 0; i < count; i++) {
    objects.push({ center: vec3.fromValues(spheres.x[i]!, spheres.y[i]!, spheres.z[i]!), radius: spheres.r[i]!, visible: true });
  }
  const planeObjects: Plane[] = [];
  for (let p = 0; p < 6; p++) {
    planeObjects.push({ normal: vec3.fromValues(planes[p * 4]!, planes[p * 4 + 1]!, planes[p * 4 + 2]!), constant: planes[p * 4 + 3]! });
  }
  const objectsOut = new Int32Array(count);
  let objectsCount = 0;

  // Peer (b): its own copy of the columns, flags set as slotAlloc sets them.
  const columns: Spheres = { x: spheres.x.slice(), y: spheres.y.slice(), z: spheres.z.slice(), r: spheres.r.slice() };
  const flags = new Uint32Array(count).fill(drawable);
  const columnsOut = new Uint32Array(count);
  let columnsCount = 0;

  // Peer (c): source and destination in a memory of their own, the source filled with the same bytes.
  const floorBytes = count * BYTES_READ;
  const floorMemory = new WebAssembly.Memory({ initial: Math.ceil((2 * floorBytes + 2 * WASM_PAGE) / WASM_PAGE) });
  const peers = await loadPeers(floorMemory);
  const floorSrc = WASM_PAGE;
  const floorDst = floorSrc + Math.ceil(floorBytes / WASM_PAGE) * WASM_PAGE;
  const sourceFloats = new Float32Array(floorMemory.buffer, floorSrc, count * 5);
  const sourceWords = new Uint32Array(floorMemory.buffer, floorSrc, count * 5);
  for (let i = 0; i < count; i++) {
    sourceFloats[i * 5] = spheres.x[i]!;
    sourceFloats[i * 5 + 1] = spheres.y[i]!;
    sourceFloats[i * 5 + 2] = spheres.z[i]!;
    sourceFloats[i * 5 + 3] = spheres.r[i]!;
    sourceWords[i * 5 + 4] = drawable;
  }

  const contenders: Contender[] = [
    { name: 'layerw cullSimd', prepare: prepareSubject, run: () => { subjectCount = kernels.cullSimd(subjectPlanes, subjectOut) >>> 0; } },
    { name: 'js-objects-gl-matrix', run: () => { objectsCount = cullObjects(objects, planeObjects, objectsOut); } },
    { name: 'layerw cullScalar', prepare: prepareSubject, run: () => { subjectCount = kernels.cullScalar(subjectPlanes, subjectOut) >>> 0; } },
    { name: 'ts-float32-columns', run: () => { columnsCount = cullColumns(columns, flags, drawable, planes, columnsOut); } },
    { name: 'memory-copy-floor', run: () => peers.copyBytes(floorDst, floorSrc, floorBytes) },
  ];

  // Every contender once, then the counts must agree.
  for (const contender of contenders) {
    contender.prepare?.();
    contender.run();
  }
  if (subjectCount !== objectsCount || subjectCount !== columnsCount) {
    throw new Error(`cull ${label(count)}: visible counts differ: layerw ${subjectCount}, objects ${objectsCount}, columns ${columnsCount}`);
  }
  const share = subjectCount / count;
  log(`cull ${label(count)}: ${subjectCount} of ${count} visible (${(share * 100).toFixed(1)}%)`);
  if (share < 0.4 || share > 0.6) throw new Error(`cull ${label(count)}: visible share ${share} is outside 40-60%`);

  const judged = count === TARGET_SIZE;
  const pairings: Pairing[] = [];
  for (const subject of ['layerw cullSimd', 'layerw cullScalar']) {
    const targets = subject === 'layerw cullSimd' && judged;
    pairings.push(
      { subject, peer: 'js-objects-gl-matrix', ...(targets && { target: 4 }) },
      { subject, peer: 'ts-float32-columns', ...(targets && { target: 1.5 }) },
      { subject, peer: 'memory-copy-floor', ...(targets && { target: 0.5 }) },
    );
  }
  const rows = compare('cull', label(count), contenders, pairings, settings);
  // The counts of the last timed runs too: a contender that stopped doing its work would show here.
  if (subjectCount !== objectsCount || subjectCount !== columnsCount) {
    throw new Error(`cull ${label(count)}: visible counts changed while timing`);
  }
  return rows;
}

/** All cull cases, smallest first. Called once by the bench page. */
export async function runCullBench(settings: Settings): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of SIZES) rows.push(...(await cullCase(count, settings)));
  return rows;
}
