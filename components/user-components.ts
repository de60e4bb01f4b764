import { formatNumbers } from '../src/parse/index.js';
import { fitsType, onComponentDefined, componentDefinition, type ComponentDefinition } from '../src/systems/component-registry.js';
import type { Refuser } from './values.js';
import { readVector } from './values.js';

/** Longest attribute text a component value is read from; longer is refused without parsing. */
const MAX_TEXT = 1024;
const scratch = new Float32Array(16);

/**
 * Reads a component value (a string of numbers, a number, or an array) into `out` (the component's size).
 * Refuses through `owner`, naming `kept`, and returns false when the value does not fit the component.
 */
export function readComponentValue(owner: Refuser, definition: ComponentDefinition, value: unknown, out: Float64Array): boolean {
  const attribute = definition.attribute ?? definition.name;
  const kept = formatNumbers(out);
  const size = definition.size;
  if (definition.type === 'f32') {
    const target = scratch.subarray(0, size);
    const result = typeof value === 'string' && value.length > MAX_TEXT
      ? { ok: false as const, reason: 'is too long' }
      : readVector(value, size, target, true);
    if (!result.ok) {
      owner.reject(attribute, value, result.reason, kept);
      return false;
    }
    out.set(target);
    return true;
  }
  const numbers = integerList(value, size);
  if (!numbers || !numbers.every((n) => fitsType(n, definition.type))) {
    const kind = `whole ${definition.type === 'u32' ? 'non-negative ' : ''}number`;
    owner.reject(attribute, value, size === 1 ? `needs a ${kind} in range` : `needs ${size} ${kind}s in range`, kept);
    return false;
  }
  out.set(numbers);
  return true;
}

function integerList(value: unknown, size: number): number[] | null {
  let list: unknown[];
  if (typeof value === 'number') list = new Array<number>(size).fill(value);
  else if (typeof value === 'string') {
    if (value.length > MAX_TEXT) return null;
    const words = value.trim().split(/[\s,]+/);
    list = words.length === 1 && size > 1 ? new Array<string>(size).fill(words[0]!) : words;
  } else if (value !== null && typeof value === 'object' && 'length' in value) list = Array.from(value as ArrayLike<unknown>);
  else return null;
  if (list.length !== size) return null;
  const numbers = list.map((item) => (typeof item === 'string' && item !== '' ? Number(item) : item));
  return numbers.every((n): n is number => typeof n === 'number') ? numbers : null;
}

/** What the element layer needs from a node to forward component values: implemented by LayerWNode. */
export interface ComponentOwner extends Element {
  setComponent(name: string, value: unknown): void;
  getComponent(name: string): number[] | number | undefined;
}

/** Attribute name → component name, for every component with an attribute. */
const attributes = new Map<string, string>();
const observers = new Set<ComponentAttributeObserver>();

/**
 * Gives `elementClass` a camelCase property for every component with an attribute, now and as components are
 * defined later. Called once for `<layerw-mesh>` and `<layerw-group>` by the element layer.
 */
export function installComponentProperties(elementClass: { prototype: object }): void {
  onComponentDefined((definition) => {
    if (!definition.attribute || !definition.property) return;
    attributes.set(definition.attribute, definition.name);
    if (!(definition.property in elementClass.prototype)) {
      Object.defineProperty(elementClass.prototype, definition.property, {
        configurable: true,
        enumerable: true,
        get(this: ComponentOwner) {
          return this.getComponent(definition.name);
        },
        set(this: ComponentOwner, value: unknown) {
          this.setComponent(definition.name, value);
        },
      });
    }
    for (const observer of observers) observer.refresh();
  });
}

/** The component an attribute writes, if any. */
export function componentOfAttribute(attribute: string): ComponentDefinition | undefined {
  const name = attributes.get(attribute);
  return name === undefined ? undefined : componentDefinition(name);
}

/** Every attribute that writes a component. */
export function componentAttributes(): IterableIterator<string> {
  return attributes.keys();
}

/**
 * Watches the component attributes of the elements inside one scene. Custom elements observe only the
 * attributes they named when defined; components are defined later, so a MutationObserver forwards theirs.
 */
export class ComponentAttributeObserver {
  readonly #root: Element;
  #observer: MutationObserver | null = null;

  constructor(root: Element) {
    this.#root = root;
  }

  connect(): void {
    observers.add(this);
    this.refresh();
  }

  disconnect(): void {
    observers.delete(this);
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /**
   * Starts (again) with the current list of component attributes, and reads the ones already on elements
   * (set before their component was defined).
   */
  refresh(): void {
    this.#observer?.disconnect();
    if (attributes.size === 0 || typeof MutationObserver === 'undefined') return;
    const selector = [...attributes.keys()].map((attribute) => `[${attribute}]`).join(',');
    for (const element of this.#root.querySelectorAll(selector)) {
      const owner = element as Partial<ComponentOwner> & Element;
      if (typeof owner.setComponent !== 'function') continue;
      for (const [attribute, name] of attributes) {
        if (element.hasAttribute(attribute)) owner.setComponent(name, element.getAttribute(attribute));
      }
    }
    this.#observer ??= new MutationObserver(forward);
    this.#observer.observe(this.#root, { subtree: true, attributes: true, attributeFilter: [...attributes.keys()] });
  }
}

function forward(records: MutationRecord[]): void {
  for (const record of records) {
    const target = record.target as Partial<ComponentOwner> & Element;
    const name = record.attributeName ? attributes.get(record.attributeName) : undefined;
    if (name === undefined || typeof target.setComponent !== 'function') continue;
    target.setComponent(name, target.getAttribute(record.attributeName!));
  }
}
