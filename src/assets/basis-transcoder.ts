// KHR_texture_basisu images transcoded off the main thread: one module worker per page (basis-worker.ts, a file
// beside the package that imports the Basis Universal transcoder chunk), started on the first KTX2 texture. The
// main thread only posts the file's bytes and uploads the levels that come back.

import { WorkerClient, type WorkerReply } from './worker-client.js';

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

/** The worker's answer: the levels, or why not. */
export type TranscodeReply = WorkerReply<TranscodedLevel[]>;

/**
 * How long the worker may go without answering while it has work. Transcoding a whole 8192² mip chain takes a few
 * seconds on a slow phone; a worker silent this long is stuck (a transcoder caught by hostile data), and is
 * replaced, its requests failing as invalid data, rather than a model waiting for it for ever.
 */
const SILENCE_MS = 30_000;

const transcoder = new WorkerClient<TranscodedLevel[]>({
  start: () => new Worker(new URL('./basis-worker.ts', import.meta.url), { type: 'module', name: 'layerw-basis' }),
  decoder: 'the Basis Universal transcoder (KHR_texture_basisu)',
  silenceMs: SILENCE_MS,
});

/**
 * Transcodes levels `first` and below of a KTX2 file (its header already checked with readKtx2Header) to the
 * transcoder format `format`, in the page's Basis worker. Rejects with InvalidContent when the transcoder refuses
 * the data, and with a LOAD_FAILED LayerWError naming the transcoder when it cannot be loaded.
 */
export function transcodeKtx2(bytes: Uint8Array, first: number, format: number): Promise<TranscodedLevel[]> {
  // A copy goes to the worker: the model keeps its compressed bytes for later levels and reloads.
  const copy = bytes.slice();
  return transcoder.request<Omit<TranscodeRequest, 'id'>>({ bytes: copy, first, format }, [copy.buffer]);
}
