// Contender page: three.js 0.187 with its WebGLRenderer, written as its users write it: one Mesh per box
// sharing one BoxGeometry and one MeshStandardMaterial per colour, or one InstancedMesh for all boxes with a
// colour per instance. Motion is done in JavaScript each frame (position and rotation per Mesh; for the
// InstancedMesh, a dummy Object3D composes each instance matrix). One renderer for the page's lifetime.

import {
  AnimationMixer, BoxGeometry, Color, InstancedMesh, Mesh, MeshStandardMaterial, NeutralToneMapping,
  NoToneMapping, Object3D, PerspectiveCamera, PMREMGenerator, Scene, Texture, WebGLRenderer, type Material,
} from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { clone as cloneSkinned } from 'three/examples/jsm/utils/SkeletonUtils.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';
import type { ContenderPage, FrameTimes, ModelLoad, PopulateOptions } from '../contender-api.js';
import { disposeModel, lit, texturesOf } from './three-scene.js';
import { CAMERA, MODEL_CAMERA, PALETTE, SKINNED_CAMERA, VIEW, crowdPlace, layoutFor, type Layout } from '../scene-layout.js';

/** LayerW draws at `quality="medium"`, 0.75 of the CSS size; so does this renderer. */
const PIXEL_RATIO = 0.75;
const MAX_RECORDED = 4096;
const DEGREES = Math.PI / 180;
const FALLBACK_DT = 1 / 60;
const MAX_DT = 0.1;

const canvas = document.createElement('canvas');
canvas.style.display = 'block';
document.body.append(canvas);
const renderer = new WebGLRenderer({ canvas, antialias: false });
renderer.setPixelRatio(PIXEL_RATIO);
renderer.setSize(VIEW.width, VIEW.height);
const camera = new PerspectiveCamera(CAMERA.fov, VIEW.width / VIEW.height, CAMERA.near, CAMERA.far);
camera.position.set(...CAMERA.position);
camera.lookAt(...CAMERA.target);
const modelCamera = new PerspectiveCamera(MODEL_CAMERA.fov, VIEW.width / VIEW.height, MODEL_CAMERA.near, MODEL_CAMERA.far);
modelCamera.position.set(...MODEL_CAMERA.position);
modelCamera.lookAt(...MODEL_CAMERA.target);
/** three.js's Draco decoder (its workers and WebAssembly, from three's own copy), made once and kept, as pages do. */
const dracoLoader = new DRACOLoader().setDecoderPath('/node_modules/three/examples/jsm/libs/draco/gltf/');
/** Model files given by `setModel`, served from a new blob: URL per load. */
const modelFiles = new Map<string, Blob>();
/** The scene of the last `loadModel`, on screen until the next load or `clear`. */
let modelScene: Scene | null = null;
/**
 * The models' environment light: RoomEnvironment prefiltered by PMREMGenerator (the look benchmark's and the
 * look reference test's counterpart of LayerW's default neutral studio), made once before any timed load, as
 * LayerW's scene has its environment ready before its first model.
 */
let studio: Texture | null = null;
/** One KTX2Loader for the page, as an application keeps one: its transcoder starts once, in its workers. */
let ktx2Loader: KTX2Loader | null = null;
/**
 * three.js's own Basis Universal transcoder (Binomial's build), as the bench's dev server serves the package
 * (a plain path: Vite rewrites `new URL(…, import.meta.url)` as an asset).
 */
const BASIS_PATH = '/node_modules/three/examples/jsm/libs/basis/';

/** The scene on screen and how it moves. */
interface Current {
  scene: Scene;
  layout: Layout;
  geometry: BoxGeometry;
  materials: Material[];
  meshes: Mesh[];
  instanced: InstancedMesh | null;
  /** The instanced boxes' own state: position and Euler angles (radians), packed x, y, z. */
  positions: Float32Array;
  angles: Float32Array;
  moving: boolean;
  /** The first this many boxes move. */
  movingCount: number;
  /** The skinned crowd's mixers, one per character, advanced every frame; empty for the box scenes. */
  mixers: AnimationMixer[];
  camera: PerspectiveCamera;
}

