import { Walloc, type WallocOptions } from '../../src/memory/walloc.js';
import { LayerWError, type LayerWErrorCode } from '../../src/errors.js';
import { constant } from '../../src/wasm/exports.js';

/** A fresh memory for one test; 64 MB unless the test asks otherwise. */
export function createWalloc(options: Partial<WallocOptions> = {}): Promise<Walloc> {
  return Walloc.create({ budget: '64MB', ...options });
}

/** Allocates `count` slots and returns them; fails the test if the columns are full. */
export function allocSlots(walloc: Walloc, count: number): number[] {
  const noSlot = constant(walloc.core, 'NO_SLOT');
  const slots: number[] = [];
  for (let i = 0; i < count; i++) {
    const slot = walloc.core.slotAlloc() >>> 0;
    if (slot === noSlot) throw new Error(`slot ${i} of ${count} did not fit`);
    slots.push(slot);
  }
  return slots;
}

/** Runs `work` and checks that it fails with a LayerWError of `code`; returns that error. */
export async function expectError(work: () => unknown, code: LayerWErrorCode): Promise<LayerWError> {
  let caught: unknown;
  try {
    await work();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof LayerWError)) throw new Error(`expected a LayerWError ${code}, got ${String(caught)}`);
  if (caught.code !== code) throw new Error(`expected code ${code}, got ${caught.code}: ${caught.message}`);
  return caught;
}
