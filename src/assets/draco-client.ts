// KHR_draco_mesh_compression primitives decoded off the main thread: one module worker per page (draco-worker.ts, a
// file beside the package that imports the Draco decoder chunk), started on the first Draco primitive and kept for
// every model after it. The main thread posts each primitive's compressed bytes and keeps parsing; the decoded
// arrays come back transferred. Where there is no Worker (the Node renderer runs the browser bundle without one),
// the same decoding runs in-process.

import type { DecoderModule } from 'draco3d';
import { LayerWError } from '../errors.js';
import { InvalidContent } from './asset-error.js';
import { DracoDataError, decodeDracoPrimitive, type DracoDecoded, type DracoRequest } from './draco-decode.js';
import { WorkerClient } from './worker-client.js';

/** What a caller asks: a request without the id the worker's answers are matched by. */
export type DracoJob = Omit<DracoRequest, 'id'>;

const DECODER = 'the Draco decoder (KHR_draco_mesh_compression)';

/**
 * How long the worker may go without answering while it has work. Decoding a million-triangle primitive takes
 * well under a second; a worker silent this long is stuck, and is replaced.
 */
const SILENCE_MS = 30_000;

const decoder = new WorkerClient<DracoDecoded>({
  start: () => new Worker(new URL('./draco-worker.ts', import.meta.url), { type: 'module', name: 'layerw-draco' }),
  decoder: DECODER,
  silenceMs: SILENCE_MS,
});

function loadFailed(message: string, cause?: unknown): LayerWError {
  return new LayerWError('LOAD_FAILED', `${DECODER} could not be loaded: ${message}`, { cause });
}

/**
 * Starts the page's Draco worker (which starts loading its decoder) ahead of the first decodeDraco call, so that
 * both load while the model's buffers download. A worker that cannot start is reported by that first call.
 */
export function prepareDraco(): void {
  if (typeof Worker !== 'undefined') decoder.prepare();
}

/**
 * Decodes one Draco primitive in the page's Draco worker. The job's `bytes` are handed over (transferred), not
 * copied: pass a copy that nothing else reads. Rejects with InvalidContent naming the primitive when the data is
 * bad or the decoder stops answering, and with a LOAD_FAILED LayerWError naming the decoder when it cannot be loaded.
 */
export function decodeDraco(job: DracoJob): Promise<DracoDecoded> {
  if (typeof Worker === 'undefined') return decodeInProcess(job);
  return decoder.request(job, [job.bytes.buffer], job.path);
}

/** The in-process decoder, instantiated on first use; forgotten if it fails to load or traps. */
let inProcess: Promise<DecoderModule> | null = null;

async function decodeInProcess(job: DracoJob): Promise<DracoDecoded> {
  inProcess ??= import('../../build/draco-decoder.js').then(({ default: create }) => create());
  let draco: DecoderModule;
  try {
    draco = await inProcess;
  } catch (cause) {
    inProcess = null;
    throw loadFailed(String(cause), cause);
  }
  try {
    return decodeDracoPrimitive(draco, { ...job, id: 0 });
  } catch (error) {
    if (error instanceof DracoDataError) throw new InvalidContent(error.message);
    inProcess = null;
    throw new InvalidContent(`${job.path}: the Draco decoder failed on this data (${error instanceof Error ? error.message : String(error)})`);
  }
}
