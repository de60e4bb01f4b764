import type { PickHit } from './scene-picker.js';

/**
 * The hit a pointer event on a mesh carries, as properties of the DOM's own `PointerEvent` / `MouseEvent`.
 * On an event whose target is the scene (empty space) or that is not about the point under the pointer
 * (`pointerout`, `pointerleave`), `point`, `normal`, `uv` are null and `distance` is Infinity.
 */
export interface LayerWHitFields {
  readonly point: [number, number, number] | null;
  readonly normal: [number, number, number] | null;
  readonly distance: number;
  readonly uv: [number, number] | null;
  /** For models: the glTF node and material names. */
  readonly node: string | null;
  readonly material: string | null;
}

/** `click`, `pointerdown`, `pointerenter`, ... on a `<layerw-mesh>`: a real PointerEvent with the hit on it. */
export type LayerWPointerEvent = PointerEvent & LayerWHitFields;
/** `dblclick` on a `<layerw-mesh>`: a real MouseEvent with the hit on it. */
export type LayerWMouseEvent = MouseEvent & LayerWHitFields;

/** Events that bubble (the rest, `pointerenter` and `pointerleave`, stay on their element, as in the DOM). */
const BUBBLING = new Set(['click', 'dblclick', 'contextmenu', 'pointerdown', 'pointerup', 'pointermove', 'pointerover', 'pointerout', 'pointercancel']);
/** Events whose default a listener may prevent. */
const CANCELABLE = new Set(['click', 'dblclick', 'contextmenu', 'pointerdown', 'pointerup', 'pointermove', 'pointerover', 'pointerout']);

/**
 * A new event of `type` made with the DOM's constructors from the canvas's native `source` event (position,
 * buttons, keys, pointer id and kind, click count), carrying `hit`. `related` becomes `relatedTarget`.
 */
export function makePointerEvent(type: string, source: MouseEvent, hit: PickHit | null, related: EventTarget | null): Event {
  const pointer = source as Partial<PointerEvent>;
  const init: PointerEventInit = {
    bubbles: BUBBLING.has(type),
    cancelable: CANCELABLE.has(type),
    composed: true,
    view: source.view,
    detail: source.detail,
    screenX: source.screenX,
    screenY: source.screenY,
    clientX: source.clientX,
    clientY: source.clientY,
    ctrlKey: source.ctrlKey,
    shiftKey: source.shiftKey,
    altKey: source.altKey,
    metaKey: source.metaKey,
    button: source.button,
    buttons: source.buttons,
    relatedTarget: related,
    pointerId: pointer.pointerId ?? 1,
    pointerType: pointer.pointerType ?? 'mouse',
    isPrimary: pointer.isPrimary ?? true,
    width: pointer.width ?? 1,
    height: pointer.height ?? 1,
    pressure: pointer.pressure ?? 0,
    tangentialPressure: pointer.tangentialPressure ?? 0,
    tiltX: pointer.tiltX ?? 0,
    tiltY: pointer.tiltY ?? 0,
    twist: pointer.twist ?? 0,
  };
  const event = type === 'dblclick' ? new MouseEvent(type, init) : new PointerEvent(type, init);
  const fields: LayerWHitFields = {
    point: hit ? hit.point : null,
    normal: hit ? hit.normal : null,
    distance: hit ? hit.distance : Infinity,
    uv: hit ? hit.uv : null,
    node: hit?.node ?? null,
    material: hit?.material ?? null,
  };
  return Object.assign(event, fields);
}
