import { ERROR_EVENT } from './layerw-element.js';

/** The parts of a `<layerw-scene>`'s shadow tree that the scene keeps. */
export interface SceneShadowParts {
  readonly canvas: HTMLCanvasElement;
  readonly fallback: HTMLDivElement;
  readonly progress: HTMLDivElement;
  /** The default slot: hidden, or the overlay labels show in. */
  readonly childSlot: HTMLSlotElement;
}

/** Builds `scene`'s shadow tree: the canvas (labelled `alt`), the progress bar, the fallback slot and a hidden default slot. */
export function buildSceneShadow(scene: HTMLElement, alt: string): SceneShadowParts {
  const root = scene.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sceneStyles()];
  const canvas = document.createElement('canvas');
  canvas.setAttribute('part', 'canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', alt);
  const fallback = document.createElement('div');
  fallback.className = 'fallback';
  fallback.setAttribute('part', 'fallback');
  fallback.hidden = true;
  const fallbackSlot = document.createElement('slot');
  fallbackSlot.name = 'fallback';
  fallback.append(fallbackSlot);
  // A thin bar while models load; pages restyle it with ::part(progress) or hide it with display: none.
  const progress = document.createElement('div');
  progress.className = 'progress';
  progress.setAttribute('part', 'progress');
  progress.setAttribute('role', 'progressbar');
  progress.setAttribute('aria-label', 'loading models');
  progress.hidden = true;
  progress.append(document.createElement('div'));
  const childSlot = document.createElement('slot');
  root.append(canvas, progress, fallback, childSlot);
  return { canvas, fallback, progress, childSlot };
}

/**
 * A scene's progress bar: follows the `progress`, `load` and `layerw-error` events of the model downloads inside the
 * scene, and shows their share loaded while any is in flight.
 */
export class SceneProgress {
  readonly #scene: HTMLElement;
  readonly #bar: HTMLDivElement;
  /** Model downloads in flight inside this scene: bytes loaded and total (0 when unknown), by mesh. */
  readonly #downloads = new Map<EventTarget, { loaded: number; total: number }>();

  constructor(scene: HTMLElement, bar: HTMLDivElement) {
    this.#scene = scene;
    this.#bar = bar;
    scene.addEventListener('progress', this.#onDownload);
    scene.addEventListener('load', this.#onDownload);
    scene.addEventListener(ERROR_EVENT, this.#onDownload);
  }

  /** `source` left the scene: its download no longer counts. */
  forget(source: EventTarget): void {
    if (this.#downloads.delete(source)) this.#showProgress();
  }

  readonly #onDownload = (event: Event): void => {
    const source = event.target;
    if (!source || source === this.#scene) return;
    if (event.type === 'progress') {
      const detail = (event as CustomEvent<{ loaded: number; total: number | null }>).detail;
      this.#downloads.set(source, { loaded: detail.loaded, total: detail.total ?? 0 });
    } else {
      this.#downloads.delete(source);
    }
    this.#showProgress();
  };

  #showProgress(): void {
    const bar = this.#bar;
    let loaded = 0;
    let total = 0;
    for (const [source, download] of this.#downloads) {
      if (source instanceof Node && !source.isConnected) {
        this.#downloads.delete(source);
        continue;
      }
      loaded += download.loaded;
      total += download.total || download.loaded;
    }
    bar.hidden = this.#downloads.size === 0;
    const share = total > 0 ? Math.min(1, loaded / total) : 0;
    bar.setAttribute('aria-valuenow', String(Math.round(share * 100)));
    (bar.firstElementChild as HTMLElement).style.width = `${share * 100}%`;
  }
}

/**
 * The shadow tree's styles, made once on first use: a constructed sheet, because a page's Content Security Policy
 * can refuse `<style>` elements but not adopted sheets, and there is no CSSStyleSheet under server-side rendering.
 */
let styles: CSSStyleSheet | undefined;

function sceneStyles(): CSSStyleSheet {
  if (styles) return styles;
  styles = new CSSStyleSheet();
  styles.replaceSync(`
    :host { display: block; position: relative; height: 360px; overflow: hidden; }
    :host([hidden]) { display: none; }
    canvas { display: block; width: 100%; height: 100%; outline: none; }
    .fallback { position: absolute; inset: 0; }
    .fallback[hidden], slot:not([name]), .progress[hidden] { display: none; }
    .progress { position: absolute; left: 0; right: 0; top: 0; height: 3px; background: rgb(255 255 255 / 0.15); pointer-events: none; }
    .progress > div { height: 100%; width: 0; background: #88c0d0; transition: width 0.2s; }
  `);
  return styles;
}
