import type { ModelLight } from '../assets/model-data.js';
import { MAX_LIGHTS } from '../gpu/frame-input.js';
import type { Walloc } from '../memory/walloc.js';
import { constant } from '../wasm/exports.js';
import type { FrameStep } from './frame-schedule.js';
import type { LightValues } from './lights.js';

/** What model lights need from their scene: its memory and its list of lights. Implemented by SceneRuntime. */
export interface ModelLightsHost {
  readonly walloc: Walloc;
  /** Every light of the scene, page lights first; read to warn when the model's lights pass MAX_LIGHTS. */
  readonly lights: readonly LightValues[];
  /** Appends (`index` past the end) or removes a light; both mark the lights changed. */
  addLight(values: LightValues, index: number): void;
  removeLight(values: LightValues): void;
  lightsChanged(): void;
}

/** One mesh's use of its model's lights. */
interface Attached {
  slot: number;
  lights: readonly ModelLight[];
  values: LightValues[];
}

const DEGREES = 180 / Math.PI;

/**
 * The KHR_lights_punctual lights of the models a scene shows, one set per mesh: scene lights like
 * `<layerw-light>`s, after the page's, placed every frame by the mesh's world matrix times the light node's
 * model-space matrix (the node's rest pose: node animation does not move a light). A hidden mesh's lights are
 * dark. Owned by SceneModels.
 */
export class ModelLights {
  /** Runs after the world matrices: moves each light with its mesh, marks the lights changed only when one moved. */
  readonly step: FrameStep;
  readonly #host: ModelLightsHost;
  readonly #attached: Attached[] = [];
  readonly #visibleBit: number;

  constructor(host: ModelLightsHost) {
    this.#host = host;
    this.#visibleBit = constant(host.walloc.core, 'FLAG_VISIBLE');
    this.step = { name: 'model-lights', phase: 'transform', reads: ['world', 'flags'], writes: [], after: ['transforms'], run: this.#place };
  }

  /**
   * Adds `lights` to the scene for the mesh in `slot` until `release` is called. `source` names the model in
   * the console warning given when the scene then has more lights than it shades.
   */
  attach(slot: number, lights: readonly ModelLight[], source: string): { release(): void } {
    const host = this.#host;
    const attached: Attached = { slot, lights, values: lights.map(toValues) };
    this.#attached.push(attached);
    for (const values of attached.values) host.addLight(values, Number.MAX_SAFE_INTEGER);
    const shaded = MAX_LIGHTS - (host.lights.length - lights.length);
    if (host.lights.length > MAX_LIGHTS) {
      console.warn(`layerw-mesh: ${source} brings ${lights.length} lights (KHR_lights_punctual); a scene shades at most ${MAX_LIGHTS} ` +
        `lights, page lights first, so ${Math.max(shaded, 0)} of them light the scene and ${lights.length - Math.max(shaded, 0)} do not`);
    }
    this.#placeOne(attached);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#attached.splice(this.#attached.indexOf(attached), 1);
        for (const values of attached.values) host.removeLight(values);
      },
    };
  }

  readonly #place = (): void => {
    let moved = false;
    for (let i = 0; i < this.#attached.length; i++) moved = this.#placeOne(this.#attached[i]!) || moved;
    if (moved) this.#host.lightsChanged();
  };

  /** Writes world position and direction (and intensity 0 when hidden) into the values; true when any changed. */
  #placeOne(attached: Attached): boolean {
    const walloc = this.#host.walloc;
    const w = walloc.columns.float.world;
    const at = attached.slot * 16;
    const visible = (walloc.columns.uint.flags[attached.slot]! & this.#visibleBit) !== 0;
    let moved = false;
    for (let k = 0; k < attached.lights.length; k++) {
      const light = attached.lights[k]!;
      const values = attached.values[k]!;
      const m = light.worldMatrix;
      const p = values.position;
      const d = values.direction;
      // Position: world · node origin. Direction: world · node -Z (a direction, so no translation).
      const px = w[at]! * m[12]! + w[at + 4]! * m[13]! + w[at + 8]! * m[14]! + w[at + 12]!;
      const py = w[at + 1]! * m[12]! + w[at + 5]! * m[13]! + w[at + 9]! * m[14]! + w[at + 13]!;
      const pz = w[at + 2]! * m[12]! + w[at + 6]! * m[13]! + w[at + 10]! * m[14]! + w[at + 14]!;
      const dx = -(w[at]! * m[8]! + w[at + 4]! * m[9]! + w[at + 8]! * m[10]!);
      const dy = -(w[at + 1]! * m[8]! + w[at + 5]! * m[9]! + w[at + 9]! * m[10]!);
      const dz = -(w[at + 2]! * m[8]! + w[at + 6]! * m[9]! + w[at + 10]! * m[10]!);
      const intensity = visible ? light.intensity : 0;
      // A degenerate (zero-scale) matrix keeps the last direction, which still points somewhere.
      const turned = (dx !== 0 || dy !== 0 || dz !== 0) && (d[0] !== dx || d[1] !== dy || d[2] !== dz);
      if (p[0] === px && p[1] === py && p[2] === pz && !turned && values.intensity === intensity) continue;
      p[0] = px;
      p[1] = py;
      p[2] = pz;
      if (turned) {
        d[0] = dx;
        d[1] = dy;
        d[2] = dz;
      }
      values.intensity = intensity;
      moved = true;
    }
    return moved;
  }
}

function toValues(light: ModelLight): LightValues {
  return {
    type: light.type,
    color: new Float32Array(light.color),
    intensity: light.intensity,
    position: new Float32Array(3),
    direction: new Float32Array([0, 0, -1]),
    range: light.range,
    angle: 2 * light.outerCone * DEGREES,
    innerAngle: 2 * light.innerCone * DEGREES,
    // Like a <layerw-light>'s default: the first directional light casts the scene's shadows.
    castShadow: light.type === 'directional',
  };
}
