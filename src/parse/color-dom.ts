// The slow path of parseColor: colours only a browser can resolve (lab, lch, oklab, oklch, color(), color-mix(),
// system colours, …), drawn on a 1×1 canvas and read back. Never used for hex, rgb(), hsl(), hwb() or names.
import { fail, WRITTEN, type NumberSink, type ParseResult } from './result.js';
import { srgbToLinear } from './srgb.js';

/** Resolved colours kept so re-setting the same value does not read pixels back again; oldest dropped first. */
const CACHE_SIZE = 32;
const cache = new Map<string, readonly number[]>();
let context: CanvasRenderingContext2D | null | undefined;

/** Whether this environment has a DOM to resolve colours with (false during server-side rendering). */
export function canResolveInBrowser(): boolean {
  return typeof document !== 'undefined' && typeof CSS !== 'undefined' && typeof CSS.supports === 'function';
}

function getContext(): CanvasRenderingContext2D | null {
  if (context === undefined) {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  return context;
}

function readBack(text: string): readonly number[] | string {
  if (!CSS.supports('color', text)) return 'is not a CSS colour';
  const ctx = getContext();
  if (!ctx) return 'could not be resolved: this browser gave no 2D canvas context';
  // An assignment the canvas does not understand is ignored silently; two different starting colours
  // reveal that instead of drawing whatever was set before.
  ctx.fillStyle = '#000';
  ctx.fillStyle = text;
  const fromBlack = ctx.fillStyle;
  ctx.fillStyle = '#fff';
  ctx.fillStyle = text;
  if (ctx.fillStyle !== fromBlack) return 'is a CSS colour this browser cannot draw on a canvas';
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  return [srgbToLinear(r! / 255), srgbToLinear(g! / 255), srgbToLinear(b! / 255), a! / 255];
}

/**
 * Resolves any colour the browser accepts by drawing it on a 1×1 canvas and reading the pixel back, and
 * writes linear RGBA into `out` from `offset`. Wide-gamut colours are mapped into sRGB by the browser and the
 * channels carry 8-bit precision. Call only when `canResolveInBrowser()`; `parseColor` does.
 */
export function resolveInBrowser(text: string, out: NumberSink, offset: number): ParseResult {
  let rgba = cache.get(text);
  if (rgba) {
    cache.delete(text);
  } else {
    const resolved = readBack(text);
    if (typeof resolved === 'string') return fail(resolved);
    rgba = resolved;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(text, rgba);
  for (let i = 0; i < 4; i++) out[offset + i] = rgba[i]!;
  return WRITTEN;
}
