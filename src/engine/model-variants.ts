// KHR_materials_variants in a scene's model table: every level of detail of a model has a table entry drawing it
// in the file's own materials, and each variant a mesh chose gets one more entry per level, drawing the same
// buffers with that variant's materials.

import { MODEL_KEY_BASE } from '../gpu/frame-input.js';
import type { GpuModel } from '../gpu/model.js';
import type { SceneModel } from './scene-model.js';

/** A model's KHR_materials_variants (none for most models), as an element chooses among them. */
export interface ModelVariants {
  /** Variant names in the file's order; the same array for every announcement of a model. */
  readonly names: readonly string[];
  /**
   * Batch keys (one per level, as `modelReady` gives) drawing variant `name`, or the file's own materials for
   * null; null for a name the model lacks.
   */
  keys(name: string | null): readonly number[] | null;
  /** Why a name was refused, naming the variants there are. */
  readonly refusal: string;
}

/** Puts the model's GPU objects in the table at each level's index, and each chosen variant's. */
export function fillTable(table: (GpuModel | null)[], model: SceneModel): void {
  const resources = model.resources;
  if (!resources) return;
  const { primitives: all, createOpaqueCapture } = resources.model;
  model.levelIndices.forEach((index, level) => {
    table[index] = { primitives: model.levelPrimitives[level]!.map((p) => all[p]!), createOpaqueCapture };
  });
  const primitives = model.data!.primitives;
  model.variantIndices.forEach((indices, variant) => indices.forEach((index, level) => {
    table[index] = {
      createOpaqueCapture,
      primitives: model.levelPrimitives[level]!.map((p) => {
        const chosen = primitives[p]!.variantMaterials?.[variant];
        return chosen === undefined ? all[p]! : { ...all[p]!, ...resources.materials[chosen]! };
      }),
    };
  }));
}

/**
 * The batch keys (one per level) that draw `model` in variant `name`, taking table indices on first use;
 * null for a name the model does not have, or when the table is full.
 */
function variantKeys(table: (GpuModel | null)[], freeIndices: number[], model: SceneModel, name: string): readonly number[] | null {
  const variants = model.data?.variants ?? [];
  const variant = variants.indexOf(name);
  if (variant < 0) return null;
  if (model.variantIndices.length === 0) model.variantIndices = variants.map(() => []);
  const indices = model.variantIndices[variant]!;
  while (indices.length < model.levelIndices.length) {
    const index = freeIndices.pop();
    if (index === undefined) return null;
    indices.push(index);
  }
  fillTable(table, model);
  return indices.map((index) => MODEL_KEY_BASE + index);
}

/** The level of detail table index `index` draws of `model`, whether in its own materials or a variant's. */
export function levelOf(model: SceneModel, index: number): number {
  const level = model.levelIndices.indexOf(index);
  if (level >= 0) return level;
  for (const indices of model.variantIndices) if (indices.includes(index)) return indices.indexOf(index);
  return -1;
}

/** What `model` tells an element of its variants; `keys` draw it in the file's own materials. */
export function modelVariants(table: (GpuModel | null)[], freeIndices: number[], model: SceneModel, keys: readonly number[]): ModelVariants {
  const data = model.data!;
  return {
    names: data.variants,
    keys: (name) => (name === null ? keys : model.state === 'ready' ? variantKeys(table, freeIndices, model, name) : null),
    refusal: `the model has no variant of that name (it has ${data.variants.length === 0 ? 'none' : data.variants.join(', ')})`,
  };
}
