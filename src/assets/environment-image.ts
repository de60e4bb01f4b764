// Environment panoramas from URLs: a Radiance .hdr (read here, downsampled in RGBE) or an image the browser
// decodes (.jpg, .png, .webp), resized by the decoder when too wide. Loaded once per URL for the page.

import { AssetError, InvalidContent, isAbortError } from './asset-error.js';
import { fetchBytes, platformFetch } from './fetch-bytes.js';
import { downsampleRgbe, isRadiance, parseHdr } from './hdr.js';
import type { EnvironmentSource } from '../gpu/ibl/environment-maker.js';

/** Widest panorama kept: enough for a 512 cube face (a quarter of the width); an 8k image is averaged down. */
export const MAX_PANORAMA_WIDTH = 2048;
const MAX_ENVIRONMENT_BYTES = 512 * 1024 * 1024;

const sources = new Map<string, Promise<EnvironmentSource>>();

/**
 * The panorama at absolute `url`, fetched and decoded once per page (a failure is forgotten, so a later request
 * tries again). Rejects with an AssetError: LOAD_FAILED for the network or HTTP, ASSET_INVALID for bytes that are
 * not a usable image.
 */
export function loadEnvironmentSource(url: string): Promise<EnvironmentSource> {
  let source = sources.get(url);
  if (!source) {
    source = readSource(url);
    sources.set(url, source);
    source.catch(() => sources.delete(url));
  }
  return source;
}

async function readSource(url: string): Promise<EnvironmentSource> {
  const bytes = await fetchBytes(url, {
    fetch: platformFetch(),
    signal: new AbortController().signal,
    crossOrigin: 'anonymous',
    maxBytes: MAX_ENVIRONMENT_BYTES,
    modelUrl: url,
    what: 'the environment',
  });
  try {
    if (isRadiance(bytes) || /\.hdr(?:[?#]|$)/i.test(url)) {
      const image = downsampleRgbe(parseHdr(bytes), MAX_PANORAMA_WIDTH);
      return { kind: 'rgbe', ...image };
    }
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const probe = await createImageBitmap(blob);
    if (probe.width <= MAX_PANORAMA_WIDTH) return { kind: 'image', bitmap: probe };
    const scale = MAX_PANORAMA_WIDTH / probe.width;
    const height = Math.max(1, Math.round(probe.height * scale));
    probe.close();
    return { kind: 'image', bitmap: await createImageBitmap(blob, { resizeWidth: MAX_PANORAMA_WIDTH, resizeHeight: height, resizeQuality: 'high' }) };
  } catch (error) {
    if (error instanceof InvalidContent) throw new AssetError('ASSET_INVALID', url, error.message);
    if (isAbortError(error)) throw error;
    throw new AssetError('ASSET_INVALID', url, 'is not an image the browser can decode', { cause: error });
  }
}
