import { assert, assertEqual } from '../assert.js';
import { expectError } from '../helpers/core.js';
import { AssetCache } from '../../src/assets/asset-cache.js';
import { isAbortError } from '../../src/assets/asset-error.js';
import { loadGltf } from '../../src/assets/gltf-load.js';
import type { ModelData } from '../../src/assets/model-data.js';
import { fakeFetch, type FakeAnswer } from './fake-fetch.js';
import { makeGlb, quadModel } from './glb-builder.js';

const URL_A = 'https://models.test/a.glb';

function quadGlb(): Uint8Array {
  const { json, bin } = quadModel();
  return makeGlb(json, bin);
}

/** A model cache over a counting fake fetch; `disposed` lists what the dispose hook received. */
function modelCache(files: Record<string, FakeAnswer | (() => FakeAnswer)>) {
  const { fetch, requests } = fakeFetch(files);
  const disposed: ModelData[] = [];
  const cache = new AssetCache<ModelData>((url, signal) => loadGltf(url, { fetch, signal }), (model) => disposed.push(model));
  return { cache, requests, disposed };
}

describe('AssetCache', () => {
  it('fetches and parses once for many acquirers of one URL', async () => {
    const { cache, requests } = modelCache({ [URL_A]: quadGlb() });
    const handles = Array.from({ length: 100 }, () => cache.acquire(URL_A));
    const models = await Promise.all(handles.map((h) => h.promise));
    assertEqual(requests.length, 1, 'one fetch');
    assert(models.every((m) => m === models[0]), 'one parse, shared');
    assertEqual(cache.refCount(URL_A), 100);
  });

  it('frees the asset when the last holder releases, once', async () => {
    const { cache, disposed } = modelCache({ [URL_A]: quadGlb() });
    const a = cache.acquire(URL_A);
    const b = cache.acquire(URL_A);
    const model = await a.promise;
    a.release();
    a.release(); // idempotent
    assertEqual(disposed.length, 0, 'b still holds it');
    b.release();
    assertEqual(disposed.length, 1);
    assert(disposed[0] === model, 'disposed the loaded model');
    assertEqual(cache.size, 0);
  });

  it('aborts an in-flight load when nobody waits for it anymore', async () => {
    const { cache, requests, disposed } = modelCache({ [URL_A]: 'hang' });
    const a = cache.acquire(URL_A);
    const b = cache.acquire(URL_A);
    await new Promise((resolve) => setTimeout(resolve, 5));
    a.release();
    assert(!requests[0]!.signal.aborted, 'still wanted by b');
    b.release();
    assert(requests[0]!.signal.aborted, 'the fetch is aborted');
    const error = await expectError(() => b.promise, 'LOAD_FAILED');
    assert(isAbortError(error), 'an AbortError');
    assertEqual(disposed.length, 0);
    assertEqual(cache.size, 0);
  });

  it('retries a load that failed on the next acquire', async () => {
    const answers: FakeAnswer[] = [503, quadGlb()];
    const { cache, requests } = modelCache({ [URL_A]: () => answers.shift()! });
    const first = cache.acquire(URL_A);
    await expectError(() => first.promise, 'LOAD_FAILED');
    const second = cache.acquire(URL_A);
    const model = await second.promise;
    assertEqual(model.primitives.length, 1);
    assertEqual(requests.length, 2, 'fetched again');
    first.release();
    assertEqual(cache.refCount(URL_A), 1, "releasing the failed handle leaves the new load alone");
  });
});
