import { invalid } from './asset-error.js';
import { decodeDataUri } from './data-uri.js';
import { fetchBytes, type CrossOrigin, type FetchLike } from './fetch-bytes.js';
import { asObject, int, str } from './gltf-json.js';
import { encodedImage } from './images.js';
import { isFallbackBuffer } from './meshopt.js';
import type { EncodedImage } from './model-data.js';
import type { ParseContext } from './parse-context.js';

/** Where and how sub-resources are fetched. */
export interface ResourceOptions {
  /** The model's absolute URL: the base of relative URIs and the URL named in errors. */
  url: string;
  fetch: FetchLike;
  signal: AbortSignal;
  crossOrigin: CrossOrigin;
}

const FETCHABLE_SCHEMES = new Set(['http:', 'https:', 'blob:']);

/**
 * Resolves a glTF `uri` against the model URL: a `data:` URI is decoded at once (returned as bytes), any
 * other becomes an absolute http(s) or blob URL, or a file: URL when the model is a file itself (a page rendered
 * from disk by `layerw/node`). Other schemes (javascript:, …), and file: from a model that is not, are refused.
 */
export function resolveUri(uri: string, base: string, what: string, maxBytes: number): Uint8Array | string {
  if (/^data:/i.test(uri)) return decodeDataUri(uri, maxBytes).bytes;
  let url: URL;
  try {
    url = new URL(uri, base);
  } catch {
    return invalid(`${what} has the URI "${uri.slice(0, 80)}", which is not a valid URL`);
  }
  const besideFile = url.protocol === 'file:' && base.startsWith('file:');
  if (!FETCHABLE_SCHEMES.has(url.protocol) && !besideFile) invalid(`${what} has a ${url.protocol} URI; LayerW fetches http(s), blob: and data: URIs only`);
  return url.href;
}

/**
 * Loads every buffer (the GLB binary chunk, data: URIs, external files) into `ctx.bufferData` and every
 * image in `imageIndices` that has a URI, external files in parallel; images stored in buffer views stay
 * null here (they are read after meshopt decoding). A failure aborts the other downloads before it is
 * thrown, so nothing keeps running. EXT_meshopt_compression fallback buffers are not loaded.
 */
export async function loadResources(
  ctx: ParseContext, bin: Uint8Array | null, imageIndices: Iterable<number>, options: ResourceOptions,
): Promise<(EncodedImage | null)[]> {
  const controller = new AbortController();
  const forward = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', forward, { once: true });
  const maxBytes = ctx.limits.maxFileBytes;
  const download = async (url: string, what: string): Promise<Uint8Array> => {
    const bytes = await fetchBytes(url, { ...options, signal: controller.signal, maxBytes, modelUrl: options.url, what });
    ctx.budget.addInput(bytes.byteLength);
    return bytes;
  };
  const pending: Promise<void>[] = [];
  const images: (EncodedImage | null)[] = ctx.images.map(() => null);
  ctx.bufferData = ctx.buffers.map(() => null);
  try {
    ctx.buffers.forEach((value, i) => {
      const path = `buffers[${i}]`;
      const buffer = asObject(value, path);
      const byteLength = int(buffer, 'byteLength', path, 1, maxBytes);
      if (isFallbackBuffer(buffer, path)) return;
      const uri = buffer['uri'] === undefined ? undefined : str(buffer, 'uri', path, '');
      const accept = (bytes: Uint8Array, source: string): void => {
        if (bytes.byteLength < byteLength) invalid(`${path} declares ${byteLength} bytes but ${source} has ${bytes.byteLength}`);
        ctx.bufferData[i] = bytes.subarray(0, byteLength);
      };
      if (uri === undefined) {
        if (i !== 0 || !bin) invalid(`${path} has no uri and is not the GLB binary chunk`);
        accept(bin, 'the GLB binary chunk');
        return;
      }
      const where = resolveUri(uri, options.url, path, maxBytes);
      if (typeof where !== 'string') accept(where, 'its data: URI');
      else pending.push(download(where, `${path} (${where})`).then((bytes) => accept(bytes, where)));
    });
    for (const i of imageIndices) {
      const path = `images[${i}]`;
      const image = asObject(ctx.images[i], path);
      if (image['uri'] === undefined) continue; // in a buffer view: read once the views are decoded
      const where = resolveUri(str(image, 'uri', path, ''), options.url, path, maxBytes);
      if (typeof where !== 'string') images[i] = encodedImage(where, path, image['mimeType']);
      else pending.push(download(where, `${path} (${where})`).then((bytes) => void (images[i] = encodedImage(bytes, `${path} (${where})`, image['mimeType']))));
    }
    await Promise.all(pending);
  } catch (error) {
    controller.abort();
    // Let the aborted downloads settle so that no work is left running, then report the first failure.
    await Promise.allSettled(pending);
    throw error;
  } finally {
    options.signal.removeEventListener('abort', forward);
  }
  return images;
}
