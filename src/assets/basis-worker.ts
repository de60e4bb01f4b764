// The Basis worker: a module worker that transcodes KTX2 files for basis-transcoder.ts. The transcoder chunk
// (Binomial's WebAssembly, inlined) is imported on the first request; a failure to load it is answered as such
// and tried again on the next request.

import type { BasisModule, TranscodedLevel, TranscodeReply, TranscodeRequest } from './basis-transcoder.js';

let transcoder: Promise<BasisModule> | null = null;

function reply(message: TranscodeReply, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

function transcode(basis: BasisModule, { bytes, first, format }: TranscodeRequest): TranscodedLevel[] {
  const file = new basis.KTX2File(bytes);
  try {
    if (!file.isValid()) throw new RangeError('the transcoder does not accept the KTX2 data');
    if (file.isHDR()) throw new RangeError('HDR Basis Universal textures are not supported');
    const count = file.getLevels();
    if (first >= count) throw new RangeError(`level ${first} was asked of a KTX2 file with ${count} levels`);
    if (!file.startTranscoding()) throw new RangeError('the KTX2 Basis Universal data is malformed');
    const levels: TranscodedLevel[] = [];
    for (let level = first; level < count; level++) {
      const info = file.getImageLevelInfo(level, 0, 0);
      const data = new Uint8Array(file.getImageTranscodedSizeInBytes(level, 0, 0, format));
      if (!file.transcodeImage(data, level, 0, 0, format, 0, -1, -1)) throw new RangeError(`KTX2 level ${level} does not transcode`);
      levels.push({ width: info.origWidth, height: info.origHeight, data });
    }
    return levels;
  } finally {
    file.close();
    file.delete();
  }
}

self.onmessage = async (event: MessageEvent<TranscodeRequest>) => {
  const request = event.data;
  let basis: BasisModule;
  try {
    transcoder ??= import('../../build/basis-transcoder.js').then(({ default: create }) => create());
    basis = await transcoder;
  } catch (error) {
    transcoder = null;
    reply({ id: request.id, failure: 'load', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  try {
    const levels = transcode(basis, request);
    reply({ id: request.id, result: levels }, levels.map((level) => level.data.buffer));
  } catch (error) {
    // A trap inside the transcoder may leave its memory broken: the next request gets a new instance.
    if (!(error instanceof RangeError)) transcoder = null;
    reply({ id: request.id, failure: 'invalid', message: error instanceof Error ? error.message : String(error) });
  }
};
