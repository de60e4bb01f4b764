import type { PickHit } from '../src/engine/picking/scene-picker.js';
import type { LayerWHitFields } from '../src/engine/picking/pointer-event.js';
import type { SceneRuntime } from '../src/engine/scene-runtime.js';

/** A mesh as keyboard navigation sees it. */
export interface KeyboardMesh extends HTMLElement {
  readonly label: string;
  readonly columnSlot: number | null;
  /** Visible itself and through every group around it: hidden meshes cannot be reached. */
  readonly effectiveVisible: boolean;
  showFocus(on: boolean): void;
}

/** The scene element as keyboard navigation sees it. */
export interface KeyboardScene extends HTMLElement {
  readonly runtime: SceneRuntime | null;
  raycast(origin: ArrayLike<number>, direction: ArrayLike<number>): PickHit[];
}

const NEXT = new Set(['ArrowRight', 'ArrowDown']);
const PREVIOUS = new Set(['ArrowLeft', 'ArrowUp']);

let keyboardStyles: CSSStyleSheet | undefined;

/** The list box covers the scene (its focus ring is the scene's); its options are read, not seen. */
function styles(): CSSStyleSheet {
  if (keyboardStyles) return keyboardStyles;
  keyboardStyles = new CSSStyleSheet();
  keyboardStyles.replaceSync(`
    .keys { position: absolute; inset: 0; pointer-events: none; outline: none; }
    .keys[hidden] { display: none; }
    .keys:focus-visible { outline: 2px solid #88c0d0; outline-offset: -2px; }
    .keys > div { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `);
  return keyboardStyles;
}

/**
 * Keyboard and screen-reader access to a scene's labelled meshes. The scene's shadow tree gets a list box
 * (`role="listbox"`, named by the scene's `alt`) over the canvas, one tab stop, with one option per labelled
 * mesh in document order; the option of the focused mesh is its `aria-activedescendant`, so screen readers
 * announce the mesh's label as focus moves. Tab and the arrow keys move to the next mesh, Shift+Tab and the
 * arrows back, Home and End to the ends; Tab past the last mesh (Shift+Tab before the first) leaves the scene.
 * The focused mesh gets `focus` / `focusin`, the one left `blur` / `focusout`, and a glow (`showFocus`); Enter
 * and Space dispatch `click` on it, with the hit of a ray from the camera through its centre. Loaded as its own
 * chunk the first time a scene has a labelled mesh.
 */
export class SceneKeyboard {
  readonly #scene: KeyboardScene;
  readonly #canvas: HTMLCanvasElement;
  readonly #meshes: () => Iterable<Element>;
  readonly #box: HTMLDivElement;
  #list: KeyboardMesh[] = [];
  /** The canvas's own `tabindex` (controls make it a tab stop), kept while the list box takes its place. */
  #canvasTabIndex: string | null = null;
  #active = -1;
  #queued = false;

