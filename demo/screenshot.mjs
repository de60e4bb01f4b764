// Opens a demo page in headless Chromium (with WebGPU) through the Vite dev server and saves a screenshot.
// Usage: node demo/screenshot.mjs demo/index.html out.png [width height waitMs]
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { findChrome, CHROME_WEBGPU_ARGS, NO_CHROME_MESSAGE } from '../test/find-chrome.mjs';

const [page = 'demo/index.html', out = 'demo-screenshot.png', width = '1200', height = '800', wait = '3000'] = process.argv.slice(2);
const executablePath = findChrome();
if (!executablePath) {
  console.error(NO_CHROME_MESSAGE);
  process.exit(1);
}
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({ executablePath, args: CHROME_WEBGPU_ARGS, headless: true });
try {
  const tab = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  tab.on('console', (message) => console.log(`[page] ${message.text()}`));
  tab.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await tab.goto(`http://127.0.0.1:${port}/${page}`);
  await tab.waitForTimeout(Number(wait));
  await tab.screenshot({ path: out, timeout: 120_000 });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  await server.close();
}
