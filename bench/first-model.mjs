#!/usr/bin/env node
// A page's first model, cold: a fresh browser for every run, the page's scene already on screen, then its first
// model, from setting `src` to the frame that shows it (submitted, then the GPU's end of it). LayerW runs from the
// package build (dist/: run `npm run build` first), three.js (GLTFLoader, WebGLRenderer, the gltf benchmark's look)
// from node_modules, both served by a small static server with the headers `npm run bench` uses. Unlike the gltf
// benchmark, nothing is warm: not the model code's chunks, not the shaders (the GPU process starts anew with the
// browser). Not part of `npm run bench`; prints each contender's runs and medians, and LayerW's pipeline compiles.
//   node bench/first-model.mjs [--runs=5] [--model=demo/models/knot.glb]
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from '../test/find-chrome.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const runs = Number(option('runs', '5'));
const model = option('model', 'demo/models/knot.glb');
const CONTENDERS = ['layerw', 'three'];
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.glb': 'model/gltf-binary', '.json': 'application/json' };

/** Serves the project's files as they are, cross-origin isolated and never cached. */
function serve() {
  const server = http.createServer(async (request, response) => {
    const file = path.join(rootDir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(rootDir)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store',
        'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
      }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);
  await readFile(path.join(rootDir, 'dist', 'layerw.js')).catch(() => {
    throw new Error('first-model: dist/layerw.js is missing; run `npm run build` first');
  });
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  /** @type {Record<string, { submitted: number, done: number, compiles: { label: string, began: number, ended: number }[] }[]>} */
  const results = { layerw: [], three: [] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const name of run % 2 ? [...CONTENDERS].reverse() : CONTENDERS) {
        const browser = await chromium.launch({ executablePath, args: CHROME_WEBGPU_ARGS, headless: true });
        try {
          const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
          page.on('pageerror', (error) => console.error(`${name}: ${error.message}`));
          await page.goto(`${origin}/bench/first-model/${name}.html`);
          await page.waitForFunction(() => window.pageReady === true, undefined, { timeout: 120_000 });
          await page.waitForTimeout(1000); // the page's own start settles
          const url = `${origin}/${model}?run=${run}`;
          const result = await page.evaluate((src) => window.showModel(src), url);
          results[name].push(result);
          console.log(`${name} run ${run + 1}: submitted ${result.submitted.toFixed(1)} ms, GPU done ${result.done.toFixed(1)} ms${
            result.compiles.map((c) => `; compiled ${c.began.toFixed(0)}-${c.ended.toFixed(0)} ms`).join('')}`);
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    server.close();
  }
  for (const name of CONTENDERS) {
    const list = results[name];
    console.log(`${name}: median submitted ${median(list.map((r) => r.submitted)).toFixed(1)} ms, median GPU done ${median(list.map((r) => r.done)).toFixed(1)} ms (${list.length} runs, ${model})`);
  }
}

main().catch((error) => {
  console.error(`first-model: ${error.message}`);
  process.exitCode = 1;
});
