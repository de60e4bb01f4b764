// Hand-built FrameInputs for renderer tests: the same bytes the WebAssembly pack kernel writes, from readable
// mesh and light descriptions.
import { mat4, quat, vec3 } from 'gl-matrix';
import {
  BATCH_RECORD_U32, GEOMETRIES, INSTANCE_BYTES, LIGHT_FLOATS, LIGHT_TYPES, TRANSPARENT_KEY_OFFSET,
  type FrameInput, type GeometryName, type LightType, type RenderQuality,
} from '../../src/gpu/frame-input.js';
import {
  LOOK_ENVIRONMENT_INTENSITY, LOOK_ENVIRONMENT_ROTATION, LOOK_EXPOSURE, LOOK_PARAM_COUNT, LOOK_SKYBOX_BLUR,
  LOOK_TONE_MAPPING, TONE_MAPPINGS, type GpuEnvironment, type LookPass, type ToneMapping,
} from '../../src/gpu/look.js';
import { writeInstanceRecord } from './instance-record.js';

type Vec3 = [number, number, number];

/** One mesh; colours are linear. Rotation is Euler degrees (x, y, z). */
export interface MeshSpec {
  geometry: GeometryName;
  position?: Vec3;
  rotation?: Vec3;
  scale?: number | Vec3;
  color?: Vec3;
  opacity?: number;
  metalness?: number;
  roughness?: number;
  emissive?: Vec3;
  castShadow?: boolean;
  receiveShadow?: boolean;
  /** Drawn in the blended pass (key + TRANSPARENT_KEY_OFFSET). */
  transparent?: boolean;
}

/** One light; `angle` and `innerAngle` are cone half-angles in degrees. */
export interface LightSpec {
  type: LightType;
  color?: Vec3;
  intensity?: number;
  position?: Vec3;
  direction?: Vec3;
  range?: number;
  angle?: number;
  innerAngle?: number;
  castShadow?: boolean;
}

export interface SceneSpec {
  meshes: MeshSpec[];
  lights: LightSpec[];
  camera?: { position: Vec3; target: Vec3; fov?: number };
  aspect?: number;
  background?: [number, number, number, number];
  shadowFocus?: [number, number, number, number];
  quality?: Partial<RenderQuality>;
  look?: LookSpec;
}

/** The look of a hand-built frame; by default no environment, neutral tone mapping, exposure 1. */
export interface LookSpec {
  exposure?: number;
  toneMapping?: ToneMapping;
  environment?: GpuEnvironment | null;
  environmentIntensity?: number;
  /** Degrees. */
  environmentRotation?: number;
  skyboxBlur?: number;
  passes?: LookPass[];
}

export const DEFAULT_QUALITY: RenderQuality = {
  renderScale: 1, msaa: 1, shadowMapSize: 0, maxLights: 8, environmentSize: 64, environmentSamples: 32,
};

/** Writes one instance record (world matrix, colour, material, emissive) at instance `index` of `view`. */
export function packInstance(view: DataView, index: number, mesh: MeshSpec): void {
  const [rx, ry, rz] = mesh.rotation ?? [0, 0, 0];
  const s = mesh.scale ?? 1;
  const scale: Vec3 = typeof s === 'number' ? [s, s, s] : s;
  const world = mat4.fromRotationTranslationScale(mat4.create(), quat.fromEuler(quat.create(), rx, ry, rz),
    mesh.position ?? [0, 0, 0], scale);
  writeInstanceRecord(view, index * INSTANCE_BYTES, world, [...(mesh.color ?? [0.8, 0.8, 0.8]), mesh.opacity ?? 1],
    [mesh.metalness ?? 0, mesh.roughness ?? 0.5, mesh.receiveShadow === false ? 0 : 1, mesh.castShadow === false ? 0 : 1],
    [...(mesh.emissive ?? [0, 0, 0]), 0]);
}

function packLight(floats: Float32Array, index: number, light: LightSpec): void {
  const d = vec3.normalize(vec3.create(), light.direction ?? [0, -1, 0]);
  const outer = ((light.angle ?? 30) * Math.PI) / 180;
  const inner = ((light.innerAngle ?? (light.angle ?? 30) * 0.8) * Math.PI) / 180;
  floats.set([
    LIGHT_TYPES[light.type], light.intensity ?? 1, light.range ?? 0, light.castShadow ? 1 : 0,
    ...(light.color ?? [1, 1, 1]), Math.cos(outer),
    ...(light.position ?? [0, 0, 0]), Math.cos(inner),
    d[0]!, d[1]!, d[2]!, 0,
  ], index * LIGHT_FLOATS);
}

