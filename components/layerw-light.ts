import { formatNumbers } from '../src/parse/index.js';
import { LIGHT_TYPES, type LightType } from '../src/gpu/frame-input.js';
import type { LightValues } from '../src/engine/lights.js';
import { LayerWElement } from './layerw-element.js';
import { flagOr, numberOr, readColor, readKeyword, readVector } from './values.js';

export const DEFAULT_LIGHT_TYPE: LightType = 'directional';
export const DEFAULT_LIGHT_COLOR = '#ffffff';
export const DEFAULT_INTENSITY = 1;
export const DEFAULT_LIGHT_POSITION: readonly number[] = [0, 0, 0];
export const DEFAULT_DIRECTION: readonly number[] = [0, -1, 0];
export const DEFAULT_RANGE = 0;
export const DEFAULT_ANGLE = 45;
export const DEFAULT_LIGHT_CAST_SHADOW = true;
const LIGHT_TYPE_NAMES = Object.keys(LIGHT_TYPES) as LightType[];
const MAX_INTENSITY = 1e6;

/** What a light needs from its scene element. Implemented by `<layerw-scene>`. */
export interface LightHost {
  attachLight(light: LayerWLight): void;
  detachLight(light: LayerWLight): void;
  lightChanged(light: LayerWLight): void;
}

function isLightHost(element: Element): element is Element & LightHost {
  return typeof (element as Partial<LightHost>).attachLight === 'function';
}

/**
 * `<layerw-light>`: an ambient, directional, point or spot light. `direction` is where the light shines;
 * `range` (0 = unlimited) bounds point and spot lights; `angle` is a spot's full cone in degrees. Shadows come
 * from the first directional light with `cast-shadow` on.
 */
export class LayerWLight extends LayerWElement {
  static override attributeProperties: Readonly<Record<string, string>> = {
    type: 'type',
    color: 'color',
    intensity: 'intensity',
    position: 'position',
    direction: 'direction',
    range: 'range',
    angle: 'angle',
    'cast-shadow': 'castShadow',
  };

  /** The values the scene packs into its light buffer; edited in place. */
  readonly values: LightValues = {
    type: DEFAULT_LIGHT_TYPE,
    color: new Float32Array([1, 1, 1]),
    intensity: DEFAULT_INTENSITY,
    position: new Float32Array(DEFAULT_LIGHT_POSITION),
    direction: new Float32Array(DEFAULT_DIRECTION),
    range: DEFAULT_RANGE,
    angle: DEFAULT_ANGLE,
    castShadow: DEFAULT_LIGHT_CAST_SHADOW,
  };
  #colorText = DEFAULT_LIGHT_COLOR;
  #host: (Element & LightHost) | null = null;
  readonly #parsedColor = new Float32Array(4);
  readonly #parsedDirection = new Float32Array(3);

  get type(): LightType {
    return this.values.type;
  }

  set type(value: LightType | string | null | undefined) {
    if (value === null || value === undefined) this.values.type = DEFAULT_LIGHT_TYPE;
    else {
      const result = readKeyword(value, LIGHT_TYPE_NAMES);
      if (!result.ok) {
        this.reject('type', value, result.reason, this.values.type);
        return;
      }
      this.values.type = result.value;
    }
    this.#changed();
  }

  get color(): string {
    return this.#colorText;
  }

  set color(value: string | null | undefined) {
    const result = readColor(value ?? DEFAULT_LIGHT_COLOR, this.#parsedColor);
    if (!result.ok) {
      this.reject('color', value, result.reason, this.#colorText);
      return;
    }
    this.values.color.set(this.#parsedColor.subarray(0, 3));
    this.#colorText = value ?? DEFAULT_LIGHT_COLOR;
    this.#changed();
  }

  get intensity(): number {
    return this.values.intensity;
  }

  set intensity(value: number | string | null | undefined) {
    this.values.intensity = numberOr(this, 'intensity', value, DEFAULT_INTENSITY, this.values.intensity, 0, MAX_INTENSITY);
    this.#changed();
  }

  get position(): number[] {
    return Array.from(this.values.position);
  }

  set position(value: string | ArrayLike<number> | null | undefined) {
    this.#readVector('position', value, this.values.position, DEFAULT_LIGHT_POSITION);
  }

  get direction(): number[] {
    return Array.from(this.values.direction);
  }

  set direction(value: string | ArrayLike<number> | null | undefined) {
    if (value !== null && value !== undefined) {
      const result = readVector(value, 3, this.#parsedDirection, false);
      const d = this.#parsedDirection;
      if (result.ok && d[0] === 0 && d[1] === 0 && d[2] === 0) {
        this.reject('direction', value, 'is a zero vector, which points nowhere', formatNumbers(this.values.direction));
        return;
      }
    }
    this.#readVector('direction', value, this.values.direction, DEFAULT_DIRECTION);
  }

  get range(): number {
    return this.values.range;
  }

  set range(value: number | string | null | undefined) {
    this.values.range = numberOr(this, 'range', value, DEFAULT_RANGE, this.values.range, 0, Number.MAX_VALUE);
    this.#changed();
  }

  get angle(): number {
    return this.values.angle;
  }

  set angle(value: number | string | null | undefined) {
    this.values.angle = numberOr(this, 'angle', value, DEFAULT_ANGLE, this.values.angle, 0, 180);
    this.#changed();
  }

  get castShadow(): boolean {
    return this.values.castShadow;
  }

  set castShadow(value: boolean | string | null | undefined) {
    this.values.castShadow = flagOr(this, 'cast-shadow', value, DEFAULT_LIGHT_CAST_SHADOW, this.values.castShadow);
    this.#changed();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.withScene(isLightHost, (scene) => {
      if (this.#host) return;
      this.#host = scene;
      scene.attachLight(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#host?.detachLight(this);
    this.#host = null;
  }

  #changed(): void {
    this.#host?.lightChanged(this);
  }

  #readVector(attribute: string, value: unknown, target: Float32Array, defaults: readonly number[]): void {
    if (value === null || value === undefined) target.set(defaults);
    else {
      const result = readVector(value, 3, target, false);
      if (!result.ok) {
        this.reject(attribute, value, result.reason, formatNumbers(target));
        return;
      }
    }
    this.#changed();
  }
}
