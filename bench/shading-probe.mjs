#!/usr/bin/env node
// What drawing the gltf benchmark's model costs the GPU process, where SwiftShader rasterises for WebGPU and WebGL
// alike: its CPU time per redraw (Chrome DevTools Protocol SystemInfo.getProcessInfo), which a loaded machine
// disturbs far less than wall time. Compares checkouts of LayerW (each served by its own Vite server) with
// three.js (from this checkout) in one browser, through WebGL (`three.js`) and through its WebGPURenderer
// (`three.js-webgpu`, bench/pages/three-webgpu-page.ts): each loads the plain bench model (bench/gltf-model.ts, written once
// and kept in /tmp), then in every round each one, in a rotating order, draws `--frames` redraws to the GPU's end.
//   node bench/shading-probe.mjs before=/path/to/other/checkout after=. [--rounds=5] [--frames=8]
// Prints each contender's median milliseconds per frame and its runs, the load average, and saves a screenshot
// of each in /tmp/shading-probe/.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from '../test/find-chrome.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = '/tmp/shading-probe';
const MODEL_FILE = path.join(OUT_DIR, 'plain.glb');
const LOAD_TIMEOUT_MS = 120_000;

/** `--name=value` as a number, or `fallback`. */
function option(name, fallback) {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A Vite dev server over the checkout at `root`, configured as bench/run.mjs configures its own. */
async function serve(root) {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    server: {
      host: '127.0.0.1', port: 0, hmr: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    resolve: {
      conditions: ['module', 'browser', 'production'],
      alias: { 'layerw/system': path.join(root, 'src', 'systems', 'system-memory.ts') },
    },
    optimizeDeps: {
      entries: ['bench/pages/*.html'],
      include: [
        'gl-matrix', 'three', 'three/webgpu', 'three/examples/jsm/loaders/GLTFLoader.js', 'three/examples/jsm/libs/meshopt_decoder.module.js',
        'three/examples/jsm/environments/RoomEnvironment.js', 'three/examples/jsm/loaders/KTX2Loader.js', '@gltf-transform/core',
        '@gltf-transform/extensions', 'meshoptimizer/encoder', 'meshoptimizer/decoder',
      ],
      // The model writer's KTX2 encoder finds its .wasm beside itself.
      exclude: ['ktx2-encoder'],
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

async function main() {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);
  const rounds = option('rounds', 5);
  const frames = option('frames', 8);
  const checkouts = process.argv.slice(2).filter((arg) => !arg.startsWith('--')).map((arg) => {
    const [name, dir] = arg.split('=');
    if (!name || !dir) throw new Error(`probe: ${arg} is not name=/path/to/checkout`);
    return { name, dir: path.resolve(dir) };
  });
  if (checkouts.length === 0) throw new Error('probe: name at least one checkout, as name=/path/to/checkout');
  await mkdir(OUT_DIR, { recursive: true });
  const servers = [];
  const browser = await chromium.launch({ executablePath, args: CHROME_WEBGPU_ARGS, headless: true });
  try {
    const cdp = await browser.newBrowserCDPSession();
    const gpuProcessSeconds = async () => {
      const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
      return processInfo.filter((process) => process.type === 'GPU').reduce((sum, process) => sum + process.cpuTime, 0);
    };
    const open = async (base, pageName) => {
      const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
      page.on('pageerror', (error) => console.error(`${pageName} page: ${error.message}`));
      await page.goto(`${base}/bench/pages/${pageName}.html`);
      await page.waitForFunction(() => window.benchContender !== undefined, undefined, { timeout: LOAD_TIMEOUT_MS });
      return page;
    };
    const own = await serve(rootDir);
    servers.push(own.server);
    const threePage = await open(own.url, 'three');
    let model = await readFile(MODEL_FILE).catch(() => null);
    if (!model) {
      const base64 = await threePage.evaluate(async () => {
        const { makeBenchModel } = await import('/bench/gltf-model.ts');
        const bytes = (await makeBenchModel()).plain;
        let text = '';
        for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
        return btoa(text);
      });
      model = Buffer.from(base64, 'base64');
      await writeFile(MODEL_FILE, model);
    }
    const modelBase64 = model.toString('base64');
    const contenders = [
      { name: 'three.js', page: threePage },
      { name: 'three.js-webgpu', page: await open(own.url, 'three-webgpu') },
      { name: 'floor', page: await open(own.url, 'model-floor') },
    ];
    for (const { name, dir } of checkouts) {
      const { server, url } = await serve(dir);
      servers.push(server);
      contenders.push({ name, page: await open(url, 'layerw') });
    }
    for (const { page } of contenders) {
      await page.evaluate(async (base64) => {
        const text = atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        window.benchContender.setModel('plain', bytes);
        await window.benchContender.loadModel('plain');
      }, modelBase64);
    }
    // A checkout older than redrawModel is redrawn the way that method does it.
    const redraw = (page, count) => page.evaluate(async (count) => {
      const contender = window.benchContender;
      if (contender.redrawModel) return contender.redrawModel(count);
      const runtime = document.querySelector('layerw-scene').runtime;
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        runtime.requestDraw();
        await contender.waitFrames(1);
        await contender.idle();
      }
      return performance.now() - start;
    }, count);
    for (const { page } of contenders) await redraw(page, 2);
    const cpu = new Map(contenders.map(({ name }) => [name, []]));
    const wall = new Map(contenders.map(({ name }) => [name, []]));
    const loadBefore = os.loadavg();
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const { name, page } = contenders[(k + round) % contenders.length];
        const before = await gpuProcessSeconds();
        const ms = await redraw(page, frames);
        cpu.get(name).push(((await gpuProcessSeconds()) - before) * 1000 / frames);
        wall.get(name).push(ms / frames);
      }
      console.log(`round ${round + 1}: ${contenders.map(({ name }) => `${name} ${cpu.get(name).at(-1).toFixed(0)}`).join(', ')}`);
    }
    const fixed = (values) => values.map((value) => value.toFixed(2)).join(' ');
    console.log(`load average ${fixed(loadBefore)} before, ${fixed(os.loadavg())} after`);
    for (const { name, page } of contenders) {
      console.log(`${name}: GPU-process CPU ${median(cpu.get(name)).toFixed(1)} ms per frame (runs ${cpu.get(name).map((ms) => ms.toFixed(0)).join(' ')}), wall ${median(wall.get(name)).toFixed(1)} ms`);
      await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`) });
    }
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`probe: failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
