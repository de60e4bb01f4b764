import { LayerWError, type LayerWErrorCode } from '../src/errors.js';
import { badAttributeDetail, WarnOnce } from '../src/parse/index.js';
import type { Refuser } from './values.js';

/** The `detail` of every `layerw-error` event LayerW dispatches. */
export interface LayerWErrorDetail {
  readonly code: LayerWErrorCode;
  readonly message: string;
  /** For BAD_ATTRIBUTE: the attribute and the (shortened) value that was refused. */
  readonly attribute?: string;
  readonly value?: string;
  readonly cause?: unknown;
}

/**
 * The name of LayerW's error events. Not plain `error`: a bubbling `error` reaches `window`, where page-wide
 * error handlers and error trackers would take a handled attribute problem for an uncaught exception.
 */
export const ERROR_EVENT = 'layerw-error';

/** Dispatches a bubbling, composed `layerw-error` event with a LayerWErrorDetail. */
export function dispatchError(target: Element, detail: LayerWErrorDetail): void {
  target.dispatchEvent(new CustomEvent<LayerWErrorDetail>(ERROR_EVENT, { detail, bubbles: true, composed: true }));
}

/** The detail for a LayerWError. */
export function errorDetail(error: LayerWError): LayerWErrorDetail {
  return { code: error.code, message: error.message, cause: error.cause };
}

const propertyLists = new WeakMap<typeof LayerWElement, readonly string[]>();

/** The property names of an element class, listed once per class. */
function propertiesOf(element: typeof LayerWElement): readonly string[] {
  let list = propertyLists.get(element);
  if (!list) propertyLists.set(element, (list = Object.values(element.attributeProperties)));
  return list;
}

/** HTMLElement where there is one; an empty class under server-side rendering, so importing never throws. */
const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * What the child elements (mesh, group, light, camera) share: observed attributes mapped to properties, whose
 * setters parse the value and write it straight to the engine (no render, no update cycle: these elements draw
 * nothing themselves); properties set before the element was upgraded, kept; refusing a bad value (warn
 * once, dispatch BAD_ATTRIBUTE, keep the old one); reporting engine errors as events.
 */
export class LayerWElement extends ElementBase implements Refuser {
  /** Observed attribute → property; each subclass spreads its parent's and adds its own. */
  static attributeProperties: Readonly<Record<string, string>> = {};

  static get observedAttributes(): string[] {
    return Object.keys(this.attributeProperties);
  }

  /** Made on the first warning: most elements never warn. */
  #warnings: WarnOnce | null = null;
  #upgraded = false;

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    const property = (this.constructor as typeof LayerWElement).attributeProperties[name];
    if (property) (this as unknown as Record<string, unknown>)[property] = value;
  }

  connectedCallback(): void {
    if (this.#upgraded) return;
    this.#upgraded = true;
    // A property set before the element was defined shadows the setter as an own property: take it back
    // through the setter, after the attributes, so the property wins as it would have had it been set later.
    const self = this as unknown as Record<string, unknown>;
    for (const property of propertiesOf(this.constructor as typeof LayerWElement)) {
      if (!Object.prototype.hasOwnProperty.call(this, property)) continue;
      const value = self[property];
      delete self[property];
      self[property] = value;
    }
  }

  disconnectedCallback(): void {}

  /** Refuses `value` for `attribute`: warns once, dispatches BAD_ATTRIBUTE; `kept` describes what stays. */
  reject(attribute: string, value: unknown, reason: string, kept: string): void {
    const detail = badAttributeDetail(this.localName, attribute, String(value), reason, kept);
    (this.#warnings ??= new WarnOnce()).warn(attribute, reason, detail.message);
    dispatchError(this, detail);
  }

  /**
   * Hands the enclosing `<layerw-scene>` to `attach` once it is upgraded: now, or when its definition arrives
   * if this element is still inside it then. `isHost` tells an upgraded scene; `attach` must ignore a second
   * call while already attached (a quick disconnect and reconnect can queue two). Called on connect.
   */
  protected withScene<T extends Element>(isHost: (scene: Element) => scene is T, attach: (scene: T) => void): void {
    const scene = this.closest('layerw-scene');
    if (!scene) return;
    if (isHost(scene)) {
      attach(scene);
      return;
    }
    void customElements.whenDefined('layerw-scene').then(() => {
      const now = this.closest('layerw-scene');
      if (this.isConnected && now && isHost(now)) attach(now);
    });
  }

  /** Reports an engine error on this element. */
  report(error: LayerWError): void {
    (this.#warnings ??= new WarnOnce()).warn(error.code, error.message, `${this.localName}: ${error.message}`);
    dispatchError(this, errorDetail(error));
  }
}
