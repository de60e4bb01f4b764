import type { Walloc } from '../../memory/walloc.js';
import type { PickingExports } from '../../wasm/exports.js';
import { pickingKernels } from '../../wasm/picking-kernels.js';
import type { Camera } from '../camera.js';
import type { FrameSchedule, FrameStep } from '../frame-schedule.js';
import type { SceneModels } from '../scene-models.js';
import { ScenePicker, type PickHit } from './scene-picker.js';
import { makePointerEvent } from './pointer-event.js';
import { POINTER_EVENT_TYPES } from './pointer-types.js';

/** What pointer handling reads from the scene runtime; implemented by SceneRuntime. */
export interface PointerRuntime {
  readonly walloc: Walloc | undefined;
  readonly camera: Camera;
  readonly schedule: FrameSchedule;
  readonly models: SceneModels | undefined;
  ownerOf(slot: number): Element | undefined;
  requestDraw(): void;
}

/** The scene element as pointer handling sees it. */
export interface PointerScene extends HTMLElement {
  readonly controls: string;
}

/** CSS pixels a pressed pointer may travel under camera controls before the press is a drag, not a click. */
const DRAG_DISTANCE = 4;

/**
 * Turns pointer input on a scene's canvas into DOM events on the `<layerw-mesh>` under the pointer (or on the
 * scene over empty space): the canvas's own events stop at the canvas, so every listener sees each event
 * once. Presses and clicks pick at once; hover (`pointerover`, `pointerout`, `pointerenter`, `pointerleave`,
 * `pointermove`) is picked by the `hover` frame step, at most once per frame, also when the scene moves under
 * a still pointer. Events are dispatched after the frame step, from a microtask, so a listener never runs in
 * the middle of a frame. Loaded as its own chunk, with the picking kernels inlined, on a scene's first use of
 * pointer input or picking (components/scene-pointer-loader.ts).
 */
export class ScenePointer {
  /** The scene's picker; `scene.raycast` asks it directly. */
  readonly picker: ScenePicker;
  readonly #scene: PointerScene;
  readonly #canvas: HTMLCanvasElement;
  readonly #runtime: PointerRuntime;
  readonly #step: FrameStep;
  /** The element the pointer is over (a mesh, or the scene over empty space); null outside the canvas. */
  #hovered: Element | null = null;
  /** The latest native event with a position, and that position in the canvas (CSS pixels). */
  #last: MouseEvent | null = null;
  #x = 0;
  #y = 0;
  #moved = false;
  #pressed = false;
  #dragged = false;
  #downX = 0;
  #downY = 0;
  #downTarget: Element | null = null;
  #upTarget: Element | null = null;
  #upHit: PickHit | null = null;
  /** What the hover step found, dispatched by `#flush`. */
  #pendingTarget: Element | null = null;
  #pendingMove = false;
  #flushQueued = false;
  /** The frame after a hover pick is asked for, because that pick saw the world as the frame before drew it. */
  #settling = false;

  /** Pointer handling for `scene` once the picking kernels over `walloc`'s memory are there (they load once per memory). */
  static async create(scene: PointerScene, canvas: HTMLCanvasElement, runtime: PointerRuntime, walloc: Walloc): Promise<ScenePointer> {
    return new ScenePointer(scene, canvas, runtime, walloc, await pickingKernels(walloc));
  }

