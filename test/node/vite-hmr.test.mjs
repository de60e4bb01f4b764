// `layerw/vite` in the development server: a page runs a system file as JavaScript; saving the file swaps the
// new code in through hot reload, without reloading the page, and the columns keep their state. Starts Vite
// with this repository's vite.config.ts and drives headless Chromium (WebGPU flags) with Playwright.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROME_WEBGPU_ARGS, findChrome } from '../find-chrome.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = path.join(root, 'test', 'output', `vite-hmr-${process.pid}`);
const pageUrl = `/test/output/vite-hmr-${process.pid}/index.html`;

/** The system file, adding `step` to each visited slot's tally every frame. */
const tallySystem = (step) => `import { loadU32, slotAt, storeU32 } from 'layerw/system';
import type { f32, u32, usize } from 'layerw/system';

export function run(count: u32, _dt: f32, slots: usize, tally: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const at = tally + <usize>slotAt(slots, i) * 4;
    storeU32(at, loadU32(at) + ${step});
  }
}
`;

const PAGE = `<!doctype html>
<html><body><script type="module" src="./main.ts"></script></body></html>
`;

const MAIN = `import { defineComponent } from 'layerw';
import tally from './tally.system.ts?system';

defineComponent('tally', { type: 'u32', attribute: 'tally' });
document.body.innerHTML = '<layerw-scene style="width: 64px; height: 64px"><layerw-mesh geometry="box" tally="0"></layerw-mesh></layerw-scene>';
const scene = document.querySelector('layerw-scene');
scene.addEventListener('layerw-error', (event) => (window.errors ??= []).push(event.detail.code + ': ' + event.detail.message));
scene.addEventListener('ready', () => {
  scene.addSystem({ name: 'tally', with: ['tally'], writes: ['tally'], kernel: tally });
  window.tally = () => Math.max(...scene.runtime.components.column('tally'));
}, { once: true });
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

const cleanups = [];
/** The page the first test opens; the second goes on with it. */
let page;
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('saving a system file swaps it in through Vite hot reload; the columns keep their state', { timeout: 300_000 }, async () => {
  await mkdir(folder, { recursive: true });
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const systemFile = path.join(folder, 'tally.system.ts');
  await writeFile(systemFile, tallySystem(1));
  await writeFile(path.join(folder, 'index.html'), PAGE);
  await writeFile(path.join(folder, 'main.ts'), MAIN);

  const port = await freePort();
  const server = await createServer({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'error',
    server: { port, strictPort: true, host: '127.0.0.1' },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  cleanups.push(() => server.close());
  await server.listen();

  const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: CHROME_WEBGPU_ARGS });
  cleanups.push(() => browser.close());
  page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}${pageUrl}`);
  const state = () => page.evaluate(() => ({ tally: window.tally?.() ?? -1, errors: window.errors ?? [], marker: window.marker }));

  await page.waitForFunction(() => (window.tally?.() ?? 0) >= 5, null, { timeout: 120_000 });
  // A full reload would lose this, and the tally with it.
  await page.evaluate(() => {
    window.marker = 'kept';
  });
  const before = (await state()).tally;
  assert.ok(before < 1000, `the first build adds 1 per frame (${before})`);

  await writeFile(systemFile, tallySystem(1000));
  await page.waitForFunction(() => (window.tally?.() ?? 0) >= 2000, null, { timeout: 120_000 });
  const afterSwap = await state();
  assert.equal(afterSwap.marker, 'kept', 'the page was not reloaded');
  assert.ok(afterSwap.tally % 1000 >= before, `the tally kept what the first build counted: ${before} before, ${afterSwap.tally} after`);
  assert.deepEqual(afterSwap.errors, []);
  assert.deepEqual(pageErrors, []);
});

test('a save that does not compile shows a Vite error naming the file and line; the last good build keeps running', { timeout: 300_000 }, async () => {
  assert.ok(page, 'the first test opened the page');
  const systemFile = path.join(folder, 'tally.system.ts');
  const running = await page.evaluate(() => window.tally());
  // TypeScript takes `+ 0.5` on a u32; AssemblyScript wants an explicit cast.
  await writeFile(systemFile, tallySystem(1000).replace('+ 1000', '+ 0.5'));
  await page.waitForFunction(() => document.querySelector('vite-error-overlay') !== null, null, { timeout: 120_000 });
  const overlay = await page.evaluate(() => document.querySelector('vite-error-overlay').shadowRoot.textContent);
  assert.match(overlay, /tally\.system\.ts:7:\d+ ERROR/);
  assert.match(overlay, /explicit cast/);
  const later = await page.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return window.tally();
  });
  assert.ok(later > running && (later - running) % 1000 === 0, `the previous build still adds 1000 per frame: ${running}, then ${later}`);
});
