// The same for three.js: a WebGLRenderer that has drawn its (empty) scene with the gltf benchmark's look, then
// `window.showModel(url)`: GLTFLoader, one render (submitted), a one-pixel read (the GPU's end).
import { AmbientLight, DirectionalLight, NeutralToneMapping, PMREMGenerator, PerspectiveCamera, Scene, WebGLRenderer } from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';

const canvas = document.createElement('canvas');
document.body.append(canvas);
const renderer = new WebGLRenderer({ canvas, antialias: false });
renderer.setPixelRatio(0.75);
renderer.setSize(640, 480, false);
renderer.toneMapping = NeutralToneMapping;
const scene = new Scene();
scene.environment = new PMREMGenerator(renderer).fromScene(new RoomEnvironment(), 0.04).texture;
scene.add(new AmbientLight(0xffffff, 0.4));
const light = new DirectionalLight(0xffffff, 2);
light.position.set(1, 1, 1);
scene.add(light);
const camera = new PerspectiveCamera(50, 640 / 480, 0.1, 100); // the fov of the LayerW page's scene
camera.position.set(0, 0, 5);
renderer.render(scene, camera);
const pixel = new Uint8Array(4);
// The empty scene's frame finished on the GPU (its programs compiled), as LayerW's page waits for its own.
const context = renderer.getContext();
context.readPixels(0, 0, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel);

window.showModel = async (url) => {
  const start = performance.now();
  const gltf = await new GLTFLoader().loadAsync(url);
  scene.add(gltf.scene);
  renderer.render(scene, camera);
  const submitted = performance.now() - start;
  context.readPixels(0, 0, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel);
  return { submitted, done: performance.now() - start, compiles: [] };
};
window.pageReady = true;