let current: Current | null = null;
let playing = false;
let drawn = 0;
let lastFrame = 0;
let waiter: (() => void) | null = null;
let waitUntil = 0;
const frameMs = new Float64Array(MAX_RECORDED);
let recordFrom = 0;
let recordCount = 0;
const dummy = new Object3D();
const idlePixel = new Uint8Array(4);

/** A scene of `count` boxes: lights, one geometry, one material per colour, Meshes or one InstancedMesh. */
function build(count: number, instanced: boolean, moving: boolean, movingCount = count): Current {
  const layout = layoutFor(count);
  const scene = lit(new Scene());
  const geometry = new BoxGeometry(1, 1, 1);
  const { positions } = layout;
  const built: Current = {
    scene, layout, geometry, materials: [], meshes: [], instanced: null, moving, movingCount,
    positions: positions.slice(), angles: new Float32Array(count * 3), mixers: [], camera,
  };
  if (instanced) {
    const material = new MeshStandardMaterial({ color: '#ffffff' });
    const mesh = new InstancedMesh(geometry, material, count);
    // The boxes move, so bounds computed once would go stale: draw them all, as LayerW's cull would here.
    mesh.frustumCulled = false;
    const colors = PALETTE.map((color) => new Color(color));
    for (let i = 0; i < count; i++) {
      dummy.position.set(positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!);
      dummy.rotation.set(0, 0, 0);
      dummy.updateMatrix();
      mesh.setMatrixAt(i, dummy.matrix);
      mesh.setColorAt(i, colors[layout.colorIndex[i]!]!);
    }
    scene.add(mesh);
    built.materials.push(material);
    built.instanced = mesh;
  } else {
    built.materials = PALETTE.map((color) => new MeshStandardMaterial({ color }));
    for (let i = 0; i < count; i++) {
      const mesh = new Mesh(geometry, built.materials[layout.colorIndex[i]!]!);
      mesh.position.set(positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!);
      scene.add(mesh);
      built.meshes.push(mesh);
    }
  }
  return built;
}

/** Moves every box by `dt` seconds, the way a three.js page animates them. */
function step(scene: Current, dt: number): void {
  const { velocity, spin } = scene.layout;
  if (scene.instanced) {
    const { positions, angles, instanced } = scene;
    // Only the moving boxes are recomposed; the whole matrix buffer still goes to the GPU (needsUpdate).
    const count = scene.movingCount;
    for (let i = 0; i < count; i++) {
      const at = i * 3;
      positions[at] = positions[at]! + velocity[at]! * dt;
      positions[at + 1] = positions[at + 1]! + velocity[at + 1]! * dt;
      positions[at + 2] = positions[at + 2]! + velocity[at + 2]! * dt;
      angles[at] = angles[at]! + spin[at]! * DEGREES * dt;
      angles[at + 1] = angles[at + 1]! + spin[at + 1]! * DEGREES * dt;
      angles[at + 2] = angles[at + 2]! + spin[at + 2]! * DEGREES * dt;
      dummy.position.set(positions[at]!, positions[at + 1]!, positions[at + 2]!);
      dummy.rotation.set(angles[at]!, angles[at + 1]!, angles[at + 2]!);
      dummy.updateMatrix();
      instanced.setMatrixAt(i, dummy.matrix);
    }
    instanced.instanceMatrix.needsUpdate = true;
    return;
  }
  const meshes = scene.meshes;
  for (let i = 0; i < scene.movingCount; i++) {
    const mesh = meshes[i]!;
    const at = i * 3;
    const position = mesh.position;
    position.x += velocity[at]! * dt;
    position.y += velocity[at + 1]! * dt;
    position.z += velocity[at + 2]! * dt;
    const rotation = mesh.rotation;
    rotation.x += spin[at]! * DEGREES * dt;
    rotation.y += spin[at + 1]! * DEGREES * dt;
    rotation.z += spin[at + 2]! * DEGREES * dt;
  }
}

