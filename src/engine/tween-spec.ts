import type { LayerWError } from '../errors.js';
import { parseColor, parseKeyword } from '../parse/index.js';
import { MAX_SECONDS, parseEasing, parseIterations, parseKeyTimes, parseTime, type Easing } from '../parse/timing.js';
import type { TweenTarget } from './tween-targets.js';

/** Keyframes a tween holds: the table's MAX_TWEEN_KEYS (checked against the core when the table loads). */
export const MAX_KEYFRAMES = 8;

const DIRECTIONS = ['normal', 'reverse', 'alternate', 'alternate-reverse'] as const;
const FILLS = ['none', 'forwards', 'backwards', 'both'] as const;

/** What the tween table reads from a `<layerw-animate>`. Implemented by the element. */
export interface TweenOwner extends Element {
  readonly attribute: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly values: string | null;
  readonly keyTimes: string | null;
  readonly duration: string;
  readonly delay: string;
  readonly easing: string;
  readonly repeat: string;
  readonly direction: string;
  readonly fill: string;
  /** The play state and clock asked for before the tween existed. */
  readonly playRequested: boolean;
  readonly timeRequested: number;
  reject(attribute: string, value: unknown, reason: string, kept: string): void;
  report(error: LayerWError): void;
  /** The clock reached the end. */
  finished(currentTime: number): void;
}

/** A tween's attributes, parsed: seconds, iterations, the names of the core's constants, keyframes. */
export interface TweenSpec {
  readonly delay: number;
  readonly duration: number;
  readonly iterations: number;
  readonly activeDuration: number;
  readonly direction: `DIRECTION_${string}`;
  readonly fill: `FILL_${string}`;
  readonly easing: Easing;
  readonly offsets: readonly number[];
  /** Four numbers per keyframe (unused ones 0). */
  readonly values: readonly Float32Array[];
  /** An opacity multiplies the colour's own alpha. */
  readonly scale: number;
}

/** The first attribute refused, why, and its text. */
export interface TweenProblem {
  readonly attribute: string;
  readonly value: string;
  readonly reason: string;
}

const alpha = new Float32Array(4);

/** Reads every attribute of `owner` for `target`; the first bad one comes back as a problem. */
export function readTweenSpec(owner: TweenOwner, target: TweenTarget): TweenSpec | TweenProblem {
  const duration = parseTime(owner.duration);
  if (!duration.ok) return { attribute: 'duration', value: owner.duration, reason: duration.reason };
  const delay = parseTime(owner.delay, -MAX_SECONDS);
  if (!delay.ok) return { attribute: 'delay', value: owner.delay, reason: delay.reason };
  const easing = parseEasing(owner.easing);
  if (!easing.ok) return { attribute: 'easing', value: owner.easing, reason: easing.reason };
  const iterations = parseIterations(owner.repeat);
  if (!iterations.ok) return { attribute: 'repeat', value: owner.repeat, reason: iterations.reason };
  const direction = parseKeyword(owner.direction, DIRECTIONS);
  if (!direction.ok) return { attribute: 'direction', value: owner.direction, reason: direction.reason };
  const fill = parseKeyword(owner.fill, FILLS);
  if (!fill.ok) return { attribute: 'fill', value: owner.fill, reason: fill.reason };

  const values: Float32Array[] = [];
  let offsets: number[];
  if (owner.values !== null) {
    const parts = owner.values.split(';');
    if (parts.length < 2 || parts.length > MAX_KEYFRAMES) {
      return { attribute: 'values', value: owner.values, reason: `has ${parts.length} values; a tween takes 2 to ${MAX_KEYFRAMES}` };
    }
    for (const part of parts) {
      const value = new Float32Array(4);
      const result = target.parse(part, value);
      if (!result.ok) return { attribute: 'values', value: owner.values, reason: `has "${part.trim()}", which ${result.reason}` };
      values.push(value);
    }
    if (owner.keyTimes !== null) {
      const times = parseKeyTimes(owner.keyTimes, parts.length);
      if (!times.ok) return { attribute: 'key-times', value: owner.keyTimes, reason: times.reason };
      offsets = times.value;
    } else {
      offsets = values.map((_, i) => i / (values.length - 1));
    }
  } else {
    if (owner.to === null) return { attribute: 'to', value: '', reason: 'is missing (give to, or values)' };
    const parent = owner.parentElement as unknown as Record<string, unknown>;
    const own = parent[target.property];
    const fromText = owner.from ?? (Array.isArray(own) ? own.join(' ') : String(own));
    for (const [attribute, text] of [['from', fromText], ['to', owner.to]] as const) {
      const value = new Float32Array(4);
      const result = target.parse(text, value);
      if (!result.ok) return { attribute, value: text, reason: result.reason };
      values.push(value);
    }
    offsets = [0, 1];
  }

  let scale = 1;
  if (target.kind === 'opacity') {
    const color = (owner.parentElement as unknown as { color?: unknown }).color;
    if (typeof color === 'string' && parseColor(color, alpha, 0).ok) scale = alpha[3]!;
  }
  const active = duration.value === 0 ? 0 : duration.value * iterations.value;
  return {
    delay: delay.value,
    duration: duration.value,
    iterations: iterations.value,
    activeDuration: active,
    direction: `DIRECTION_${direction.value.replace('-', '_').toUpperCase()}`,
    fill: `FILL_${fill.value.toUpperCase()}`,
    easing: easing.value,
    offsets,
    values,
    scale,
  };
}
