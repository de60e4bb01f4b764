// Demo of the WebAssembly core and its frame kernels on their own: no WebGPU needed. Draws a top view with Canvas 2D.
import { mat4 } from 'gl-matrix';
import { Walloc, REGION_NAMES } from '../src/memory/walloc.js';
import { constant } from '../src/wasm/exports.js';
import { frameKernels } from '../src/wasm/frame-kernels.js';

const WORLD = 60; // objects live in [-WORLD, WORLD] on x and z
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;
const context = canvas.getContext('2d')!;
const countInput = document.querySelector<HTMLInputElement>('#count')!;
const countOut = document.querySelector<HTMLOutputElement>('#count-out')!;
const figures = document.querySelector<HTMLTableElement>('#figures')!;
const regions = document.querySelector<HTMLTableElement>('#regions')!;

const walloc = await Walloc.create({ budget: '256MB' });
const kernels = await frameKernels(walloc);
const core = walloc.core;
const moving = constant(core, 'FLAG_MOVING');
const slots: number[] = [];

function setCount(count: number): void {
  while (slots.length > count) core.slotFree(slots.pop()!);
  while (slots.length < count) {
    const slot = core.slotAlloc() >>> 0;
    if (slot === constant(core, 'NO_SLOT')) break;
    const { float, uint } = walloc.columns;
    float.position.set([(Math.random() * 2 - 1) * WORLD, 0, (Math.random() * 2 - 1) * WORLD], slot * 3);
    float.velocity.set([Math.random() * 4 - 2, 0, Math.random() * 4 - 2], slot * 3);
    float.localBounds[slot * 4 + 3] = 0.3 + Math.random() * 0.7;
    uint.flags[slot]! |= moving;
    slots.push(slot);
  }
  countOut.value = String(slots.length);
}

const projection = mat4.perspectiveZO(mat4.create(), Math.PI / 3, 1.6, 0.5, 45);
const view = mat4.create();
const matrix = mat4.create();
let last = performance.now();
let yaw = 0;
let shownAt = 0;

function frame(now: number): void {
  const dt = Math.min((now - last) / 1000, 0.1);
  last = now;
  walloc.frameBegin();
  const start = performance.now();
  kernels.moveObjects(dt);
  // Objects that leave the square come back on the other side.
  const { float } = walloc.columns;
  for (const s of slots) {
    wrap(float.position, s * 3);
    wrap(float.position, s * 3 + 2);
  }
  kernels.updateTransforms(0);
  yaw += dt * 0.4;
  mat4.lookAt(view, [0, 0, 0], [Math.sin(yaw), 0, -Math.cos(yaw)], [0, 1, 0]);
  mat4.multiply(matrix, projection, view);
  const matrixAddress = walloc.frameAlloc('scratch', 64);
  const planes = walloc.frameAlloc('scratch', 96);
  const visibleList = walloc.frameAlloc('scratch', Math.max(slots.length, 1) * 4);
  new Float32Array(walloc.memory.buffer, matrixAddress, 16).set(matrix);
  kernels.frustumPlanes(matrixAddress, planes);
  const visible = kernels.cullSimd(planes, visibleList) >>> 0;
  const kernelMs = performance.now() - start;
  draw(new Uint32Array(walloc.memory.buffer, visibleList, visible));
  if (now - shownAt > 250) {
    shownAt = now;
    showFigures(visible, kernelMs);
  }
  requestAnimationFrame(frame);
}

function wrap(values: Float32Array, index: number): void {
  const v = values[index]!;
  if (v > WORLD) values[index] = v - 2 * WORLD;
  else if (v < -WORLD) values[index] = v + 2 * WORLD;
}

function draw(visible: Uint32Array): void {
  const width = (canvas.width = canvas.clientWidth * devicePixelRatio);
  const height = (canvas.height = canvas.clientHeight * devicePixelRatio);
  const scale = Math.min(width, height) / (2 * WORLD + 4);
  const toX = (x: number) => width / 2 + x * scale;
  const toY = (z: number) => height / 2 + z * scale;
  context.fillStyle = '#101418';
  context.fillRect(0, 0, width, height);
  const { float } = walloc.columns;
  context.fillStyle = '#3b4252';
  for (const s of slots) context.fillRect(toX(float.boundsX[s]!) - 1, toY(float.boundsZ[s]!) - 1, 2, 2);
  context.fillStyle = '#ffb86b';
  for (const s of visible) context.fillRect(toX(float.boundsX[s]!) - 1.5, toY(float.boundsZ[s]!) - 1.5, 3, 3);
  // The frustum's outline on the ground: near and far at half the vertical field of view either side.
  context.strokeStyle = '#88c0d0';
  context.beginPath();
  for (const side of [-1, 1]) {
    const angle = yaw + side * Math.atan(Math.tan(Math.PI / 6) * 1.6);
    context.moveTo(toX(0), toY(0));
    context.lineTo(toX(Math.sin(angle) * 45), toY(-Math.cos(angle) * 45));
  }
  context.stroke();
}

function showFigures(visible: number, kernelMs: number): void {
  figures.innerHTML = `<tr><td>visible</td><td>${visible}</td></tr><tr><td>culled</td><td>${slots.length - visible}</td></tr>
    <tr><td>move + transform + cull</td><td>${kernelMs.toFixed(2)} ms</td></tr>`;
  const kib = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`);
  regions.innerHTML = '<tr><th>region</th><th>capacity</th><th>used</th><th>high water</th></tr>'
    + REGION_NAMES.map((name) => {
      const r = walloc.regionStats(name);
      return `<tr><td>${name}</td><td>${kib(r.capacity)}</td><td>${kib(r.used)}</td><td>${kib(r.highWater)}</td></tr>`;
    }).join('');
}

countInput.addEventListener('input', () => setCount(Number(countInput.value)));
setCount(Number(countInput.value));
requestAnimationFrame(frame);
