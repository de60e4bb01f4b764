import { assert, assertClose, assertDeepEqual, assertEqual } from '../assert.js';
import { parseColor } from '../../src/parse/color.js';
import { srgbToLinear } from '../../src/parse/srgb.js';

const EPS = 1e-6;
const CURRENTCOLOR = 'uses currentcolor, which comes from CSS that LayerW does not read; write the colour itself';

/** Parses `text` and fails the test with the parser's reason if it does not parse. */
function rgbaOf(text: string): Float32Array {
  const out = new Float32Array(4);
  const result = parseColor(text, out);
  assert(result.ok, `${text}: ${result.ok ? '' : result.reason}`);
  return out;
}

function assertRgba(actual: ArrayLike<number>, expected: readonly number[], eps: number, what: string): void {
  for (let i = 0; i < 4; i++) assertClose(actual[i]!, expected[i]!, eps, `${what}[${'rgba'[i]}]`);
}

/** Linear RGBA of 8-bit sRGB channels. */
function linear8(r: number, g: number, b: number, a = 1): number[] {
  return [srgbToLinear(r / 255), srgbToLinear(g / 255), srgbToLinear(b / 255), a];
}

describe('parseColor', () => {
  it('removes the sRGB transfer function: #808080 is 0.2158605 linear', () => {
    assertRgba(rgbaOf('#808080'), [0.2158605, 0.2158605, 0.2158605, 1], EPS, '#808080');
  });

  const same: readonly (readonly [string, number[]])[] = [
    ['#f00', linear8(255, 0, 0)],
    ['#F00', linear8(255, 0, 0)],
    ['#ff000080', linear8(255, 0, 0, 128 / 255)],
    ['#f008', linear8(255, 0, 0, 136 / 255)],
    ['#1e90ff', linear8(0x1e, 0x90, 0xff)],
    ['  #000000  ', [0, 0, 0, 1]],
    ['#fff', [1, 1, 1, 1]],
    ['rgb(255, 99, 71)', linear8(255, 99, 71)],
    ['RGB(255,99,71)', linear8(255, 99, 71)],
    ['rgba(255, 99, 71, 0.5)', linear8(255, 99, 71, 0.5)],
    ['rgba(255, 99, 71, 50%)', linear8(255, 99, 71, 0.5)],
    ['rgb(255 99 71)', linear8(255, 99, 71)],
    ['rgb(255 99 71 / 0.25)', linear8(255, 99, 71, 0.25)],
    ['rgb(255 99 71/25%)', linear8(255, 99, 71, 0.25)],
    ['rgba(255 99 71)', linear8(255, 99, 71)],
    ['rgb(100%, 50%, 0%)', [1, srgbToLinear(0.5), 0, 1]],
    ['rgb(100% 127.5 none)', [1, srgbToLinear(0.5), 0, 1]],
    ['rgb(300 -20 128)', linear8(255, 0, 128)],
    ['rgb(1e2 0 0 / 2)', linear8(100, 0, 0)],
    ['hsl(0, 100%, 50%)', [1, 0, 0, 1]],
    ['hsl(120 100% 25%)', linear8(0, 127.5, 0)],
    ['hsl(120deg 100% 25%)', linear8(0, 127.5, 0)],
    ['hsl(0.5turn 100% 50%)', [0, 1, 1, 1]],
    ['hsl(3.14159265358979rad 100% 50%)', [0, 1, 1, 1]],
    ['hsl(200grad 100% 50%)', [0, 1, 1, 1]],
    ['hsl(-120 100% 50%)', [0, 0, 1, 1]],
    ['hsl(240 100 50)', [0, 0, 1, 1]],
    ['hsla(0, 100%, 50%, 0.4)', [1, 0, 0, 0.4]],
    ['hsl(none 0% 50% / none)', [srgbToLinear(0.5), srgbToLinear(0.5), srgbToLinear(0.5), 0]],
    ['hwb(0 0% 0%)', [1, 0, 0, 1]],
    ['hwb(120 0% 50%)', linear8(0, 127.5, 0)],
    ['hwb(0 60% 60%)', [srgbToLinear(0.5), srgbToLinear(0.5), srgbToLinear(0.5), 1]],
    ['hwb(240 20% 20% / 50%)', [srgbToLinear(0.2), srgbToLinear(0.2), srgbToLinear(0.8), 0.5]],
    ['tomato', linear8(255, 99, 71)],
    ['Tomato', linear8(255, 99, 71)],
    ['rebeccapurple', linear8(0x66, 0x33, 0x99)],
    ['grey', linear8(128, 128, 128)],
    ['transparent', [0, 0, 0, 0]],
  ];
  for (const [text, expected] of same) {
    it(`reads ${text}`, () => {
      assertRgba(rgbaOf(text), expected, 1e-5, text);
    });
  }

  it('writes into a Float32Array at an offset and nowhere else', () => {
    const out = new Float32Array(12).fill(-1);
    assert(parseColor('#ffffff80', out, 4).ok);
    assertDeepEqual(Array.from(out), [-1, -1, -1, -1, 1, 1, 1, Math.fround(128 / 255), -1, -1, -1, -1]);
  });

  it('returns the same success object for every hex colour, so the hex path allocates no result', () => {
    const out = new Float32Array(4);
    assertEqual(parseColor('#123', out), parseColor('#456789', out));
  });

  const rejected: readonly (readonly [string, string, string])[] = [
    ['an empty string', '', 'is empty; it needs a CSS colour'],
    ['only spaces', '   ', 'is empty; it needs a CSS colour'],
    ['a short hex', '#12', 'is not a hex colour: use #rgb, #rgba, #rrggbb or #rrggbbaa'],
    ['a five-digit hex', '#12345', 'is not a hex colour: use #rgb, #rgba, #rrggbb or #rrggbbaa'],
    ['a non-hex digit', '#ggg', 'is not a hex colour: use #rgb, #rgba, #rrggbb or #rrggbbaa'],
    ['a 100 kB string', `#${'f'.repeat(100_000)}`, 'is 100001 characters long; at most 256 are read'],
    ['currentcolor', 'currentColor', CURRENTCOLOR],
    ['currentcolor inside color-mix()', 'color-mix(in srgb, currentcolor, red)', CURRENTCOLOR],
    ['inherit', 'inherit', 'is a CSS-wide keyword, not a colour; write the colour itself'],
    ['unset', 'unset', 'is a CSS-wide keyword, not a colour; write the colour itself'],
    ['var()', 'var(--brand)', 'uses var(), env() or attr(), which only stylesheets resolve; write the colour itself'],
    ['an unknown name', 'tomatoe', 'is not a CSS colour'],
    ['a stray character', 'red!', 'is not a CSS colour'],
    ['rgb() with two channels', 'rgb(1, 2)', 'is not a CSS colour'],
    ['rgb() mixing numbers and percentages in comma syntax', 'rgb(255, 50%, 0)', 'is not a CSS colour'],
    ['rgb() with an angle', 'rgb(10deg 0 0)', 'is not a CSS colour'],
    ['rgb() with NaN', 'rgb(NaN 0 0)', 'is not a CSS colour'],
    ['rgb() with an alpha but no slash', 'rgb(1 2 3 0.5)', 'is not a CSS colour'],
    ['hsl() without percentages in comma syntax', 'hsl(120, 100, 50)', 'is not a CSS colour'],
    ['hwb() in comma syntax', 'hwb(0, 0%, 0%)', 'is not a CSS colour'],
    ['an unclosed function', 'rgb(1 2 3', 'is not a CSS colour'],
    ['a number', '42', 'is not a CSS colour'],
  ];
  for (const [what, text, reason] of rejected) {
    it(`refuses ${what} and leaves the output untouched`, () => {
      const out = new Float32Array([0.25, 0.5, 0.75, 1]);
      const result = parseColor(text, out);
      assert(!result.ok, 'expected a failure');
      assertEqual(result.reason, reason);
      assertDeepEqual(out, new Float32Array([0.25, 0.5, 0.75, 1]));
    });
  }

  it('does not touch the DOM for hex, rgb(), hsl(), hwb() or names', () => {
    const supports = CSS.supports;
    const createElement = document.createElement;
    let domCalls = 0;
    CSS.supports = ((...args: Parameters<typeof CSS.supports>) => {
      domCalls++;
      return supports.apply(CSS, args);
    }) as typeof CSS.supports;
    document.createElement = ((...args: Parameters<typeof document.createElement>) => {
      domCalls++;
      return createElement.apply(document, args);
    }) as typeof document.createElement;
    try {
      for (const text of ['#abc', '#aabbccdd', 'rgb(1 2 3)', 'rgba(1, 2, 3, 0.5)', 'hsl(10 20% 30%)', 'hwb(10 20% 30%)', 'tomato', 'transparent']) {
        rgbaOf(text);
      }
    } finally {
      CSS.supports = supports;
      document.createElement = createElement;
    }
    assertEqual(domCalls, 0);
  });
});
