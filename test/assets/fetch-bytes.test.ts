import { assert, assertEqual } from '../assert.js';
import { AssetAbortError, AssetError } from '../../src/assets/asset-error.js';
import { fetchBytes, platformFetch, type FetchBytesOptions } from '../../src/assets/fetch-bytes.js';

const MB = 1024 * 1024;

/** Options of one download through the platform's own fetch. */
function options(signal = new AbortController().signal, onProgress?: FetchBytesOptions['onProgress']): FetchBytesOptions {
  return { fetch: platformFetch(), signal, crossOrigin: null, maxBytes: 64 * MB, modelUrl: 'blob:model', what: 'the model', ...(onProgress ? { onProgress } : {}) };
}

/** Bytes that differ at every position, so a shifted, cut or text-decoded read shows. */
function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 251 + (i >>> 8)) & 0xff;
  return bytes;
}

describe('fetchBytes with the platform fetch', () => {
  it('reads a blob: URL byte for byte, and reports its size once', async () => {
    const source = pattern(3 * MB + 5);
    const url = URL.createObjectURL(new Blob([source as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' }));
    const progress: [number, number | null][] = [];
    try {
      const bytes = await fetchBytes(url, options(undefined, (loaded, total) => progress.push([loaded, total])));
      assertEqual(bytes.byteLength, source.byteLength);
      let same = true;
      for (let i = 0; i < source.length && same; i++) same = bytes[i] === source[i];
      assert(same, 'the bytes read are the blob\'s bytes');
      assertEqual(progress.length, 1);
      assertEqual(progress[0]![0], source.byteLength);
    } finally {
      URL.revokeObjectURL(url);
    }
  });

  it('refuses a blob: URL larger than maxBytes as ASSET_INVALID', async () => {
    const url = URL.createObjectURL(new Blob([pattern(4096) as Uint8Array<ArrayBuffer>]));
    try {
      const error = await fetchBytes(url, { ...options(), maxBytes: 1000 }).then(() => null, (caught: unknown) => caught);
      assert(error instanceof AssetError, `an AssetError, got ${String(error)}`);
      assertEqual(error.code, 'ASSET_INVALID');
      assert(/larger than the 1000 bytes/.test(error.reason), error.reason);
    } finally {
      URL.revokeObjectURL(url);
    }
  });

  it('fails a revoked blob: URL with LOAD_FAILED', async () => {
    const url = URL.createObjectURL(new Blob([pattern(16) as Uint8Array<ArrayBuffer>]));
    URL.revokeObjectURL(url);
    const error = await fetchBytes(url, options()).then(() => null, (caught: unknown) => caught);
    assert(error instanceof AssetError, `an AssetError, got ${String(error)}`);
    assertEqual(error.code, 'LOAD_FAILED');
    assert(/network error/.test(error.reason), error.reason);
  });

  it('stops reading a blob: URL when its signal aborts', async () => {
    const url = URL.createObjectURL(new Blob([pattern(8 * MB) as Uint8Array<ArrayBuffer>]));
    const controller = new AbortController();
    try {
      const reading = fetchBytes(url, options(controller.signal)).then(() => null, (caught: unknown) => caught);
      controller.abort();
      const error = await reading;
      assert(error instanceof AssetAbortError, `an AssetAbortError, got ${String(error)}`);
    } finally {
      URL.revokeObjectURL(url);
    }
  });
});
