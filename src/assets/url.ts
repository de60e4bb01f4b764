import { AssetError } from './asset-error.js';

/**
 * Resolves `src` against the document (or `base`) into the absolute URL the asset cache keys on. Refuses
 * an unparseable URL with LOAD_FAILED.
 */
export function absoluteUrl(src: string, base: string = globalThis.document?.baseURI ?? globalThis.location?.href ?? ''): string {
  try {
    return new URL(src, base || undefined).href;
  } catch (error) {
    throw new AssetError('LOAD_FAILED', src, 'is not a valid URL', { cause: error });
  }
}
