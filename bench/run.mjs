#!/usr/bin/env node
// Entry of `npm run bench` (after the WebAssembly builds): serves the project with Vite's dev server, opens
// bench/index.html in headless Chromium, forwards the page's console, prints the results table and writes
// bench/results/latest.json. Exits non-zero when the page throws or a benchmark fails.
// `npm run bench -- --quick` runs fewer, shorter rounds (a smoke check) and writes bench/results/quick.json;
// `--only=create,heap` runs only those benchmarks and writes bench/results/partial.json; with `--merge` as well,
// their rows replace those benchmarks' rows in bench/results/latest.json and every other row is kept.
// The page asks this runner, through `window.layerwBenchHost`, for screenshots of contender frames (saved in
// /tmp/bench-shots) and for heap measurements over the Chrome DevTools Protocol.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from '../test/find-chrome.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const merge = process.argv.includes('--merge');
const latestFile = path.join(rootDir, 'bench', 'results', 'latest.json');
// A quick or partial run never replaces the results of a full run; a merged partial run replaces its own rows.
const resultsFile = quick ? path.join(rootDir, 'bench', 'results', 'quick.json') : only && !merge ? path.join(rootDir, 'bench', 'results', 'partial.json') : latestFile;
const SHOTS_DIR = '/tmp/bench-shots';
/** Trace categories that carry V8's garbage collections (MinorGC, MajorGC events). */
const GC_TRACE_CATEGORIES = ['devtools.timeline', 'v8', 'disabled-by-default-v8.gc'];
/**
 * The whole page run must finish within this; a full run takes about 12 minutes on two cores, most of it
 * SwiftShader drawing the scene benchmarks' frames.
 */
const PAGE_TIMEOUT_MS = 30 * 60_000;

/** @typedef {{ benchmark: string, case: string, subject: string, peer: string, subjectMs: number, peerMs: number, ratio: number | null, target: number | null, targetMet: boolean | null, unit?: string }} BenchRow */

/** @param {number} ms */
function formatMs(ms) {
  return ms >= 10 ? ms.toFixed(2) : ms >= 0.1 ? ms.toFixed(3) : ms.toFixed(4);
}

