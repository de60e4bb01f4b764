// The DOM that LayerW's elements live in under Node: one happy-dom window per process, its classes and document
// installed as globals before the engine is imported (the element classes extend the HTMLElement they find then).
import { Window } from 'happy-dom';

/** The DOM names the elements and the engine reach as globals; Node's own fetch, URL, Blob and timers stay. */
const DOM_GLOBALS = [
  'document', 'customElements', 'HTMLElement', 'HTMLCanvasElement', 'HTMLDivElement', 'Element', 'Node', 'Text',
  'DocumentFragment', 'ShadowRoot', 'Event', 'CustomEvent', 'UIEvent', 'MouseEvent', 'PointerEvent', 'KeyboardEvent',
  'FocusEvent', 'WheelEvent', 'CSSStyleSheet', 'MutationObserver', 'DOMParser', 'getComputedStyle', 'CSS',
] as const;

let installed: Window | undefined;

/**
 * The process's DOM window, made and installed on first call: page scripts, stylesheets and images are never
 * loaded or run (a page is read for its scene, not executed). Its size is the default viewport; each render sets
 * its own canvas size.
 */
export function installDom(): Window {
  if (installed) return installed;
  const window = new Window({
    url: 'about:blank',
    settings: {
      disableJavaScriptFileLoading: true,
      enableJavaScriptEvaluation: false,
      enableCSSFileLoading: false,
      enableImageFileLoading: false,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  const source = window as unknown as Record<string, unknown>;
  const target = globalThis as unknown as Record<string, unknown>;
  for (const name of DOM_GLOBALS) {
    Object.defineProperty(target, name, { value: source[name], configurable: true, writable: true });
  }
  installed = window;
  return window;
}

/** Moves the document to `url`, so that relative URLs in the scene (models, environments) resolve against it. */
export function setPageUrl(window: Window, url: string): void {
  window.happyDOM.setURL(url);
}
