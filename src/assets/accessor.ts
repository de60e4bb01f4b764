import { invalid } from './asset-error.js';
import { checkRange, viewData } from './buffer-views.js';
import { asObject, bool, index, int, optObject, str, type JsonObject } from './gltf-json.js';
import type { ParseContext } from './parse-context.js';

/** glTF component types. */
export const BYTE = 5120;
export const UNSIGNED_BYTE = 5121;
export const SHORT = 5122;
export const UNSIGNED_SHORT = 5123;
export const UNSIGNED_INT = 5125;
export const FLOAT = 5126;

const COMPONENT_BYTES: Readonly<Record<number, number>> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };
const TYPE_COMPONENTS: Readonly<Record<string, number>> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };

/** The checked header of an accessor. */
export interface AccessorInfo {
  count: number;
  type: string;
  components: number;
  componentType: number;
  normalized: boolean;
}

/** What a caller accepts: element types and, per component type, whether it must be normalized. */
export interface AccessorRule {
  types: readonly string[];
  /** componentType → 'normalized' | 'raw' | 'either'. */
  componentTypes: Readonly<Record<number, 'normalized' | 'raw' | 'either'>>;
}

/** Reads and checks an accessor's header against `rule`. */
export function accessorInfo(ctx: ParseContext, accessorIndex: number, rule: AccessorRule, what: string): AccessorInfo {
  const path = `accessors[${accessorIndex}]`;
  const accessor = asObject(ctx.accessors[accessorIndex], path);
  const componentType = int(accessor, 'componentType', path, 0, 0xffff);
  if (COMPONENT_BYTES[componentType] === undefined) invalid(`${path}.componentType ${componentType} is not a glTF component type`);
  const type = str(accessor, 'type', path, '');
  const components = TYPE_COMPONENTS[type];
  if (components === undefined) invalid(`${path}.type "${type}" is not a glTF accessor type`);
  const normalized = bool(accessor, 'normalized', path, false);
  if (normalized && (componentType === FLOAT || componentType === UNSIGNED_INT)) invalid(`${path} is normalized but its components are ${componentType === FLOAT ? 'floats' : 'u32'}`);
  const count = int(accessor, 'count', path, 1, 2 ** 31);
  if (!rule.types.includes(type)) invalid(`${what} uses ${path} of type ${type}; expected ${rule.types.join(' or ')}`);
  const allowed = rule.componentTypes[componentType];
  if (allowed === undefined || (allowed === 'normalized' && !normalized) || (allowed === 'raw' && normalized)) {
    invalid(`${what} uses ${path} with componentType ${componentType}${normalized ? ' (normalized)' : ''}, which glTF does not allow there`);
  }
  return { count, type, components, componentType, normalized };
}

/**
 * Reads accessor `accessorIndex` as f32, tightly packed, with normalization and sparse substitution applied.
 * Every read lies inside the buffer view (checked once from offset, stride and count); the output is taken
 * from the allocation budget first. Called for every vertex attribute.
 */
export function readFloats(ctx: ParseContext, accessorIndex: number, rule: AccessorRule, what: string): { info: AccessorInfo; values: Float32Array } {
  const info = accessorInfo(ctx, accessorIndex, rule, what);
  const source = locateElements(ctx, accessorIndex, info);
  ctx.budget.take(info.count * info.components * 4, what);
  const values = new Float32Array(info.count * info.components);
  readElements(ctx, accessorIndex, info, source, values);
  if (info.normalized) normalize(values, info.componentType);
  return { info, values };
}

/** Reads an index accessor (SCALAR u8/u16/u32, not normalized) into a Uint32Array. */
export function readIndices(ctx: ParseContext, accessorIndex: number, what: string): Uint32Array {
  const rule: AccessorRule = { types: ['SCALAR'], componentTypes: { [UNSIGNED_BYTE]: 'raw', [UNSIGNED_SHORT]: 'raw', [UNSIGNED_INT]: 'raw' } };
  const info = accessorInfo(ctx, accessorIndex, rule, what);
  const source = locateElements(ctx, accessorIndex, info);
  ctx.budget.take(info.count * 4, what);
  const values = new Uint32Array(info.count);
  readElements(ctx, accessorIndex, info, source, values);
  return values;
}