/** One animation frame while playing: move (if moving) and render, timed; allocates nothing of its own. */
const loop = (now: number): void => {
  if (!playing || !current) return;
  requestAnimationFrame(loop);
  const dt = lastFrame > 0 ? Math.min((now - lastFrame) / 1000, MAX_DT) : FALLBACK_DT;
  lastFrame = now;
  const start = performance.now();
  if (current.moving) step(current, dt);
  const mixers = current.mixers;
  for (let i = 0; i < mixers.length; i++) mixers[i]!.update(dt);
  renderer.render(current.scene, current.camera);
  const index = drawn - recordFrom;
  if (index >= 0 && index < recordCount) frameMs[index] = performance.now() - start;
  drawn++;
  if (waiter !== null && drawn >= waitUntil) {
    const wake = waiter;
    waiter = null;
    wake();
  }
};

function afterFrames(count: number): Promise<void> {
  return new Promise((resolve) => {
    waitUntil = drawn + count;
    waiter = resolve;
  });
}

/**
 * Bytes three.js uploads for the model in `scene`: every geometry attribute and index array, and every texture
 * as RGBA8 with a third more for its mip chain where three.js generates one.
 */
function modelBytes(scene: Object3D): number {
  let bytes = 0;
  const textures = new Set<Texture>();
  scene.traverse((object) => {
    if (!(object instanceof Mesh)) return;
    const geometry = object.geometry;
    for (const attribute of Object.values(geometry.attributes)) bytes += attribute.array.byteLength;
    bytes += geometry.index?.array.byteLength ?? 0;
    for (const material of Array.isArray(object.material) ? object.material : [object.material]) {
      for (const texture of texturesOf(material)) textures.add(texture);
    }
  });
  for (const texture of textures) {
    bytes += texture.image.width * texture.image.height * 4 * (texture.generateMipmaps ? 4 / 3 : 1);
  }
  return Math.round(bytes);
}

/** Triangles of every indexed mesh in `scene`. */
function triangles(scene: Object3D): number {
  let count = 0;
  scene.traverse((object) => {
    if (object instanceof Mesh) count += (object.geometry.index?.count ?? object.geometry.getAttribute('position').count) / 3;
  });
  return count;
}

function clear(): void {
  playing = false;
  waiter = null;
  disposeModel(modelScene);
  modelScene = null;
  if (!current) return;
  current.geometry.dispose();
  for (const material of current.materials) material.dispose();
  current.instanced?.dispose();
  current = null;
}

