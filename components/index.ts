import { LayerWScene } from './layerw-scene.js';
import { LayerWGroup } from './layerw-group.js';
import { LayerWMesh } from './layerw-mesh.js';
import { LayerWLight } from './layerw-light.js';
import { LayerWCamera } from './layerw-camera.js';
import { LayerWAnimate } from './layerw-animate.js';
import { LayerWLabel } from './layerw-label.js';
import { installComponentProperties } from './user-components.js';

installComponentProperties(LayerWMesh);
installComponentProperties(LayerWGroup);

export { LayerWScene, LayerWGroup, LayerWMesh, LayerWLight, LayerWCamera, LayerWAnimate, LayerWLabel };
export type { LabelHiddenBy } from './layerw-label.js';
export type { LayerWFinishedDetail } from './layerw-animate.js';
import { SceneSystemList } from './scene-system-list.js';

/**
 * Swaps in a new build of the system file `id` in every connected scene that runs it; the columns keep their
 * state. Called by the code `layerw/vite` adds to a `?system` import on hot reload.
 */
export function swapSystemKernel(id: string, kernel: import('../src/systems/scene-systems.js').SystemKernel): number {
  return SceneSystemList.swapEverywhere(id, kernel);
}
export { ERROR_EVENT, type LayerWErrorDetail } from './layerw-element.js';
export type { LayerWStatsDetail } from './layerw-scene.js';

/** Every element, in the order they are defined: the scene first, so children find an upgraded scene. */
export const ELEMENTS = {
  'layerw-scene': LayerWScene,
  'layerw-group': LayerWGroup,
  'layerw-mesh': LayerWMesh,
  'layerw-light': LayerWLight,
  'layerw-camera': LayerWCamera,
  'layerw-animate': LayerWAnimate,
  'layerw-label': LayerWLabel,
} as const;

/**
 * Registers every `layerw-*` element. Safe to call more than once and with a second copy of LayerW on the
 * page: a name already taken is left to its first owner, with a warning when that owner is another copy.
 * Does nothing where there is no `customElements` (server-side rendering).
 */
export function defineElements(): void {
  if (typeof customElements === 'undefined') return;
  for (const [name, element] of Object.entries(ELEMENTS)) {
    const existing = customElements.get(name);
    if (existing === undefined) customElements.define(name, element);
    else if (existing !== element) console.warn(`${name} is already defined by another copy of LayerW; using that one`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'layerw-scene': LayerWScene;
    'layerw-group': LayerWGroup;
    'layerw-mesh': LayerWMesh;
    'layerw-light': LayerWLight;
    'layerw-camera': LayerWCamera;
    'layerw-animate': LayerWAnimate;
    'layerw-label': LayerWLabel;
  }
}
