import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { parseColor } from '../../src/parse/color.js';
import { resolveInBrowser } from '../../src/parse/color-dom.js';
import { NAMED_COLORS } from '../../src/parse/named-colors.js';
import { srgbToLinear } from '../../src/parse/srgb.js';

// The browser path reads 8-bit pixels back: half a step in sRGB, a little more in linear light near white.
const EPS_8BIT = 0.006;

function rgbaOf(text: string): Float32Array {
  const out = new Float32Array(4);
  const result = parseColor(text, out);
  assert(result.ok, `${text}: ${result.ok ? '' : result.reason}`);
  return out;
}

function assertRgba(actual: ArrayLike<number>, expected: readonly number[], eps: number, what: string): void {
  for (let i = 0; i < 4; i++) assertClose(actual[i]!, expected[i]!, eps, `${what}[${'rgba'[i]}]`);
}

describe('parseColor through the browser', () => {
  const modern: readonly (readonly [string, number[]])[] = [
    ['oklch(62.8% 0.2577 29.23)', [1, 0, 0, 1]],
    ['oklch(62.8% 0.2577 29.23 / 0.5)', [1, 0, 0, 0.5]],
    ['oklab(0.628 0.2249 0.1258)', [1, 0, 0, 1]],
    ['lab(54.29 80.8 69.89)', [1, 0, 0, 1]],
    ['lch(54.29 106.84 40.85)', [1, 0, 0, 1]],
    ['color(srgb 0.5 0.5 0.5)', [srgbToLinear(0.5), srgbToLinear(0.5), srgbToLinear(0.5), 1]],
    ['color(srgb-linear 0.2 0.4 0.6)', [0.2, 0.4, 0.6, 1]],
    ['color(display-p3 0 0 1)', [0, 0, 1, 1]],
    ['color-mix(in srgb, red 50%, blue)', [srgbToLinear(0.5), 0, srgbToLinear(0.5), 1]],
  ];
  for (const [text, expected] of modern) {
    it(`resolves ${text}`, () => {
      assertRgba(rgbaOf(text), expected, text.includes('display-p3') ? 0.05 : EPS_8BIT, text);
    });
  }

  it('resolves system colours such as Canvas to an opaque colour', () => {
    assertEqual(rgbaOf('Canvas')[3], 1);
  });

  it('refuses what the browser does not accept either', () => {
    const out = new Float32Array([0.1, 0.2, 0.3, 0.4]);
    for (const text of ['oklch(62.8% 0.2577)', 'lab(nope)', 'notacolour', 'color(foo 1 2 3)']) {
      const result = parseColor(text, out);
      assert(!result.ok, `${text} should fail`);
      assertEqual(result.reason, 'is not a CSS colour', text);
    }
    assertDeepEqual(out, new Float32Array([0.1, 0.2, 0.3, 0.4]));
  });

  it('reads a repeated colour from its cache without asking CSS again', () => {
    const text = 'oklch(70% 0.1 200)';
    const first = rgbaOf(text);
    const supports = CSS.supports;
    let calls = 0;
    CSS.supports = ((...args: Parameters<typeof CSS.supports>) => {
      calls++;
      return supports.apply(CSS, args);
    }) as typeof CSS.supports;
    try {
      assertDeepEqual(rgbaOf(text), first);
    } finally {
      CSS.supports = supports;
    }
    assertEqual(calls, 0);
  });

  it('agrees with the browser on all 148 named colours', () => {
    assertEqual(NAMED_COLORS.size, 148);
    const ours = new Float32Array(4);
    const browser = new Float32Array(4);
    for (const name of NAMED_COLORS.keys()) {
      assert(parseColor(name, ours).ok);
      assert(resolveInBrowser(name, browser, 0).ok, name);
      assertRgba(ours, Array.from(browser), 1e-6, name);
    }
  });
});

describe('parseColor without a DOM (in a worker)', () => {
  let worker: Worker;
  before(() => {
    worker = new Worker(new URL('./color-no-dom.worker.ts', import.meta.url), { type: 'module' });
  });
  after(() => worker.terminate());

  function parseInWorker(text: string): Promise<[boolean, number[] | string]> {
    return new Promise((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<[boolean, number[] | string]>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
      worker.postMessage(text);
    });
  }

  it('still reads hex, rgb(), hsl(), hwb() and names', async () => {
    for (const text of ['#808080', 'rgb(128 128 128)', 'hsl(0 0% 50.196%)', 'hwb(0 50.196% 49.804%)', 'grey']) {
      const [ok, rgba] = await parseInWorker(text);
      assert(ok, `${text}: ${String(rgba)}`);
      assertRgba(rgba as number[], [0.2158605, 0.2158605, 0.2158605, 1], 1e-5, text);
    }
  });

  it('refuses modern syntaxes with a reason that says a browser is needed', async () => {
    assertDeepEqual(await parseInWorker('oklch(62.8% 0.2577 29.23)'), [
      false,
      'uses oklch(), which only a browser can resolve; without a DOM use hex, rgb(), hsl(), hwb() or a colour name',
    ]);
  });

  it('names the function when a built-in syntax is malformed', async () => {
    assertDeepEqual(await parseInWorker('rgb(1, 2)'), [false, 'is not a valid rgb() colour']);
    assertDeepEqual(await parseInWorker('tomatoe'), [false, 'is not a CSS colour name']);
  });
});
