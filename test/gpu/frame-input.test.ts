// The constants the renderer repeats from the WebAssembly layout must agree with it.
import { assertEqual } from '../assert.js';
import { createWalloc } from '../helpers/core.js';
import { constant } from '../../src/wasm/exports.js';
import { BATCH_RECORD_U32, INSTANCE_BYTES } from '../../src/gpu/frame-input.js';

describe('FrameInput layout constants', () => {
  it('match the instance and batch record sizes the pack kernel writes', async () => {
    const walloc = await createWalloc();
    assertEqual(INSTANCE_BYTES, constant(walloc.core, 'INSTANCE_BYTES'), 'INSTANCE_BYTES');
    assertEqual(BATCH_RECORD_U32 * 4, constant(walloc.core, 'BATCH_RECORD_BYTES'), 'BATCH_RECORD_U32 * 4');
  });
});