/** Where an accessor's dense elements are, checked to lie inside their buffer view; null when all zero. */
interface ElementSource {
  bytes: Uint8Array;
  byteOffset: number;
  stride: number;
}

function locateElements(ctx: ParseContext, accessorIndex: number, info: AccessorInfo): ElementSource | null {
  const path = `accessors[${accessorIndex}]`;
  const accessor = asObject(ctx.accessors[accessorIndex], path);
  const elementBytes = COMPONENT_BYTES[info.componentType]! * info.components;
  const decoded = ctx.decodedAccessors.get(accessorIndex);
  if (decoded) {
    if (decoded.byteLength !== info.count * elementBytes) invalid(`${path}: its decoded data holds ${decoded.byteLength} bytes, not ${info.count} × ${elementBytes}`);
    return { bytes: decoded, byteOffset: 0, stride: elementBytes };
  }
  if (accessor['bufferView'] === undefined) {
    if (accessor['sparse'] === undefined) invalid(`${path} has neither a bufferView nor sparse values`);
    return null; // all zeros until sparse applies
  }
  const viewIndex = index(accessor, 'bufferView', path, ctx.bufferViews.length, 'bufferView');
  const byteOffset = int(accessor, 'byteOffset', path, 0, Number.MAX_SAFE_INTEGER, 0);
  const view = viewData(ctx, viewIndex);
  const stride = view.byteStride ?? elementBytes;
  if (stride < elementBytes) invalid(`bufferViews[${viewIndex}].byteStride ${stride} is smaller than an element of ${path} (${elementBytes} bytes)`);
  const span = stride * (info.count - 1) + elementBytes;
  checkRange(byteOffset, span, view.bytes.byteLength, `${path} (${info.count} × ${stride} bytes from ${byteOffset})`, `bufferView ${viewIndex}`);
  return { bytes: view.bytes, byteOffset, stride };
}

function readElements(ctx: ParseContext, accessorIndex: number, info: AccessorInfo, source: ElementSource | null, out: Float32Array | Uint32Array): void {
  if (source) copyComponents(source.bytes, source.byteOffset, source.stride, info.count, info.components, info.componentType, out, 0);
  const path = `accessors[${accessorIndex}]`;
  const sparse = optObject(asObject(ctx.accessors[accessorIndex], path), 'sparse', path);
  if (sparse) applySparse(ctx, sparse, `${path}.sparse`, info, out);
}

function applySparse(ctx: ParseContext, sparse: JsonObject, path: string, info: AccessorInfo, out: Float32Array | Uint32Array): void {
  const count = int(sparse, 'count', path, 1, info.count);
  const indicesJson = asObject(sparse['indices'], `${path}.indices`);
  const valuesJson = asObject(sparse['values'], `${path}.values`);
  const indexType = int(indicesJson, 'componentType', `${path}.indices`, 0, 0xffff);
  if (indexType !== UNSIGNED_BYTE && indexType !== UNSIGNED_SHORT && indexType !== UNSIGNED_INT) {
    invalid(`${path}.indices.componentType ${indexType} is not u8, u16 or u32`);
  }
  const indices = new Uint32Array(count);
  ctx.budget.take(count * 4 + count * info.components * 4, `${path}`);
  readSparsePart(ctx, indicesJson, `${path}.indices`, count, 1, indexType, indices);
  const values = new Float32Array(count * info.components);
  const valueTarget = out instanceof Uint32Array ? new Uint32Array(values.buffer) : values;
  readSparsePart(ctx, valuesJson, `${path}.values`, count, info.components, info.componentType, valueTarget);
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const target = indices[i]!;
    if (target <= previous) invalid(`${path}.indices are not strictly increasing at entry ${i}`);
    if (target >= info.count) invalid(`${path}.indices[${i}] is ${target}, past the accessor's ${info.count} elements`);
    previous = target;
    for (let c = 0; c < info.components; c++) out[target * info.components + c] = valueTarget[i * info.components + c]!;
  }
}

