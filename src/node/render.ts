// Headless rendering: the first <layerw-scene> of an HTML page drawn by the package's own bundle (dist/layerw.js)
// in Node, with happy-dom for the elements and Dawn for WebGPU, read back and encoded as PNG.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Window } from 'happy-dom';
import { LayerWError } from '../errors.js';
import { frames, installBrowserGlobals, installCanvasSize, viewport } from './browser-globals.js';
import { installDom, setPageUrl } from './dom.js';
import { installFileFetch } from './file-fetch.js';
import { installImages } from './images.js';
import { encodePng } from './png.js';
import { canvasContext, installCanvasContext, nodeGpu } from './webgpu.js';

/** How a page is rendered. */
export interface RenderOptions {
  /** Width of the scene in CSS pixels (default 800). */
  width?: number;
  /** Height of the scene in CSS pixels (default 600). */
  height?: number;
  /** Device pixels per CSS pixel (default 1); the scene's `max-pixel-ratio` still caps it. */
  pixelRatio?: number;
  /**
   * Milliseconds of the scene's clock to run once its models have loaded and a frame shows them (default 0: that
   * first complete frame). The clock is virtual, 60 frames a second, so the same wait gives the same picture.
   */
  wait?: number;
  /** What relative URLs in the page resolve against (default: the current folder). */
  baseUrl?: string | URL;
  /** Real milliseconds to wait for the complete frame before giving up (default 60000). */
  timeout?: number;
}

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 600;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_SIZE = 8192;

/** The bundle beside dist/node: this file is dist/node/src/node/render.js once built. */
const ENGINE_URL = new URL('../../../layerw.js', import.meta.url).href;

/** What this module uses of the bundle's exports. */
interface EngineModule {
  Engine: { get(): { teardownDelayMs: number } };
}

/** What this module uses of a `<layerw-scene>`. */
interface SceneElement extends HTMLElement {
  readonly canvas: HTMLCanvasElement;
  readonly stats: { readonly frames: number };
  readonly runtime: { requestDraw(): void } | null;
}

let engine: Promise<EngineModule> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Renders the first `<layerw-scene>` of `html` and resolves to the PNG file's bytes. Page scripts do not run: the
 * scene is read from the markup. Renders in one process take turns. Rejects with a LayerWError: ASSET_INVALID for a
 * page without a scene, WEBGPU_UNAVAILABLE when Dawn finds no adapter, the code the scene reported for an error in
 * it (a model that does not load, a GPU error), LOAD_FAILED when no complete frame came within `timeout`.
 */
export function renderToPNG(html: string, options: RenderOptions = {}): Promise<Uint8Array> {
  const run = queue.then(() => render(html, options));
  queue = run.catch(() => undefined);
  return run;
}

/** Renders the HTML file at `file` with renderToPNG, relative URLs resolved against the file's folder. */
export async function renderFileToPNG(file: string, options: RenderOptions = {}): Promise<Uint8Array> {
  let html: string;
  try {
    html = await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new LayerWError('LOAD_FAILED', `cannot read ${file} (${reason})`, { cause });
  }
  return renderToPNG(html, { ...options, baseUrl: options.baseUrl ?? pathToFileURL(path.resolve(file)).href });
}

function size(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 1 || result > MAX_SIZE) throw new RangeError(`${name} must be a whole number from 1 to ${MAX_SIZE}, not ${value}`);
  return result;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isFinite(result) || result < 0) throw new RangeError(`${name} must be a number of 0 or more, not ${value}`);
  return result;
}

async function render(html: string, options: RenderOptions): Promise<Uint8Array> {
  const width = size(options.width, DEFAULT_WIDTH, 'width');
  const height = size(options.height, DEFAULT_HEIGHT, 'height');
  const wait = nonNegative(options.wait, 0, 'wait');
  const timeout = nonNegative(options.timeout, DEFAULT_TIMEOUT_MS, 'timeout');
  const pixelRatio = options.pixelRatio ?? 1;
  if (!(pixelRatio > 0 && pixelRatio <= 8)) throw new RangeError(`pixelRatio must be above 0 and at most 8, not ${pixelRatio}`);
  const baseUrl = String(options.baseUrl ?? pathToFileURL(`${process.cwd()}${path.sep}`).href);

  const window = installDom();
  const page = new window.DOMParser().parseFromString(html, 'text/html');
  const found = page.querySelector('layerw-scene');
  if (!found) throw new LayerWError('ASSET_INVALID', 'the page has no <layerw-scene> element');

  const { gpu, adapter, driver } = await nodeGpu();
  if (!adapter) {
    throw new LayerWError('WEBGPU_UNAVAILABLE', `no WebGPU adapter: Dawn found no Vulkan driver it can use (${driver}); ` +
      'install Chromium (its SwiftShader driver is found) or set VK_ICD_FILENAMES to a Vulkan driver manifest');
  }
  const { Engine } = await loadEngine(window, gpu);

  viewport.width = width;
  viewport.height = height;
  Object.defineProperty(globalThis, 'devicePixelRatio', { value: pixelRatio, configurable: true, writable: true });
  setPageUrl(window, baseUrl);
  const imported = window.document.importNode(found, true);
  const scene = imported as unknown as SceneElement;
  try {
    await new Promise<void>((resolve, reject) => {
      const pending = new Set(scene.querySelectorAll('layerw-mesh[src]'));
      const timer = setTimeout(() => reject(new LayerWError('LOAD_FAILED', `the scene drew no complete frame within ${timeout} ms`)), timeout);
      const stop = (error?: LayerWError): void => {
        clearTimeout(timer);
        frames.afterFrame = null;
        if (error) reject(error);
        else resolve();
      };
      scene.addEventListener('load', (event) => {
        pending.delete(event.target as Element);
        if (pending.size === 0) scene.runtime?.requestDraw();
      });
      scene.addEventListener('layerw-error', (event) => {
        const detail = (event as CustomEvent<{ code: LayerWError['code']; message: string }>).detail;
        if (detail.code === 'BAD_ATTRIBUTE') return;
        const source = (event.target as Element).localName;
        stop(new LayerWError(detail.code, source === 'layerw-scene' ? detail.message : `${source}: ${detail.message}`));
      });
      let seen = 0;
      let completeAt: number | undefined;
      frames.afterFrame = (now) => {
        const drawn = scene.stats.frames;
        const drewNow = drawn !== seen;
        seen = drawn;
        if (completeAt === undefined) {
          if (!drewNow || pending.size > 0) return;
          completeAt = now;
        }
        if (now >= completeAt + wait) stop();
      };
      window.document.body.append(imported);
    });
    const image = await canvasContext(scene.canvas)?.readPixels();
    if (!image) throw new LayerWError('GPU_ERROR', 'the scene drew a frame but its canvas holds none');
    return encodePng(image);
  } finally {
    Engine.get().teardownDelayMs = 0;
    scene.remove();
  }
}

/** Installs the DOM's companions and imports the bundle, once per process. */
function loadEngine(window: Window, gpu: GPU): Promise<EngineModule> {
  return (engine ??= (async () => {
    installBrowserGlobals(gpu);
    const canvasClass = window.HTMLCanvasElement as unknown as typeof HTMLCanvasElement;
    installCanvasContext(canvasClass);
    installCanvasSize(canvasClass);
    installImages();
    installFileFetch();
    return (await import(ENGINE_URL)) as EngineModule;
  })());
}
