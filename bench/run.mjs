#!/usr/bin/env node
// Entry of `npm run bench` (after the WebAssembly builds): serves the project with Vite's dev server, opens
// bench/index.html in headless Chromium, forwards the page's console, prints the results table and writes
// bench/results/latest.json. Exits non-zero when the page throws or a benchmark fails.
// `npm run bench -- --quick` runs fewer, shorter rounds (a smoke check) and writes bench/results/quick.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from '../test/find-chrome.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
// A quick run is a smoke check: it never replaces the results of a full run.
const resultsFile = path.join(rootDir, 'bench', 'results', quick ? 'quick.json' : 'latest.json');
/** The whole page run must finish within this; a full run takes a few minutes on two cores. */
const PAGE_TIMEOUT_MS = 15 * 60_000;

/** @typedef {{ benchmark: string, case: string, subject: string, peer: string, subjectMs: number, peerMs: number, ratio: number, target: number | null, targetMet: boolean | null }} BenchRow */

/** @param {number} ms */
function formatMs(ms) {
  return ms >= 10 ? ms.toFixed(2) : ms >= 0.1 ? ms.toFixed(3) : ms.toFixed(4);
}

/** @param {BenchRow[]} rows */
function formatTable(rows) {
  const header = ['benchmark', 'case', 'subject', 'peer', 'subject ms', 'peer ms', 'ratio', 'target', 'met'];
  const body = rows.map((row) => [
    row.benchmark, row.case, row.subject, row.peer, formatMs(row.subjectMs), formatMs(row.peerMs),
    `${row.ratio.toFixed(2)}x`, row.target === null ? '-' : `>= ${row.target}x`,
    row.targetMet === null ? '-' : row.targetMet ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const numeric = new Set([4, 5, 6]);
  const line = (cells) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
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
    // Bundle gl-matrix before the page loads, so a late dependency discovery never reloads it mid-run.
    optimizeDeps: { entries: ['bench/index.html'], include: ['gl-matrix'] },
  });
  let browser;
  try {
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP address');
    const url = `http://127.0.0.1:${address.port}/bench/index.html${quick ? '?quick' : ''}`;

    // expose-gc lets the harness collect the garbage of each case's setup before timing it.
    browser = await chromium.launch({ executablePath, args: [...CHROME_WEBGPU_ARGS, '--js-flags=--expose-gc'], headless: true });
    const page = await browser.newPage();
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
    await writeFile(resultsFile, `${JSON.stringify(rows, null, 2)}\n`);
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