function readSparsePart(ctx: ParseContext, part: JsonObject, path: string, count: number, components: number, componentType: number, out: Float32Array | Uint32Array): void {
  const viewIndex = index(part, 'bufferView', path, ctx.bufferViews.length, 'bufferView');
  const byteOffset = int(part, 'byteOffset', path, 0, Number.MAX_SAFE_INTEGER, 0);
  const view = viewData(ctx, viewIndex);
  const elementBytes = COMPONENT_BYTES[componentType]! * components;
  checkRange(byteOffset, count * elementBytes, view.bytes.byteLength, `${path} (${count} × ${elementBytes} bytes from ${byteOffset})`, `bufferView ${viewIndex}`);
  copyComponents(view.bytes, byteOffset, elementBytes, count, components, componentType, out, 0);
}

/** Copies `count` elements of `components` components each from `bytes` (little-endian) into `out`. */
function copyComponents(
  bytes: Uint8Array, byteOffset: number, stride: number, count: number, components: number, componentType: number,
  out: Float32Array | Uint32Array, outOffset: number,
): void {
  if (count === 0) return;
  const start = bytes.byteOffset + byteOffset;
  const componentBytes = COMPONENT_BYTES[componentType]!;
  // Typed-array views read in the platform's byte order: the fast paths need a little-endian one, and
  // aligned elements. Tight data is one `set` (which also converts the integer types); strided data a loop.
  if (LITTLE_ENDIAN && start % componentBytes === 0 && stride % componentBytes === 0 && (componentType !== FLOAT || out instanceof Float32Array)) {
    const Typed = TYPED[componentType]!;
    if (stride === components * componentBytes) {
      out.set(new Typed(bytes.buffer as ArrayBuffer, start, count * components), outOffset);
      return;
    }
    const step = stride / componentBytes;
    const source = new Typed(bytes.buffer as ArrayBuffer, start, step * (count - 1) + components);
    let o = outOffset;
    for (let i = 0, at = 0; i < count; i++, at += step) {
      for (let c = 0; c < components; c++) out[o++] = source[at + c]!;
    }
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = READERS[componentType]!;
  let o = outOffset;
  for (let i = 0, base = byteOffset; i < count; i++, base += stride) {
    for (let c = 0; c < components; c++) out[o++] = read(view, base + c * componentBytes);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type TypedArrayType = Int8ArrayConstructor | Uint8ArrayConstructor | Int16ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor;
const TYPED: Readonly<Record<number, TypedArrayType>> = {
  [BYTE]: Int8Array,
  [UNSIGNED_BYTE]: Uint8Array,
  [SHORT]: Int16Array,
  [UNSIGNED_SHORT]: Uint16Array,
  [UNSIGNED_INT]: Uint32Array,
  [FLOAT]: Float32Array,
};

const READERS: Readonly<Record<number, (view: DataView, offset: number) => number>> = {
  [BYTE]: (v, o) => v.getInt8(o),
  [UNSIGNED_BYTE]: (v, o) => v.getUint8(o),
  [SHORT]: (v, o) => v.getInt16(o, true),
  [UNSIGNED_SHORT]: (v, o) => v.getUint16(o, true),
  [UNSIGNED_INT]: (v, o) => v.getUint32(o, true),
  [FLOAT]: (v, o) => v.getFloat32(o, true),
};

/** Maps normalized integers to [0, 1] or [-1, 1] as the glTF specification defines. */
function normalize(values: Float32Array, componentType: number): void {
  const scale = componentType === BYTE ? 127 : componentType === UNSIGNED_BYTE ? 255 : componentType === SHORT ? 32767 : 65535;
  const signed = componentType === BYTE || componentType === SHORT;
  for (let i = 0; i < values.length; i++) values[i] = signed ? Math.max(values[i]! / scale, -1) : values[i]! / scale;
}
