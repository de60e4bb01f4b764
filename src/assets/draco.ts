import { AssetError } from './asset-error.js';
import { asObject, extension, list } from './gltf-json.js';
import type { ParseContext } from './parse-context.js';

/** The extension's name, as files write it. */
export const DRACO_EXTENSION = 'KHR_draco_mesh_compression';

/** True when some mesh primitive is compressed with KHR_draco_mesh_compression. */
export function usesDraco(ctx: ParseContext): boolean {
  return ctx.meshes.some((mesh, m) => list(asObject(mesh, `meshes[${m}]`), 'primitives', `meshes[${m}]`, ctx.limits.maxItems)
    .some((primitive, p) => extension(asObject(primitive, `meshes[${m}].primitives[${p}]`), DRACO_EXTENSION, `meshes[${m}].primitives[${p}]`) !== undefined));
}

/**
 * Loads the Draco part of the parser (its own chunk) and starts the Draco worker, which loads the decoder while the
 * file's buffers download. Rejects with LOAD_FAILED naming the decoder when the chunk cannot be loaded.
 */
export async function loadDraco(url: string): Promise<typeof import('./draco-primitives.js')> {
  try {
    const draco = await import('./draco-primitives.js');
    draco.prepareDraco();
    return draco;
  } catch (cause) {
    throw new AssetError('LOAD_FAILED', url, `the Draco decoder (KHR_draco_mesh_compression) could not be loaded: ${String(cause)}`, { cause });
  }
}