  constructor(scene: KeyboardScene, root: ShadowRoot, canvas: HTMLCanvasElement, meshes: () => Iterable<Element>) {
    this.#scene = scene;
    this.#canvas = canvas;
    this.#meshes = meshes;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles()];
    const box = document.createElement('div');
    box.className = 'keys';
    box.setAttribute('role', 'listbox');
    box.tabIndex = 0;
    box.hidden = true;
    canvas.after(box);
    box.addEventListener('keydown', this.#keydown);
    box.addEventListener('keyup', this.#pass);
    box.addEventListener('focus', this.#focus);
    box.addEventListener('blur', this.#blur);
    this.#box = box;
  }

  /** The labelled meshes or the scene's `alt` changed; the list is rebuilt once, after the current task's changes. */
  changed(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(this.#refresh);
  }

  /** The mesh with keyboard focus, or null. */
  get focused(): KeyboardMesh | null {
    return this.#list[this.#active] ?? null;
  }

  readonly #refresh = (): void => {
    this.#queued = false;
    const focused = this.focused;
    const list: KeyboardMesh[] = [];
    for (const mesh of this.#meshes()) {
      if (isKeyboardMesh(mesh) && mesh.label !== '' && mesh.isConnected && mesh.effectiveVisible) list.push(mesh);
    }
    list.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const box = this.#box;
    while (box.childElementCount > list.length) box.lastElementChild!.remove();
    while (box.childElementCount < list.length) {
      const option = document.createElement('div');
      option.id = `layerw-option-${box.childElementCount}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      box.append(option);
    }
    list.forEach((mesh, i) => {
      box.children[i]!.textContent = mesh.label;
    });
    this.#list = list;
    box.hidden = list.length === 0;
    box.setAttribute('aria-label', this.#canvas.getAttribute('aria-label') ?? '');
    this.#coverCanvas(list.length > 0);
    const at = focused ? list.indexOf(focused) : -1;
    if (focused && at < 0) {
      const was = this.#active;
      this.#active = -1;
      this.#move(focused, this.#focusedNow() ? Math.min(list.length - 1, was) : -1);
    } else {
      this.#active = at;
      this.#select(at);
    }
  };

  /**
   * While the list box exists it speaks for the scene and is its one tab stop: the canvas leaves the tab order
   * (controls make it focusable) and the accessibility tree (its image role would say the same name twice).
   */
  #coverCanvas(covered: boolean): void {
    const canvas = this.#canvas;
    if (covered === canvas.hasAttribute('aria-hidden')) return;
    if (covered) {
      this.#canvasTabIndex = canvas.getAttribute('tabindex');
      canvas.tabIndex = -1;
      canvas.setAttribute('aria-hidden', 'true');
    } else {
      if (this.#canvasTabIndex === null) canvas.removeAttribute('tabindex');
      else canvas.setAttribute('tabindex', this.#canvasTabIndex);
      canvas.removeAttribute('aria-hidden');
    }
  }

  #focusedNow(): boolean {
    return (this.#box.getRootNode() as ShadowRoot).activeElement === this.#box;
  }

  /** Moves focus from `from` (null: none) to the mesh at `to` (-1: none), with their events. */
  #move(from: KeyboardMesh | null, to: number): void {
    const next = this.#list[to] ?? null;
    if (from === next) return;
    this.#active = next ? to : -1;
    this.#select(this.#active);
    if (from) {
      from.showFocus(false);
      if (from.isConnected) {
        from.dispatchEvent(new FocusEvent('blur', { composed: true, relatedTarget: next }));
        from.dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true, relatedTarget: next }));
      }
    }
    if (next) {
      next.showFocus(true);
      next.dispatchEvent(new FocusEvent('focus', { composed: true, relatedTarget: from }));
      next.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true, relatedTarget: from }));
    }
  }

  #select(index: number): void {
    const box = this.#box;
    for (let i = 0; i < box.childElementCount; i++) box.children[i]!.setAttribute('aria-selected', String(i === index));
    if (index >= 0) box.setAttribute('aria-activedescendant', box.children[index]!.id);
    else box.removeAttribute('aria-activedescendant');
  }

  readonly #focus = (event: FocusEvent): void => {
    if (this.#list.length === 0) return;
    // Coming back from after the scene (Shift+Tab) starts at the last mesh; from anywhere else, at the first.
    const from = event.relatedTarget;
    const backwards = from instanceof Node && (this.#scene.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
      && !this.#scene.contains(from);
    this.#move(null, backwards ? this.#list.length - 1 : 0);
  };

  readonly #blur = (): void => {
    this.#move(this.focused, -1);
    // Keys handed to the canvas (fly controls' W, A, S, D) would never see their keyup now: tell the canvas's
    // listeners that the keyboard left, as its own blur would.
    if (this.#scene.shadowRoot?.activeElement !== this.#canvas) this.#canvas.dispatchEvent(new FocusEvent('blur'));
  };

  readonly #keydown = (event: KeyboardEvent): void => {
    const count = this.#list.length;
    if (count === 0 || event.altKey || event.ctrlKey || event.metaKey || (event.shiftKey && event.key !== 'Tab')) {
      this.#pass(event);
      return;
    }
    const at = this.#active;
    let to = -2;
    if (event.key === 'Tab') {
      to = event.shiftKey ? at - 1 : at + 1;
      // Past either end, the browser moves focus out of the scene.
      if (to < 0 || to >= count) return;
    } else if (NEXT.has(event.key)) to = Math.min(count - 1, at + 1);
    else if (PREVIOUS.has(event.key)) to = Math.max(0, at - 1);
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = count - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (!event.repeat && this.focused) this.#click(this.focused);
      return;
    } else {
      this.#pass(event);
      return;
    }
    event.preventDefault();
    this.#move(this.focused, to);
  };

  /**
   * Hands a key the list box does not use (Shift+arrows among them) to the canvas, where the scene's controls
   * listen, as a copy that stays on the canvas.
   */
  readonly #pass = (event: KeyboardEvent): void => {
    const copy = new KeyboardEvent(event.type, {
      key: event.key, code: event.code, location: event.location, repeat: event.repeat, cancelable: true,
      shiftKey: event.shiftKey, altKey: event.altKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey,
    });
    if (!this.#canvas.dispatchEvent(copy)) event.preventDefault();
  };

  /** A click on `mesh` as a keyboard makes it (pointer id -1, no pointer type), carrying where the camera sees it. */
  #click(mesh: KeyboardMesh): void {
    const hit = this.#centreHit(mesh);
    const box = this.#canvas.getBoundingClientRect();
    const screen = hit ? this.#project(hit.point) : null;
    const event = new PointerEvent('click', {
      bubbles: true, cancelable: true, composed: true, view: window, detail: 0, pointerId: -1, pointerType: '', isPrimary: true,
      clientX: screen ? box.left + screen[0] * box.width : 0,
      clientY: screen ? box.top + screen[1] * box.height : 0,
    });
    const fields: LayerWHitFields = {
      point: hit?.point ?? null,
      normal: hit?.normal ?? null,
      distance: hit?.distance ?? Infinity,
      uv: hit?.uv ?? null,
      node: hit?.node ?? null,
      material: hit?.material ?? null,
    };
    mesh.dispatchEvent(Object.assign(event, fields));
  }

  /** Where a ray from the camera towards the mesh's origin meets the mesh, or null when it misses it. */
  #centreHit(mesh: KeyboardMesh): PickHit | null {
    const runtime = this.#scene.runtime;
    const walloc = runtime?.walloc;
    const slot = mesh.columnSlot;
    if (!runtime || !walloc || slot === null) return null;
    const world = walloc.columns.float.world;
    const eye = runtime.camera.position;
    const direction = [world[slot * 16 + 12]! - eye[0]!, world[slot * 16 + 13]! - eye[1]!, world[slot * 16 + 14]! - eye[2]!];
    if (direction.every((d) => d === 0)) return null;
    return this.#scene.raycast(eye, direction).find((hit) => hit.element === mesh) ?? null;
  }

  /** A world point as fractions of the canvas (0..1 from the top left), through the last drawn camera. */
  #project(p: readonly number[]): [number, number] | null {
    const m = this.#scene.runtime?.camera.viewProjection;
    if (!m) return null;
    const w = m[3]! * p[0]! + m[7]! * p[1]! + m[11]! * p[2]! + m[15]!;
    if (!(w > 0)) return null;
    return [((m[0]! * p[0]! + m[4]! * p[1]! + m[8]! * p[2]! + m[12]!) / w + 1) / 2, (1 - (m[1]! * p[0]! + m[5]! * p[1]! + m[9]! * p[2]! + m[13]!) / w) / 2];
  }
}

function isKeyboardMesh(element: Element): element is KeyboardMesh {
  return typeof (element as Partial<KeyboardMesh>).showFocus === 'function';
}
