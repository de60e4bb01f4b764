// The PNG codec of layerw/node (dist/node/src/node/png.js): the encoder's files decode to the same pixels, and the
// decoder reads every colour type, bit depth and row filter of files written here byte by byte from the format's
// rules, with palette transparency and 16-bit samples. Needs the build (`npm run build`).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { encodePng, decodePng } = await import(path.join(root, 'dist/node/src/node/png.js'));

function crc32(bytes) {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG file from rows of raw bytes (before filtering), each row filtered with `filters[y % filters.length]`. */
function pngFile({ width, height, depth, colourType, rows, step, palette, transparency, interlace = 0, filters = [0] }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([depth, colourType, 0, 0, interlace], 8);
  const stride = rows[0].length;
  const raw = Buffer.alloc((stride + 1) * rows.length);
  rows.forEach((row, y) => {
    const filter = filters[y % filters.length];
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const left = x >= step ? row[x - step] : 0;
      const up = y > 0 ? rows[y - 1][x] : 0;
      const upLeft = y > 0 && x >= step ? rows[y - 1][x - step] : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter];
      raw[y * (stride + 1) + 1 + x] = (row[x] - predicted) & 0xff;
    }
  });
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header)];
  if (palette) parts.push(chunk('PLTE', palette));
  if (transparency) parts.push(chunk('tRNS', transparency));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat(parts));
}

function random(count, seed) {
  let state = seed;
  return Uint8Array.from({ length: count }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24));
}

test('encodePng writes files that decode to the same pixels', () => {
  const image = { width: 37, height: 23, data: random(37 * 23 * 4, 7) };
  const decoded = decodePng(encodePng(image));
  assert.deepEqual([decoded.width, decoded.height], [37, 23]);
  assert.deepEqual(decoded.data, image.data);
});

test('decodePng undoes every row filter (None, Sub, Up, Average, Paeth) on RGB and RGBA rows', () => {
  for (const [colourType, channels] of [[2, 3], [6, 4]]) {
    const width = 9;
    const height = 10;
    const pixels = random(width * height * channels, colourType);
    const rows = Array.from({ length: height }, (_, y) => pixels.subarray(y * width * channels, (y + 1) * width * channels));
    const decoded = decodePng(pngFile({ width, height, depth: 8, colourType, rows, step: channels, filters: [0, 1, 2, 3, 4] }));
    for (let i = 0; i < width * height; i++) {
      const expected = [...pixels.subarray(i * channels, i * channels + 3), channels === 4 ? pixels[i * channels + 3] : 255];
      assert.deepEqual([...decoded.data.subarray(i * 4, i * 4 + 4)], expected, `colour type ${colourType}, pixel ${i}`);
    }
  }
});

test('decodePng reads grey at 1, 2, 4 and 16 bits, grey with alpha, palettes with transparency, and 16-bit RGB', () => {
  // Grey, 1 bit: 1 0 1 1 0 0 0 1 1 0 in one row of 10 pixels (two bytes, the last 6 bits unused).
  let decoded = decodePng(pngFile({ width: 10, height: 1, depth: 1, colourType: 0, step: 1, rows: [Uint8Array.of(0b10110001, 0b10000000)] }));
  assert.deepEqual([...decoded.data].filter((_, i) => i % 4 === 0), [255, 0, 255, 255, 0, 0, 0, 255, 255, 0]);
  // Grey, 2 bits: 0 1 2 3 → 0 85 170 255.
  decoded = decodePng(pngFile({ width: 4, height: 1, depth: 2, colourType: 0, step: 1, rows: [Uint8Array.of(0b00011011)] }));
  assert.deepEqual([...decoded.data], [0, 0, 0, 255, 85, 85, 85, 255, 170, 170, 170, 255, 255, 255, 255, 255]);
  // Grey, 4 bits: 15 and 1 → 255 and 17.
  decoded = decodePng(pngFile({ width: 2, height: 1, depth: 4, colourType: 0, step: 1, rows: [Uint8Array.of(0xf1)] }));
  assert.deepEqual([...decoded.data], [255, 255, 255, 255, 17, 17, 17, 255]);
  // Grey, 16 bits: the high byte is kept.
  decoded = decodePng(pngFile({ width: 2, height: 1, depth: 16, colourType: 0, step: 2, rows: [Uint8Array.of(0x12, 0x34, 0xfe, 0xdc)] }));
  assert.deepEqual([...decoded.data], [0x12, 0x12, 0x12, 255, 0xfe, 0xfe, 0xfe, 255]);
  // Grey with alpha, 8 bits.
  decoded = decodePng(pngFile({ width: 2, height: 1, depth: 8, colourType: 4, step: 2, rows: [Uint8Array.of(10, 20, 30, 40)] }));
  assert.deepEqual([...decoded.data], [10, 10, 10, 20, 30, 30, 30, 40]);
  // Palette, 4 bits, with a transparency entry for the first colour only.
  const palette = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255);
  decoded = decodePng(pngFile({ width: 3, height: 1, depth: 4, colourType: 3, step: 1, rows: [Uint8Array.of(0x01, 0x20)], palette, transparency: Uint8Array.of(128) }));
  assert.deepEqual([...decoded.data], [255, 0, 0, 128, 0, 255, 0, 255, 0, 0, 255, 255]);
  // RGB, 16 bits, with the Paeth filter.
  decoded = decodePng(pngFile({ width: 1, height: 2, depth: 16, colourType: 2, step: 6, rows: [Uint8Array.of(1, 2, 3, 4, 5, 6), Uint8Array.of(7, 8, 9, 10, 11, 12)], filters: [4] }));
  assert.deepEqual([...decoded.data], [1, 3, 5, 255, 7, 9, 11, 255]);
});

test('decodePng refuses interlaced files, files that are not PNG, and cut image data, naming the problem', () => {
  const rows = [Uint8Array.of(1, 2, 3)];
  assert.throws(() => decodePng(pngFile({ width: 1, height: 1, depth: 8, colourType: 2, step: 3, rows, interlace: 1 })), /interlaced PNG files are not supported/);
  assert.throws(() => decodePng(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0)), /not a PNG file/);
  const cut = pngFile({ width: 1, height: 2, depth: 8, colourType: 2, step: 3, rows });
  assert.throws(() => decodePng(cut), /cut short/);
});
