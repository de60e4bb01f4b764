// A page whose scene is on screen and has drawn, then shows its first model: `window.showModel(url)` resolves
// with the milliseconds from setting `src` to the `load` event (the frame that shows it submitted) and to the
// GPU's end of that frame, and when each of the colour pass's pipelines began and ended compiling.
import { Engine } from '/dist/layerw.js';

const scene = document.querySelector('layerw-scene');
await new Promise((resolve) => scene.addEventListener('ready', resolve, { once: true }));
const device = Engine.get().device;
// The empty scene's frame finished on the GPU, as three.js's page waits for its own.
await device.queue.onSubmittedWorkDone();
const compiles = [];
let start = 0;
const compile = device.createRenderPipelineAsync.bind(device);
device.createRenderPipelineAsync = (descriptor) => {
  const began = performance.now() - start;
  const made = compile(descriptor);
  made.then(() => compiles.push({ label: descriptor.label, began, ended: performance.now() - start }), () => undefined);
  return made;
};

window.showModel = (url) => new Promise((resolve, reject) => {
  const mesh = document.createElement('layerw-mesh');
  mesh.addEventListener('load', async () => {
    const submitted = performance.now() - start;
    await device.queue.onSubmittedWorkDone();
    resolve({ submitted, done: performance.now() - start, compiles });
  }, { once: true });
  mesh.addEventListener('layerw-error', (event) => reject(new Error(`${event.detail?.code}: ${event.detail?.message}`)), { once: true });
  start = performance.now();
  mesh.setAttribute('src', url);
  scene.append(mesh);
});
window.pageReady = true;
