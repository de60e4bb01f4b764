import { LayerWError } from '../errors.js';

/** The number type of a user component's column. */
export type ComponentType = 'f32' | 'i32' | 'u32';

/** What `defineComponent` takes. */
export interface ComponentOptions {
  type?: ComponentType;
  /** Numbers per object, 1..16. */
  size?: number;
  /** The value of an object that has not set it: one number (every element) or `size` numbers. */
  default?: number | readonly number[];
  /** An attribute on `<layerw-mesh>` (kebab-case) that writes the component; the property is its camelCase. */
  attribute?: string;
}

/** A defined component, as every scene sees it. */
export interface ComponentDefinition {
  readonly name: string;
  readonly type: ComponentType;
  readonly size: number;
  readonly defaults: Float64Array;
  readonly attribute: string | null;
  /** The camelCase property on `<layerw-mesh>`, when there is an attribute. */
  readonly property: string | null;
  /** The component's bit in each slot's component mask (systems' `with` / `without`). */
  readonly bit: number;
}

/** At most this many user components on a page: each takes one bit of the slot's component mask. */
export const MAX_COMPONENTS = 32;

const NAME = /^[a-z][a-zA-Z0-9_]*$/;
const ATTRIBUTE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Names systems use for the engine's own columns: a user component may not take one. */
export const BUILTIN_COLUMN_NAMES = new Set([
  'position', 'rotation', 'scale', 'world', 'color', 'material', 'emissive', 'velocity', 'spin', 'flags',
  'parent', 'batch', 'localBounds', 'boundsX', 'boundsY', 'boundsZ', 'boundsR', 'lodKeys', 'lodCoverage', 'slots',
]);

const definitions = new Map<string, ComponentDefinition>();
const listeners = new Set<(definition: ComponentDefinition) => void>();

/**
 * Adds a user component: a column of `size` numbers per object in every scene's memory, readable and writable
 * by systems (`scene.addSystem`), and with `attribute` also an attribute and property of `<layerw-mesh>`
 * parsed like the built-in ones. Defining the same name again with the same options returns the first
 * definition; with other options it throws BAD_ATTRIBUTE.
 */
export function defineComponent(name: string, options: ComponentOptions = {}): ComponentDefinition {
  const type = options.type ?? 'f32';
  const size = options.size ?? 1;
  if (!NAME.test(name) || BUILTIN_COLUMN_NAMES.has(name)) {
    throw new LayerWError('BAD_ATTRIBUTE', `defineComponent: "${name}" is not a free component name (letters, digits, _; not a built-in column)`);
  }
  if (type !== 'f32' && type !== 'i32' && type !== 'u32') throw new LayerWError('BAD_ATTRIBUTE', `defineComponent("${name}"): type must be f32, i32 or u32`);
  if (!Number.isInteger(size) || size < 1 || size > 16) throw new LayerWError('BAD_ATTRIBUTE', `defineComponent("${name}"): size must be a whole number from 1 to 16`);
  const defaults = readDefaults(name, type, size, options.default);
  const attribute = options.attribute ?? null;
  if (attribute !== null && !ATTRIBUTE.test(attribute)) throw new LayerWError('BAD_ATTRIBUTE', `defineComponent("${name}"): attribute "${attribute}" is not a kebab-case name`);
  const existing = definitions.get(name);
  if (existing) {
    if (existing.type === type && existing.size === size && existing.attribute === attribute && existing.defaults.every((v, i) => v === defaults[i])) return existing;
    throw new LayerWError('BAD_ATTRIBUTE', `defineComponent: "${name}" is already defined with other options`);
  }
  if (attribute !== null && [...definitions.values()].some((other) => other.attribute === attribute)) {
    throw new LayerWError('BAD_ATTRIBUTE', `defineComponent("${name}"): attribute "${attribute}" already belongs to another component`);
  }
  if (definitions.size >= MAX_COMPONENTS) throw new LayerWError('BUDGET_EXCEEDED', `defineComponent("${name}"): a page holds at most ${MAX_COMPONENTS} components`);
  const definition: ComponentDefinition = {
    name, type, size, defaults, attribute, bit: definitions.size,
    property: attribute === null ? null : attribute.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()),
  };
  definitions.set(name, definition);
  for (const listener of listeners) listener(definition);
  return definition;
}

/** The definition of `name`, if defined. */
export function componentDefinition(name: string): ComponentDefinition | undefined {
  return definitions.get(name);
}

/** Every definition, in the order defined. */
export function componentDefinitions(): IterableIterator<ComponentDefinition> {
  return definitions.values();
}

/** Calls `listener` for every definition made so far and every one made later. Used by the element layer. */
export function onComponentDefined(listener: (definition: ComponentDefinition) => void): void {
  listeners.add(listener);
  for (const definition of definitions.values()) listener(definition);
}

function readDefaults(name: string, type: ComponentType, size: number, value: number | readonly number[] | undefined): Float64Array {
  const defaults = new Float64Array(size);
  if (value === undefined) return defaults;
  const list = typeof value === 'number' ? new Array<number>(size).fill(value) : value;
  if (list.length !== size) throw new LayerWError('BAD_ATTRIBUTE', `defineComponent("${name}"): default needs ${size} numbers`);
  for (let i = 0; i < size; i++) {
    const n = list[i]!;
    if (!fitsType(n, type)) throw new LayerWError('BAD_ATTRIBUTE', `defineComponent("${name}"): default ${n} is not a finite ${type}`);
    defaults[i] = n;
  }
  return defaults;
}

/** True when `n` can be stored in a column of `type` unchanged. */
export function fitsType(n: number, type: ComponentType): boolean {
  if (!Number.isFinite(n)) return false;
  if (type === 'f32') return Math.abs(n) <= 3.4028234663852886e38;
  if (!Number.isInteger(n)) return false;
  return type === 'i32' ? n >= -0x80000000 && n <= 0x7fffffff : n >= 0 && n <= 0xffffffff;
}