/**
 * Builds a FrameInput for `scene`. Instances are grouped by batch key (ascending, stable; blended meshes keep
 * the order given, so list them back to front). Instances and batch records sit at non-zero offsets inside
 * larger views, as in the engine's views of WebAssembly memory.
 */
/** Each built frame is a new camera and light set, so the renderer recomputes what derives from them. */
let frameVersion = 0;

export function buildFrame(scene: SceneSpec): FrameInput {
  const keyOf = (m: MeshSpec): number =>
    GEOMETRIES.indexOf(m.geometry) + (m.transparent ? TRANSPARENT_KEY_OFFSET : 0);
  const sorted = scene.meshes.map((mesh, i) => ({ mesh, i, key: keyOf(mesh) }))
    .sort((a, b) => a.key - b.key || a.i - b.i);
  const offset = 256;
  const storage = new ArrayBuffer(offset + Math.max(1, sorted.length) * INSTANCE_BYTES + 64);
  const records = new DataView(storage, offset, sorted.length * INSTANCE_BYTES);
  const batches: number[] = [7, 7]; // two words before the first record, like a view of all memory
  sorted.forEach(({ mesh, key }, index) => {
    packInstance(records, index, mesh);
    const last = batches.length - BATCH_RECORD_U32;
    if (index > 0 && batches[last] === key) batches[last + 2]!++;
    else batches.push(key, index, 1);
  });
  const lights = new Float32Array(Math.max(1, scene.lights.length) * LIGHT_FLOATS);
  scene.lights.forEach((light, i) => packLight(lights, i, light));

  const camera = scene.camera ?? { position: [0, 1.5, 3] as Vec3, target: [0, 0, 0] as Vec3 };
  const view = mat4.lookAt(new Float32Array(16), camera.position, camera.target, [0, 1, 0]);
  const projection = mat4.perspectiveZO(new Float32Array(16), ((camera.fov ?? 45) * Math.PI) / 180,
    scene.aspect ?? 1, 0.1, 100);
  return {
    version: ++frameVersion,
    viewProjection: mat4.multiply(new Float32Array(16), projection, view) as Float32Array,
    // Slot i holds the i-th instance in batch order, all uploaded as one range; the visible list is 0..n-1.
    instances: new Uint8Array(storage, 16),
    ranges: new Uint32Array([9, 0, sorted.length, offset - 16]),
    rangeOffset: 1,
    rangeCount: sorted.length > 0 ? 1 : 0,
    slotCount: sorted.length,
    visible: Uint32Array.from({ length: sorted.length + 3 }, (_, i) => i - 3),
    visibleOffset: 3,
    visibleCount: sorted.length,
    visibleDirtyStart: 0,
    visibleDirtyEnd: sorted.length,
    batches: new Uint32Array(batches),
    batchOffset: 2,
    batchCount: (batches.length - 2) / BATCH_RECORD_U32,
    cameraPosition: new Float32Array(camera.position),
    lights,
    lightCount: scene.lights.length,
    background: new Float32Array(scene.background ?? [0.02, 0.02, 0.03, 1]),
    shadowFocus: new Float32Array(scene.shadowFocus ?? [0, 0, 0, 2]),
    quality: { ...DEFAULT_QUALITY, ...scene.quality },
    models: [],
    look: buildLook(scene.look ?? {}),
    culling: 'cpu',
    cullColumns: new Uint32Array(6),
    slotsVersion: 0,
    drawableFlags: 3,
  };
}

function buildLook(look: LookSpec): FrameInput['look'] {
  const params = new Float32Array(LOOK_PARAM_COUNT);
  params[LOOK_EXPOSURE] = look.exposure ?? 1;
  params[LOOK_TONE_MAPPING] = TONE_MAPPINGS.indexOf(look.toneMapping ?? 'neutral');
  params[LOOK_ENVIRONMENT_INTENSITY] = look.environmentIntensity ?? 1;
  params[LOOK_ENVIRONMENT_ROTATION] = ((look.environmentRotation ?? 0) * Math.PI) / 180;
  params[LOOK_SKYBOX_BLUR] = look.skyboxBlur ?? 0;
  const passes = look.passes ?? [];
  return {
    params, environment: look.environment ?? null, environmentWanted: look.environment !== undefined, passes, passCount: passes.length,
    contactShadow: { intensity: 0, bounds: new Float32Array(6), createPass: null },
  };
}
