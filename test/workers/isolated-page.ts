// Runs in test/workers/isolated.html, which the test server sends with COOP and COEP headers (so the page is
// cross-origin isolated): runs the scene of workers-scene.ts as the query asks and posts what it computed back to
// workers.test.ts on a BroadcastChannel (the opener is another browsing context group, with no window handle).
import { runWorkersScene } from './workers-scene.js';

const query = new URLSearchParams(location.search);
const channel = new BroadcastChannel(query.get('channel')!);
const failing = query.has('fail');
if (failing) {
  // A worker whose script cannot load, as on a server that refuses it or a policy that forbids blob: workers.
  const RealWorker = globalThis.Worker;
  globalThis.Worker = class extends RealWorker {
    constructor(_url: string | URL, options?: WorkerOptions) {
      super('/test/workers/no-such-worker.js', options);
    }
  };
}
try {
  const run = await runWorkersScene(query.get('workers') ?? 'auto', Number(query.get('seed')), failing);
  channel.postMessage({ run });
} catch (error) {
  channel.postMessage({ error: String(error instanceof Error ? error.stack ?? error.message : error) });
}
