// Contender page: the floor of `create`. The least a custom element can do with the same markup: a class
// extending HTMLElement whose attributeChangedCallback stores one parsed number. Its boxes are created,
// attributed and appended exactly as LayerW's are; "drawn" is the next animation frame (nothing is drawn).

import type { ContenderPage } from '../contender-api.js';
import { PALETTE, layoutFor } from '../scene-layout.js';

/** `<bench-floor-box>`: observes the attributes a `<layerw-mesh>` is given and keeps a number from each. */
class FloorBox extends HTMLElement {
  static observedAttributes = ['geometry', 'position', 'color'];
  value = 0;

  attributeChangedCallback(_name: string, _old: string | null, value: string | null): void {
    this.value = parseFloat(value ?? '');
  }
}

customElements.define('bench-floor-box', FloorBox);

let container: HTMLDivElement | null = null;

function clear(): void {
  container?.remove();
  container = null;
}

const page: ContenderPage = {
  async create(count: number): Promise<number> {
    clear();
    const target = document.createElement('div');
    document.body.append(target);
    container = target;
    const layout = layoutFor(count);
    const start = performance.now();
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < count; i++) {
      const box = document.createElement('bench-floor-box');
      box.setAttribute('geometry', 'box');
      box.setAttribute('position', layout.positionText[i]!);
      box.setAttribute('color', PALETTE[layout.colorIndex[i]!]!);
      fragment.append(box);
    }
    target.append(fragment);
    const end = await new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    return end - start;
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: container ? container.childElementCount : 0, drawn: null };
  },

  clear,
};

window.benchContender = page;
