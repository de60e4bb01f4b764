// Contender page: the DOM floor of `create` and `update`. The least a custom element can do with the same
// markup: a class extending HTMLElement whose attributeChangedCallback stores one parsed number. Its boxes are
// created, attributed and appended exactly as LayerW's are, and their `position` set the same way; "drawn" is
// the next animation frame (nothing is drawn).

import type { ContenderPage, PopulateOptions } from '../contender-api.js';
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
let boxes: FloorBox[] = [];

function clear(): void {
  container?.remove();
  container = null;
  boxes = [];
}

function makeBoxes(count: number): DocumentFragment {
  const layout = layoutFor(count);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < count; i++) {
    const box = document.createElement('bench-floor-box') as FloorBox;
    box.setAttribute('geometry', 'box');
    box.setAttribute('position', layout.positionText[i]!);
    box.setAttribute('color', PALETTE[layout.colorIndex[i]!]!);
    fragment.append(box);
    boxes.push(box);
  }
  return fragment;
}

const page: ContenderPage = {
  async create(count: number): Promise<number> {
    clear();
    const target = document.createElement('div');
    document.body.append(target);
    container = target;
    const start = performance.now();
    target.append(makeBoxes(count));
    const end = await new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    return end - start;
  },

  async populate(count: number, _options: PopulateOptions): Promise<void> {
    clear();
    container = document.createElement('div');
    container.append(makeBoxes(count));
    document.body.append(container);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  },

  setPositions(texts: readonly string[]): void {
    for (let i = 0; i < boxes.length; i++) boxes[i]!.setAttribute('position', texts[i]!);
  },

  checkPosition(texts: readonly string[], index: number): string | null {
    const expected = parseFloat(texts[index]!);
    return boxes[index]!.value === expected ? null : `box ${index} keeps ${boxes[index]!.value}, expected ${expected}`;
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: container ? container.childElementCount : 0, drawn: null };
  },

  clear,
};

window.benchContender = page;
