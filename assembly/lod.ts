// Level-of-detail selection: each slot with levels picks one by how much of the screen it covers.

import {
  COL_BOUNDS_X, COL_BOUNDS_Y, COL_BOUNDS_Z, COL_BOUNDS_R, COL_FLAGS, COL_BATCH, COL_LOD_KEYS, COL_LOD_COVERAGE,
  FLAG_ALIVE, FLAG_LOD, FLAG_TRANSPARENT,
} from './layout';
import { column, slotEndNow } from './columns';

/**
 * For every live slot flagged LOD, estimates its screen coverage as (r / (d * tanHalfFov))^2 from its world
 * sphere (radius r at distance d from the eye; `coverageScale` = 1 / tanHalfFov) and picks the first level i
 * whose threshold it is not below (level i + 1 replaces level i when coverage < LOD_COVERAGE[i]; a level with
 * key 0 ends the list). Writes that level's key to the BATCH column, plus `transparentOffset` for slots flagged
 * TRANSPARENT. Called once per frame per scene, after updateTransforms and before culling. Returns the number
 * of slots not at their finest level.
 */
export function selectLod(eyeX: f32, eyeY: f32, eyeZ: f32, coverageScale: f32, transparentOffset: u32): u32 {
  const end = slotEndNow();
  const flagsCol = column(COL_FLAGS), batches = column(COL_BATCH);
  const keys = column(COL_LOD_KEYS), thresholds = column(COL_LOD_COVERAGE);
  const xs = column(COL_BOUNDS_X), ys = column(COL_BOUNDS_Y), zs = column(COL_BOUNDS_Z), rs = column(COL_BOUNDS_R);
  const need = FLAG_ALIVE | FLAG_LOD;
  let coarser: u32 = 0;
  for (let s: u32 = 0; s < end; s++) {
    const flags = load<u32>(flagsCol + s * 4);
    if ((flags & need) != need) continue;
    const dx = load<f32>(xs + s * 4) - eyeX, dy = load<f32>(ys + s * 4) - eyeY, dz = load<f32>(zs + s * 4) - eyeZ;
    const distance = Mathf.sqrt(dx * dx + dy * dy + dz * dz);
    const r = load<f32>(rs + s * 4);
    const share = distance > r ? (r * coverageScale) / distance : <f32>Infinity;
    const coverage = share * share;
    let level: u32 = 0;
    while (level < 3 && load<u32>(keys + s * 16 + (level + 1) * 4) != 0 && coverage < load<f32>(thresholds + s * 16 + level * 4)) level++;
    if (level > 0) coarser++;
    const key = load<u32>(keys + s * 16 + level * 4);
    store<u32>(batches + s * 4, key + ((flags & FLAG_TRANSPARENT) != 0 ? transparentOffset : 0));
  }
  return coarser;
}
