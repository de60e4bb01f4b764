// Contender page: three.js 0.187 with its WebGPURenderer (`three/webgpu`), for the gltf model only (its plain and
// meshopt files): the model drawn as the WebGL page draws it (GLTFLoader's MeshStandardMaterials, RoomEnvironment
// prefiltered by three's PMREMGenerator as the scene's environment, Khronos PBR Neutral tone mapping, the same
// camera, lights, canvas size and pixel ratio, no antialiasing), so that bench/shading-probe.mjs can set one API
// against the other with the same renderer's shaders, and the gltf benchmark has a peer on the same API. It
// refuses to run on three's WebGL fallback.

import { NeutralToneMapping, PerspectiveCamera, Scene, type Texture } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { PMREMGenerator, WebGPURenderer } from 'three/webgpu';
import type { ContenderPage, ModelLoad } from '../contender-api.js';
import { MODEL_CAMERA, VIEW } from '../scene-layout.js';
import { disposeModel, lit } from './three-scene.js';

/** LayerW draws at `quality="medium"`, 0.75 of the CSS size; so does this renderer. */
const PIXEL_RATIO = 0.75;

const canvas = document.createElement('canvas');
canvas.style.display = 'block';
document.body.append(canvas);
const renderer = new WebGPURenderer({ canvas, antialias: false });
renderer.setPixelRatio(PIXEL_RATIO);
renderer.setSize(VIEW.width, VIEW.height);
renderer.toneMapping = NeutralToneMapping;
await renderer.init();
const device = renderer.backend.isWebGPUBackend ? renderer.backend.device : undefined;
if (!device) throw new Error('three webgpu page: WebGPURenderer fell back to WebGL (no WebGPU adapter)');
const gpu: GPUDevice = device;
const camera = new PerspectiveCamera(MODEL_CAMERA.fov, VIEW.width / VIEW.height, MODEL_CAMERA.near, MODEL_CAMERA.far);
camera.position.set(...MODEL_CAMERA.position);
camera.lookAt(...MODEL_CAMERA.target);
/** Model files given by `setModel`, served from a new blob: URL per load. */
const modelFiles = new Map<string, Blob>();
/** The scene of the last `loadModel`, on screen until the next load or `clear`. */
let modelScene: Scene | null = null;
/** RoomEnvironment prefiltered once, before any timed load, as the WebGL page does. */
let studio: Texture | null = null;
let drawn = 0;

/** One frame of the model, to the end of its GPU work. */
async function drawModel(scene: Scene): Promise<void> {
  renderer.render(scene, camera);
  await gpu.queue.onSubmittedWorkDone();
  drawn++;
}

function clear(): void {
  disposeModel(modelScene);
  modelScene = null;
}

const page: ContenderPage = {
  setModel(name: string, bytes: Uint8Array): void {
    modelFiles.set(name, new Blob([bytes.slice()], { type: 'model/gltf-binary' }));
    studio ??= new PMREMGenerator(renderer).fromScene(new RoomEnvironment(), 0.04).texture;
  },

  async loadModel(name: string): Promise<ModelLoad> {
    const file = modelFiles.get(name);
    if (!file) throw new Error(`three webgpu page: no model ${name}`);
    if (name !== 'plain' && name !== 'meshopt') throw new Error(`three webgpu page: only the plain and meshopt models, not ${name}`);
    const previous = modelScene;
    modelScene = null;
    const url = URL.createObjectURL(file);
    try {
      const start = performance.now();
      const loader = new GLTFLoader();
      if (name === 'meshopt') loader.setMeshoptDecoder(MeshoptDecoder);
      const gltf = await loader.loadAsync(url);
      const scene = lit(new Scene());
      scene.environment = studio;
      scene.add(gltf.scene);
      renderer.render(scene, camera);
      const submitted = performance.now();
      await gpu.queue.onSubmittedWorkDone();
      const end = performance.now();
      modelScene = scene;
      drawn++;
      disposeModel(previous);
      const redrawStart = performance.now();
      await drawModel(scene);
      const redrawMs = performance.now() - redrawStart;
      const settledStart = performance.now();
      await drawModel(scene);
      const settledRedrawMs = performance.now() - settledStart;
      return { ms: end - start, submittedMs: submitted - start, redrawMs, settledRedrawMs, startedAt: start, triangles: null, bytes: 0 };
    } finally {
      URL.revokeObjectURL(url);
    }
  },

  async redrawModel(count: number): Promise<number> {
    if (!modelScene) throw new Error('three webgpu page: no model loaded');
    const start = performance.now();
    for (let i = 0; i < count; i++) await drawModel(modelScene);
    return performance.now() - start;
  },

  async idle(): Promise<void> {
    await gpu.queue.onSubmittedWorkDone();
  },

  drawnFrames(): number {
    return drawn;
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: modelScene ? 1 : 0, drawn: null };
  },

  clear,
};

window.benchContender = page;
