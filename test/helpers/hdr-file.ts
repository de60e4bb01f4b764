// Radiance .hdr files made in tests: pixels from a function of the direction they show, run-length encoded
// the way Radiance writes them (each channel in runs and literal spans).
import { encodeRgbe } from '../../src/assets/hdr.js';

/** Linear radiance at the panorama point (u, v), u turning about y from -z, v from up (0) to down (1). */
export type RadianceAt = (u: number, v: number) => [number, number, number];

/** The bytes of a `width`×`height` RGBE file (widths 8..32767 run-length encoded, narrower ones flat). */
export function makeHdr(width: number, height: number, radiance: RadianceAt): Uint8Array<ArrayBuffer> {
  const header = `#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y ${height} +X ${width}\n`;
  const out: number[] = Array.from(header, (c) => c.charCodeAt(0));
  const line = new Uint8Array(width * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) encodeRgbe(...radiance((x + 0.5) / width, (y + 0.5) / height), line, x * 4);
    if (width < 8) {
      for (const byte of line) out.push(byte);
      continue;
    }
    out.push(2, 2, width >> 8, width & 255);
    for (let channel = 0; channel < 4; channel++) {
      let x = 0;
      while (x < width) {
        let run = 1;
        while (x + run < width && run < 127 && line[(x + run) * 4 + channel] === line[x * 4 + channel]) run++;
        if (run >= 4) {
          out.push(128 + run, line[x * 4 + channel]!);
          x += run;
          continue;
        }
        const span = Math.min(128, width - x);
        out.push(span);
        for (let i = 0; i < span; i++) out.push(line[(x + i) * 4 + channel]!);
        x += span;
      }
    }
  }
  return new Uint8Array(out);
}

/** A test panorama: a blue sky brightening to the horizon, a warm sun high in the -z direction, brown ground. */
export const SKY_AND_SUN: RadianceAt = (u, v) => {
  if (v > 0.5) return [0.25, 0.18, 0.12];
  const du = u - 0.5;
  const dv = v - 0.25;
  if (du * du + dv * dv < 0.003) return [60, 52, 40];
  const horizon = v * 2;
  return [0.3 + 0.6 * horizon, 0.5 + 0.5 * horizon, 1.2];
};

/** A blob: URL serving `bytes` (revoke it when done). */
export function blobUrl(bytes: Uint8Array<ArrayBuffer>): string {
  return URL.createObjectURL(new Blob([bytes]));
}
