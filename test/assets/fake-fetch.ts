import type { FetchLike, FetchResponseLike } from '../../src/assets/fetch-bytes.js';

/** A recorded request of the fake fetch. */
export interface FakeRequest {
  url: string;
  credentials: RequestCredentials;
  mode: RequestMode;
  signal: AbortSignal;
}

/** What the fake server answers for a URL: bytes (200), a status, 'network-error' or 'hang' (until aborted). */
export type FakeAnswer = Uint8Array | number | 'network-error' | 'hang';

/** A fetch that answers from a table and records every request; counts per URL for the cache tests. */
export function fakeFetch(files: Record<string, FakeAnswer | (() => FakeAnswer)>): { fetch: FetchLike; requests: FakeRequest[] } {
  const requests: FakeRequest[] = [];
  const fetch: FetchLike = (url, init) => {
    requests.push({ url, ...init });
    const entry = files[url];
    const answer = typeof entry === 'function' ? entry() : entry ?? 404;
    return new Promise<FetchResponseLike>((resolve, reject) => {
      const abort = (): void => reject(new DOMException('aborted', 'AbortError'));
      if (init.signal.aborted) return abort();
      init.signal.addEventListener('abort', abort, { once: true });
      if (answer === 'hang') return;
      setTimeout(() => {
        if (answer === 'network-error') return reject(new TypeError('Failed to fetch'));
        if (typeof answer === 'number') return resolve(response(new Uint8Array(0), answer));
        resolve(response(answer, 200));
      }, 0);
    });
  };
  return { fetch, requests };
}

function response(bytes: Uint8Array, status: number): FetchResponseLike {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 404 ? 'Not Found' : status === 200 ? 'OK' : 'Error',
    arrayBuffer: async () => bytes.slice().buffer,
  };
}
