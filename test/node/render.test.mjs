// `layerw render` and `layerw/node`: the same engine drawing in Node through Dawn (the `webgpu` package) with the
// SwiftShader Vulkan driver that Chromium ships, compared with headless Chromium's render of the same page; models
// loaded relative to the page; and bad input (no adapter, no scene, an unreadable file) as one line and a failing
// exit. Needs the build (`npm run build`). Never skips: without the driver or Chromium, the tests fail.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROME_WEBGPU_ARGS, findChrome } from '../find-chrome.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(root, 'dist/node/src/cli/index.js');
const output = path.join(root, 'test/output/render');
const { decodePng, encodePng } = await import(path.join(root, 'dist/node/src/node/png.js'));
const { findSwiftShaderDriver } = await import(path.join(root, 'dist/node/src/node/vulkan-driver.js'));

/** The golden threshold (test/helpers/golden.ts, DEFAULT_TOLERANCE): a channel off by more than 8 makes a pixel differ, and 0.5 % may. */
const TOLERANCE = { channel: 8, share: 0.005 };
/** Small, so that both software renderers finish in reasonable time on a loaded machine. */
const WIDTH = 320;
const HEIGHT = 240;

let driver = '';
before(async () => {
  driver = findSwiftShaderDriver() ?? '';
  assert.ok(driver, 'no vk_swiftshader_icd.json beside a Chromium install: install Chromium (apt-get install chromium) or set CHROME_PATH');
  await mkdir(output, { recursive: true });
});

/** Runs `layerw <args>` and resolves to its exit code, stdout and stderr. */
function runCli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, VK_ICD_FILENAMES: driver, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Pixels whose largest channel difference passes the tolerance, and a diff image (red where they differ). */
function compare(actual, expected) {
  const diff = new Uint8Array(actual.data.length);
  let differing = 0;
  for (let i = 0; i < actual.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(actual.data[i + c] - expected.data[i + c]));
    const grey = (actual.data[i] + actual.data[i + 1] + actual.data[i + 2]) / 12;
    diff.set(worst > TOLERANCE.channel ? [255, 0, 0, 255] : [grey, grey, grey, 255], i);
    if (worst > TOLERANCE.channel) differing++;
  }
  return { differing, diff: { width: actual.width, height: actual.height, data: diff } };
}

/**
 * A server for the repository, where the demo's `import '../src/index.ts'` is sent to the built bundle, the file
 * the Node render draws with.
 */
