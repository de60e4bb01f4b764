#!/usr/bin/env node
// Where the time of one glTF load goes, for each contender of the gltf benchmark: opens a contender page
// (bench/pages/<page>.html) on its own, gives it the benchmark's model files, loads the chosen file a few times to
// warm up as the benchmark does, then records a CPU profile (Chrome DevTools Protocol, 100 µs sampling) of one
// more load and prints the main thread's time by function and by source file, and when each phase of the load
// first and last ran (from the profile's samples). Not part of `npm run bench`; a tool for reading a load.
//   node bench/profile-gltf.mjs [--page=layerw|three] [--file=plain|meshopt|draco|textured|ktx2] [--warmups=2] [--top=30]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from '../test/find-chrome.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const pageName = option('page', 'layerw');
const file = option('file', 'plain');
const warmups = Number(option('warmups', '2'));
const top = Number(option('top', '30'));
/** Width of the timeline's bins. */
const BIN_MS = 10;
/** Functions whose first and last samples mark a phase of a load, when they appear in the profile. */
const PHASES = [
  'attributeChangedCallback', 'whenInView', '#startVisible', 'acquire', 'loadGltf', 'parseGltf', 'fetchBytes', 'readContainer', 'loadResources', 'decodeMeshoptViews', 'decodeGltfBuffer', 'decodeGeometry', 'readAccessor', 'checkIndices', 'finiteBounds',
  'boundingSphere', 'stageBlocks', 'writeVertices', 'uploadModel', 'uploadTextureSet', 'buildModelResources', 'createRenderPipeline',
  'tick', 'modelDrawn', 'parse', 'parseAsync', 'loadAsync', 'render', 'compile', 'setProgram', 'texImage2D', 'bufferData', 'readPixels',
];

/** Self time per profile node, by walking the samples; and each phase's first and last sample time. */
function summarise(profile, afterMarkUs, lengthUs) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = parentsOf(profile.nodes);
  let markAt = 0;
  for (let i = 0, t = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (nodes.get(profile.samples[i]).callFrame.functionName === 'profileMark') markAt = t;
  }
  if (markAt === 0) throw new Error('the profile has no sample of the mark');
  const fromUs = markAt + afterMarkUs;
  const toUs = fromUs + lengthUs;
  const self = new Map();
  const phases = new Map();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at - profile.startTime < fromUs) continue;
    if (at - profile.startTime > toUs) break;
    const node = nodes.get(profile.samples[i]);
    const next = profile.timeDeltas[i + 1] ?? 0;
    self.set(node.id, (self.get(node.id) ?? 0) + next);
    // Every function on the sample's stack is in progress at this time.
    for (let id = node.id; id !== undefined; id = parents.get(id)) {
      const name = nodes.get(id).callFrame.functionName;
      if (!PHASES.includes(name)) continue;
      const span = phases.get(name) ?? { first: at, last: at };
      span.last = at;
      phases.set(name, span);
    }
  }
  const bins = new Map();
  at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at - profile.startTime < fromUs || at - profile.startTime > toUs) continue;
    const frame = nodes.get(profile.samples[i]).callFrame;
    const bin = Math.floor((at - profile.startTime - fromUs) / (BIN_MS * 1000));
    const counts = bins.get(bin) ?? new Map();
    const name = frame.functionName || '(anonymous)';
    counts.set(name, (counts.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    bins.set(bin, counts);
  }
  const byFunction = new Map();
  const byFile = new Map();
  for (const [id, us] of self) {
    const frame = nodes.get(id).callFrame;
    const where = frame.url ? frame.url.replace(/^https?:\/\/[^/]+\//, '').replace(/\?.*$/, '') : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const fileKey = where || frame.functionName;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  return { byFunction, byFile, phases, bins, start: profile.startTime + fromUs };
}

function parentsOf(nodes) {
  const parents = new Map();
  for (const node of nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  return parents;
}

function print(title, map, count) {
  console.log(`\n${title}`);
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  for (const [key, us] of rows) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}

async function main() {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);
  const server = await createServer({
    root: rootDir, configFile: false, logLevel: 'warn', clearScreen: false,
    server: { host: '127.0.0.1', port: 0, hmr: false, headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
    resolve: { conditions: ['module', 'browser', 'production'] },
    optimizeDeps: {
      entries: ['bench/pages/*.html'],
      include: ['three', 'three/examples/jsm/loaders/GLTFLoader.js', 'three/examples/jsm/libs/meshopt_decoder.module.js', '@gltf-transform/core', '@gltf-transform/extensions', 'meshoptimizer/encoder', 'meshoptimizer/decoder'],
      exclude: ['ktx2-encoder'],
    },
  });
  let browser;
  try {
    await server.listen();
    const { port } = server.httpServer.address();
    browser = await chromium.launch({ executablePath, args: CHROME_WEBGPU_ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
    page.on('console', (message) => console.log(`page: ${message.text()}`));
    page.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
    await page.goto(`http://127.0.0.1:${port}/bench/pages/${pageName}.html`);
    await page.waitForFunction(() => window.benchContender !== undefined, undefined, { timeout: 120_000 });
    const warm = await page.evaluate(async ({ file, warmups }) => {
      const { makeBenchModel } = await import('/bench/gltf-model.ts');
      const model = await makeBenchModel();
      for (const [name, bytes] of Object.entries(model)) window.benchContender.setModel(name, bytes);
      const times = [];
      for (let i = 0; i < warmups; i++) times.push((await window.benchContender.loadModel(file)).ms);
      return times;
    }, { file, warmups });
    console.log(`${pageName}, ${file}: warm-up loads ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    // A named spin of a few milliseconds marks a known time in the profile, to line it up with the page's clock.
    const result = await page.evaluate(async (file) => {
      const profileMark = () => {
        const until = performance.now() + 5;
        while (performance.now() < until);
        return performance.now();
      };
      const marked = profileMark();
      const load = await window.benchContender.loadModel(file);
      return { ms: load.ms, submittedMs: load.submittedMs, afterMark: load.startedAt - marked };
    }, file);
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`${pageName}, ${file}: profiled load ${result.ms.toFixed(1)} ms, frame submitted at ${result.submittedMs.toFixed(1)} ms`);
    // Only the samples of the timed load: the page first clears the last model, then redraws and streams after it.
    const { byFunction, byFile, phases, bins, start } = summarise(profile, result.afterMark * 1000, result.ms * 1000);
    print('self time by function', byFunction, top);
    print('self time by file', byFile, top);
    console.log('\nphases (first … last sample, ms after the load started)');
    for (const [name, span] of [...phases].sort((a, b) => a[1].first - b[1].first)) {
      console.log(`${((span.first - start) / 1000).toFixed(1).padStart(8)} … ${((span.last - start) / 1000).toFixed(1).padStart(8)}  ${name}`);
    }
    console.log(`\ntimeline (${BIN_MS} ms bins: the three functions with the most self time in each)`);
    for (const [bin, counts] of [...bins].sort((a, b) => a[0] - b[0])) {
      const parts = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`);
      console.log(`${String(bin * BIN_MS).padStart(6)} ms  ${parts.join(', ')}`);
    }
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(`profile-gltf: failed: ${error?.stack ?? error}`);
  process.exit(1);
});