  constructor(scene: PointerScene, canvas: HTMLCanvasElement, runtime: PointerRuntime, walloc: Walloc, kernels: PickingExports) {
    this.#scene = scene;
    this.#canvas = canvas;
    this.#runtime = runtime;
    this.picker = new ScenePicker(walloc, kernels, runtime.camera, {
      ownerOf: (slot) => runtime.ownerOf(slot),
      modelToken: (key) => runtime.models?.pickToken(key) || runtime.models?.live?.pickToken(key) || 0,
      modelGeometry: (key) => runtime.models?.pickGeometry(key) ?? runtime.models?.live?.pickGeometry(key) ?? null,
    });
    this.#step = {
      name: 'hover',
      phase: 'input',
      reads: ['world', 'boundsX', 'boundsY', 'boundsZ', 'boundsR', 'flags', 'batch'],
      after: ['controls'],
      run: this.#hover,
    };
    runtime.schedule.add(this.#step);
    for (const type of POINTER_EVENT_TYPES) canvas.addEventListener(type, this.#native);
  }

  /** Handles canvas events that arrived while this code was loading, in their order. */
  replay(events: readonly Event[]): void {
    for (const event of events) this.#native(event);
  }

  /** The nearest hit under client coordinates (CSS pixels of the viewport), or null. */
  pick(clientX: number, clientY: number): PickHit | null {
    const box = this.#canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return null;
    this.picker.pickPointer(((clientX - box.left) / box.width) * 2 - 1, 1 - ((clientY - box.top) / box.height) * 2);
    return this.picker.hit();
  }

  /** Removes the step, the listeners and the picker's blocks. Called when the scene's runtime goes away. */
  destroy(): void {
    this.#runtime.schedule.remove(this.#step.name);
    for (const type of POINTER_EVENT_TYPES) this.#canvas.removeEventListener(type, this.#native);
    this.#canvas.style.cursor = '';
    this.picker.destroy();
  }

  readonly #native = (event: Event): void => {
    const native = event as PointerEvent;
    // The mesh (or the scene) gets its own copy; the canvas's would reach the scene a second time.
    native.stopPropagation();
    switch (native.type) {
      case 'pointermove':
      case 'pointerover':
        this.#track(native);
        if (this.#pressed && Math.hypot(this.#x - this.#downX, this.#y - this.#downY) > DRAG_DISTANCE && this.#scene.controls !== 'none') {
          this.#dragged = true;
        }
        this.#moved = true;
        this.#runtime.requestDraw();
        return;
      case 'pointerout':
        this.#moved = false;
        this.#hoverTo(null, native, null);
        return;
      case 'pointerdown': {
        this.#track(native);
        const hit = this.#pickHere();
        const target = hit?.element ?? this.#scene;
        this.#hoverTo(target, native, hit);
        this.#pressed = true;
        this.#dragged = false;
        this.#downX = this.#x;
        this.#downY = this.#y;
        this.#downTarget = target;
        this.#send('pointerdown', target, native, hit);
        return;
      }
      case 'pointerup': {
        this.#track(native);
        const hit = this.#pickHere();
        const target = hit?.element ?? this.#scene;
        this.#pressed = false;
        this.#upTarget = target;
        this.#upHit = hit;
        this.#send('pointerup', target, native, hit);
        return;
      }
      case 'pointercancel':
        this.#pressed = false;
        this.#send('pointercancel', this.#downTarget ?? this.#scene, native, null);
        return;
      case 'click': {
        if (this.#dragged) return;
        const target = commonAncestor(this.#downTarget, this.#upTarget, this.#scene);
        this.#send('click', target, native, target === this.#upTarget ? this.#upHit : null);
        return;
      }
      case 'dblclick':
      case 'contextmenu': {
        if (this.#dragged && native.type === 'dblclick') return;
        this.#track(native);
        const hit = this.#pickHere();
        this.#send(native.type, hit?.element ?? this.#scene, native, hit);
        return;
      }
    }
  };

  /** The hover step: one pick while the pointer is over the canvas, then the transitions, after the step. */
  readonly #hover = (): void => {
    if (!this.#last || (this.#hovered === null && !this.#moved)) return;
    // This frame's own changes are not in the world matrices yet (transforms come later): look once more in
    // the next frame, which on-demand rendering would not otherwise draw.
    if (this.#settling) this.#settling = false;
    else {
      this.#settling = true;
      this.#runtime.requestDraw();
    }
    const slot = this.picker.pickPointer(this.#ndcX(), this.#ndcY());
    const target = (slot >= 0 ? this.#runtime.ownerOf(slot) : undefined) ?? this.#scene;
    if (target === this.#hovered && !this.#moved) return;
    this.#pendingTarget = target;
    this.#pendingMove = this.#moved;
    this.#moved = false;
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
  };

  readonly #flush = (): void => {
    this.#flushQueued = false;
    const native = this.#last;
    const target = this.#pendingTarget;
    if (!native || !target || !target.isConnected) return;
    const hit = target === this.#scene ? null : this.picker.hit();
    this.#hoverTo(target, native, hit);
    if (this.#pendingMove) this.#send('pointermove', target, native, hit);
  };

  #track(native: MouseEvent): void {
    this.#last = native;
    this.#x = native.offsetX;
    this.#y = native.offsetY;
  }

  #ndcX(): number {
    return (this.#x / Math.max(1, this.#canvas.clientWidth)) * 2 - 1;
  }

  #ndcY(): number {
    return 1 - (this.#y / Math.max(1, this.#canvas.clientHeight)) * 2;
  }

  #pickHere(): PickHit | null {
    this.picker.pickPointer(this.#ndcX(), this.#ndcY());
    return this.picker.hit();
  }

  /**
   * Moves hover from the current element to `to` as the DOM does: `pointerout` on the old one, `pointerleave`
   * on each element left (innermost first), `pointerover` on the new one, `pointerenter` on each element
   * entered (outermost first). The scene's own enter and leave are the browser's.
   */
  #hoverTo(to: Element | null, native: MouseEvent, hit: PickHit | null): void {
    const from = this.#hovered;
    if (from === to) return;
    this.#hovered = to;
    const left = this.#path(from), entered = this.#path(to);
    if (from) this.#send('pointerout', from, native, null, to);
    for (const element of left) if (!entered.includes(element)) this.#send('pointerleave', element, native, null, to);
    if (to) this.#send('pointerover', to, native, hit, from);
    for (let i = entered.length - 1; i >= 0; i--) {
      if (!left.includes(entered[i]!)) this.#send('pointerenter', entered[i]!, native, hit, from);
    }
    const cursor = to && to !== this.#scene ? getComputedStyle(to).cursor : '';
    this.#canvas.style.cursor = cursor === 'auto' ? '' : cursor;
  }

  /** `element` and the elements around it up to the scene (not included). */
  #path(element: Element | null): Element[] {
    const path: Element[] = [];
    for (let at = element; at && at !== this.#scene; at = at.parentElement) path.push(at);
    return path;
  }

  /** Dispatches one event; a listener's exception is reported by the browser and stops nothing here. */
  #send(type: string, target: Element, native: MouseEvent, hit: PickHit | null, related: Element | null = null): void {
    const event = makePointerEvent(type, native, hit, related);
    if (!target.dispatchEvent(event) && native.cancelable) native.preventDefault();
  }
}

/** The nearest element that contains both `a` and `b` (the scene when either is missing or outside it). */
function commonAncestor(a: Element | null, b: Element | null, scene: Element): Element {
  if (!a || !b) return scene;
  for (let at: Element | null = a; at && at !== scene; at = at.parentElement) if (at.contains(b)) return at;
  return scene;
}