async function serveRepository() {
  const types = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.wasm': 'application/wasm' };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/src/index.ts') {
      response.writeHead(302, { location: '/dist/layerw.js' }).end();
      return;
    }
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * Chromium's picture of demo/index.html at WIDTH×HEIGHT: the page's first frame (animation frames stop once the
 * scene is ready, so the spinning torus stands where it stood in that frame, as in the Node render), the canvas
 * alone (the page's links and status line hidden).
 */
async function chromiumRender() {
  const server = await serveRepository();
  const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: CHROME_WEBGPU_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
    await page.addInitScript(() => {
      const request = window.requestAnimationFrame.bind(window);
      let frozen = false;
      document.addEventListener('ready', () => (frozen = window.layerwReady = true), true);
      document.addEventListener('layerw-error', (event) => (window.layerwErrors ??= []).push(`${event.detail.code}: ${event.detail.message}`), true);
      window.requestAnimationFrame = (callback) => request((now) => {
        if (!frozen) callback(now);
      });
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/demo/index.html`);
    // Polled on a timer: polling on animation frames would stop with them.
    await page.waitForFunction(() => window.layerwReady || window.layerwErrors, null, { polling: 100, timeout: 600_000 });
    assert.deepEqual(await page.evaluate(() => window.layerwErrors ?? []), [], 'Chromium drew the demo without errors');
    await page.addStyleTag({ content: 'nav, #status { visibility: hidden; }' });
    return decodePng(await page.locator('layerw-scene canvas').screenshot());
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

test('the CLI\'s PNG of demo/index.html matches Chromium\'s render of the same page within the golden threshold', async () => {
  const file = path.join(output, 'demo.node.png');
  const result = await runCli(['render', 'demo/index.html', '--out', file, '--width', String(WIDTH), '--height', String(HEIGHT)]);
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.equal(result.code, 0);
  const node = decodePng(await readFile(file));
  const browser = await chromiumRender();
  await writeFile(path.join(output, 'demo.chromium.png'), encodePng(browser));
  assert.deepEqual([node.width, node.height], [WIDTH, HEIGHT], 'the Node render has the size asked for');
  assert.deepEqual([browser.width, browser.height], [WIDTH, HEIGHT], 'the canvas screenshot has the viewport\'s size');
  const background = node.data.subarray(0, 4);
  let scenePixels = 0;
  for (let i = 0; i < node.data.length; i += 4) if (Math.abs(node.data[i] - background[0]) + Math.abs(node.data[i + 1] - background[1]) + Math.abs(node.data[i + 2] - background[2]) > 24) scenePixels++;
  assert.ok(scenePixels > 0.5 * WIDTH * HEIGHT, `the Node render shows the floor and the meshes, not the background alone (${scenePixels} pixels)`);
  const { differing, diff } = compare(node, browser);
  await writeFile(path.join(output, 'demo.diff.png'), encodePng(diff));
  const allowed = Math.floor(TOLERANCE.share * WIDTH * HEIGHT);
  assert.ok(differing <= allowed, `${differing} pixels differ by more than ${TOLERANCE.channel} (at most ${allowed} may); see test/output/render/demo.*.png`);
});

/**
 * A page beside two models made with glTF-Transform, each a square facing the camera: `models/png.glb` with a
 * green PNG texture inside, `models/jpeg/quad.gltf` with its buffer and a blue JPEG texture as separate files.
 * Both are named relative to the page, their files relative to them.
 */
async function writeModelPage(folder) {
  const { Document, NodeIO } = await import('@gltf-transform/core');
  const jpeg = (await import('jpeg-js')).default;
  const solid = (rgba) => ({ width: 4, height: 4, data: new Uint8Array(64).map((_, i) => rgba[i % 4]) });
  const quad = (image, mimeType, uri) => {
    const doc = new Document();
    const buffer = doc.createBuffer();
    const texture = doc.createTexture('base').setImage(image).setMimeType(mimeType);
    if (uri) texture.setURI(uri);
    const material = doc.createMaterial('material').setBaseColorTexture(texture).setMetallicFactor(0).setRoughnessFactor(1);
    const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
    const primitive = doc.createPrimitive()
      .setAttribute('POSITION', accessor('VEC3', new Float32Array([-0.5, -0.5, 0, 0.5, -0.5, 0, 0.5, 0.5, 0, -0.5, 0.5, 0])))
      .setAttribute('NORMAL', accessor('VEC3', new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])))
      .setAttribute('TEXCOORD_0', accessor('VEC2', new Float32Array([0, 1, 1, 1, 1, 0, 0, 0])))
      .setIndices(accessor('SCALAR', new Uint16Array([0, 1, 2, 0, 2, 3])))
      .setMaterial(material);
    doc.createScene().addChild(doc.createNode().setMesh(doc.createMesh().addPrimitive(primitive)));
    return doc;
  };
  const io = new NodeIO();
  await mkdir(path.join(folder, 'models/jpeg'), { recursive: true });
  await io.write(path.join(folder, 'models/png.glb'), quad(encodePng(solid([0, 200, 0, 255])), 'image/png'));
  const jpegBytes = new Uint8Array(jpeg.encode(solid([0, 0, 200, 255]), 95).data);
  await io.write(path.join(folder, 'models/jpeg/quad.gltf'), quad(jpegBytes, 'image/jpeg', 'blue.jpg'));
  await writeFile(path.join(folder, 'index.html'), `<!doctype html>
<layerw-scene camera-position="0 0 2.2" camera-target="0 0 0" environment="none" background="#000000">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh src="models/png.glb" position="-0.55 0 0"></layerw-mesh>
  <layerw-mesh src="./models/jpeg/quad.gltf" position="0.55 0 0"></layerw-mesh>
</layerw-scene>
`);
}

test('renderFileToPNG loads models relative to the page, with their PNG and JPEG textures', async () => {
  const folder = path.join(output, 'models-page');
  await writeModelPage(folder);
  const { renderFileToPNG } = await import(path.join(root, 'dist/node/src/node/index.js'));
  process.env.VK_ICD_FILENAMES = driver;
  const png = await renderFileToPNG(path.join(folder, 'index.html'), { width: 160, height: 80 });
  await writeFile(path.join(output, 'models.node.png'), png);
  const image = decodePng(png);
  const pixel = (x, y) => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));
  const [r1, g1, b1] = pixel(48, 40);
  assert.ok(g1 > 60 && g1 > 3 * r1 && g1 > 3 * b1, `the PNG-textured square is green: ${[r1, g1, b1]}`);
  const [r2, g2, b2] = pixel(112, 40);
  assert.ok(b2 > 60 && b2 > 3 * r2 && b2 > 3 * g2, `the JPEG-textured square is blue: ${[r2, g2, b2]}`);
  assert.deepEqual(pixel(80, 4), [0, 0, 0], 'the background shows between and around them');
});

test('renderFileToPNG decodes a Draco-compressed model (KHR_draco_mesh_compression) in-process, as Node has no page Worker', async () => {
  const { Document, NodeIO } = await import('@gltf-transform/core');
  const { KHRDracoMeshCompression } = await import('@gltf-transform/extensions');
  const draco3d = (await import('draco3d')).default;
  const folder = path.join(output, 'draco-page');
  await mkdir(folder, { recursive: true });
  const doc = new Document();
  const buffer = doc.createBuffer();
  const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const material = doc.createMaterial('red').setBaseColorFactor([0.9, 0, 0, 1]).setMetallicFactor(0).setRoughnessFactor(1);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', new Float32Array([-0.5, -0.5, 0, 0.5, -0.5, 0, 0.5, 0.5, 0, -0.5, 0.5, 0])))
    .setAttribute('NORMAL', accessor('VEC3', new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])))
    .setIndices(accessor('SCALAR', new Uint16Array([0, 1, 2, 0, 2, 3])))
    .setMaterial(material);
  doc.createScene().addChild(doc.createNode().setMesh(doc.createMesh().addPrimitive(primitive)));
  doc.createExtension(KHRDracoMeshCompression).setRequired(true);
  const io = new NodeIO().registerExtensions([KHRDracoMeshCompression]).registerDependencies({ 'draco3d.encoder': await draco3d.createEncoderModule() });
  const glb = await io.writeBinary(doc);
  assert.ok(new TextDecoder().decode(glb.subarray(0, 2000)).includes('KHR_draco_mesh_compression'), 'the file is Draco-compressed');
  await writeFile(path.join(folder, 'square.glb'), glb);
  await writeFile(path.join(folder, 'index.html'), `<!doctype html>
<layerw-scene camera-position="0 0 2.2" camera-target="0 0 0" environment="none" background="#000000">
  <layerw-light type="ambient" intensity="1"></layerw-light>
  <layerw-mesh src="square.glb"></layerw-mesh>
</layerw-scene>
`);
  const { renderFileToPNG } = await import(path.join(root, 'dist/node/src/node/index.js'));
  process.env.VK_ICD_FILENAMES = driver;
  const png = await renderFileToPNG(path.join(folder, 'index.html'), { width: 80, height: 80 });
  await writeFile(path.join(output, 'draco.node.png'), png);
  const image = decodePng(png);
  const pixel = (x, y) => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));
  const [r, g, b] = pixel(40, 40);
  assert.ok(r > 60 && r > 3 * g && r > 3 * b, `the decoded square is drawn red at the centre: ${[r, g, b]}`);
  assert.deepEqual(pixel(2, 2), [0, 0, 0], 'the background shows around it');
});

/** The one line a failing command writes, after checking that it is one line and the exit code says failure. */
function failureLine(result) {
  assert.notEqual(result.code, 0, 'the command fails');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `one line on stderr, not:\n${result.stderr}`);
  return lines[0];
}

test('without an adapter (the Vulkan loader pointed at a driver that is not there) the CLI says so in one line and fails', async () => {
  const result = await runCli(['render', 'demo/index.html', '--out', path.join(output, 'none.png')], { VK_ICD_FILENAMES: path.join(output, 'no-such-driver.json') });
  assert.match(failureLine(result), /^layerw render: no WebGPU adapter: Dawn found no Vulkan driver it can use \(VK_ICD_FILENAMES=.*no-such-driver\.json\)/);
});

test('a page without a <layerw-scene> is one line and a failing exit', async () => {
  const page = path.join(output, 'no-scene.html');
  await writeFile(page, '<!doctype html><title>nothing to draw</title><p>no scene here</p>');
  const result = await runCli(['render', page, '--out', path.join(output, 'no-scene.png')]);
  assert.equal(failureLine(result), 'layerw render: the page has no <layerw-scene> element');
});

test('an unreadable page is one line and a failing exit', async () => {
  const result = await runCli(['render', 'test/output/render/missing.html', '--out', path.join(output, 'missing.png')]);
  assert.equal(failureLine(result), 'layerw render: cannot read test/output/render/missing.html (ENOENT)');
});

test('a value an element refuses is a warning after the picture, and the render still succeeds', async () => {
  const page = path.join(output, 'bad-value.html');
  await writeFile(page, '<layerw-scene><layerw-mesh geometry="box" position="1 2"></layerw-mesh></layerw-scene>');
  const result = await runCli(['render', page, '--out', path.join(output, 'bad-value.png'), '--width', '32', '--height', '24']);
  assert.equal(result.code, 0);
  assert.match(result.stderr, /^layerw render: warning: layerw-mesh: position="1 2" .*\n$/);
});
