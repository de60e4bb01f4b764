// The engine side of `shadow-intensity`: a step that measures the world bounds of what is drawn, which the
// contact shadow pass (src/gpu/contact-shadow-pass.ts) fits its view from below to. Its own chunk, loaded when a
// scene first asks for the shadow.

import type { Walloc } from '../memory/walloc.js';
import type { ContactShadowInput } from '../gpu/look.js';
import { GroundShadowPass } from '../gpu/contact-shadow-pass.js';
import type { FrameStep } from './frame-schedule.js';
import { NO_DRAW_KEY, readFlagBits } from './object-slot.js';

/** Keeps `shadow.bounds` on what the scene draws, each frame the shadow is on. */
export class GroundBounds {
  readonly step: FrameStep;
  readonly #walloc: Walloc;
  readonly #shadow: ContactShadowInput;
  readonly #visible: number;

  constructor(walloc: Walloc, shadow: ContactShadowInput) {
    this.#walloc = walloc;
    this.#shadow = shadow;
    this.#visible = readFlagBits(walloc).visible;
    shadow.createPass = (device, resources, geometry, format, label) => new GroundShadowPass(device, resources, geometry, format, label);
    this.step = {
      name: 'ground-bounds',
      phase: 'render',
      reads: ['boundsX', 'boundsY', 'boundsZ', 'boundsR', 'flags', 'batch'],
      writes: [],
      before: ['draw'],
      run: this.#run,
    };
  }

  /** The union of the world bounding spheres of every visible drawn object, as a box. Allocates nothing. */
  readonly #run = (): void => {
    const bounds = this.#shadow.bounds;
    bounds.fill(Infinity, 0, 3);
    bounds.fill(-Infinity, 3, 6);
    if (this.#shadow.intensity <= 0) return;
    const walloc = this.#walloc;
    const { float, uint } = walloc.columns;
    const end = walloc.core.slotEnd() >>> 0;
    for (let slot = 0; slot < end; slot++) {
      if ((uint.flags[slot]! & this.#visible) === 0 || uint.batch[slot]! >= NO_DRAW_KEY) continue;
      const r = float.boundsR[slot]!;
      if (!(r > 0)) continue;
      const x = float.boundsX[slot]!;
      const y = float.boundsY[slot]!;
      const z = float.boundsZ[slot]!;
      if (x - r < bounds[0]!) bounds[0] = x - r;
      if (y - r < bounds[1]!) bounds[1] = y - r;
      if (z - r < bounds[2]!) bounds[2] = z - r;
      if (x + r > bounds[3]!) bounds[3] = x + r;
      if (y + r > bounds[4]!) bounds[4] = y + r;
      if (z + r > bounds[5]!) bounds[5] = z + r;
    }
  };
}
