// `fetch` for a page read from disk: models, buffers, images and environments it names by relative URL resolve to
// file: URLs, which Node's fetch does not open. Other URLs (http:, https:, data:) go to Node's fetch.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Installs a `fetch` that reads file: URLs from disk and hands every other URL to the one it replaces. */
export function installFileFetch(): void {
  const networkFetch = globalThis.fetch;
  const fileFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'file:') return networkFetch(input, init);
    init?.signal?.throwIfAborted();
    let bytes: Buffer;
    try {
      bytes = await readFile(fileURLToPath(url), init?.signal ? { signal: init.signal } : {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Response(null, { status: 404, statusText: 'Not Found' });
      throw new TypeError(`cannot read ${fileURLToPath(url)}: ${(error as Error).message}`, { cause: error });
    }
    return new Response(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } });
  };
  Object.defineProperty(globalThis, 'fetch', { value: fileFetch, configurable: true, writable: true });
}
