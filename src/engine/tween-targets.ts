import { parseColor, parseNumber, parseVector, type ParseResult } from '../parse/index.js';
import { WRITTEN, fail } from '../parse/result.js';
import type { FloatColumn } from '../memory/columns.js';
import type { LightValues } from './lights.js';
import type { Camera } from './camera.js';

/** How a value is written: numbers straight into a column, Euler degrees as a quaternion, an opacity. */
export type TweenKind = 'plain' | 'euler' | 'opacity';

/** Where the value of a tween with no column goes, each frame it changes: a light's values or the camera. */
export interface TweenSink {
  readonly light: LightValues | null;
  readonly camera: Camera;
  /** Called after a write, so the scene packs its lights again or redraws. */
  lightsChanged(): void;
  cameraChanged(): void;
}

/** One attribute a `<layerw-animate>` can animate on its parent. */
export interface TweenTarget {
  /** Numbers per value. */
  readonly count: number;
  /** Reads one value of the attribute's text into `out` (the parser the parent uses). */
  readonly parse: (text: string, out: Float32Array) => ParseResult;
  /** The parent's property holding the attribute's value. */
  readonly property: string;
  /** The column written, with the first component and the kind; absent for values applied by TypeScript. */
  readonly column?: FloatColumn;
  readonly first?: number;
  readonly kind?: TweenKind;
  /**
   * Applies a value to a target without a column. Allocation-free: called each frame the value changes.
   * Such a target changes what the parent's property returns, so the tween remembers the value to restore.
   */
  readonly apply?: (sink: TweenSink, value: Float32Array) => void;
  /** The property returns the animated value (a light's): the tween restores the value it started from. */
  readonly restoresSaved?: boolean;
}

const color = new Float32Array(4);

function vector(count: number, uniform = false): (text: string, out: Float32Array) => ParseResult {
  return (text, out) => parseVector(text, count, out, 0, { allowUniform: uniform });
}

function number(min: number, max: number): (text: string, out: Float32Array) => ParseResult {
  return (text, out) => {
    const result = parseNumber(text, { min, max });
    if (!result.ok) return result;
    out[0] = result.value;
    return WRITTEN;
  };
}

/** A CSS colour as linear rgb: colours interpolate in linear light, the space the columns and shaders use. */
function rgb(text: string, out: Float32Array): ParseResult {
  const result = parseColor(text, color, 0);
  if (!result.ok) return result;
  if (color[3] !== 1) return fail('has transparency; animate opacity instead');
  out.set(color.subarray(0, 3));
  return WRITTEN;
}

const NODE: Readonly<Record<string, TweenTarget>> = {
  position: { count: 3, parse: vector(3), property: 'position', column: 'position', first: 0, kind: 'plain' },
  rotation: { count: 3, parse: vector(3), property: 'rotation', column: 'rotation', first: 0, kind: 'euler' },
  scale: { count: 3, parse: vector(3, true), property: 'scale', column: 'scale', first: 0, kind: 'plain' },
};

const MESH: Readonly<Record<string, TweenTarget>> = {
  ...NODE,
  color: { count: 3, parse: rgb, property: 'color', column: 'color', first: 0, kind: 'plain' },
  emissive: { count: 3, parse: rgb, property: 'emissive', column: 'emissive', first: 0, kind: 'plain' },
  opacity: { count: 1, parse: number(0, 1), property: 'opacity', column: 'color', first: 3, kind: 'opacity' },
  metalness: { count: 1, parse: number(0, 1), property: 'metalness', column: 'material', first: 0, kind: 'plain' },
  roughness: { count: 1, parse: number(0, 1), property: 'roughness', column: 'material', first: 1, kind: 'plain' },
};

function light(apply: (values: LightValues, value: Float32Array) => void): TweenTarget['apply'] {
  return (sink, value) => {
    if (!sink.light) return;
    apply(sink.light, value);
    sink.lightsChanged();
  };
}

const LIGHT: Readonly<Record<string, TweenTarget>> = {
  color: { count: 3, parse: rgb, property: 'color', restoresSaved: true, apply: light((values, v) => values.color.set(v.subarray(0, 3))) },
  intensity: { count: 1, parse: number(0, 1e6), property: 'intensity', restoresSaved: true, apply: light((values, v) => { values.intensity = v[0]!; }) },
  position: { count: 3, parse: vector(3), property: 'position', restoresSaved: true, apply: light((values, v) => values.position.set(v.subarray(0, 3))) },
  direction: {
    count: 3, parse: vector(3), property: 'direction', restoresSaved: true,
    // A direction passing through zero points nowhere for that frame: the last one is kept.
    apply: light((values, v) => {
      if (v[0] !== 0 || v[1] !== 0 || v[2] !== 0) values.direction.set(v.subarray(0, 3));
    }),
  },
  range: { count: 1, parse: number(0, 1e9), property: 'range', restoresSaved: true, apply: light((values, v) => { values.range = v[0]!; }) },
  angle: { count: 1, parse: number(0, 180), property: 'angle', restoresSaved: true, apply: light((values, v) => { values.angle = v[0]!; }) },
};

function camera(apply: (camera: Camera, value: Float32Array) => void): TweenTarget['apply'] {
  return (sink, value) => {
    apply(sink.camera, value);
    sink.cameraChanged();
  };
}

const cameraPosition = camera((c, v) => c.position.set(v.subarray(0, 3)));
const cameraTarget = camera((c, v) => c.target.set(v.subarray(0, 3)));
const cameraFov = camera((c, v) => { c.fov = v[0]!; });

const CAMERA: Readonly<Record<string, TweenTarget>> = {
  position: { count: 3, parse: vector(3), property: 'position', apply: cameraPosition },
  target: { count: 3, parse: vector(3), property: 'target', apply: cameraTarget },
  fov: { count: 1, parse: number(1, 179), property: 'fov', apply: cameraFov },
};

const SCENE: Readonly<Record<string, TweenTarget>> = {
  'camera-position': { count: 3, parse: vector(3), property: 'cameraPosition', apply: cameraPosition },
  'camera-target': { count: 3, parse: vector(3), property: 'cameraTarget', apply: cameraTarget },
  fov: { count: 1, parse: number(1, 179), property: 'fov', apply: cameraFov },
};

/** What each parent element can have animated, by tag and attribute. */
export const TWEEN_TARGETS: Readonly<Record<string, Readonly<Record<string, TweenTarget>>>> = {
  'layerw-mesh': MESH,
  'layerw-group': NODE,
  'layerw-light': LIGHT,
  'layerw-camera': CAMERA,
  'layerw-scene': SCENE,
};

/** The target for `attribute` on `parent`, or null with the attributes it does have. */
export function tweenTarget(parent: Element, attribute: string): TweenTarget | string[] {
  const targets = TWEEN_TARGETS[parent.localName];
  if (!targets) return [];
  return Object.prototype.hasOwnProperty.call(targets, attribute) ? targets[attribute]! : Object.keys(targets);
}
