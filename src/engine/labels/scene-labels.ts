import type { Walloc } from '../../memory/walloc.js';
import { constant } from '../../wasm/exports.js';
import type { Camera } from '../camera.js';
import type { FrameSchedule, FrameStep } from '../frame-schedule.js';

/** A `<layerw-label>` as the label step sees it. */
export interface LabelElement extends HTMLElement {
  /** The point in the parent's space. */
  readonly point: Float32Array;
  readonly occlude: boolean;
}

type HiddenBy = '' | 'pending' | 'camera' | 'geometry' | 'parent';

/** Whether custom states take plain names (`:state(hidden)`); older engines only knew `--name` and would throw. */
const plainStates = typeof CSS !== 'undefined' && CSS.supports('selector(:state(hidden))');

/** The part of a mesh or group a label reads: its column slot while bound. */
interface SlotHolder {
  readonly columnSlot: number | null;
}

/** What the label step reads from the scene; implemented by SceneRuntime and the scene element. */
export interface LabelRuntime {
  readonly walloc: Walloc | undefined;
  readonly camera: Camera;
  readonly schedule: FrameSchedule;
  /** The canvas's size in CSS pixels. */
  readonly cssWidth: number;
  readonly cssHeight: number;
  requestDraw(): void;
}

/** The segment test of the scene's picker; null until the picking chunk has loaded. */
export interface Occluder {
  segmentBlocked(ox: number, oy: number, oz: number, tx: number, ty: number, tz: number, margin: number): boolean;
}

/**
 * Labels whose occlusion is tested in one frame, at most. With more labels the tests go round in turn, and the
 * step asks for frames until every label has been tested once since the camera last moved.
 */
export const OCCLUSION_CHECKS_PER_FRAME = 32;
/** A mesh nearer than the label's point by less than this share of its distance does not hide it. */
const SURFACE_MARGIN = 1e-3;

/** A label's place on screen, written as an inline transform through reused Typed OM values. */
class LabelMove {
  readonly x = CSS.px(0);
  readonly y = CSS.px(0);
  readonly value = new CSSTransformValue([new CSSTranslate(this.x, this.y)]);
}

const typedOm = typeof CSSTranslate === 'function' && typeof CSS !== 'undefined' && typeof CSS.px === 'function';

interface Entry {
  readonly label: LabelElement;
  readonly states: CustomStateSet | null;
  hiddenBy: HiddenBy | null;
  readonly parent: SlotHolder | null;
  readonly move: LabelMove | null;
  x: number;
  y: number;
  occluded: boolean;
}

let labelStyles: CSSStyleSheet | undefined;

/** The label's own shadow styles: placed at the overlay's corner and centred on its point by `translate`. */
function styles(): CSSStyleSheet {
  if (labelStyles) return labelStyles;
  labelStyles = new CSSStyleSheet();
  labelStyles.replaceSync(`
    :host { position: absolute; left: 0; top: 0; display: block; translate: -50% -50%; white-space: nowrap;
      visibility: visible; pointer-events: auto; }
    :host([hidden-by]) { visibility: hidden; }
  `);
  return labelStyles;
}

let overlayStyles: CSSStyleSheet | undefined;

/** The scene's default slot as the overlay labels show in: over the canvas, passing the pointer through. */
function overlaySheet(): CSSStyleSheet {
  if (overlayStyles) return overlayStyles;
  overlayStyles = new CSSStyleSheet();
  overlayStyles.replaceSync('slot.labels { display: block; position: absolute; inset: 0; overflow: hidden; pointer-events: none; visibility: hidden; }');
  return overlayStyles;
}

/**
 * Records why a label is hidden (`''`: shown) as its `hidden-by` attribute and the custom states `hidden` and
 * the reason. Writes only when the reason changes.
 */
function showHidden(entry: Entry, reason: HiddenBy): void {
  const was = entry.hiddenBy;
  if (reason === was) return;
  entry.hiddenBy = reason;
  const { label, states } = entry;
  if (was) states?.delete(was);
  if (reason === '') {
    states?.delete('hidden');
    label.removeAttribute('hidden-by');
  } else {
    states?.add('hidden');
    states?.add(reason);
    label.setAttribute('hidden-by', reason);
  }
}

/**
 * The labels of one scene and the `labels` frame step (render phase) that places them: each label's point
 * through its parent's world matrix (from the `world` column) and the camera's view-projection, to CSS pixels
 * over the canvas, written as the label's inline `transform` only when it moved, with reused Typed OM values
 * (no allocation per frame). Behind the camera or under a hidden parent a label is hidden; with `occlude` a
 * ray from the eye to the point through the scene's picker hides it behind meshes. Loaded as its own chunk
 * the first time a scene has a label.
 */
export class SceneLabels {
  readonly #runtime: LabelRuntime;
  readonly #occluder: () => Occluder | null;
  readonly #overlay: HTMLElement;
  readonly #entries: Entry[] = [];
  readonly #step: FrameStep;
  readonly #visibleBit: number;
  #cursor = 0;
  #owed = 0;
  #cameraVersion = -1;