/** Milliseconds as before; other units (heap rows) with their unit. @param {number} value @param {string | undefined} unit */
function formatValue(value, unit) {
  return unit === undefined ? formatMs(value) : `${value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

/** @param {BenchRow[]} rows */
function formatTable(rows) {
  const header = ['benchmark', 'case', 'subject', 'peer', 'subject ms', 'peer ms', 'ratio', 'target', 'met'];
  const body = rows.map((row) => [
    row.benchmark, row.case, row.subject, row.peer, formatValue(row.subjectMs, row.unit), formatValue(row.peerMs, row.unit),
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`, row.target === null ? '-' : row.unit ? `<= ${row.target} ${row.unit}` : `>= ${row.target}x`,
    row.targetMet === null ? '-' : row.targetMet ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const numeric = new Set([4, 5, 6]);
  const line = (cells) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

/**
 * Gives the page `window.layerwBenchHost(command, json)`: `screenshot` saves the contender frame
 * `{ frame, name }` as SHOTS_DIR/name.png; `heap-start` collects garbage and starts the sampling heap
 * profiler (`{ samplingInterval }`, objects already collected included) and a trace of garbage collections;
 * `heap-stop` stops both and returns `{ sampledBytes, byKind, numberSize, floorSize, minorGCs, majorGCs, sites }`; `task-duration` returns the
 * seconds the renderer's main thread has run tasks so far (Performance.getMetrics' TaskDuration).
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').Page} page
 * @param {import('vite').ViteDevServer} server
 */
async function exposeHost(browser, page, server) {
  const cdp = await page.context().newCDPSession(page);
  await page.exposeFunction('layerwBenchHost', async (command, argumentJson) => {
    const argument = JSON.parse(argumentJson);
    if (command === 'screenshot') {
      await mkdir(SHOTS_DIR, { recursive: true });
      const file = path.join(SHOTS_DIR, `${argument.name}.png`);
      await page.locator(`iframe[data-contender="${argument.frame}"]`).screenshot({ path: file });
      return JSON.stringify(file);
    }
    if (command === 'heap-start') {
      samplingInterval = argument.samplingInterval;
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      await browser.startTracing(page, { categories: GC_TRACE_CATEGORIES });
      await cdp.send('HeapProfiler.startSampling', {
        samplingInterval: argument.samplingInterval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
      });
      return 'null';
    }
    if (command === 'heap-stop') {
      const { profile } = await cdp.send('HeapProfiler.stopSampling');
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
      await cdp.send('HeapProfiler.disable');
      const events = Array.isArray(trace) ? trace : trace.traceEvents;
      const gcs = (name) => events.filter((event) => event.name === name && (event.ph === 'X' || event.ph === 'B')).length;
      const { total, byKind, numberSize, floorSize, sites } = await allocationSites(profile, server, argument.frames, samplingInterval);
      return JSON.stringify({ sampledBytes: total, byKind, numberSize, floorSize, minorGCs: gcs('MinorGC'), majorGCs: gcs('MajorGC'), sites });
    }
    if (command === 'task-duration') {
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = metrics.find((entry) => entry.name === 'TaskDuration');
      if (!metric) throw new Error('bench: Performance.getMetrics gave no TaskDuration');
      return JSON.stringify(metric.value);
    }
    throw new Error(`bench: unknown host command ${command}`);
  });
}

/**
 * Functions of bench/heap.bench.ts that allocate, in the measured window, only what a site must be told apart
 * by: heap numbers (`boxNumbers`), and the objects of the WebGPU calls that return a new object every frame by
 * the API's design (`webgpuFloorCalls`: view, command encoder, render pass, command buffer).
 */
const CALIBRATION = { numbers: 'boxNumbers', floor: 'webgpuFloorCalls' };

/**
 * An object of LayerW's own counts as made frame after frame (`layerw`) when its site and size were sampled at
 * least this share of the times an object made once every frame of the window would have been; others are
 * `layerwOneOff`. The profiler samples an allocation of `size` bytes with a probability of about
 * 1 - exp(-size / interval), so a 16-byte object made every frame of 600 is expected in about 36 samples, and one
 * made every fourth frame in about 9, while a handful of objects the VM makes once (feedback and code while it
 * optimises a function, charged to whatever function runs) show in a sample or two of one size.
 */
const RECURRING_SHARE = 0.25;
/** The sampling interval of the running heap measurement (heap-start). */
let samplingInterval = 0;

/**
 * Whose code a frame with a source file is: `layerw` (src/ or components/), `bench` (the harness and the
 * contender pages), `library` (a dependency: three.js, A-Frame); `other` without a source at all (the
 * browser's own work).
 * @param {string | null} sourcePath
 */
function codeKind(sourcePath) {
  if (sourcePath === null) return 'other';
  if (sourcePath.startsWith('src/') || sourcePath.startsWith('components/')) return 'layerw';
  if (sourcePath.startsWith('bench/')) return 'bench';
  return 'library';
}

/** The size most samples of `sizes` (size -> samples) have, leaving out `except`. @param {Map<number, number>} sizes */
function modalSize(sizes, except = -1) {
  let best = -1;
  for (const [size, count] of sizes) if (size !== except && (best < 0 || count > (sizes.get(best) ?? 0))) best = size;
  return best;
}

/**
 * Totals a sampling heap profile and names its allocation sites, largest first: the allocating function, and
 * when that has no source (a built-in such as Array.from) the nearest caller that has one. Positions in
 * modules Vite transformed are mapped back to the source through the module's source map.
 * The profiler names the JavaScript function that was running, not the API call inside it (and an optimised
 * function stands for what it inlined), so LayerW's bytes are split by object size, calibrated in the same
 * window: samples of the heap-number size are `layerwNumbers` (doubles boxed by code that is not optimised or
 * that passes a double where an object is expected), samples of the size of the WebGPU floor's objects are
 * `webgpu`, and the rest objects, arrays, closures, strings of its own: `layerw` where one site made objects of
 * one size frame after frame over the `frames` of the window (see RECURRING_SHARE), `layerwOneOff` otherwise.
 * @param {{ head: any, samples: { size: number, nodeId: number }[] }} profile
 * @param {import('vite').ViteDevServer} server
 * @param {number} frames @param {number} interval
 */
async function allocationSites(profile, server, frames, interval) {
  /** @type {Map<string, SourceMap | null>} */
  const maps = new Map();
  /** The source path (relative to the project) of a frame, or its served path when it has no source map. */
  const sourceOf = async (frame) => {
    const url = new URL(frame.url);
    const file = decodeURIComponent(url.pathname);
    if (!maps.has(file)) {
      let map = null;
      try {
        const result = await server.transformRequest(file + url.search);
        if (result?.map && 'mappings' in result.map && result.map.mappings) map = new SourceMap(result.map);
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !('originalLine' in entry)) return { path: file.replace(/^\//, ''), line: null };
    // A source is a file: URL, an absolute path, or a path relative to the served module's folder.
    const source = entry.originalSource;
    const absolute = source.startsWith('file:') ? fileURLToPath(source)
      : path.isAbsolute(source) && source.startsWith(rootDir) ? source : path.join(rootDir, path.dirname(file), source);
    return { path: path.relative(rootDir, absolute), line: entry.originalLine + 1 };
  };
  const name = async (frame) => {
    if (!frame.url) return frame.functionName || '(anonymous)';
    const { path: file, line } = await sourceOf(frame);
    return `${frame.functionName || '(anonymous)'} (${file}:${line ?? `${frame.lineNumber + 1} (served)`})`;
  };
  /** Per profile node with bytes: its site, its code's kind, the function that allocated and its bytes. */
  /** @type {Map<number, { site: string, kind: string, functionName: string, bytes: number }>} */
  const nodes = new Map();
  const visit = async (node, sourced) => {
    const frame = node.callFrame;
    const here = frame.url ? frame : sourced;
    if (node.selfSize > 0) {
      const site = frame.url || !sourced ? await name(frame) : `${await name(frame)} <- ${await name(sourced)}`;
      const functionName = here?.functionName ?? '';
      const calibrating = Object.values(CALIBRATION).includes(functionName);
      nodes.set(node.id, { site, kind: calibrating ? 'calibration' : codeKind(here ? (await sourceOf(here)).path : null), functionName, bytes: node.selfSize });
    }
    for (const child of node.children) await visit(child, here);
  };
  await visit(profile.head, null);
  /** Samples by node and size. @type {Map<number, Map<number, number>>} */
  const samplesOf = new Map();
  /** @type {Record<string, Map<number, number>>} */
  const calibration = { numbers: new Map(), floor: new Map() };
  for (const sample of profile.samples) {
    const sizes = samplesOf.get(sample.nodeId) ?? new Map();
    sizes.set(sample.size, (sizes.get(sample.size) ?? 0) + 1);
    samplesOf.set(sample.nodeId, sizes);
    const node = nodes.get(sample.nodeId);
    for (const [key, functionName] of Object.entries(CALIBRATION)) {
      if (node?.functionName === functionName) calibration[key].set(sample.size, (calibration[key].get(sample.size) ?? 0) + 1);
    }
  }
  const numberSize = modalSize(calibration.numbers);
  const floorSize = modalSize(calibration.floor, numberSize);
  /** @type {Map<string, { bytes: number, kind: string }>} */
  const bytes = new Map();
  const byKind = { layerw: 0, layerwOneOff: 0, layerwNumbers: 0, webgpu: 0, bench: 0, library: 0, other: 0, calibration: 0 };
  /**
   * Whether `count` samples of size `size` are what objects made at least every few frames would give. A sample's
   * size is the profiler's estimate of the bytes it stands for, the object's size scaled by the chance of sampling
   * it (size / (1 - exp(-size / interval))); the object's own size is found back from it.
   */
  const recurring = (size, count) => {
    const chance = (bytes) => 1 - Math.exp(-bytes / interval);
    let low = 0;
    let high = size;
    for (let i = 0; i < 40; i++) {
      const mid = (low + high) / 2;
      if (mid / chance(mid) < size) low = mid;
      else high = mid;
    }
    return count >= RECURRING_SHARE * frames * chance(high);
  };
  let total = 0;
  const add = (site, kind, size) => {
    if (size <= 0) return;
    byKind[kind] += size;
    const key = `${site}|${kind}`;
    const entry = bytes.get(key) ?? { bytes: 0, kind, site };
    entry.bytes += size;
    bytes.set(key, entry);
  };
  for (const [id, node] of nodes) {
    total += node.bytes;
    if (node.kind !== 'layerw') {
      add(node.site, node.kind, node.bytes);
      continue;
    }
    // The node's (scaled) bytes, shared out in proportion to its samples' sizes.
    const sizes = samplesOf.get(id) ?? new Map();
    let sampled = 0;
    for (const [size, count] of sizes) sampled += size * count;
    const part = { layerw: 0, layerwOneOff: 0, layerwNumbers: 0, webgpu: 0 };
    for (const [size, count] of sizes) {
      const kind = size === numberSize ? 'layerwNumbers' : size === floorSize ? 'webgpu' : recurring(size, count) ? 'layerw' : 'layerwOneOff';
      part[kind] += sampled > 0 ? (node.bytes * size * count) / sampled : 0;
    }
    if (sampled === 0) part.layerw = node.bytes;
    for (const [kind, size] of Object.entries(part)) add(node.site, kind, Math.round(size));
  }
  const sites = [...bytes.values()].sort((a, b) => b.bytes - a.bytes);
  return { total, byKind, numberSize, floorSize, sites };
}

/**
 * The rows of latest.json with those of `benchmarks` replaced by `rows`, in the order the file had them (new
 * benchmarks at the end). For `--only=… --merge`.
 * @param {BenchRow[]} rows @param {string[]} benchmarks
 */
async function mergedRows(rows, benchmarks) {
  /** @type {BenchRow[]} */
  let previous = [];
  try {
    previous = JSON.parse(await readFile(latestFile, 'utf8'));
  } catch {
    previous = [];
  }
  const merged = [];
  let placed = false;
  for (const row of previous) {
    if (!benchmarks.includes(row.benchmark)) merged.push(row);
    else if (!placed) {
      merged.push(...rows);
      placed = true;
    }
  }
  if (!placed) merged.push(...rows);
  return merged;
}

async function main() {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);

  const server = await createServer({
    root: rootDir,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    // Cross-origin isolation gives performance.now() its fine resolution.
    server: {
      host: '127.0.0.1',
      port: 0,
      hmr: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    // Production builds of dependencies, as pages ship them; system files run as
    // JavaScript reach the scene's memory through `layerw/system`.
    resolve: {
      conditions: ['module', 'browser', 'production'],
      alias: { 'layerw/system': path.join(rootDir, 'src', 'systems', 'system-memory.ts') },
    },
    // Bundle dependencies before the page loads, so a late discovery never reloads a page mid-run (the glTF
    // reader's meshopt decoder, GLTFLoader, the models' RoomEnvironment and the gltf benchmark's model writer included).
    optimizeDeps: {
      entries: ['bench/index.html', 'bench/pages/*.html'],
      include: [
        'gl-matrix', 'three', 'three/examples/jsm/loaders/GLTFLoader.js', 'three/examples/jsm/libs/meshopt_decoder.module.js',
        'three/examples/jsm/environments/RoomEnvironment.js', 'three/examples/jsm/loaders/KTX2Loader.js', '@gltf-transform/core', '@gltf-transform/extensions', 'meshoptimizer/encoder', 'meshoptimizer/decoder',
      ],
      // Served as it ships: its Basis encoder finds its .wasm beside itself (import.meta.url).
      exclude: ['ktx2-encoder'],
    },
  });
  let browser;
  try {
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP address');
    const query = [quick ? 'quick' : '', only ? `only=${only}` : ''].filter(Boolean).join('&');
    const url = `http://127.0.0.1:${address.port}/bench/index.html${query ? `?${query}` : ''}`;

    // expose-gc lets the harness collect the garbage of each case's setup before timing it; precise memory
    // info makes performance.memory exact rather than bucketed.
    browser = await chromium.launch({
      executablePath, args: [...CHROME_WEBGPU_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'], headless: true,
    });
    const page = await browser.newPage();
    await exposeHost(browser, page, server);
    /** @type {Error | undefined} */
    let pageError;
    page.on('console', (message) => {
      // The dev server's client announces its connection; the rest is the page's own progress.
      if (!message.text().startsWith('[vite]')) console.log(message.text());
    });
    page.on('pageerror', (error) => {
      pageError ??= error;
      console.error(`bench page error: ${error.stack ?? error.message}`);
    });
    page.on('crash', () => {
      pageError ??= new Error('the bench page crashed');
    });
    console.log(`bench: opening ${url}`);
    const started = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => window.layerwBench !== undefined, undefined, { timeout: 60_000 });
    /** @type {BenchRow[]} */
    const rows = await Promise.race([
      page.evaluate(() => window.layerwBench),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the bench page timed out')), PAGE_TIMEOUT_MS).unref()),
    ]);
    if (pageError) throw pageError;
    if (!Array.isArray(rows) || rows.length === 0) throw new Error('the bench page returned no rows');

    await mkdir(path.dirname(resultsFile), { recursive: true });
    await writeFile(resultsFile, `${JSON.stringify(resultsFile === latestFile && only ? await mergedRows(rows, only.split(',')) : rows, null, 2)}\n`);
    console.log(`\n${formatTable(rows)}\n`);
    const judged = rows.filter((row) => row.targetMet !== null);
    const met = judged.filter((row) => row.targetMet).length;
    console.log(`bench: targets met ${met} of ${judged.length}; ${quick ? 'quick run, ' : ''}${((Date.now() - started) / 1000).toFixed(0)} s in the page`);
    console.log(`bench: wrote ${path.relative(rootDir, resultsFile)}`);
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench: failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
