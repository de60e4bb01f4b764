import { LayerWAnimatedNode } from './animated-node.js';
import { DEFAULT_LOADING, MeshModel, NO_VARIANTS } from './mesh-model.js';

/**
 * The glTF model part of `<layerw-mesh>`, which extends it: the `src`, `loading` and `variant` attributes and the
 * model's `variants`, forwarded to a MeshModel made on first use (most meshes show a built-in geometry). What the
 * mesh shows when `src` changes is its own `showSource`.
 */
export abstract class LayerWModelNode extends LayerWAnimatedNode {
  static override attributeProperties: Readonly<Record<string, string>> = {
    ...LayerWAnimatedNode.attributeProperties,
    src: 'src',
    loading: 'loading',
    variant: 'variant',
  };

  #src: string | null = null;
  /** Made with the first `src`, `loading` or `variant`: most meshes show a built-in geometry. */
  #modelState: MeshModel | null = null;

  /** The model part's MeshModel, made on first use. */
  protected model(): MeshModel {
    return (this.#modelState ??= new MeshModel(this, this.animateModel));
  }

  /** Draws the built-in geometry, or starts showing `src` (nothing is drawn until the model is ready). */
  protected abstract showSource(): void;

  /**
   * A glTF 2.0 (`.gltf`) or GLB model to show instead of `geometry`, resolved against the document. Changing
   * it aborts the load in flight; only the latest `src` is ever shown, and a superseded load fires no event.
   */
  get src(): string | null {
    return this.#src;
  }

  set src(value: string | null | undefined) {
    const next = value === null || value === undefined || value.trim() === '' ? null : value;
    if (next === this.#src) return;
    this.#src = next;
    if (next !== null) this.model().prefetch();
    this.showSource();
  }

  /**
   * When `src` loads: `lazy` (default) once the scene is near the viewport (within one viewport's size of it)
   * and the mesh is in the camera's view or will be within about a second at the camera's velocity; `eager` at
   * once. Read when a `src` is shown: a change applies to the next `src`.
   */
  get loading(): string {
    return this.#modelState?.loading ?? DEFAULT_LOADING;
  }

  set loading(value: string | null | undefined) {
    this.model().loading = value;
  }

  /**
   * The model's material variant (KHR_materials_variants) by name; null or '' for the file's own materials.
   * Switching draws the other materials at once (the model is not loaded again). A name the model does not have
   * is refused with BAD_ATTRIBUTE, keeping the previous variant (checked when the model is ready).
   */
  get variant(): string | null {
    return this.#modelState?.variant ?? null;
  }

  set variant(value: string | null | undefined) {
    this.model().variant = value;
  }

  /** The model's variant names, in the file's order; empty before it is ready and for a model without variants. */
  get variants(): readonly string[] {
    return this.#modelState?.variants ?? NO_VARIANTS;
  }

  protected override releaseResources(): void {
    super.releaseResources();
    this.#modelState?.release();
  }
}
