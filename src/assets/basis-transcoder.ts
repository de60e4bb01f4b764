// KHR_texture_basisu images transcoded off the main thread: one module worker per page (basis-worker.ts, a file
// beside the package that imports the Basis Universal transcoder chunk), started on the first KTX2 texture. The
// main thread only posts the file's bytes and uploads the levels that come back.

import { LayerWError } from '../errors.js';
import { InvalidContent } from './asset-error.js';

/** The parts of Binomial's Basis Universal transcoder (its Emscripten module) that LayerW calls. */
export interface BasisModule {
  KTX2File: new (bytes: Uint8Array) => BasisKtx2File;
}

/** A KTX2 file opened by the transcoder; `close` and `delete` free it. */
export interface BasisKtx2File {
  isValid(): boolean;
  isHDR(): boolean;
  getLevels(): number;
  startTranscoding(): boolean;
  getImageLevelInfo(level: number, layer: number, face: number): { origWidth: number; origHeight: number };
  getImageTranscodedSizeInBytes(level: number, layer: number, face: number, format: number): number;
  transcodeImage(out: Uint8Array, level: number, layer: number, face: number, format: number, flags: number, channel0: number, channel1: number): boolean;
  close(): void;
  delete(): void;
}

/** A request to the worker: transcode levels `first` and below of a KTX2 file to `format`. */
export interface TranscodeRequest {
  id: number;
  bytes: Uint8Array;
  first: number;
  format: number;
}

/** One transcoded level: its size in texels and its data in the requested format. */
export interface TranscodedLevel {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The worker's answer: the levels, or why not (`load`: the transcoder did not load; `invalid`: the data is bad). */
export type TranscodeReply =
  | { id: number; levels: TranscodedLevel[] }
  | { id: number; failure: 'load' | 'invalid'; message: string };

const DECODER = 'the Basis Universal transcoder (KHR_texture_basisu)';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (levels: TranscodedLevel[]) => void; reject: (error: Error) => void }>();

/** Drops the worker and fails what it still had, so the next KTX2 texture starts a new one. */
function dropWorker(error: Error): void {
  worker?.terminate();
  worker = null;
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function startWorker(): Worker {
  const started = new Worker(new URL('./basis-worker.ts', import.meta.url), { type: 'module', name: 'layerw-basis' });
  started.onmessage = (event: MessageEvent<TranscodeReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('levels' in reply) waiting.resolve(reply.levels);
    else if (reply.failure === 'invalid') waiting.reject(new InvalidContent(reply.message));
    else waiting.reject(new LayerWError('LOAD_FAILED', `${DECODER} could not be loaded: ${reply.message}`));
  };
  // A worker script that does not load (or throws at the top level) ends here; so does one that crashed.
  started.onerror = (event) => {
    event.preventDefault();
    dropWorker(new LayerWError('LOAD_FAILED', `${DECODER} could not be loaded: ${event.message || 'its worker did not start'}`));
  };
  return started;
}

/**
 * Transcodes levels `first` and below of a KTX2 file (its header already checked with readKtx2Header) to the
 * transcoder format `format`, in the page's Basis worker. Rejects with InvalidContent when the transcoder refuses
 * the data, and with a LOAD_FAILED LayerWError naming the transcoder when it cannot be loaded.
 */
export function transcodeKtx2(bytes: Uint8Array, first: number, format: number): Promise<TranscodedLevel[]> {
  return new Promise((resolve, reject) => {
    let target: Worker;
    try {
      worker ??= startWorker();
      target = worker;
    } catch (cause) {
      reject(new LayerWError('LOAD_FAILED', `${DECODER} could not be loaded: ${String(cause)}`, { cause }));
      return;
    }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    // A copy goes to the worker: the model keeps its compressed bytes for later levels and reloads.
    const copy = bytes.slice();
    const request: TranscodeRequest = { id, bytes: copy, first, format };
    target.postMessage(request, [copy.buffer]);
  });
}
