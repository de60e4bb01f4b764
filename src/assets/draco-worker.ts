// The Draco worker: a module worker that decodes KHR_draco_mesh_compression primitives for draco-client.ts. The
// decoder chunk (draco3d's WebAssembly, inlined) is imported as the worker starts and kept for every request after;
// a failure to load it is answered as such and tried again on the next request.

import type { DecoderModule } from 'draco3d';
import { DracoDataError, decodeDracoPrimitive, type DracoReply, type DracoRequest } from './draco-decode.js';

function loadDecoder(): Promise<DecoderModule> {
  return import('../../build/draco-decoder.js').then(({ default: create }) => create());
}

let decoder: Promise<DecoderModule> | null = loadDecoder();
// Observed here so that a failed load waits quietly for the request that reports it.
decoder.catch(() => undefined);

function reply(message: DracoReply, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

self.onmessage = async (event: MessageEvent<DracoRequest>) => {
  const request = event.data;
  let draco: DecoderModule;
  try {
    decoder ??= loadDecoder();
    draco = await decoder;
  } catch (error) {
    decoder = null;
    reply({ id: request.id, failure: 'load', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  try {
    const decoded = decodeDracoPrimitive(draco, request);
    const transfer = decoded.attributes.map((data) => data.buffer);
    if (decoded.indices) transfer.push(decoded.indices.buffer);
    reply({ id: request.id, result: decoded }, transfer);
  } catch (error) {
    // A trap inside the decoder may leave its memory broken: the next request gets a new instance.
    if (!(error instanceof DracoDataError)) decoder = null;
    const message = error instanceof Error ? error.message : String(error);
    reply({ id: request.id, failure: 'invalid', message: error instanceof DracoDataError ? message : `${request.path}: the Draco decoder failed on this data (${message})` });
  }
};
