// `layerw/vite` in `vite build` (the built package's plugin, dist/node): a `?system` import becomes the file
// compiled to WebAssembly, bytes inline; the built page runs it under a strict Content Security Policy; a file
// that does not compile fails the build with its name and line. Needs `npm run build`.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROME_WEBGPU_ARGS, findChrome } from '../find-chrome.mjs';
import { layerwSystems } from '../../dist/node/src/vite/plugin.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = path.join(root, 'test', 'output', `vite-build-${process.pid}`);
const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const SYSTEM = `import { loadU32, slotAt, storeU32 } from 'layerw/system';
import type { f32, u32, usize } from 'layerw/system';

export function run(count: u32, _dt: f32, slots: usize, tally: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const at = tally + <usize>slotAt(slots, i) * 4;
    storeU32(at, loadU32(at) + 3);
  }
}
`;

const PAGE = `<!doctype html>
<html><body>
<layerw-scene style="width: 64px; height: 64px"><layerw-mesh geometry="box" tally="0"></layerw-mesh></layerw-scene>
<script type="module" src="./main.js"></script>
</body></html>
`;

const MAIN = `import { defineComponent } from 'layerw';
import tally from './tally.system.ts?system';

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
defineComponent('tally', { type: 'u32', attribute: 'tally' });
const scene = document.querySelector('layerw-scene');
const errors = [];
scene.addEventListener('layerw-error', (event) => errors.push(event.detail.code + ': ' + event.detail.message));
scene.addEventListener('ready', () => scene.addSystem({ name: 'tally', with: ['tally'], writes: ['tally'], kernel: tally }), { once: true });
window.report = () => ({ kind: tally.kind, tally: Math.max(0, ...(scene.runtime?.components?.column('tally') ?? [])), errors, violations });
`;

/** Builds the page in `folder` with the plugin; `layerw` is the built package. */
function buildPage() {
  return build({
    root: folder,
    configFile: false,
    logLevel: 'silent',
    plugins: [layerwSystems()],
    resolve: { alias: [{ find: /^layerw(\/system)?$/, replacement: path.join(root, 'dist/layerw.js') }] },
    build: { outDir: path.join(folder, 'dist'), emptyOutDir: true, target: 'es2022' },
  });
}

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('vite build compiles a ?system import to WebAssembly that runs under a strict CSP', { timeout: 300_000 }, async () => {
  await mkdir(folder, { recursive: true });
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  await writeFile(path.join(folder, 'tally.system.ts'), SYSTEM);
  await writeFile(path.join(folder, 'index.html'), PAGE);
  await writeFile(path.join(folder, 'main.js'), MAIN);
  await buildPage();

  const dist = path.join(folder, 'dist');
  const server = createServer(async (request, response) => {
    const file = path.join(dist, new URL(request.url, 'http://x').pathname);
    if (!file.startsWith(dist)) return response.writeHead(403).end();
    try {
      const body = await readFile(file.endsWith('/') ? path.join(file, 'index.html') : file);
      const type = file.endsWith('.js') ? 'text/javascript' : 'text/html';
      response.writeHead(200, { 'content-type': type, 'content-security-policy': POLICY }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));

  const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: CHROME_WEBGPU_ARGS });
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.report?.().tally >= 30 || window.report?.().errors.length > 0, null, { timeout: 120_000 });
  const report = await page.evaluate(() => window.report());
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.violations, []);
  assert.equal(report.kind, 'wasm');
  assert.equal(report.tally % 3, 0, 'the compiled system adds 3 per frame');
});

test('vite build fails on a system file that does not compile, naming the file and line', { timeout: 300_000 }, async () => {
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'tally.system.ts'), SYSTEM.replace('+ 3', '+ 0.5'));
  await assert.rejects(buildPage(), (error) => {
    assert.match(error.message, /tally\.system\.ts:7:\d+ ERROR/);
    return true;
  });
});
