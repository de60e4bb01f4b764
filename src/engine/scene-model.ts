// One model in one scene: the record SceneModels keeps per URL and cache mode, and how its primitives split
// into levels of detail (MSFT_lod).

import type { ModelData } from '../assets/model-data.js';
import type { ModelResources } from '../gpu/model-resources.js';
import type { ImageUse, TextureSet } from './model-textures.js';
import type { StreamedModel } from './model-streaming.js';
import type { ModelUser } from './model-user.js';

/** Where a model is: loading its file, staging its geometry, drawn, its blocks taken for nearer data, or refused. */
export type ModelState = 'loading' | 'staging' | 'ready' | 'evicted' | 'failed';

/** Most levels of detail a model is drawn with (MSFT_lod); further levels are ignored. */
const MAX_LEVELS = 4;
/**
 * Screen coverages below which the next level replaces the current one, when MSFT_screencoverage gives none:
 * each level takes over at about twice the distance of the previous one.
 */
const DEFAULT_COVERAGE = [0.1, 0.025, 0.006];

/** One model in one scene. */
export class SceneModel implements StreamedModel {
  /** Table index of each level of detail (finest first); `index` is the finest. */
  levelIndices: number[] = [];
  /** Per KHR_materials_variants variant, its table index per level once a mesh chose it (else empty). */
  variantIndices: number[][] = [];
  /** Primitive indices (into the staged order) drawn at each level. */
  levelPrimitives: number[][] = [];
  /** Coverage thresholds between levels. */
  coverage: number[] = [];
  readonly users = new Set<ModelUser>();
  /** Users that have not yet had `modelDrawn`. */
  readonly undrawn = new Set<ModelUser>();
  state: ModelState = 'loading';
  data: ModelData | null = null;
  /** The images its materials use; their compressed bytes stay in `data`, decoded again for each upload. */
  uses: ImageUse[] = [];
  /** Buffers and materials, over `textures`. */
  resources: ModelResources | null = null;
  textures: TextureSet | null = null;
  /** Mesh-region blocks, one per drawn primitive: its staged vertices and indices. */
  meshBlocks: number[] = [];
  bufferBytes = 0;
  wantShift = -1;
  targetShift = 0;
  distance = 0;
  seenFrame = -1;
  /** A texture upload is in flight. */
  uploading = false;
  /** Its users were told it is ready since its last staging (once its first upload there had ended). */
  announced = false;
  /** Images that failed to decode were reported (once per load). */
  imagesReported = false;
  /** Bumped on every (re)load, so an async step of an older one sees it is stale. */
  generation = 0;
  /** Mesh-region block of the rig (also the last of `meshBlocks`), or 0. */
  rigBlock = 0;
  /** Clip names and durations, made once so every announcement hands out the same arrays. */
  clipNames: readonly string[] = [];
  clipDurations: readonly number[] = [];
  /** Users already told why the rig was refused (ModelData.rigProblem). */
  readonly toldRigProblem = new WeakSet<ModelUser>();
  constructor(readonly index: number, readonly cacheKey: string, readonly hold: { release(): void }) {}
}

/**
 * Splits the primitives into levels of detail (MSFT_lod): level i draws every primitive outside a LOD group
 * and, of each group, its level i (or its coarsest when it has fewer). Takes a table index per extra level.
 * Returns false when the table has no free index (`freeIndices`, SceneModels' free list) left.
 */
export function planLevels(model: SceneModel, freeIndices: number[]): boolean {
  const data = model.data!;
  let levels = 1;
  for (const group of data.lods) levels = Math.max(levels, Math.min(group.nodes.length, MAX_LEVELS));
  while (model.levelIndices.length < levels) {
    if (model.levelIndices.length === 0) {
      model.levelIndices.push(model.index);
      continue;
    }
    const index = freeIndices.pop();
    if (index === undefined) return false;
    model.levelIndices.push(index);
  }
  model.levelPrimitives = [];
  for (let level = 0; level < levels; level++) {
    const drawn: number[] = [];
    data.primitives.forEach((primitive, i) => {
      if (!primitive.lod) {
        drawn.push(i);
        return;
      }
      const groupLevels = Math.min(data.lods[primitive.lod.group]?.nodes.length ?? 1, MAX_LEVELS);
      if (primitive.lod.level === Math.min(level, groupLevels - 1)) drawn.push(i);
    });
    model.levelPrimitives.push(drawn);
  }
  const hints = data.lods[0]?.screenCoverage ?? [];
  model.coverage = [];
  for (let level = 0; level < levels - 1; level++) model.coverage.push(hints[level] ?? DEFAULT_COVERAGE[level]!);
  return true;
}
