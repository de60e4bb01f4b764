// demo/bounce.html: a system file run as JavaScript by `vite` (edit bounce.system.ts and save: the balls keep
// bouncing with the new code) and as WebAssembly after `vite build`.
import { defineComponent, type LayerWErrorDetail } from 'layerw';
import bounce from './bounce.system.ts?system';

defineComponent('fall', { default: 0, attribute: 'fall' });

const scene = document.querySelector('layerw-scene')!;
scene.addSystem({
  name: 'bounce',
  with: ['fall'],
  reads: ['position', 'fall'],
  writes: ['position', 'fall'],
  columns: ['position', 'fall'],
  kernel: bounce,
});
const status = document.querySelector('#status')!;
scene.addEventListener('stats', () => {
  status.textContent = `bounce (${bounce.kind === 'wasm' ? 'WebAssembly' : 'JavaScript'}): ${scene.runtime?.systems?.lastTime('bounce').toFixed(3)} ms`;
});
scene.addEventListener('layerw-error', (event) => {
  const { code, message } = (event as CustomEvent<LayerWErrorDetail>).detail;
  status.textContent = `${code}: ${message}`;
});