  constructor(runtime: LabelRuntime, walloc: Walloc, occluder: () => Occluder | null, overlay: HTMLElement) {
    this.#runtime = runtime;
    this.#occluder = occluder;
    this.#overlay = overlay;
    this.#visibleBit = constant(walloc.core, 'FLAG_VISIBLE');
    this.#step = { name: 'labels', phase: 'render', reads: ['world', 'flags', 'bounds'], after: ['draw'], run: this.#place };
    runtime.schedule.add(this.#step);
    const root = overlay.getRootNode() as ShadowRoot;
    if (!root.adoptedStyleSheets.includes(overlaySheet())) root.adoptedStyleSheets = [...root.adoptedStyleSheets, overlaySheet()];
    overlay.classList.add('labels');
  }

  /** Starts placing `label`; its parent is the nearest mesh, group or scene around it. */
  add(label: LabelElement): void {
    if (this.#entries.some((entry) => entry.label === label)) return;
    if (!label.shadowRoot) {
      const root = label.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [styles()];
      root.append(document.createElement('slot'));
    }
    const around = label.parentElement?.closest('layerw-mesh, layerw-group, layerw-scene') ?? null;
    const parent = around && 'columnSlot' in around ? (around as unknown as SlotHolder) : null;
    const states = plainStates ? (internalsOf.get(label) ?? attach(label)).states : null;
    const entry: Entry = { label, states, hiddenBy: null, parent, move: typedOm ? new LabelMove() : null, x: NaN, y: NaN, occluded: false };
    showHidden(entry, 'pending');
    this.#entries.push(entry);
    this.#owed = this.#entries.length;
    this.#runtime.requestDraw();
  }

  /** Stops placing `label` and clears what was written on it. */
  remove(label: LabelElement): void {
    const at = this.#entries.findIndex((entry) => entry.label === label);
    if (at < 0) return;
    const [entry] = this.#entries.splice(at, 1);
    clearMove(label);
    showHidden(entry!, 'pending');
  }

  /** Something about a label changed: place them all again, with fresh occlusion tests. */
  changed(): void {
    this.#owed = this.#entries.length;
    this.#runtime.requestDraw();
  }

  /** Removes the step and lets every label go. Called when the scene's runtime goes away. */
  destroy(): void {
    this.#runtime.schedule.remove(this.#step.name);
    this.#overlay.classList.remove('labels');
    for (const entry of this.#entries.splice(0)) {
      clearMove(entry.label);
      showHidden(entry, 'pending');
    }
  }

  readonly #place = (): boolean => {
    const walloc = this.#runtime.walloc;
    const entries = this.#entries;
    const count = entries.length;
    if (!walloc || count === 0) return false;
    const camera = this.#runtime.camera;
    if (camera.version !== this.#cameraVersion) {
      this.#cameraVersion = camera.version;
      this.#owed = count;
    }
    const m = camera.viewProjection;
    const eye = camera.position;
    const width = this.#runtime.cssWidth, height = this.#runtime.cssHeight;
    const occluder = this.#occluder();
    const checks = Math.min(count, OCCLUSION_CHECKS_PER_FRAME);
    const first = this.#cursor % count;
    let waiting = false;
    for (let i = 0; i < count; i++) {
      const entry = entries[i]!;
      const label = entry.label;
      const p = label.point;
      let x = p[0]!, y = p[1]!, z = p[2]!;
      if (entry.parent) {
        const slot = entry.parent.columnSlot;
        if (slot === null) {
          showHidden(entry, 'pending');
          continue;
        }
        // Views taken for each label: the previous label's occlusion test may have grown the memory (the picker
        // building a newly loaded model's hierarchy), which detaches views taken before it.
        const columns = walloc.columns;
        const world = columns.float.world;
        if ((columns.uint.flags[slot]! & this.#visibleBit) === 0) {
          showHidden(entry, 'parent');
          continue;
        }
        const o = slot * 16;
        const wx = world[o]! * x + world[o + 4]! * y + world[o + 8]! * z + world[o + 12]!;
        const wy = world[o + 1]! * x + world[o + 5]! * y + world[o + 9]! * z + world[o + 13]!;
        const wz = world[o + 2]! * x + world[o + 6]! * y + world[o + 10]! * z + world[o + 14]!;
        x = wx;
        y = wy;
        z = wz;
      }
      const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
      if (!(w > 0)) {
        showHidden(entry, 'camera');
        continue;
      }
      // Until the picker is there an occluding label stays hidden rather than flash in front of a mesh.
      const unknown = label.occlude && !occluder;
      if (!label.occlude) entry.occluded = false;
      else if (occluder && (i - first + count) % count < checks) {
        const distance = Math.hypot(x - eye[0]!, y - eye[1]!, z - eye[2]!);
        entry.occluded = occluder.segmentBlocked(eye[0]!, eye[1]!, eye[2]!, x, y, z, distance * SURFACE_MARGIN);
      }
      if (unknown) waiting = true;
      const sx = ((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w + 1) * 0.5 * width;
      const sy = (1 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w) * 0.5 * height;
      if (sx !== entry.x || sy !== entry.y) {
        entry.x = sx;
        entry.y = sy;
        writeMove(entry, sx, sy);
      }
      showHidden(entry, unknown ? 'pending' : entry.occluded ? 'geometry' : '');
    }
    this.#cursor = (first + checks) % count;
    this.#owed = Math.max(0, this.#owed - checks);
    return this.#owed > 0 || waiting;
  };
}

/** Each label's ElementInternals, attached once for its custom states, kept across scenes. */
const internalsOf = new WeakMap<HTMLElement, ElementInternals>();

function attach(label: HTMLElement): ElementInternals {
  const internals = label.attachInternals();
  internalsOf.set(label, internals);
  return internals;
}

function writeMove(entry: Entry, x: number, y: number): void {
  const move = entry.move;
  if (move) {
    move.x.value = x;
    move.y.value = y;
    entry.label.attributeStyleMap.set('transform', move.value);
  } else {
    entry.label.style.transform = `translate(${x}px, ${y}px)`;
  }
}

function clearMove(label: LabelElement): void {
  label.style.removeProperty('transform');
}
