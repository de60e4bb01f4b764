// The decoder workers' client with small workers written here: answers matched to requests by id whatever their
// order, the two kinds of failure answer, a worker that does not load, and one that stops answering.
import { assert, assertDeepEqual, assertEqual } from '../assert.js';
import { InvalidContent } from '../../src/assets/asset-error.js';
import { WorkerClient } from '../../src/assets/worker-client.js';
import { LayerWError } from '../../src/errors.js';

const DECODER = 'the test decoder';

/** A module worker running `source`, from a blob: URL; counts how many were started. */
function workerOf(source: string, started: { count: number }): () => Worker {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return () => {
    started.count++;
    return new Worker(url, { type: 'module' });
  };
}

/** Answers `{ n }` with `n * 2` after `n` ms (so later requests can be answered first); `n < 0` is bad data. */
const DOUBLER = `self.onmessage = ({ data }) => setTimeout(() => self.postMessage(data.n < 0
  ? { id: data.id, failure: 'invalid', message: 'negative: ' + data.n }
  : { id: data.id, result: data.n * 2 }), data.n);`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('WorkerClient', () => {
  it('matches each answer to its request when they come back out of order, with one worker for all', async () => {
    const started = { count: 0 };
    const client = new WorkerClient<number>({ start: workerOf(DOUBLER, started), decoder: DECODER });
    const results = await Promise.all([60, 5, 30, 0].map((n) => client.request({ n }, [])));
    assertDeepEqual(results, [120, 10, 60, 0]);
    assertEqual(started.count, 1, 'one worker served every request');
  });

  it('rejects bad data with InvalidContent and a decoder that did not load with LOAD_FAILED naming it, and keeps the worker', async () => {
    const started = { count: 0 };
    const source = `self.onmessage = ({ data }) => self.postMessage(data.n === 0
      ? { id: data.id, failure: 'load', message: 'no bytes' }
      : { id: data.id, failure: 'invalid', message: 'refused ' + data.n });`;
    const client = new WorkerClient<number>({ start: workerOf(source, started), decoder: DECODER });
    const invalid = await rejection(client.request({ n: 3 }, []));
    assert(invalid instanceof InvalidContent, String(invalid));
    assertEqual((invalid as Error).message, 'refused 3');
    const load = await rejection(client.request({ n: 0 }, []));
    assert(load instanceof LayerWError && load.code === 'LOAD_FAILED', String(load));
    assertEqual((load as Error).message, `${DECODER} could not be loaded: no bytes`);
    assertEqual(started.count, 1, 'failure answers leave the worker running');
  });

  it('fails what a worker that does not load had with LOAD_FAILED, and starts a new one for the next request', async () => {
    const started = { count: 0 };
    let source = 'throw new Error("broken at the top level");';
    const client = new WorkerClient<number>({
      start: () => workerOf(source, started)(),
      decoder: DECODER,
    });
    const errors = await Promise.all([rejection(client.request({ n: 1 }, [])), rejection(client.request({ n: 2 }, []))]);
    for (const error of errors) {
      assert(error instanceof LayerWError && error.code === 'LOAD_FAILED', String(error));
      assert((error as Error).message.startsWith(`${DECODER} could not be loaded: `), (error as Error).message);
    }
    source = DOUBLER;
    assertEqual(await client.request({ n: 4 }, []), 8, 'the next request is served by a new worker');
    assertEqual(started.count, 2);
  });

  it('replaces a worker silent for longer than silenceMs, failing its requests with InvalidContent naming their subject', async () => {
    const started = { count: 0 };
    // Answers only requests for n > 0: n = 0 is never answered.
    const source = 'self.onmessage = ({ data }) => { if (data.n > 0) self.postMessage({ id: data.id, result: data.n }); };';
    const client = new WorkerClient<number>({ start: workerOf(source, started), decoder: DECODER, silenceMs: 300 });
    assertEqual(await client.request({ n: 7 }, [], 'first'), 7);
    const stuck = await rejection(client.request({ n: 0 }, [], 'meshes[2]'));
    assert(stuck instanceof InvalidContent, String(stuck));
    assertEqual((stuck as Error).message, `meshes[2]: ${DECODER} did not answer within 0.3 s`);
    assertEqual(await client.request({ n: 5 }, []), 5, 'a new worker serves the next request');
    assertEqual(started.count, 2);
  });

  it('hands the transferred buffers over to the worker', async () => {
    const source = 'self.onmessage = ({ data }) => self.postMessage({ id: data.id, result: data.bytes.byteLength });';
    const client = new WorkerClient<number>({ start: workerOf(source, { count: 0 }), decoder: DECODER });
    const bytes = new Uint8Array(64);
    assertEqual(await client.request({ bytes }, [bytes.buffer]), 64);
    assertEqual(bytes.byteLength, 0, 'the page\'s copy is detached');
  });
});
