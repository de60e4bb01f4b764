// Boids as a user system (demo/systems/boids.system.ts), switchable between the three ways a system runs: the file
// compiled to WebAssembly (`npm run build:systems`), the same file as JavaScript, and the same algorithm as source
// text in the QuickJS sandbox. Each shows the milliseconds its last frame took. `?count=` sets the flock size.
import { defineComponent } from '../src/index.js';
import type { LayerWScene } from '../components/layerw-scene.js';
import type { SystemOptions } from '../src/systems/scene-systems.js';
import { cellsPerSide, run as boidsKernel } from './systems/boids.system.js';
import { BOIDS_SOURCE } from './systems/sandbox-sources.js';

type Mode = 'wasm' | 'js' | 'quickjs';

const COUNT = Number(new URLSearchParams(location.search).get('count') ?? 100_000);
/** A QuickJS frame of 100k boids takes seconds: the sandbox gets that long rather than being interrupted. */
const QUICKJS_BUDGET_MS = 60_000;
const NAMES: Record<Mode, string> = { wasm: 'boids-wasm', js: 'boids-js', quickjs: 'boids-quickjs' };
const LABELS: Record<Mode, string> = { wasm: 'WebAssembly', js: 'JavaScript', quickjs: 'QuickJS (copies)' };

defineComponent('heading', { size: 3, attribute: 'heading' });
defineComponent('boidSteer', { size: 3 });
defineComponent('boidNext', { type: 'i32' });
defineComponent('boidHead', { type: 'i32' });

const scene = document.querySelector<LayerWScene>('#scene')!;
const times = document.querySelector<HTMLTableElement>('#times')!;
const lastMs: Record<Mode, number | undefined> = { wasm: undefined, js: undefined, quickjs: undefined };
const wasmBytes = fetch(new URL('../build/systems/boids.wasm', import.meta.url)).then(async (response) => {
  if (!response.ok) throw new Error(`build/systems/boids.wasm: ${response.status}; run npm run build:systems`);
  return response.arrayBuffer();
});
let mode: Mode = 'wasm';

function addBoids(): void {
  const half = cellsPerSide(COUNT) / 2;
  const random = (min: number, max: number): number => min + Math.random() * (max - min);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < COUNT; i++) {
    const boid = document.createElement('layerw-mesh');
    boid.setAttribute('geometry', 'box');
    boid.setAttribute('scale', '0.3');
    boid.setAttribute('color', `hsl(${Math.floor((i / COUNT) * 360)} 70% 60%)`);
    boid.setAttribute('position', `${random(-half, half)} ${random(-half, half)} ${random(-half, half)}`);
    boid.setAttribute('heading', `${random(-1, 1)} ${random(-1, 1)} ${random(-1, 1)}`);
    fragment.append(boid);
  }
  scene.append(fragment);
  document.querySelector('#count')!.textContent = COUNT.toLocaleString('en');
}

async function systemFor(next: Mode): Promise<SystemOptions> {
  const common = { name: NAMES[next], with: ['heading'] };
  if (next === 'quickjs') {
    return { ...common, reads: [], writes: ['position', 'heading'], source: BOIDS_SOURCE, sandbox: 'quickjs', budgetMs: QUICKJS_BUDGET_MS };
  }
  const columns = ['position', 'heading', 'boidSteer', 'boidNext', 'boidHead'];
  const kernel = next === 'wasm'
    ? { kind: 'wasm' as const, bytes: await wasmBytes }
    : { kind: 'js' as const, run: boidsKernel as (count: number, dt: number, slots: number, ...columns: number[]) => void };
  return { ...common, reads: ['boidSteer', 'boidNext', 'boidHead'], writes: ['position', 'heading'], kernel, columns };
}

async function switchTo(next: Mode): Promise<void> {
  const options = await systemFor(next);
  scene.removeSystem(NAMES[mode]);
  mode = next;
  scene.addSystem(options);
}

function showTimes(): void {
  const systems = scene.runtime?.systems;
  const now = systems?.lastTime(NAMES[mode]) ?? 0;
  if (now > 0) lastMs[mode] = now;
  times.innerHTML = (Object.keys(LABELS) as Mode[]).map((each) => {
    const ms = lastMs[each];
    return `<tr class="${each === mode ? 'active' : ''}"><td>${LABELS[each]}</td><td>${ms === undefined ? '–' : `${ms.toFixed(2)} ms`}</td></tr>`;
  }).join('');
}

scene.addEventListener('layerw-error', (event) => {
  const { code, message } = (event as CustomEvent<{ code: string; message: string }>).detail;
  console.warn(code, message);
});
document.querySelector('#modes')!.addEventListener('change', (event) => void switchTo((event.target as HTMLInputElement).value as Mode));
addBoids();
scene.addEventListener('ready', () => void switchTo(mode).then(() => setInterval(showTimes, 250)), { once: true });