const page: ContenderPage = {
  async create(count: number): Promise<number> {
    clear();
    const start = performance.now();
    current = build(count, false, false);
    renderer.render(current.scene, camera);
    const end = performance.now();
    drawn = 1;
    return end - start;
  },

  async populate(count: number, options: PopulateOptions): Promise<void> {
    clear();
    current = build(count, options.instanced === true, options.moving, options.movingCount ?? count);
    renderer.render(current.scene, camera);
    drawn = 1;
  },

  async populateSkinned(count: number, model: Uint8Array): Promise<void> {
    clear();
    // Copied into this page's realm: GLTFLoader tells binary from text with `instanceof ArrayBuffer`.
    const gltf = await new GLTFLoader().parseAsync(new Uint8Array(model).buffer, '');
    const clip = gltf.animations[0]!;
    const skinnedCamera = new PerspectiveCamera(SKINNED_CAMERA.fov, VIEW.width / VIEW.height, SKINNED_CAMERA.near, SKINNED_CAMERA.far);
    skinnedCamera.position.set(...SKINNED_CAMERA.position);
    skinnedCamera.lookAt(...SKINNED_CAMERA.target);
    const scene = lit(new Scene());
    const mixers: AnimationMixer[] = [];
    for (let i = 0; i < count; i++) {
      const { x, z, speed } = crowdPlace(i);
      const character = cloneSkinned(gltf.scene);
      character.position.set(x, 0, z);
      scene.add(character);
      const mixer = new AnimationMixer(character);
      const action = mixer.clipAction(clip);
      action.timeScale = speed;
      action.play();
      mixers.push(mixer);
    }
    current = {
      scene, layout: layoutFor(count), geometry: new BoxGeometry(1, 1, 1), materials: [], meshes: [], instanced: null,
      positions: new Float32Array(0), angles: new Float32Array(0), moving: false, movingCount: 0, mixers, camera: skinnedCamera,
    };
    renderer.render(scene, skinnedCamera);
    drawn = 1;
  },

  setModel(name: string, bytes: Uint8Array): void {
    modelFiles.set(name, new Blob([bytes.slice()], { type: 'model/gltf-binary' }));
    studio ??= new PMREMGenerator(renderer).fromScene(new RoomEnvironment(), 0.04).texture;
  },

  async loadModel(name: string): Promise<ModelLoad> {
    const file = modelFiles.get(name);
    if (!file) throw new Error(`three page: no model ${name}`);
    // LayerW's default look, which its model scene draws with: the neutral studio's light and Khronos PBR
    // Neutral tone mapping (the box scenes of the other benchmarks keep three.js's defaults).
    renderer.toneMapping = NeutralToneMapping;
    // The last model goes after this one is drawn: disposing its material first would also delete the shader
    // program both share (three.js frees a program with its last material), and LayerW keeps its pipelines.
    const previous = modelScene;
    modelScene = null;
    clear();
    // A fresh URL each time, as the LayerW page does (three.js's own Cache is off by default anyway).
    const url = URL.createObjectURL(file);
    try {
      const start = performance.now();
      const loader = new GLTFLoader();
      if (name === 'meshopt') loader.setMeshoptDecoder(MeshoptDecoder);
      if (name === 'draco') loader.setDRACOLoader(dracoLoader);
      if (name === 'ktx2') loader.setKTX2Loader(ktx2Loader ??= new KTX2Loader().setTranscoderPath(BASIS_PATH).detectSupport(renderer));
      const gltf = await loader.loadAsync(url);
      const scene = lit(new Scene());
      scene.environment = studio;
      scene.add(gltf.scene);
      renderer.render(scene, modelCamera);
      const submitted = performance.now();
      // Reading a pixel back waits until the GPU has drawn the frame (geometry and texture uploads included).
      const gl = renderer.getContext();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, idlePixel);
      const end = performance.now();
      modelScene = scene;
      drawn = 1;
      disposeModel(previous);
      // The same frame again, with nothing to load: what drawing it costs here.
      const redrawStart = performance.now();
      renderer.render(scene, modelCamera);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, idlePixel);
      const redrawMs = performance.now() - redrawStart;
      const settledStart = performance.now();
      renderer.render(scene, modelCamera);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, idlePixel);
      const settledRedrawMs = performance.now() - settledStart;
      drawn = 3;
      return { ms: end - start, submittedMs: submitted - start, redrawMs, settledRedrawMs, startedAt: start, triangles: triangles(gltf.scene), bytes: modelBytes(gltf.scene) };
    } finally {
      renderer.toneMapping = NoToneMapping;
      URL.revokeObjectURL(url);
    }
  },

  async redrawModel(count: number): Promise<number> {
    if (!modelScene) throw new Error('three page: no model loaded');
    renderer.toneMapping = NeutralToneMapping;
    const gl = renderer.getContext();
    const start = performance.now();
    try {
      for (let i = 0; i < count; i++) {
        renderer.render(modelScene, modelCamera);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, idlePixel);
      }
    } finally {
      renderer.toneMapping = NoToneMapping;
    }
    return performance.now() - start;
  },

  play(): void {
    if (playing || !current) return;
    playing = true;
    lastFrame = 0;
    requestAnimationFrame(loop);
  },

  pause(): void {
    playing = false;
  },

  async idle(): Promise<void> {
    // Reading a pixel back waits for every command before it.
    const gl = renderer.getContext();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, idlePixel);
  },

  drawnFrames(): number {
    return drawn;
  },

  waitFrames: afterFrames,

  async frameTimes(count: number): Promise<FrameTimes> {
    if (count > MAX_RECORDED) throw new Error(`three page: at most ${MAX_RECORDED} frames at once`);
    recordFrom = drawn;
    recordCount = count;
    await afterFrames(count);
    recordCount = 0;
    return { external: Array.from(frameMs.subarray(0, count)), internal: null };
  },

  describe(): { objects: number; drawn: number | null } {
    if (modelScene) return { objects: 1, drawn: renderer.info.render.calls };
    return { objects: current ? current.layout.count : 0, drawn: renderer.info.render.calls };
  },

  /** An InstancedMesh whose matrices changed sends its whole instance matrix buffer (64 B per instance). */
  uploadedBytes(): number {
    return current?.instanced && current.moving ? current.layout.count * 64 : 0;
  },

  clear,
};

window.benchContender = page;
